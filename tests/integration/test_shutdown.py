"""Orderly shutdown from every state: bounded, idempotent, nothing left behind."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.backoff import Backoff
from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def test_shutdown_is_idempotent_and_bounded_with_generations_in_flight(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.hold()
    for name in ("general", "random"):
        await fake_discord.user_says(fake_discord.guild.channel(name), fake_discord.alice, "think", mentions_bot=True)
    await fake_model.wait_for_requests(2, timeout=10)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.supervisor"):
        await asyncio.gather(supervisor.shutdown(5), supervisor.shutdown(5), supervisor.shutdown(5))
    elapsed = time.monotonic() - started
    # The held generations were cancelled and the connection closed on its own: shutdown did not
    # have to fall back on cancelling it at its deadline (which it logs).
    assert not timed_out(caplog)
    # Bounded: 5 s asked for; the wide margin is for a loaded machine, not the product's figure.
    assert elapsed < 8
    assert supervisor.snapshot.state is State.STOPPED
    await supervisor.shutdown(5)  # again, after the fact: a no-op
    await fake_discord.wait_disconnected(timeout=5)
    assert fake_discord.client_close_codes and set(fake_discord.client_close_codes) <= {1000, 4000}
    fake_model.release()
    # Nothing answered after shutdown, and nothing of ours is still running.
    assert fake_discord.sent == []
    ours = [t for t in asyncio.all_tasks() if t.get_name().startswith("familiar-")]
    assert ours == []


@pytest.mark.parametrize("where", ["backoff_wait", "error", "paused", "not_configured"])
async def test_shutdown_from_any_state_is_quick(
    where: str,
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    home,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from tests.conftest import bot_env

    env = bot_env(home, fake_discord, fake_model)
    if where == "backoff_wait":
        await fake_discord.stop_listening()
        supervisor = await make_supervisor(backoff=Backoff(30.0, 60.0, local_cap=60.0, rng=lambda low, high: high))
        await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.next_retry_at is not None)
    elif where == "error":
        fake_discord.reject_identify_with(4004)
        supervisor = await make_supervisor()
        await wait_for_state(supervisor, State.ERROR)
    elif where == "paused":
        supervisor = await make_supervisor()
        await wait_for_state(supervisor, State.CONNECTED)
        supervisor.pause()
        await wait_for_state(supervisor, State.PAUSED)
    else:
        env.pop("FAMILIAR_DISCORD_TOKEN")
        supervisor = await make_supervisor(env=env)
        await wait_for_state(supervisor, State.NOT_CONFIGURED)
    caplog.clear()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="bot.supervisor"):
        await supervisor.shutdown(5)
    elapsed = time.monotonic() - started
    # Quick means the connection loop stopped at once from this state (no 30 s backoff waited
    # out, no parked wait left hanging): shutdown never reached its fallback of cancelling the
    # connection 1 s before its 5 s deadline, which it logs. That is checked without a stopwatch.
    assert not timed_out(caplog)
    # Quiet, this takes a few milliseconds (the test used to hold it to 2 s). The bound is wide so
    # a loaded 2-core CI machine cannot flake it; it still fails a shutdown that waits out the
    # backoff. How fast it is, is a figure to measure, not a stopwatch to race here.
    assert elapsed < 8
    assert supervisor.snapshot.state is State.STOPPED


async def test_shutdown_right_after_ready_leaves_no_stray_task(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    """discord.py 2.7 keeps waiting for guilds after READY; closing then must cancel that wait."""
    from bot.discord_compat import fast_client_options

    supervisor = await make_supervisor(
        client_options={**fast_client_options(guild_ready_timeout=1.0), "reidentify_delay": 0}
    )
    # CONNECTED comes with READY ("connect"), while the guild-ready wait (1 s here) still runs.
    await wait_for_state(supervisor, State.CONNECTED)
    assert guild_ready_waits(), "the guild-ready wait was not found running after READY: see guild_ready_waits"
    await supervisor.shutdown(5)
    assert supervisor.snapshot.state is State.STOPPED
    await asyncio.sleep(0)  # one loop pass: a cancelled task finishes here
    assert guild_ready_waits() == [], "the guild-ready wait outlived the client and would dispatch on a closed client"


def timed_out(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Shutdown's warnings that it had to cancel the connection at its deadline (bot/supervisor.py)."""
    return [r.getMessage() for r in caplog.records if "did not close in time" in r.getMessage()]


def guild_ready_waits() -> list[asyncio.Task[object]]:
    """The running tasks of discord.py's guild-ready wait, found by its code, not by a name in a repr.

    discord.py 2.7.1: `ConnectionState.parse_ready` starts `_delay_ready` as `_ready_task`
    (a sharded client's state adds one `_delay_shard_ready` per shard). If discord.py renames
    them, these lookups raise here instead of the test quietly matching nothing.
    """
    from discord.state import AutoShardedConnectionState, ConnectionState

    codes = {
        ConnectionState._delay_ready.__code__,
        AutoShardedConnectionState._delay_ready.__code__,
        AutoShardedConnectionState._delay_shard_ready.__code__,
    }
    return [t for t in asyncio.all_tasks() if getattr(t.get_coro(), "cr_code", None) in codes]


async def test_shutdown_the_moment_it_starts_opens_nothing_after(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord
) -> None:
    """A stop as the bot starts (a signal at launch, Quit as the icon appears) lands while the
    connection is being set up: the client must not log in after it was closed (its HTTP session
    would never be closed: "Unclosed client session", which the autouse check fails on)."""
    supervisor = await make_supervisor()
    await supervisor.shutdown(5)
    assert supervisor.snapshot.state is State.STOPPED
    assert fake_discord.identify_count == 0
