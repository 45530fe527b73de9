"""The network coming back, or the computer waking up, makes the bot reconnect at once.

A real supervisor against the fake Discord; the OS's reports come from a stand-in
with QNetworkInformation's signal, and from logind's PrepareForSleep on a private
D-Bus daemon.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from collections.abc import AsyncIterator

import pytest
from PySide6 import QtCore, QtNetwork

from bot.backoff import Backoff
from bot.supervisor import State, Supervisor
from desktop import network_watch
from desktop.network_watch import LOGIND, NetworkWatch, Reachability
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import wait_until
from tests.fakes.discord_server import FakeDiscord


def slow_backoff() -> Backoff:
    """The longest draw, every time: without a nudge the next try is 30 s away."""
    backoff = Backoff(30.0, 60.0, rng=lambda _low, high: high)
    backoff.local_cap = 60.0  # refused connections too (they are retried sooner by default)
    return backoff


class FakeReachability(QtCore.QObject):
    """QNetworkInformation as far as NetworkWatch uses it: `reachability()` and its change signal."""

    reachabilityChanged = QtCore.Signal(object)

    def __init__(self, now: Reachability = Reachability.Online) -> None:
        super().__init__()
        self._now = now

    def reachability(self) -> Reachability:
        return self._now

    def report(self, reachability: Reachability) -> None:
        self._now = reachability
        self.reachabilityChanged.emit(reachability)


async def waiting_to_retry(supervisor: Supervisor, at_least: float) -> None:
    """Reconnecting, with the next try at least `at_least` seconds away."""
    await wait_for_state(
        supervisor,
        State.RECONNECTING,
        timeout=15,
        predicate=lambda s: s.next_retry_at is not None and s.next_retry_at - time.time() > at_least,
    )


async def fully_connected(supervisor: Supervisor) -> None:
    """Connected, and discord.py done with its start-up (its guild wait): a test ends settled."""
    await wait_for_state(supervisor, State.CONNECTED, timeout=10)
    await wait_until(lambda: supervisor.client is not None and supervisor.client.is_ready(), what="a ready client")


async def test_the_network_coming_back_reconnects_at_once(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord
) -> None:
    supervisor = await make_supervisor(backoff=slow_backoff())
    await wait_for_state(supervisor, State.CONNECTED)
    # The slash commands are synced once connected; let that finish before the outage.
    await fake_discord.wait_for(lambda: bool(fake_discord.registered_commands()), 10, "the command sync")
    source = FakeReachability()
    watch = NetworkWatch(supervisor, source)
    try:
        # The network goes; the bot drops to reconnecting and waits out its backoff.
        source.report(Reachability.Disconnected)
        await fake_discord.stop_listening()
        await waiting_to_retry(supervisor, at_least=20)
        await fake_discord.start_listening()
        source.report(Reachability.Local)  # a link but no internet yet: still waiting
        await asyncio.sleep(0.2)
        assert supervisor.snapshot.state is State.RECONNECTING and watch.nudges == []

        started = time.monotonic()
        source.report(Reachability.Online)
        assert watch.nudges == ["the network is back"]
        await wait_for_state(supervisor, State.CONNECTED, timeout=10)
        assert time.monotonic() - started < 5  # not the 30 s the backoff had left
        await fake_discord.wait_connected()
        await fully_connected(supervisor)
    finally:
        watch.close()


async def test_reports_leave_a_connected_or_paused_bot_alone(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord
) -> None:
    supervisor = await make_supervisor(backoff=slow_backoff())
    await wait_for_state(supervisor, State.CONNECTED)
    source = FakeReachability(Reachability.Disconnected)
    watch = NetworkWatch(supervisor, source)
    try:
        identified = fake_discord.identify_count
        source.report(Reachability.Online)  # back online, but the bot never went away
        supervisor.pause()
        await wait_for_state(supervisor, State.PAUSED)
        source.report(Reachability.Disconnected)
        source.report(Reachability.Online)
        await asyncio.sleep(0.2)
        assert supervisor.snapshot.state is State.PAUSED  # paused stays paused
        assert watch.nudges == [] and fake_discord.identify_count == identified
    finally:
        watch.close()
    source.report(Reachability.Disconnected)  # closed: no longer listening
    source.report(Reachability.Online)
    assert watch.nudges == []


@pytest.fixture
async def private_bus() -> AsyncIterator[str]:
    """A D-Bus daemon of our own (the tests must not depend on, or talk to, the machine's)."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = await asyncio.create_subprocess_exec(
        daemon,
        "--session",
        "--nofork",
        "--nopidfile",
        "--print-address=1",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    try:
        address = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().strip()
        yield address
    finally:
        process.terminate()
        await process.wait()


async def test_waking_up_reconnects_through_logind_on_dbus(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, private_bus: str
) -> None:
    from PySide6 import QtDBus

    supervisor = await make_supervisor(backoff=slow_backoff())
    await wait_for_state(supervisor, State.CONNECTED)
    listening = QtDBus.QDBusConnection.connectToBus(private_bus, "familiar-test-app")
    logind = QtDBus.QDBusConnection.connectToBus(private_bus, "familiar-test-logind")
    assert listening.isConnected() and logind.isConnected()
    assert logind.registerService(LOGIND[0])
    watch = NetworkWatch(supervisor, sleep_bus=listening)

    def prepare_for_sleep(sleeping: bool) -> None:
        message = QtDBus.QDBusMessage.createSignal(*LOGIND[1:])
        message.setArguments([sleeping])
        assert logind.send(message)

    try:
        identified = fake_discord.identify_count
        prepare_for_sleep(True)  # going to sleep: nothing to do yet
        await asyncio.sleep(0.2)
        assert watch.nudges == []
        prepare_for_sleep(False)  # awake: the old connection cannot be trusted, start a new one
        await fake_discord.wait_for(lambda: fake_discord.identify_count > identified, 10, "a new IDENTIFY")
        assert watch.nudges == ["the computer woke up"]
        await fully_connected(supervisor)
    finally:
        watch.close()
        QtDBus.QDBusConnection.disconnectFromBus("familiar-test-app")
        QtDBus.QDBusConnection.disconnectFromBus("familiar-test-logind")


def test_without_a_backend_or_a_bus_it_watches_nothing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(QtNetwork.QNetworkInformation, "loadDefaultBackend", staticmethod(lambda: False))
    monkeypatch.setattr(QtNetwork.QNetworkInformation, "instance", staticmethod(lambda: None))
    with caplog.at_level(logging.DEBUG, logger=network_watch.__name__):
        assert network_watch.system_reachability() is None
    assert "No network reachability reports" in caplog.text
    assert [r.levelno for r in caplog.records if r.name == network_watch.__name__] == [logging.DEBUG]
