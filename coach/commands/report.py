"""`coach report`: a printable HTML report of the last weeks, to take to a doctor."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    pass
