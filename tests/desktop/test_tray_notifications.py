"""The tray shows the notifier's notices on its timer, unless turned off: a REAL supervisor on the
fake Discord server, on the qasync loop (outages are the fake's: a listener that stops, a dropped
socket, a rejected token). Only the countdown test keeps a stand-in supervisor (see there).

What the tray announced is its `notices` list (every notice it decided on, shown or not); whether
it showed one is its log line: "Notification: title: message" right before `showMessage`, or
"Notification not shown (turned off)". Qt itself is not patched: offscreen, `showMessage` runs
for real and shows nothing.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.backoff import Backoff
from bot.settings import Settings
from bot.supervisor import AUTH_MESSAGE, ErrorKind, Snapshot, State, Supervisor
from desktop.notify import Notice, OutageNotifier
from desktop.tray import Tray
from tests.conftest import SupervisorFactory, bot_env, wait_for_state
from tests.desktop.conftest import wait_until
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


class OutageTimerTray(Tray):
    """The real tray, noting which notices its outage timer brought (rather than a snapshot)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.from_timer: list[Notice] = []
        super().__init__(*args, **kwargs)

    def _check_outage(self) -> None:
        before = len(self.notices)
        super()._check_outage()
        self.from_timer += self.notices[before:]


@pytest.fixture
def shown(caplog: pytest.LogCaptureFixture) -> Callable[[], list[tuple[str, str]]]:
    """(title, message) of every notice the tray put on screen, from its log."""
    caplog.set_level(logging.DEBUG, logger="desktop.tray")

    def notifications() -> list[tuple[str, str]]:
        return [
            (str(r.args[0]), str(r.args[1]))  # type: ignore[index]
            for r in caplog.records
            if r.name == "desktop.tray" and r.msg == "Notification: %s: %s"
        ]

    return notifications


def record(supervisor: Supervisor) -> list[Snapshot]:
    snapshots: list[Snapshot] = []
    supervisor.subscribe(snapshots.append)
    return snapshots


async def test_outage_notice_fires_on_the_tray_timer_then_back_online(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    tmp_path: Path,
    shown: Callable[[], list[tuple[str, str]]],
) -> None:
    # discord.py's own retries (the supervisor's policy) wait 3 s each: within the outage no new
    # snapshot reaches the tray for 3 s, so a notice after the 0.6 s threshold can only come from
    # the tray's timer. Then the listener is back, the next retry RESUMEs: back online.
    supervisor = await make_supervisor(backoff=Backoff(3.0, 3.0, local_cap=3.0, rng=lambda low, high: high))
    await wait_for_state(supervisor, State.CONNECTED)
    # Made once connected: a slow first connection on a busy machine is no outage here.
    tray = OutageTimerTray(supervisor, tmp_path, notifier=OutageNotifier(threshold=0.6))
    snapshots = record(supervisor)
    try:
        await fake_discord.stop_listening()
        await wait_until(lambda: bool(tray.notices), timeout=10, what="the offline notice")
        [offline] = tray.notices
        assert tray.from_timer == [offline]
        assert offline.title == "Familiar is offline" and not offline.error
        # The outage as the supervisor reported it: how long, and its last error.
        errors = {s.last_error for s in snapshots if s.state is State.RECONNECTING and s.last_error}
        assert errors, snapshots
        said = re.fullmatch(r"Still trying to reach Discord after (\d+) s: (.+)", offline.message)
        assert said is not None and int(said[1]) >= 1 and said[2] in errors, offline.message
        assert shown() == [(offline.title, offline.message)]

        await fake_discord.start_listening()
        await fake_discord.wait_for_resume(1, timeout=15)
        await wait_for_state(supervisor, State.CONNECTED, timeout=15)
        assert [n.title for n in tray.notices] == ["Familiar is offline", "Familiar is back online"]
        assert tray.notices[1].message == "Connected as Aria."
        assert [title for title, _ in shown()] == ["Familiar is offline", "Familiar is back online"]
        assert not tray._outage_timer.isActive()
    finally:
        tray.close()


async def test_a_blip_shorter_than_the_threshold_shows_nothing(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    tmp_path: Path,
    shown: Callable[[], list[tuple[str, str]]],
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    # A dropped socket (1006): discord.py RESUMEs at once, well within the threshold.
    tray = OutageTimerTray(supervisor, tmp_path, notifier=OutageNotifier(threshold=10))
    snapshots = record(supervisor)
    try:
        await fake_discord.abort_gateway()
        await fake_discord.wait_for_resume(1, timeout=10)
        await wait_for_state(supervisor, State.CONNECTED)
        assert State.RECONNECTING in [s.state for s in snapshots], "no blip seen: the test proves nothing"
        # Nothing is pending any more: no timer will fire a late "offline" notice.
        assert not tray._outage_timer.isActive()
        assert tray.notices == [] and tray.from_timer == [] and shown() == []
    finally:
        tray.close()


async def test_fatal_errors_notify_and_turning_notifications_off_silences_them(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    home: Path,
    tmp_path: Path,
    shown: Callable[[], list[tuple[str, str]]],
) -> None:
    env = bot_env(home, fake_discord, fake_model)
    env["FAMILIAR_DISCORD_TOKEN"] = "not-the-token"  # Discord answers the login with 401
    supervisor = await make_supervisor(env=env)
    tray = Tray(supervisor, tmp_path)
    try:
        await wait_for_state(supervisor, State.ERROR)
        assert supervisor.snapshot.error_kind is ErrorKind.AUTH
        assert shown() == [("Familiar stopped connecting", AUTH_MESSAGE)]
        assert tray.notices == [Notice("Familiar stopped connecting", AUTH_MESSAGE, error=True)]
        assert tray.icon.toolTip().startswith("Familiar: Discord rejected the token: open Settings")

        # Off, as the settings window or /familiar settings saves it; then the same error again.
        await supervisor.update_settings(lambda s: s.model_copy(update={"notifications": False}))
        assert supervisor.view.settings is not None and not supervisor.view.settings.notifications
        logins = len([c for c in fake_discord.calls if c.path == "/users/@me"])
        supervisor.reconnect_now()
        await fake_discord.wait_for(
            lambda: len([c for c in fake_discord.calls if c.path == "/users/@me"]) > logins, what="the second login"
        )
        await wait_until(lambda: len(tray.notices) == 2, timeout=10, what="the second error's notice")
        assert supervisor.snapshot.state is State.ERROR
        assert tray.notices[1] == Notice("Familiar stopped connecting", AUTH_MESSAGE, error=True)  # decided...
        assert len(shown()) == 1  # ...but not shown
    finally:
        tray.close()


class FakeSupervisor:
    """Just what the tray reads: snapshots to observe and the settings (for `notifications`, via `view`).

    Kept for the countdown only: the tray's "Reconnecting now" is what it shows when the countdown
    reaches 0 before the next snapshot arrives. A real supervisor retries at that very moment and
    sends a new snapshot, so whether "now" is ever on screen would be a race; here the snapshot
    holds still while the tray's own timer counts down.
    """

    def __init__(self, settings: Settings) -> None:
        self.view = SimpleNamespace(settings=settings)  # the tray reads settings through the view
        self.snapshot = Snapshot(State.STOPPED, time.time())
        self._observers: list[Callable[[Snapshot], None]] = []

    def subscribe(self, observer: Callable[[Snapshot], None]) -> Callable[[], None]:
        self._observers.append(observer)
        observer(self.snapshot)
        return lambda: self._observers.remove(observer)

    def emit(self, state: State, **fields: Any) -> None:
        self.snapshot = Snapshot(state, time.time(), **fields)
        for observer in list(self._observers):
            observer(self.snapshot)


async def test_reconnect_countdown_text_ticks(tmp_path: Path) -> None:
    supervisor = FakeSupervisor(Settings())
    tray = Tray(supervisor, tmp_path)  # type: ignore[arg-type]
    try:
        supervisor.emit(State.RECONNECTING, attempt=2, next_retry_at=time.time() + 2.2, last_error="timed out")
        assert tray.actions["status"].text() == "Reconnecting in 2 s (attempt 2): timed out"
        await wait_until(
            lambda: tray.actions["status"].text().startswith("Reconnecting in 1 s"), timeout=3, what="countdown"
        )
        await wait_until(
            lambda: tray.actions["status"].text().startswith("Reconnecting now"), timeout=3, what="countdown end"
        )
    finally:
        tray.close()
