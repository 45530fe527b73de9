"""The real `familiar` tray app (offscreen) against the fake Discord server, end to end.

Observed through FAMILIAR_TEST_STATE_FILE (what the tray shows, one JSON line
per change), the fake server, and the log file; driven through the
single-instance socket (`menu quit` triggers the tray's Quit action) and signals.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path

import pytest

from bot.folders import Folders
from desktop.single_instance import send, server_name
from tests.conftest import bot_env
from tests.desktop.conftest import AppProcess
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

pytestmark = pytest.mark.slow


def app_env(home: Path, fake: FakeDiscord, model: FakeModel) -> dict[str, str]:
    return {**bot_env(home, fake, model), "QT_QPA_PLATFORM": "offscreen"}


async def test_tray_follows_the_connection_and_quit_exits_cleanly(
    fake_discord: FakeDiscord, fake_model: FakeModel, home: Path, tmp_path: Path
) -> None:
    env = app_env(home, fake_discord, fake_model)
    app = AppProcess(env, tmp_path)
    await app.start()
    try:
        connected = await app.wait_for_state("connected")
        assert app.records()[connected]["status"] == "Connected as Aria · 1 server"
        assert app.records()[connected]["icon"] == "connected"
        await fake_discord.wait_connected()

        # A second `familiar` hands over to the first (Settings) and exits 0.
        second = AppProcess(env, tmp_path, name="second")
        await second.start()
        assert await second.wait_exit(15) == 0
        second.assert_clean_output()
        assert "asked it to open Settings" in second.stderr()

        # Network outage: the icon goes to reconnecting, then back when Discord returns.
        resumes = fake_discord.resumed_count
        await fake_discord.stop_listening()
        lost = await app.wait_for_state("reconnecting", after=connected + 1)
        assert app.records()[lost]["icon"] == "connecting"
        assert app.records()[lost]["status"].startswith("Reconnecting")
        await fake_discord.start_listening()
        back = await app.wait_for_state("connected", after=lost + 1, timeout=20)
        assert app.records()[back]["icon"] == "connected"
        await fake_discord.wait_for_resume(resumes + 1)

        # The same through the log file the app writes.
        log_text = Folders.resolve(env).log_file.read_text(encoding="utf-8")
        assert "State connected → reconnecting" in log_text and "→ connected as Aria" in log_text
        assert "Another Familiar asked: settings" in log_text

        # Quit from the tray menu: gone within 5 s, exit 0, nothing but log lines on stderr.
        started = time.monotonic()
        answer = await asyncio.to_thread(send, server_name(Folders.resolve(env)), "menu quit")
        assert answer == "ok"
        assert await app.wait_exit(5) == 0
        assert time.monotonic() - started < 5
        assert app.records()[-1]["state"] == "stopped"
        app.assert_clean_output()
        assert "Stopping: Quit chosen" in app.stderr()
        await fake_discord.wait_disconnected()
    finally:
        await app.kill()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_signals_shut_down_in_order(
    signum: signal.Signals, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path, tmp_path: Path
) -> None:
    app = AppProcess(app_env(home, fake_discord, fake_model), tmp_path)
    await app.start()
    try:
        await app.wait_for_state("connected")
        assert app.process is not None
        app.process.send_signal(signum)
        assert await app.wait_exit(5) == 0
        assert app.states()[-2:] == ["stopping", "stopped"]
        app.assert_clean_output()
        assert f"Stopping: received {signum.name}" in app.stderr()
    finally:
        await app.kill()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
async def test_sigterm_as_soon_as_the_tray_says_starting_shuts_down_in_order(
    fake_discord: FakeDiscord, fake_model: FakeModel, home: Path, tmp_path: Path
) -> None:
    """The tray is up before the supervisor has started: a stop then still ends in the orderly path."""
    app = AppProcess(app_env(home, fake_discord, fake_model), tmp_path)
    await app.start()
    try:
        first = await app.wait_for_record(lambda r: r.get("event") == "tray", what="the tray's first state")
        assert app.records()[first]["status"] == "Starting…" and app.records()[first]["icon"] == "connecting"
        assert app.process is not None
        app.process.send_signal(signal.SIGTERM)
        assert await app.wait_exit(5) == 0
        assert app.states()[-2:] == ["stopping", "stopped"]
        app.assert_clean_output()
        assert "Stopping: received SIGTERM" in app.stderr()
        assert "Stopped" not in [r["status"] for r in app.records() if r["event"] == "tray"][:-1]
    finally:
        await app.kill()
