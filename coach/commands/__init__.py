"""Command-line commands grouped by area; each module registers its own subcommands."""
