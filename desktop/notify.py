"""Which state changes deserve a desktop notification: pure, clock injected.

A notification for every blip would teach users to ignore them, so:
- "offline" only once the bot has been trying to (re)connect for more than
  `threshold` seconds without success;
- "back online" only after such an outage was announced;
- every fatal error (it needs the user: a token, an intent, a setting).
Pausing, quitting and "not configured" are the user's own doing: silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.supervisor import Snapshot, State

from .i18n import translate

OUTAGE_THRESHOLD = 30.0

_TRYING = frozenset({State.CONNECTING, State.RECONNECTING})


@dataclass(frozen=True)
class Notice:
    title: str
    message: str
    error: bool = False  # shown with the critical/warning icon


class OutageNotifier:
    """Feed it every snapshot (`observe`) and call `due` at `next_check`."""

    def __init__(self, threshold: float = OUTAGE_THRESHOLD) -> None:
        self.threshold = threshold
        self._last: Snapshot | None = None
        self._trying_since: float | None = None  # start of the current run of (re)connect attempts
        self._announced = False  # an "offline" notice is out for the current outage

    @property
    def next_check(self) -> float | None:
        """When `due` may have something to say (None: nothing pending)."""
        if self._trying_since is None or self._announced:
            return None
        return self._trying_since + self.threshold

    def observe(self, snapshot: Snapshot, now: float) -> list[Notice]:
        previous, self._last = self._last, snapshot
        notices: list[Notice] = []
        state = snapshot.state
        if state in _TRYING:
            if self._trying_since is None:
                self._trying_since = now
            notices += self.due(now)
        elif state is State.CONNECTED:
            if self._announced:
                notices.append(Notice(translate("Notify", "Familiar is back online"), _connected_as(snapshot)))
            self._reset()
        else:
            self._reset()
            if state is State.ERROR and (
                previous is None or previous.state is not State.ERROR or _error_of(previous) != _error_of(snapshot)
            ):
                message = snapshot.last_error or translate("Notify", "A fatal error.")
                notices.append(Notice(translate("Notify", "Familiar stopped connecting"), message, error=True))
        return notices

    def due(self, now: float) -> list[Notice]:
        """The "offline" notice, once the outage has lasted past the threshold."""
        check = self.next_check
        if check is None or now < check or self._last is None or self._last.state not in _TRYING:
            return []
        self._announced = True
        lost = self._last
        seconds = round(now - (check - self.threshold))
        message = translate("Notify", "Still trying to reach Discord after %n s", None, seconds)
        if lost.last_error:
            message = f"{message}: {lost.last_error}"
        return [Notice(translate("Notify", "Familiar is offline"), message)]

    def _reset(self) -> None:
        self._trying_since = None
        self._announced = False


def _error_of(snapshot: Snapshot) -> tuple[object, object]:
    return snapshot.error_kind, snapshot.last_error


def _connected_as(snapshot: Snapshot) -> str:
    if snapshot.bot_user:
        return translate("Notify", "Connected as {user}.").format(user=snapshot.bot_user)
    return translate("Notify", "Connected to Discord.")
