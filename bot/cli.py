"""The command line's options, and `python -m bot --headless`: the bot alone.

The `familiar` program itself is `desktop.cli` (the tray app by default): the bot never
names the desktop, so here only `--headless` runs anything.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from . import __version__
from .folders import Folders
from .logging_setup import setup_logging


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="familiar", description="A Discord bot that plays AI characters, from your system tray."
    )
    parser.add_argument("--headless", action="store_true", help="run the bot without the tray app, until Ctrl+C")
    parser.add_argument("--version", action="version", version=f"familiar {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check that every part of the app loads, then exit")
    parser.add_argument(
        "--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="default: INFO"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.headless:
        print(
            "The tray app is `familiar` (or `python -m desktop`); `python -m bot` runs only --headless.",
            file=sys.stderr,
        )
        return 2
    folders = Folders.resolve()
    # Folders are created (and checked) by the supervisor, which reports a
    # problem in one sentence; the log file opens on its own, or stderr serves.
    setup_logging(folders.log_file, stderr=True, level=getattr(logging, args.log_level))
    from .headless import run_headless

    return asyncio.run(run_headless(folders))


if __name__ == "__main__":
    sys.exit(main())
