"""Supervisor snapshot → what the tray shows: one pure function, no widgets.

Everything the tray displays about the connection derives from `present()`,
so a state can never show one thing in the icon and another in the menu.
The words go through Qt's translator (QCoreApplication.translate needs no
application object: without a translator installed they stay English).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.supervisor import ErrorKind, Snapshot, State

from .i18n import QT_TRANSLATE_NOOP, translate

#: Windows cuts tray tooltips at 127 characters; stay under it everywhere.
TOOLTIP_LIMIT = 127


@dataclass(frozen=True)
class Presentation:
    icon: str  # emblem name: a file in resources/icons/{light,dark}/tray-<icon>.svg
    status: str  # the disabled first menu line, in words
    tooltip: str
    can_reconnect: bool
    pause_label: str  # "Pause" or "Resume"
    can_pause: bool
    refresh_in: float | None = None  # the text holds a countdown: present again after this many seconds


#: Short, tray-sized headlines for fatal errors; the full sentence (snapshot.last_error)
#: goes in the tooltip's second line, the notification and the settings window.
_ERROR_HEADLINES = {
    ErrorKind.AUTH: QT_TRANSLATE_NOOP("Status", "Discord rejected the token: open Settings"),
    ErrorKind.INTENTS: QT_TRANSLATE_NOOP("Status", "Message Content intent is off: see Settings"),
    ErrorKind.CONFIG: QT_TRANSLATE_NOOP("Status", "Settings problem: see Settings"),
}

_ICONS = {
    State.NOT_CONFIGURED: "unconfigured",
    State.CONNECTING: "connecting",
    State.CONNECTED: "connected",
    State.RECONNECTING: "connecting",
    State.PAUSED: "paused",
    State.ERROR: "error",
    State.STOPPING: "offline",
    State.STOPPED: "offline",
}

#: Every icon name `present()` can return (the icon files must exist for each).
ICON_NAMES = frozenset(_ICONS.values())


def present(snapshot: Snapshot, now: float) -> Presentation:
    """What to show for `snapshot` at wall-clock time `now`."""
    state = snapshot.state
    status, detail, refresh_in = _words(snapshot, now)
    live = state not in (State.STOPPING, State.STOPPED)
    return Presentation(
        icon=_ICONS[state],
        status=status,
        tooltip=_tooltip(status, detail),
        can_reconnect=state in (State.CONNECTING, State.CONNECTED, State.RECONNECTING, State.ERROR),
        pause_label=translate("Status", "Resume") if state is State.PAUSED else translate("Status", "Pause"),
        can_pause=live and state is not State.NOT_CONFIGURED,
        refresh_in=refresh_in,
    )


def _words(snapshot: Snapshot, now: float) -> tuple[str, str | None, float | None]:
    """(status line, optional detail for the tooltip, seconds until the text changes)."""
    state = snapshot.state
    if state is State.CONNECTED:
        servers = translate("Status", "%n server(s)", None, snapshot.server_count)
        if snapshot.shards_total:  # a sharded bot: this process's shards, all of them up
            servers += " · " + translate("Status", "%n shard(s)", None, snapshot.shards_total)
        if snapshot.bot_user:
            who = translate("Status", "Connected as {user}").format(user=snapshot.bot_user)
        else:
            who = translate("Status", "Connected")
        if snapshot.limits_hit:  # the bot is up but resting somewhere: say so where people look first
            status = translate("Status", "{who} · daily token limit reached").format(who=who)
            return status, "; ".join(snapshot.limits_hit), None
        return f"{who} · {servers}", None, None
    if state is State.CONNECTING:
        if snapshot.shards_total:
            return (
                translate("Status", "Connecting to Discord… ({shards})").format(shards=_shard_count(snapshot)),
                None,
                None,
            )
        return translate("Status", "Connecting to Discord…"), None, None
    if state is State.RECONNECTING:
        status, detail, refresh_in = _reconnecting(snapshot, now)
        if snapshot.shards_total:  # some shards may still be answering: the count first
            status = f"{_shard_count(snapshot)} · {status}"
        return status, detail, refresh_in
    if state is State.PAUSED:
        return translate("Status", "Paused: the bot is offline until you resume"), None, None
    if state is State.NOT_CONFIGURED:
        return translate("Status", "Not set up yet: open Settings to add a bot token"), None, None
    if state is State.ERROR:
        headline = _ERROR_HEADLINES.get(snapshot.error_kind) if snapshot.error_kind else None
        if headline is None:
            reason = snapshot.last_error or translate("Status", "unknown")
            return translate("Status", "Error: {reason}").format(reason=reason), None, None
        return translate("Status", headline), snapshot.last_error, None
    if state is State.STOPPING:
        return translate("Status", "Shutting down…"), None, None
    return translate("Status", "Stopped"), None, None


def _shard_count(snapshot: Snapshot) -> str:
    return translate("Status", "{connected}/%n shards connected", None, snapshot.shards_total).format(
        connected=snapshot.shards_connected
    )


def _reconnecting(snapshot: Snapshot, now: float) -> tuple[str, str | None, float | None]:
    refresh_in: float | None = None
    if snapshot.next_retry_at is None:
        status = translate("Status", "Reconnecting")
    elif (remaining := snapshot.next_retry_at - now) <= 0.5:
        status = translate("Status", "Reconnecting now")
    else:
        seconds = math.ceil(remaining - 0.5)  # rounded to the nearest second, never "0 s"
        # Refresh when the rounded number changes.
        refresh_in = max(0.05, remaining - (seconds - 0.5))
        status = translate("Status", "Reconnecting in %n s", None, seconds)
    if snapshot.attempt:
        status = translate("Status", "{status} (attempt {number})").format(status=status, number=snapshot.attempt)
    if snapshot.last_error:
        status = f"{status}: {snapshot.last_error}"
    return status, None, refresh_in


def _tooltip(status: str, detail: str | None) -> str:
    text = f"Familiar: {status}"
    if detail and detail != status:
        text = f"{text}\n{detail}"
    if len(text) > TOOLTIP_LIMIT:
        text = text[: TOOLTIP_LIMIT - 1].rstrip() + "…"
    return text
