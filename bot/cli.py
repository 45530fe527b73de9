"""`familiar` command line: the tray app by default, `--headless` for the bot alone."""

from __future__ import annotations

import argparse
import asyncio
import importlib
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
    folders = Folders.resolve()
    level = getattr(logging, args.log_level)
    if args.headless:
        # Folders are created (and checked) by the supervisor, which reports a
        # problem in one sentence; the log file opens on its own, or stderr serves.
        setup_logging(folders.log_file, stderr=True, level=level)
        from .headless import run_headless

        return asyncio.run(run_headless(folders))
    # The desktop shell is looked up by name, so `bot/` never imports Qt:
    # this is the one place the arrow desktop → bot is crossed at runtime.
    desktop = importlib.import_module("desktop.app")
    return int(desktop.run(args, folders))


if __name__ == "__main__":
    sys.exit(main())
