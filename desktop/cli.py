"""`familiar`: the tray app by default, `--headless` for the bot alone.

It lives in `desktop/` so the arrow points one way: this module imports the bot, the bot
never names the desktop. Qt is imported only for the tray app, never for `--headless`.

On a machine with no desktop (a server over SSH), Qt would abort the tray app (exit
134) with a message about the xcb plugin that helps nobody; `familiar` says in one
line that there is no desktop and points to `--headless` instead (exit 2).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Mapping

from bot.cli import parse_args
from bot.folders import Folders
from bot.logging_setup import setup_logging
from bot.malloc_arenas import limit_malloc_arenas

#: Qt platform plugins (QT_QPA_PLATFORM) that draw without a desktop, so need no display.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"})
NO_DESKTOP = (
    "familiar: no desktop found (neither DISPLAY nor WAYLAND_DISPLAY is set); "
    "on a server, run `familiar --headless` for the bot alone."
)
#: Exit code of a configuration the user must fix (README: *Running without the tray*).
EXIT_CONFIG = 2


def no_desktop(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt would find no display: X11 and Wayland systems (Linux, the BSDs) with neither
    DISPLAY nor WAYLAND_DISPLAY set, and no QT_QPA_PLATFORM that draws without one.
    Windows and macOS always have their desktop (a service without one is not started this way)."""
    if platform.startswith(("win32", "cygwin", "darwin")):
        return False
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return False
    # "offscreen", "offscreen:configfile=…", or a list to try in turn ("wayland;xcb").
    wanted = [entry.split(":", 1)[0].strip().lower() for entry in env.get("QT_QPA_PLATFORM", "").split(";")]
    return not any(name in HEADLESS_PLATFORMS for name in wanted)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # --self-test runs offscreen by itself; --headless never opens a window.
    if not args.headless and not args.self_test and no_desktop():
        print(NO_DESKTOP, file=sys.stderr)
        return EXIT_CONFIG
    folders = Folders.resolve()
    if args.headless:
        # Folders are created (and checked) by the supervisor, which reports a
        # problem in one sentence; the log file opens on its own, or stderr serves.
        setup_logging(folders.log_file, stderr=True, level=getattr(logging, args.log_level))
        from bot.headless import run_headless

        return asyncio.run(run_headless(folders))
    limit_malloc_arenas()  # before Qt starts its threads
    from . import app  # Qt from here on

    return int(app.run(args, folders))


if __name__ == "__main__":
    sys.exit(main())
