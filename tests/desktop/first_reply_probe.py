"""The tray app's first reply, in a fresh process: what it imports on the UI thread and how long that stalls.

Run by tests/desktop/test_first_reply_stall.py as `python -m tests.desktop.first_reply_probe`
(a fresh interpreter: in the test process, earlier tests have imported everything already).
The app's pieces as desktop/app.py wires them (`Shell`: supervisor, tray, settings window on the
qasync loop, offscreen, the tray made to look present), the fake Discord and model servers on
their own loop in a thread, so their work is not the app's. Once the bot is connected and the
shell has warmed up what a first reply imports, one mention is answered while the app's stall
monitor runs with a 5 ms heartbeat and an audit hook notes every module imported for the first
time, and by which thread. Prints one JSON object on stdout.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

T = TypeVar("T")

#: (module, thread name) of first imports, while `recording` is set.
imported: list[tuple[str, str]] = []
recording = threading.Event()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "import" and recording.is_set():
        imported.append((str(args[0]), threading.current_thread().name))


sys.addaudithook(_audit)

from PySide6 import QtWidgets  # noqa: E402 - after the environment and the hook

from bot.folders import Folders  # noqa: E402
from bot.stall_monitor import StallMonitor  # noqa: E402
from bot.supervisor import State, Supervisor  # noqa: E402
from desktop import app as desktop_app  # noqa: E402
from desktop import compat  # noqa: E402
from desktop.shell import FIRST_REPLY_MODULES, Shell  # noqa: E402
from tests.conftest import bot_env  # noqa: E402
from tests.fakes.discord_server import FakeDiscord  # noqa: E402
from tests.fakes.openai_server import FakeModel  # noqa: E402


class Fakes:
    """FakeDiscord and FakeModel on an event loop of their own, in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fakes", daemon=True)
        self.discord = FakeDiscord(heartbeat_interval_ms=41250)
        self.model = FakeModel()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await, on the app's loop, a coroutine that runs on the fakes' loop."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))

    def start(self) -> None:
        self.thread.start()
        self.run(self.discord.start())
        self.run(self.model.start())

    def stop(self) -> None:
        self.run(self.model.close())
        self.run(self.discord.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


async def wait_for(predicate: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached in {timeout} s")
        await asyncio.sleep(0.02)


async def first_reply(home: Path, fakes: Fakes) -> dict[str, Any]:
    guild = fakes.discord.add_guild("Tavern", ["general"])
    alice = fakes.discord.add_user("alice")
    env = bot_env(home, fakes.discord, fakes.model)
    folders = Folders.resolve(env)
    folders.ensure()
    monitor = StallMonitor(threshold=0.02, tick=0.005)
    monitor.start()
    QtWidgets.QSystemTrayIcon.isSystemTrayAvailable = staticmethod(lambda: True)  # type: ignore[method-assign]
    shell = Shell(Supervisor(folders, env=env), folders)
    run = asyncio.get_running_loop().create_task(shell.run(), name="probe-shell")
    try:
        await wait_for(lambda: shell.supervisor.snapshot.state is State.CONNECTED, "connected")
        await wait_for(lambda: all(name in sys.modules for name in FIRST_REPLY_MODULES), "the warm-up imports")
        await asyncio.sleep(0.5)  # what connecting set off (catch-up, command sync) settles
        first = len(monitor.stalls)
        recording.set()
        said = await fakes.call(fakes.discord.user_says(guild.channels[0], alice, "hello", mentions_bot=True))
        await fakes.call(fakes.discord.wait_for_answers(said, timeout=30))
        await asyncio.sleep(0.3)  # the reply's last steps (memory write, usage)
        recording.clear()
        checks = monitor.checks
        await asyncio.to_thread(monitor.wait_until, lambda: monitor.checks >= checks + 2, 2.0)
        longest, where = max(list(monitor.stalls)[first:], default=(0.0, ""))
    finally:
        shell.request_stop("probe done")
        code = await asyncio.wait_for(run, 15)
        await monitor.stop()
    loop_thread = threading.main_thread().name
    return {
        "exit": code,
        "longest_stall": longest,
        "where": where,
        "loop_imports": sorted(name for name, thread in imported if thread == loop_thread),
        "worker_imports": sorted(name for name, thread in imported if thread != loop_thread),
    }


def main() -> int:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["familiar"])
    assert isinstance(app, QtWidgets.QApplication)
    app.setQuitOnLastWindowClosed(False)
    desktop_app.freeze_startup_objects()  # as the app does before its loop
    fakes = Fakes()
    fakes.start()
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-first-reply-") as tmp:
            result = compat.run(lambda: first_reply(Path(tmp) / "home", fakes))
    finally:
        fakes.stop()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
