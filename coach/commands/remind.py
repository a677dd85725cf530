"""Reminder commands: remind (the service), --list, --install, --uninstall, --ics."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add this area's subcommands; each sets `func` to the function that runs it."""
