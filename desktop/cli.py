"""`familiar`: the tray app by default, `--headless` for the bot alone (DESIGN: desktop/cli.py).

It lives in `desktop/` so the arrow points one way: this module imports the bot, the bot
never names the desktop. Qt is imported only for the tray app, never for `--headless`.
"""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.cli import parse_args
from bot.folders import Folders
from bot.logging_setup import setup_logging


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folders = Folders.resolve()
    if args.headless:
        # Folders are created (and checked) by the supervisor, which reports a
        # problem in one sentence; the log file opens on its own, or stderr serves.
        setup_logging(folders.log_file, stderr=True, level=getattr(logging, args.log_level))
        from bot.headless import run_headless

        return asyncio.run(run_headless(folders))
    from . import app  # Qt from here on

    return int(app.run(args, folders))


if __name__ == "__main__":
    sys.exit(main())
