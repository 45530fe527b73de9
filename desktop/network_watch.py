"""Reconnect at once when the network comes back or the computer wakes up.

After an outage the bot waits out its backoff (up to a minute) before it tries
again, and after a sleep discord.py only finds its connection dead at the next
heartbeat (up to 41 s later). The OS knows sooner; two sources say so, both
event-driven (nothing here wakes up on a timer):

- reachability: Qt's QNetworkInformation (NetworkManager or GLib on Linux,
  Network List Manager on Windows, SCNetworkReachability on macOS). Going back
  to Online from anything else while the bot is connecting or reconnecting
  means "try now".
- waking up, on Linux: logind's PrepareForSleep(false) on the system bus
  (QtDBus). Then the connection from before the sleep is as good as dead, so a
  connected bot reconnects too (a new session, and the catch-up reads what was
  said meanwhile). On Windows and macOS a wake shows up as the network coming back.

Either may be missing (no backend plugin, no system bus, offscreen tests): a
DEBUG line says so and the supervisor's own backoff does the job, as before.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6 import QtCore, QtNetwork

from bot.supervisor import State, Supervisor

log = logging.getLogger(__name__)

Reachability = QtNetwork.QNetworkInformation.Reachability

#: logind's signal before (true) and after (false) a suspend or hibernation.
LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep")
#: While these, "the network is back" means "try now" (connected: nothing to do; paused or
#: in error: the user decides).
WAITING = (State.CONNECTING, State.RECONNECTING)


class ReachabilitySource(Protocol):
    """What is used of QNetworkInformation (tests pass an object with the same signal)."""

    reachabilityChanged: Any  # Signal(QNetworkInformation.Reachability)

    def reachability(self) -> Reachability: ...


def system_reachability() -> QtNetwork.QNetworkInformation | None:
    """The OS's reachability reports, if Qt has a backend for them here."""
    try:
        loaded = QtNetwork.QNetworkInformation.loadDefaultBackend()
        info = QtNetwork.QNetworkInformation.instance()
    except Exception:  # an optional nicety: never a reason not to start
        log.debug("No network reachability reports: loading Qt's backend failed", exc_info=True)
        return None
    if not loaded or info is None:
        log.debug(
            "No network reachability reports: Qt has no backend here (available: %s)",
            ", ".join(QtNetwork.QNetworkInformation.availableBackends()) or "none",
        )
        return None
    if not info.supports(QtNetwork.QNetworkInformation.Feature.Reachability):
        log.debug("No network reachability reports: Qt's %s backend does not give them", info.backendName())
        return None
    log.debug("Network reachability from Qt's %s backend: %s", info.backendName(), info.reachability().name)
    return info


def system_sleep_bus() -> Any | None:
    """The system D-Bus, where logind says when the computer sleeps and wakes (Linux only)."""
    try:
        from PySide6 import QtDBus
    except ImportError:
        log.debug("No sleep and wake reports: QtDBus is not available")
        return None
    bus = QtDBus.QDBusConnection.systemBus()
    if not bus.isConnected():
        log.debug("No sleep and wake reports: no system D-Bus")
        return None
    return bus


class NetworkWatch(QtCore.QObject):
    """Calls `supervisor.reconnect_now()` when the network is back or the computer woke up."""

    def __init__(
        self, supervisor: Supervisor, reachability: ReachabilitySource | None = None, sleep_bus: Any | None = None
    ) -> None:
        """`reachability`: QNetworkInformation or a stand-in; `sleep_bus`: a QDBusConnection where
        logind's PrepareForSleep arrives. None: that source is not watched."""
        super().__init__()
        self._supervisor = supervisor
        self._reachability = reachability
        self._sleep_bus = sleep_bus
        self._online = False
        #: Why each reconnect was asked for, oldest first (diagnostics, tests).
        self.nudges: list[str] = []
        if reachability is not None:
            self._online = reachability.reachability() == Reachability.Online
            reachability.reachabilityChanged.connect(self._on_reachability)
        if sleep_bus is not None and not sleep_bus.connect(*LOGIND, self, QtCore.SLOT("prepare_for_sleep(bool)")):
            log.debug("No sleep and wake reports: could not listen to logind's PrepareForSleep")
            self._sleep_bus = None

    @classmethod
    def for_this_system(cls, supervisor: Supervisor) -> NetworkWatch:
        return cls(supervisor, system_reachability(), system_sleep_bus())

    def close(self) -> None:
        """Stop listening; idempotent."""
        if self._reachability is not None:
            self._reachability.reachabilityChanged.disconnect(self._on_reachability)
            self._reachability = None
        if self._sleep_bus is not None:
            self._sleep_bus.disconnect(*LOGIND, self, QtCore.SLOT("prepare_for_sleep(bool)"))
            self._sleep_bus = None

    def _on_reachability(self, reachability: Reachability) -> None:
        was_online, self._online = self._online, reachability == Reachability.Online
        log.debug("Network reachability: %s", reachability.name)
        if self._online and not was_online:
            self._nudge("the network is back", WAITING)

    @QtCore.Slot(bool)
    def prepare_for_sleep(self, sleeping: bool) -> None:
        """logind's PrepareForSleep: true before the computer sleeps, false once it is awake."""
        if sleeping:
            log.info("The computer is going to sleep")
            return
        self._nudge("the computer woke up", (*WAITING, State.CONNECTED))

    def _nudge(self, why: str, states: tuple[State, ...]) -> None:
        state = self._supervisor.snapshot.state
        if state not in states:
            log.debug("%s; nothing to do while %s", why.capitalize(), state.value)
            return
        log.info("Reconnecting now: %s", why)
        self.nudges.append(why)
        self._supervisor.reconnect_now()
