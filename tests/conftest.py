"""Shared fixtures: fake Discord and model servers on 127.0.0.1, a supervised bot, clean-shutdown checks."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

# Qt tests run without a display unless a test starts its own X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bot.backoff import Backoff
from bot.discord_compat import DEFAULT_API_BASE, fast_client_options, point_discord_at
from bot.folders import Folders
from bot.settings import Settings, save_settings
from bot.supervisor import Snapshot, State, Supervisor
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

#: Log lines that mean a shutdown or a task was not clean; any of them fails the test.
UNCLEAN = (
    "Unclosed client session",
    "Unclosed connector",
    "Task was destroyed but it is pending",
    "Event loop is closed",
    "Task exception was never retrieved",
)


class _UncleanCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if any(marker in message for marker in UNCLEAN):
            self.records.append(record)


@pytest.fixture(autouse=True)
def no_unclean_shutdown() -> Any:
    collector = _UncleanCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    yield
    gc.collect()
    root.removeHandler(collector)
    assert not collector.records, [r.getMessage() for r in collector.records]


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(heartbeat_interval_ms=500)
    await fake.start()
    fake.guild = fake.add_guild("Tavern", ["general", "random"])  # type: ignore[attr-defined]
    fake.alice = fake.add_user("alice")  # type: ignore[attr-defined]
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord that discord.py itself is pointed at: for tests of plain clients and the fake."""
    server = FakeDiscord(heartbeat_interval_ms=500)
    await server.start()
    await point_discord_at(server.api_base)
    try:
        yield server
    finally:
        await server.close()
        await point_discord_at(DEFAULT_API_BASE)


@pytest.fixture
async def fake_model() -> AsyncIterator[FakeModel]:
    model = FakeModel()
    await model.start()
    try:
        yield model
    finally:
        await model.close()


def bot_env(home: Path, fake: FakeDiscord, model: FakeModel) -> dict[str, str]:
    """The environment the README promises is enough to run the bot (*Running without the tray*)."""
    return {
        "FAMILIAR_HOME": str(home),
        "FAMILIAR_DISCORD_TOKEN": fake.token,
        "FAMILIAR_DISCORD_API_BASE": fake.api_base,
        "FAMILIAR_OPENAI_BASE_URL": model.base_url,
        "FAMILIAR_OPENAI_API_KEY": model.api_key or "",
        "FAMILIAR_MODEL": "fake-model",
    }


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


SupervisorFactory = Callable[..., Awaitable[Supervisor]]


@pytest.fixture
async def make_supervisor(
    home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> AsyncIterator[SupervisorFactory]:
    """Start supervised bots with fast timings; every one is shut down and checked at teardown."""
    started: list[Supervisor] = []

    async def make(
        settings: Settings | None = None, *, env: dict[str, str] | None = None, **options: Any
    ) -> Supervisor:
        environment = bot_env(home, fake_discord, fake_model) if env is None else env
        folders = Folders.resolve(environment)
        folders.ensure()
        # Greetings (on by default, as in SillyTavern) are tested on their own; elsewhere they
        # would only add a message before every first answer, so they are off unless asked for.
        settings = settings or Settings()
        # Likewise streaming (on by default): a test about something else reads each reply
        # whole from its one POST; streaming has its own tests (with a short edit interval).
        # And DMs (open only to the application's owner by default): tests about DMs have alice write them.
        for name, off in (("greeting_mode", "off"), ("stream_replies", False), ("dm_policy", "everyone")):
            if name not in settings.model_fields_set:
                settings = settings.model_copy(update={name: off})
        save_settings(folders, settings)
        defaults: dict[str, Any] = dict(
            client_options={**fast_client_options(), "reidentify_delay": 0, "edit_interval": 0.05},
            backoff=Backoff(0.05, 0.5),
            send_retry_delay=0.01,
            model_retry_delay=0.01,
        )
        defaults.update(options)
        supervisor = Supervisor(folders, env=environment, **defaults)
        await supervisor.start()
        started.append(supervisor)
        return supervisor

    yield make
    for supervisor in started:
        await asyncio.wait_for(supervisor.shutdown(5), 10)
        assert supervisor.snapshot.state is State.STOPPED


async def wait_for_state(
    supervisor: Supervisor, state: State, timeout: float = 10, predicate: Callable[[Snapshot], bool] | None = None
) -> Snapshot:
    """Wait until the supervisor reports `state` (and `predicate`, if given)."""
    reached: asyncio.Future[Snapshot] = asyncio.get_running_loop().create_future()

    def observe(snapshot: Snapshot) -> None:
        if snapshot.state is state and (predicate is None or predicate(snapshot)) and not reached.done():
            reached.set_result(snapshot)

    unsubscribe = supervisor.subscribe(observe)
    try:
        return await asyncio.wait_for(reached, timeout)
    except TimeoutError:
        raise AssertionError(f"state {state.value} not reached in {timeout} s; now {supervisor.snapshot}") from None
    finally:
        unsubscribe()


@pytest.fixture
async def quiet_discord() -> AsyncIterator[FakeDiscord]:
    """The fake with Discord's real heartbeat interval, for idle measurements (the shared
    fixture's 0.5 s heartbeat would wake the bot)."""
    fake = FakeDiscord(heartbeat_interval_ms=41250)
    await fake.start()
    fake.add_guild("Tavern", ["general", "random"])
    fake.add_user("alice")
    try:
        yield fake
    finally:
        await fake.close()
