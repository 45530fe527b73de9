"""Notification debounce, with an injected clock: no notice for blips, one per real outage, every fatal error."""

from __future__ import annotations

from bot.supervisor import AUTH_MESSAGE, INTENTS_MESSAGE, ErrorKind, Snapshot, State
from desktop.notify import OutageNotifier

T0 = 1_000_000.0


def snap(state: State, **fields: object) -> Snapshot:
    return Snapshot(state, T0, **fields)  # type: ignore[arg-type]


def titles(notices: list) -> list[str]:
    return [n.title for n in notices]


def test_a_brief_blip_is_silent() -> None:
    notifier = OutageNotifier(threshold=30)
    assert notifier.observe(snap(State.CONNECTED, bot_user="Aria"), T0) == []
    assert notifier.observe(snap(State.RECONNECTING, attempt=1), T0 + 1) == []
    assert notifier.next_check == T0 + 31
    assert notifier.due(T0 + 20) == []
    assert notifier.observe(snap(State.CONNECTED, bot_user="Aria"), T0 + 25) == []
    assert notifier.next_check is None
    assert notifier.due(T0 + 100) == []


def test_an_outage_past_30_s_is_announced_once_and_its_end_too() -> None:
    notifier = OutageNotifier(threshold=30)
    notifier.observe(snap(State.CONNECTED, bot_user="Aria"), T0)
    notifier.observe(snap(State.RECONNECTING, attempt=1, last_error="lost the connection to Discord"), T0 + 10)
    assert notifier.due(T0 + 39.9) == []
    [lost] = notifier.due(T0 + 40)
    assert lost.title == "Familiar is offline" and "30 s" in lost.message and "lost the connection" in lost.message
    assert notifier.next_check is None
    # More retries during the same outage: no more notices.
    assert notifier.observe(snap(State.RECONNECTING, attempt=2, last_error="network unreachable"), T0 + 45) == []
    assert notifier.observe(snap(State.RECONNECTING, attempt=3, last_error="network unreachable"), T0 + 90) == []
    assert notifier.due(T0 + 200) == []
    [back] = notifier.observe(snap(State.CONNECTED, bot_user="Aria"), T0 + 95)
    assert back.title == "Familiar is back online" and "Aria" in back.message
    # A second outage is a new story.
    notifier.observe(snap(State.RECONNECTING, attempt=1), T0 + 100)
    assert titles(notifier.due(T0 + 131)) == ["Familiar is offline"]


def test_a_snapshot_arriving_after_the_threshold_announces_at_once() -> None:
    notifier = OutageNotifier(threshold=30)
    notifier.observe(snap(State.CONNECTING), T0)
    assert titles(notifier.observe(snap(State.RECONNECTING, attempt=4), T0 + 31)) == ["Familiar is offline"]


def test_first_connection_that_never_succeeds_counts_as_an_outage() -> None:
    notifier = OutageNotifier(threshold=30)
    notifier.observe(snap(State.STOPPED), T0)
    notifier.observe(snap(State.CONNECTING), T0 + 1)
    notifier.observe(snap(State.RECONNECTING, attempt=1, last_error="network unreachable"), T0 + 2)
    assert titles(notifier.due(T0 + 31)) == ["Familiar is offline"]


def test_every_fatal_error_is_announced() -> None:
    notifier = OutageNotifier(threshold=30)
    notifier.observe(snap(State.CONNECTING), T0)
    [auth] = notifier.observe(snap(State.ERROR, last_error=AUTH_MESSAGE, error_kind=ErrorKind.AUTH), T0 + 1)
    assert auth.error and auth.message == AUTH_MESSAGE
    # A different fatal error right after, without leaving ERROR: announced too.
    [intents] = notifier.observe(snap(State.ERROR, last_error=INTENTS_MESSAGE, error_kind=ErrorKind.INTENTS), T0 + 2)
    assert intents.message == INTENTS_MESSAGE
    # The same error again after a retry: announced again.
    notifier.observe(snap(State.CONNECTING), T0 + 3)
    assert len(notifier.observe(snap(State.ERROR, last_error=AUTH_MESSAGE, error_kind=ErrorKind.AUTH), T0 + 4)) == 1


def test_pause_and_shutdown_cancel_a_pending_outage_silently() -> None:
    notifier = OutageNotifier(threshold=30)
    notifier.observe(snap(State.CONNECTED), T0)
    notifier.observe(snap(State.RECONNECTING, attempt=1), T0 + 1)
    assert notifier.observe(snap(State.PAUSED), T0 + 5) == []
    assert notifier.due(T0 + 60) == []
    assert notifier.observe(snap(State.CONNECTED), T0 + 61) == []  # no "back online" for a pause
    notifier.observe(snap(State.RECONNECTING, attempt=1), T0 + 70)
    assert notifier.observe(snap(State.STOPPING), T0 + 71) == []
    assert notifier.observe(snap(State.STOPPED), T0 + 72) == []
    assert notifier.due(T0 + 200) == []
