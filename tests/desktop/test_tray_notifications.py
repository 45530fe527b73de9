"""The tray shows the notifier's notices through QSystemTrayIcon, on its timer, unless turned off."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.settings import Settings
from bot.supervisor import AUTH_MESSAGE, ErrorKind, Snapshot, State
from desktop.notify import OutageNotifier
from desktop.tray import Tray
from tests.desktop.conftest import wait_until


class FakeSupervisor:
    """Just what the tray reads: snapshots to observe and the settings (for `notifications`, via `view`)."""

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


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    messages: list[tuple[str, str]] = []
    from PySide6 import QtWidgets

    monkeypatch.setattr(
        QtWidgets.QSystemTrayIcon, "showMessage", lambda self, title, message, *rest: messages.append((title, message))
    )
    return messages


async def test_outage_notice_fires_on_the_tray_timer_then_back_online(
    shown: list[tuple[str, str]], tmp_path: Path
) -> None:
    supervisor = FakeSupervisor(Settings())
    tray = Tray(supervisor, tmp_path, notifier=OutageNotifier(threshold=0.3))  # type: ignore[arg-type]
    try:
        supervisor.emit(State.CONNECTED, bot_user="Aria", server_count=1)
        supervisor.emit(State.RECONNECTING, attempt=1, last_error="lost the connection to Discord")
        assert shown == []
        await wait_until(lambda: bool(shown), timeout=5, what="the offline notice")
        assert shown[0][0] == "Familiar is offline"
        supervisor.emit(State.CONNECTED, bot_user="Aria", server_count=1)
        assert [title for title, _ in shown] == ["Familiar is offline", "Familiar is back online"]
    finally:
        tray.close()


async def test_a_blip_shorter_than_the_threshold_shows_nothing(shown: list[tuple[str, str]], tmp_path: Path) -> None:
    supervisor = FakeSupervisor(Settings())
    tray = Tray(supervisor, tmp_path, notifier=OutageNotifier(threshold=0.3))  # type: ignore[arg-type]
    try:
        supervisor.emit(State.CONNECTED, bot_user="Aria")
        supervisor.emit(State.RECONNECTING, attempt=1)
        supervisor.emit(State.CONNECTED, bot_user="Aria")
        # Nothing is pending any more: no timer will fire a late "offline" notice.
        assert not tray._outage_timer.isActive()
        assert shown == [] and tray.notices == []
    finally:
        tray.close()


async def test_fatal_errors_notify_and_turning_notifications_off_silences_them(
    shown: list[tuple[str, str]], tmp_path: Path
) -> None:
    supervisor = FakeSupervisor(Settings())
    tray = Tray(supervisor, tmp_path)  # type: ignore[arg-type]
    try:
        supervisor.emit(State.ERROR, last_error=AUTH_MESSAGE, error_kind=ErrorKind.AUTH)
        assert shown == [("Familiar stopped connecting", AUTH_MESSAGE)]
        assert tray.icon.toolTip().startswith("Familiar: Discord rejected the token: open Settings")

        supervisor.view.settings = Settings(notifications=False)
        supervisor.emit(State.CONNECTING)
        supervisor.emit(State.ERROR, last_error=AUTH_MESSAGE, error_kind=ErrorKind.AUTH)
        assert len(shown) == 1  # off: nothing shown...
        assert len(tray.notices) == 2  # ...though the notifier still decided
    finally:
        tray.close()


async def test_reconnect_countdown_text_ticks(shown: list[tuple[str, str]], tmp_path: Path) -> None:
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
