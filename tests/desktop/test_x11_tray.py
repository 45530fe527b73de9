"""The real app under a real X server (Xvfb) with a real tray host (trayer), driven by real X input.

Checks what only a real tray can show: the tray is available, the icon is
embedded in the host, a left click opens Settings, a right click opens the
menu, and clicking Quit in it exits cleanly. A screenshot of the screen with
the menu open is saved under the pytest temporary folder.
X input goes through XTest (libXtst, a dependency of x11-utils) with ctypes.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import bot_env
from tests.desktop.conftest import AppProcess, wait_until
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux")]

SCREEN = (640, 480)
SCREENSHOT = """
import sys
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
app = QApplication(["familiar-test-screenshot"])
shot = app.primaryScreen().grabWindow(0)
print(QSystemTrayIcon.isSystemTrayAvailable(), shot.save(sys.argv[1]), shot.width(), shot.height())
"""


class Xlib:
    """The few Xlib/XTest calls the test needs."""

    def __init__(self, display: str) -> None:
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self.x11.XInternAtom.restype = ctypes.c_ulong
        self.x11.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XGetSelectionOwner.restype = ctypes.c_ulong
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeMotionEvent.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_ulong,
        ]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(display.encode())
        assert self.display, f"cannot open display {display}"

    def tray_owner(self) -> int:
        atom = self.x11.XInternAtom(self.display, b"_NET_SYSTEM_TRAY_S0", 0)
        return int(self.x11.XGetSelectionOwner(self.display, atom))

    def click(self, x: int, y: int, button: int = 1) -> None:
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.xtst.XTestFakeButtonEvent(self.display, button, 1, 0)
        self.xtst.XTestFakeButtonEvent(self.display, button, 0, 0)
        self.x11.XSync(self.display, 0)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)


def wait_blocking(predicate: object, timeout: float, what: str) -> None:
    """For the synchronous fixture: poll a condition with a deadline."""
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached in {timeout} s")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[tuple[str, Xlib]]:
    """Xvfb on a free display (`-displayfd`) and trayer as the tray host, once it owns the tray selection."""
    missing = [tool for tool in ("Xvfb", "trayer", "xwininfo") if shutil.which(tool) is None]
    if missing:
        # Never a skip: the real-tray check is part of the feature, and .ci/run installs these.
        pytest.fail(f"{missing} missing: install Debian's xvfb trayer x11-utils (as .ci/run does)")
    read_end, write_end = os.pipe()
    with (tmp_path / "xvfb.log").open("wb") as xvfb_log:
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=xvfb_log,
            stderr=xvfb_log,
        )
    os.close(write_end)
    processes = [xvfb]
    xlib: Xlib | None = None
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        assert ready, "Xvfb did not report its display"
        display = ":" + os.read(read_end, 64).decode().strip()
        env = {**os.environ, "DISPLAY": display}
        with (tmp_path / "trayer.log").open("wb") as trayer_log:
            processes.append(
                subprocess.Popen(
                    [
                        "trayer",
                        "--edge",
                        "top",
                        "--align",
                        "right",
                        "--widthtype",
                        "request",
                        "--height",
                        "32",
                        "--transparent",
                        "false",
                        "--tint",
                        "0x3b4252",
                        "--SetDockType",
                        "false",
                    ],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=trayer_log,
                    stderr=trayer_log,
                )
            )
        xlib = Xlib(display)
        wait_blocking(lambda: xlib.tray_owner() != 0, 10, "trayer owning _NET_SYSTEM_TRAY_S0")  # type: ignore[union-attr]
        yield display, xlib
    finally:
        os.close(read_end)
        if xlib is not None:
            xlib.close()
        for process in reversed(processes):
            stop(process)


WINDOW_LINE = re.compile(
    r'^(\s*)0x[0-9a-f]+ (?:"([^"]*)"|\(has no name\)): \(([^)]*)\)\s+(\d+)x(\d+)\S*\s+\+(-?\d+)\+(-?\d+)'
)


def embedded_icon(display: str) -> tuple[int, int, int, int] | None:
    """(x, y, width, height) of Familiar's window inside trayer's panel, from `xwininfo -root -tree`."""
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        check=False,
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    panel_indent: int | None = None
    for line in tree.splitlines():
        match = WINDOW_LINE.match(line)
        if not match:
            continue
        indent, name, classes = len(match[1]), match[2], match[3]
        if panel_indent is not None and indent <= panel_indent:
            panel_indent = None
        if name == "panel" and '"trayer"' in classes:
            panel_indent = indent
        elif panel_indent is not None and '"Familiar"' in classes:
            width, height, x, y = (int(v) for v in match.group(4, 5, 6, 7))
            return x, y, width, height
    return None


def window_viewable(display: str, name: str) -> bool:
    result = subprocess.run(
        ["xwininfo", "-name", name],
        check=False,
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=10,
    )
    return "IsViewable" in result.stdout


async def test_tray_icon_is_embedded_and_quit_works_from_the_menu(
    x_display: tuple[str, Xlib], fake_discord: FakeDiscord, fake_model: FakeModel, home: Path, tmp_path: Path
) -> None:
    display, xlib = x_display
    env = {
        **bot_env(home, fake_discord, fake_model),
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        # No session bus: Qt uses the XEmbed tray (trayer), and libdbus does not autolaunch a daemon.
        "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
    }
    app = AppProcess(env, tmp_path)
    await app.start()
    try:
        await app.wait_for_state("connected", timeout=20)
        await app.wait_for_record(lambda r: r.get("tray_visible") is True, what="tray icon shown")
        assert all(r["tray_available"] for r in app.records() if r["event"] == "tray")

        found: list[tuple[int, int, int, int]] = []

        def embedded() -> bool:
            found[:] = [icon] if (icon := embedded_icon(display)) else []
            return bool(found)

        await wait_until(embedded, timeout=10, what="the icon embedded in trayer's panel")
        x, y, width, height = found[0]
        assert x + width <= SCREEN[0] and y < 32 and width > 0 and height > 0
        center = (x + width // 2, y + height // 2)

        # Left click: Settings.
        assert not window_viewable(display, "Familiar settings")
        xlib.click(*center, button=1)
        await wait_until(
            lambda: window_viewable(display, "Familiar settings"), timeout=10, what="Settings after a click"
        )

        # Right click: the menu; then a screenshot with it open.
        xlib.click(*center, button=3)
        menu = await app.wait_for_record(lambda r: r["event"] == "menu", what="the tray menu")
        items = app.records()[menu]["items"]
        screenshot = tmp_path / "x11-tray.png"
        shot = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            SCREENSHOT,
            str(screenshot),
            env={**os.environ, **env},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        out, _ = await asyncio.wait_for(shot.communicate(), 20)
        assert out.decode().split() == ["True", "True", str(SCREEN[0]), str(SCREEN[1])]  # tray available, saved
        assert screenshot.stat().st_size > 1000

        # Click Quit in the open menu: orderly shutdown, exit 0 within 5 s.
        qx, qy, qw, qh = items["quit"]
        started = time.monotonic()
        xlib.click(qx + qw // 2, qy + qh // 2, button=1)
        assert await app.wait_exit(5) == 0
        assert time.monotonic() - started < 5
        assert "Stopping: Quit chosen" in app.stderr()
        assert app.states()[-1] == "stopped"
        app.assert_clean_output()
    finally:
        await app.kill()
