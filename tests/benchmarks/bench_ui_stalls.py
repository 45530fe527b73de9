"""UI stalls: how long the event loop (which is also Qt's UI thread) stays blocked, per phase.

Run by hand (not a pytest test):

    python -m tests.benchmarks.bench_ui_stalls [--threshold 0.02] [--tick 0.005] [--profile DIR]
                                               [--lines 10000] [--channels 20] [--card-mb 5] [--modules]

The app's pieces as `desktop/app.py` wires them (logging to a file, QApplication, what it does
before the loop, the qasync loop, `Shell`: supervisor + tray + settings window), offscreen,
against the fake Discord and model servers. The fakes run on their own event loop in a thread,
so their work is not counted as the app's. The tray is made to look available (offscreen Qt
has none), so start-up ends at the tray icon.

The figure per phase is the longest stall reported by the app's stall monitor
(`bot.stall_monitor.StallMonitor`, the class the supervisor runs), started first with a 5 ms
heartbeat and a 20 ms threshold: a stall is measured from the heartbeat's due time, so with the
supervisor's 50 ms heartbeat a 50 ms stall could read as nothing. Phases, in order:

1. start-up: from the loop's first step (Shell built, supervisor started) to the tray icon,
   then from the icon until the bot is connected and 1 s has passed;
2. open Settings (from the tray) until the window has loaded the saved state, + 0.5 s;
3. flip every page of the window, 0.3 s each;
4. import a 5 MB PNG card (random noise, so it does not compress) on the Characters page;
5. the Logs page and 10,000 lines: logged from a thread while the page is hidden, the page
   shown with them waiting, then 10,000 more logged while it is shown;
6. 20 channels generate at once (the window still open on the Logs page): 20 mentions,
   a model that streams each 120-chunk reply slowly, until every reply is complete.

``--profile DIR`` writes a cProfile of the loop thread per phase (DIR/<nn>-<phase>.prof); the
stall figures of a profiled run are inflated, use it to find what blocks, not to measure.
``--modules`` lists the modules first imported during each phase (imports on the loop stall it).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import cProfile
import io
import logging
import os
import random
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No keyring daemon here: the secrets file fallback, without probing D-Bus.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6 import QtWidgets

from bot.folders import Folders
from bot.logging_setup import setup_logging
from bot.settings import Settings, save_settings
from bot.stall_monitor import StallMonitor
from bot.supervisor import State, Supervisor
from desktop import app as desktop_app
from desktop import compat
from desktop.shell import Shell
from tests.conftest import bot_env
from tests.fakes.discord_server import MANAGE_WEBHOOKS, FakeDiscord
from tests.fakes.openai_server import FakeModel

log = logging.getLogger("familiar.bench")
T = TypeVar("T")

#: A reply long enough to stream for a while: 120 chunks (split_chunks cuts at spaces).
REPLY = " ".join(f"word{i}" for i in range(120))


class FakesThread:
    """FakeDiscord and FakeModel on their own event loop in a daemon thread."""

    def __init__(self, channels: int, chunk_delay: float) -> None:
        self.channels = channels
        self.chunk_delay = chunk_delay
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="bench-fakes", daemon=True)
        self.discord: FakeDiscord
        self.model: FakeModel

    def start(self) -> None:
        self.thread.start()
        self.run(self._start()).result(30)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    async def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await, on the app's loop, a coroutine run on the fakes' loop."""
        return await asyncio.wrap_future(self.run(coroutine))

    async def _start(self) -> None:
        self.discord = FakeDiscord(heartbeat_interval_ms=41250)
        await self.discord.start()
        names = ["general"] + [f"room-{i}" for i in range(1, self.channels)]
        self.discord.guild = self.discord.add_guild("Tavern", names, bot_permissions=MANAGE_WEBHOOKS)  # type: ignore[attr-defined]
        self.discord.alice = self.discord.add_user("alice")  # type: ignore[attr-defined]
        self.model = FakeModel()
        self.model.reply = REPLY
        self.model.chunk_delay = self.chunk_delay
        await self.model.start()

    def stop(self) -> None:
        async def close() -> None:
            await self.model.close()
            await self.discord.close()

        self.run(close()).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class Phases:
    """The longest stall the monitor reported in each phase (and a cProfile of it, if asked)."""

    def __init__(self, monitor: StallMonitor, profile_dir: Path | None) -> None:
        self.monitor = monitor
        self.profile_dir = profile_dir
        self.results: list[tuple[str, float, str, float]] = []  # (phase, longest s, where, duration s)
        self.imported: dict[str, list[str]] = {}  # phase -> modules first imported during it (any thread)

    @contextlib.asynccontextmanager
    async def phase(self, name: str) -> Any:
        await self._flush()
        first = len(self.monitor.stalls)
        modules = set(sys.modules)
        profiler = cProfile.Profile() if self.profile_dir is not None else None
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        try:
            yield
        finally:
            if profiler is not None:
                profiler.disable()
            duration = time.perf_counter() - started
            await self._flush()
            stalls = list(self.monitor.stalls)[first:]
            seconds, where = max(stalls, default=(0.0, ""))
            self.results.append((name, seconds, where, duration))
            self.imported[name] = sorted(set(sys.modules) - modules)
            log.info("Phase %s: longest stall %.0f ms", name, seconds * 1000)
            if profiler is not None and self.profile_dir is not None:
                self.profile_dir.mkdir(parents=True, exist_ok=True)
                slug = re.sub(r"\W+", "-", name.lower()).strip("-")
                profiler.dump_stats(self.profile_dir / f"{len(self.results):02d}-{slug}.prof")

    async def _flush(self) -> None:
        """Let the heartbeat measure a stall that just ended and the watcher report it."""
        await asyncio.sleep(self.monitor.tick * 2)
        checks = self.monitor.checks
        await asyncio.to_thread(self.monitor.wait_until, lambda: self.monitor.checks >= checks + 2, 2.0)

    def table(self, threshold: float) -> str:
        rows = [f"{'phase':<44} {'longest stall':>14}  where"]
        for name, seconds, where, duration in self.results:
            figure = f"{seconds * 1000:.0f} ms" if seconds else f"< {threshold * 1000:.0f} ms"
            rows.append(f"{name:<44} {figure:>14}  {where} ({duration:.1f} s)")
        return "\n".join(rows)


def noise_card(path: Path, megabytes: float) -> None:
    """A PNG card whose picture is random noise (PNG cannot compress it): about `megabytes` MB."""
    from PIL import Image

    from bot.characters import Character, card_png

    side = int((megabytes * 1024 * 1024 / 3) ** 0.5)
    pixels = random.Random(1).randbytes(side * side * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(buffer, format="PNG", compress_level=1)
    character = Character(
        name="Noisy", description="A character with a very large picture.", first_mes="Hello.", personality="Static."
    )
    path.write_bytes(card_png(character, buffer.getvalue()))


async def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached in {timeout} s")
        await asyncio.sleep(0.05)


async def all_answered(discord: FakeDiscord, asked: list[dict[str, Any]], last_word: str, timeout: float = 120) -> None:
    """On the fakes' loop: every message has an answer whose text has reached its last word."""

    def done(said: dict[str, Any]) -> bool:
        return any(last_word in (m.message.get("content") or "") for m in discord.answers_to(said))

    deadline = time.monotonic() + timeout
    while not all(done(said) for said in asked):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{sum(map(done, asked))} of {len(asked)} replies finished in {timeout} s")
        await asyncio.sleep(0.05)


async def settle(seconds: float) -> None:
    await asyncio.sleep(seconds)


def caught_up(page: Any) -> bool:
    """Every line logged so far has been through the Logs page's filter into its view
    (`LogsPage.caught_up`, spelled out so that the benchmark also runs on the code before it)."""
    return not page._buffer.since(page._shown_serial)


def log_lines(count: int, tag: str) -> None:
    """What a busy bot logs, from a worker thread (the handlers' own cost is on that thread)."""
    for i in range(count):
        log.info("%s line %d: the bot did something worth a line in the log, with some detail %s", tag, i, "x" * 40)


async def run(args: argparse.Namespace, home: Path, fakes: FakesThread) -> Phases:
    env = bot_env(home, fakes.discord, fakes.model)
    folders = Folders.resolve(env)
    folders.ensure()
    setup_logging(folders.log_file, stderr=False, level=logging.INFO)
    # Defaults, as the app would have them on first run with the token in the environment.
    save_settings(folders, Settings())
    card = home.parent / "noisy-card.png"
    await asyncio.to_thread(noise_card, card, args.card_mb)

    monitor = StallMonitor(threshold=args.threshold, tick=args.tick)
    monitor.start()
    phases = Phases(monitor, args.profile)
    # Offscreen Qt has no tray; make it look present so start-up ends at the tray icon.
    QtWidgets.QSystemTrayIcon.isSystemTrayAvailable = staticmethod(lambda: True)  # type: ignore[method-assign]

    shell: Shell | None = None
    run_task: asyncio.Task[int] | None = None
    try:
        async with phases.phase("start-up: to the tray icon"):
            started = time.perf_counter()
            shell = Shell(Supervisor(folders, env=env), folders)
            run_task = asyncio.get_running_loop().create_task(shell.run(), name="bench-shell")
            tray = shell.tray
            await wait_for(lambda: tray.icon.isVisible(), 30, "the tray icon")
            to_icon = time.perf_counter() - started
        async with phases.phase("start-up: tray icon to connected, + 1 s"):
            await wait_for(
                lambda: shell is not None and shell.supervisor.snapshot.state is State.CONNECTED, 30, "connected"
            )
            await settle(1.0)
        window = shell.settings_window

        async with phases.phase("open Settings (until loaded, + 0.5 s)"):
            tray.settings_requested.emit()
            await wait_for(lambda: window.isVisible() and not window.loading, 30, "the window loaded")
            await settle(0.5)

        async with phases.phase("flip every page (0.3 s each)"):
            for row in range(window.sidebar.count()):
                window.sidebar.setCurrentRow(row)
                await settle(0.3)

        async with phases.phase(f"import a {args.card_mb:g} MB PNG card"):
            characters = window.characters
            window.show_page(characters)
            characters.import_files([card])
            task = characters.last_task
            assert task is not None
            await task
            await settle(0.5)
            assert "Noisy" in [name for _ident, name in characters.choices()], characters.message.text()

        logs = window.logs
        window.show_page(window.about)
        async with phases.phase(f"{args.lines:,} lines logged, Logs page hidden"):
            await asyncio.to_thread(log_lines, args.lines, "hidden")
            await settle(0.3)
        async with phases.phase(f"Logs page shown with {args.lines:,} lines"):
            window.show_page(logs)
            await wait_for(lambda: caught_up(logs), 30, "the hidden lines shown")
            await settle(0.5)
        async with phases.phase(f"{args.lines:,} lines logged, Logs page shown"):
            await asyncio.to_thread(log_lines, args.lines, "shown")
            await wait_for(lambda: caught_up(logs), 30, "the shown lines shown")
            await settle(0.5)

        async with phases.phase(f"{args.channels} channels generate at once"):
            discord = fakes.discord
            guild = discord.guild  # type: ignore[attr-defined]
            alice = discord.alice  # type: ignore[attr-defined]
            asked = []
            for channel in guild.channels[: args.channels]:
                asked.append(
                    await fakes.call(discord.user_says(channel, alice, "tell me a long story", mentions_bot=True))
                )
            await fakes.call(all_answered(discord, asked, REPLY.split()[-1]))
            await settle(1.0)
    finally:
        if shell is not None:
            shell.request_stop("benchmark done")
        if run_task is not None:
            await asyncio.wait_for(run_task, 15)
        await monitor.stop()
    print(f"start to tray icon: {to_icon * 1000:.0f} ms")
    return phases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=0.02, help="shortest stall counted, seconds (default 0.02)")
    parser.add_argument(
        "--tick",
        type=float,
        default=0.005,
        help="the monitor's heartbeat, seconds (default 0.005; a stall is measured from its due time)",
    )
    parser.add_argument("--profile", type=Path, metavar="DIR", help="write a cProfile of each phase into DIR")
    parser.add_argument("--lines", type=int, default=10_000, help="log lines per Logs step (default 10,000)")
    parser.add_argument("--channels", type=int, default=20, help="channels generating at once (default 20)")
    parser.add_argument("--card-mb", type=float, default=5.0, help="size of the imported PNG card (default 5)")
    parser.add_argument("--chunk-delay", type=float, default=0.03, help="the fake model's delay per streamed chunk")
    parser.add_argument("--modules", action="store_true", help="list the modules first imported in each phase")
    args = parser.parse_args(argv)

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["familiar"])
    assert isinstance(app, QtWidgets.QApplication)
    app.setQuitOnLastWindowClosed(False)
    fakes = FakesThread(args.channels, args.chunk_delay)
    fakes.start()
    # What desktop/app.py does before its loop starts (absent from the code before these figures).
    getattr(desktop_app, "freeze_startup_objects", lambda: None)()
    try:
        with tempfile.TemporaryDirectory(prefix="familiar-bench-") as tmp:
            phases = compat.run(lambda: run(args, Path(tmp) / "home", fakes))
    finally:
        fakes.stop()
    print(phases.table(args.threshold))
    if args.modules:
        for name, modules in phases.imported.items():
            print(f"{name}: {len(modules)} modules imported {' '.join(modules)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
