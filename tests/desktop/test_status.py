"""State → icon, words and enabled actions: one pure function, checked for every state."""

from __future__ import annotations

import pytest

from bot.supervisor import (
    AUTH_MESSAGE,
    INTENTS_MESSAGE,
    NOT_CONFIGURED_MESSAGE,
    ErrorKind,
    Snapshot,
    State,
)
from desktop import icons
from desktop.status import ICON_NAMES, TOOLTIP_LIMIT, present

NOW = 1_000_000.0

# (snapshot, icon, status line, can_reconnect, pause label, can_pause)
CASES = {
    State.NOT_CONFIGURED: (
        Snapshot(State.NOT_CONFIGURED, NOW, last_error=NOT_CONFIGURED_MESSAGE),
        "unconfigured",
        "Not set up yet: open Settings to add a bot token",
        False,
        "Pause",
        False,
    ),
    State.CONNECTING: (Snapshot(State.CONNECTING, NOW), "connecting", "Connecting to Discord…", True, "Pause", True),
    State.CONNECTED: (
        Snapshot(State.CONNECTED, NOW, bot_user="Aria", server_count=3),
        "connected",
        "Connected as Aria · 3 servers",
        True,
        "Pause",
        True,
    ),
    State.RECONNECTING: (
        Snapshot(State.RECONNECTING, NOW, attempt=3, next_retry_at=NOW + 8, last_error="network unreachable"),
        "connecting",
        "Reconnecting in 8 s (attempt 3): network unreachable",
        True,
        "Pause",
        True,
    ),
    State.PAUSED: (
        Snapshot(State.PAUSED, NOW),
        "paused",
        "Paused: the bot is offline until you resume",
        False,
        "Resume",
        True,
    ),
    State.ERROR: (
        Snapshot(State.ERROR, NOW, last_error=AUTH_MESSAGE, error_kind=ErrorKind.AUTH),
        "error",
        "Discord rejected the token: open Settings",
        True,
        "Pause",
        True,
    ),
    State.STOPPING: (Snapshot(State.STOPPING, NOW), "offline", "Shutting down…", False, "Pause", False),
    State.STOPPED: (Snapshot(State.STOPPED, NOW), "offline", "Stopped", False, "Pause", False),
}


def test_every_state_has_a_case() -> None:
    assert set(CASES) == set(State)


@pytest.mark.parametrize("state", list(State), ids=lambda s: s.value)
def test_every_state_maps_to_icon_words_and_actions(state: State) -> None:
    snapshot, icon, status, can_reconnect, pause_label, can_pause = CASES[state]
    shown = present(snapshot, NOW)
    assert (shown.icon, shown.status, shown.can_reconnect, shown.pause_label, shown.can_pause) == (
        icon,
        status,
        can_reconnect,
        pause_label,
        can_pause,
    )
    assert shown.tooltip.startswith(f"Familiar: {status}")
    assert len(shown.tooltip) <= TOOLTIP_LIMIT
    # Both variants of the icon exist and Qt can load them.
    for dark in (False, True):
        path = icons.tray_icon_path(icon, dark)
        assert path.is_file(), path


def test_icon_names_all_have_files_for_both_panels() -> None:
    for name in ICON_NAMES:
        for dark in (False, True):
            assert icons.tray_icon_path(name, dark).is_file()
    assert icons.APP_ICON.is_file()


def test_icons_render_at_16_px(qapp: object) -> None:
    for name in ICON_NAMES:
        for dark in (False, True):
            pixmap = icons.tray_icon(name, dark).pixmap(16, 16)
            assert not pixmap.isNull() and pixmap.width() == 16
            image = pixmap.toImage()
            assert any(image.pixelColor(x, y).alpha() > 0 for x in range(16) for y in range(16))


@pytest.mark.parametrize(
    ("kind", "message", "status"),
    [
        (ErrorKind.AUTH, AUTH_MESSAGE, "Discord rejected the token: open Settings"),
        (ErrorKind.INTENTS, INTENTS_MESSAGE, "Message Content intent is off: see Settings"),
        (
            ErrorKind.CONFIG,
            "Discord refused the gateway API version (close code 4012).",
            "Settings problem: see Settings",
        ),
    ],
    ids=["auth", "intents", "config"],
)
def test_fatal_errors_have_a_short_status_and_the_full_sentence_in_the_tooltip(
    kind: ErrorKind, message: str, status: str
) -> None:
    shown = present(Snapshot(State.ERROR, NOW, last_error=message, error_kind=kind), NOW)
    assert shown.status == status
    assert shown.tooltip.split("\n")[1].rstrip("…") in message
    assert len(shown.tooltip) <= TOOLTIP_LIMIT


def test_reconnect_countdown_refreshes_when_the_number_changes() -> None:
    snapshot = Snapshot(State.RECONNECTING, NOW, attempt=2, next_retry_at=NOW + 7.7, last_error="timed out")
    first = present(snapshot, NOW)
    assert first.status == "Reconnecting in 8 s (attempt 2): timed out"
    assert first.refresh_in is not None and first.refresh_in == pytest.approx(0.2)
    later = present(snapshot, NOW + first.refresh_in + 0.001)
    assert later.status == "Reconnecting in 7 s (attempt 2): timed out"
    due = present(snapshot, NOW + 7.5)
    assert due.status == "Reconnecting now (attempt 2): timed out" and due.refresh_in is None


def test_reconnecting_without_a_timer_and_connected_edge_cases() -> None:
    lost = present(Snapshot(State.RECONNECTING, NOW, attempt=1, last_error="lost the connection to Discord"), NOW)
    assert lost.status == "Reconnecting (attempt 1): lost the connection to Discord" and lost.refresh_in is None
    one = present(Snapshot(State.CONNECTED, NOW, bot_user="Aria", server_count=1), NOW)
    assert one.status == "Connected as Aria · 1 server"
    anonymous = present(Snapshot(State.CONNECTED, NOW, server_count=0), NOW)
    assert anonymous.status == "Connected · 0 servers"


def test_a_daily_limit_reached_shows_in_the_status_line_and_the_tooltip_says_which() -> None:
    line = "A server's daily limit of 50,000 tokens reached; back at 00:00 UTC"
    shown = present(Snapshot(State.CONNECTED, NOW, bot_user="Aria", server_count=3, limits_hit=(line,)), NOW)
    assert shown.status == "Connected as Aria · daily token limit reached" and shown.icon == "connected"
    assert line in shown.tooltip


def test_shards_are_counted_connected_when_all_are_and_two_of_three_while_one_reconnects() -> None:
    all_up = present(
        Snapshot(State.CONNECTED, NOW, bot_user="Aria", server_count=2600, shards_total=3, shards_connected=3), NOW
    )
    assert all_up.status == "Connected as Aria · 2600 servers · 3 shards" and all_up.icon == "connected"
    one_down = present(
        Snapshot(
            State.RECONNECTING,
            NOW,
            attempt=1,
            next_retry_at=NOW + 2.2,
            last_error="shard 2 lost the connection",
            shards_total=3,
            shards_connected=2,
        ),
        NOW,
    )
    assert one_down.status == "2/3 shards connected · Reconnecting in 2 s (attempt 1): shard 2 lost the connection"
    assert one_down.icon == "connecting" and one_down.refresh_in is not None
    assert one_down.tooltip.startswith("Familiar: 2/3 shards connected")
    starting = present(Snapshot(State.CONNECTING, NOW, shards_total=2, shards_connected=1), NOW)
    assert starting.status == "Connecting to Discord… (1/2 shards connected)"
    # Unsharded (shards_total 0): the words are the ones above, no shard count.
    assert present(Snapshot(State.CONNECTING, NOW), NOW).status == "Connecting to Discord…"
