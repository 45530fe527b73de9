"""Discord's gateway sharding through discord.py's AutoShardedClient, against the fake.

FAMILIAR_SHARD_COUNT/FAMILIAR_SHARD_IDS run this process as some shards of the bot:
connected when all of them are ("2/2"), "1/2" while one reconnects (the other keeps
answering), a shard's new session catches up on its own servers only, and DMs are
answered by the process holding shard 0 only.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from bot.supervisor import Snapshot, State, Supervisor
from tests.conftest import SupervisorFactory, bot_env, wait_for_state
from tests.fakes.discord_server import FakeDiscord, Guild
from tests.fakes.openai_server import FakeModel

TIMEOUT = 15.0


def shard_guilds(fake: FakeDiscord) -> tuple[Guild, Guild]:
    return fake.add_guild("Even", ["hall"], shard=(0, 2)), fake.add_guild("Odd", ["den"], shard=(1, 2))


def sharded_env(home: Path, fake: FakeDiscord, model: FakeModel, count: str, ids: str | None = None) -> dict[str, str]:
    env = bot_env(home, fake, model)
    env["FAMILIAR_SHARD_COUNT"] = count
    if ids is not None:
        env["FAMILIAR_SHARD_IDS"] = ids
    return env


def all_up(total: int) -> object:
    return lambda s: s.shards_total == total and s.shards_connected == total


def record(supervisor: Supervisor) -> list[Snapshot]:
    seen: list[Snapshot] = []
    supervisor.subscribe(seen.append)
    return seen


def history_reads(fake: FakeDiscord, since: int) -> set[int]:
    """Channels whose history the bot read (GET /channels/{id}/messages) after call number `since`."""
    reads = set()
    for call in fake.calls[since:]:
        if call.method == "GET" and (m := re.fullmatch(r"/channels/(\d+)/messages", call.path)):
            reads.add(int(m[1]))
    return reads


async def test_two_shards_in_one_process_answer_in_both_and_count_as_connected(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path
) -> None:
    even, odd = shard_guilds(fake_discord)
    supervisor = await make_supervisor(env=sharded_env(home, fake_discord, fake_model, "2"))
    snapshot = await wait_for_state(supervisor, State.CONNECTED, TIMEOUT, all_up(2))
    assert (snapshot.shards_total, snapshot.shards_connected) == (2, 2)
    assert sorted(tuple(p["shard"]) for p in fake_discord.identify_payloads) == [(0, 2), (1, 2)]
    alice = fake_discord.alice
    on_zero = await fake_discord.user_says(even.channels[0], alice, "hello shard zero", mentions_bot=True)
    on_one = await fake_discord.user_says(odd.channels[0], alice, "hello shard one", mentions_bot=True)
    await fake_discord.wait_for_replies(on_zero, 1, timeout=TIMEOUT)
    await fake_discord.wait_for_replies(on_one, 1, timeout=TIMEOUT)
    assert snapshot.server_count == 3  # the fixture's Tavern is on one of the two shards


async def test_a_dropped_shard_shows_one_of_two_while_the_other_keeps_answering_then_catches_up_alone(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path
) -> None:
    even, odd = shard_guilds(fake_discord)
    supervisor = await make_supervisor(env=sharded_env(home, fake_discord, fake_model, "2"))
    await wait_for_state(supervisor, State.CONNECTED, TIMEOUT, all_up(2))
    await supervisor.wait_caught_up()
    seen = record(supervisor)
    alice = fake_discord.alice
    # Shard 1 loses its socket and cannot come back for now (new gateway connections are refused).
    fake_discord.reject_gateway_connections = True
    await fake_discord.abort_gateway(shard=1)
    down = await wait_for_state(
        supervisor, State.RECONNECTING, TIMEOUT, lambda s: (s.shards_connected, s.shards_total) == (1, 2)
    )
    assert "shard 1" in (down.last_error or "") or down.next_retry_at is not None
    assert fake_discord.shard_connected(0)
    # Shard 0 keeps answering during the drop.
    during = await fake_discord.user_says(even.channels[0], alice, "anyone there?", mentions_bot=True)
    await fake_discord.wait_for_replies(during, 1, timeout=TIMEOUT)
    # Said on shard 1 while it was away: its socket is gone and its next session is new (the resume
    # was refused), so only shard 1's catch-up can find it.
    missed = await fake_discord.user_says(odd.channels[0], alice, "did you miss me?", mentions_bot=True)
    calls_before = len(fake_discord.calls)
    fake_discord.reject_gateway_connections = False
    await wait_for_state(supervisor, State.CONNECTED, TIMEOUT, all_up(2))
    await fake_discord.wait_for_replies(missed, 1, timeout=TIMEOUT)
    await supervisor.wait_caught_up()
    # Shard 1's catch-up read shard 1's channels only.
    assert history_reads(fake_discord, calls_before) <= {channel.id for channel in odd.channels} | {
        channel.id for channel in fake_discord.guild.channels if FakeDiscord.shard_of(fake_discord.guild, 2) == 1
    }
    assert odd.channels[0].id in history_reads(fake_discord, calls_before)
    counts = [(s.state, s.shards_connected) for s in seen]
    assert (State.RECONNECTING, 1) in counts and counts[-1] == (State.CONNECTED, 2)
    assert len(fake_discord.replies_to(during)) == 1 and len(fake_discord.replies_to(missed)) == 1


async def test_one_shard_per_process_each_answers_its_servers_and_only_shard_0_answers_dms(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, tmp_path: Path
) -> None:
    even, odd = shard_guilds(fake_discord)
    first = await make_supervisor(env=sharded_env(tmp_path / "shard0", fake_discord, fake_model, "2", "0"))
    second = await make_supervisor(env=sharded_env(tmp_path / "shard1", fake_discord, fake_model, "2", "1"))
    await wait_for_state(first, State.CONNECTED, TIMEOUT, all_up(1))
    await wait_for_state(second, State.CONNECTED, TIMEOUT, all_up(1))
    assert first.folders.memory_db != second.folders.memory_db  # each process keeps its own FAMILIAR_HOME
    alice = fake_discord.alice
    on_zero = await fake_discord.user_says(even.channels[0], alice, "zero?", mentions_bot=True)
    on_one = await fake_discord.user_says(odd.channels[0], alice, "one?", mentions_bot=True)
    dm = await fake_discord.user_says_dm(alice, "psst")
    await fake_discord.wait_for_replies(on_zero, 1, timeout=TIMEOUT)
    await fake_discord.wait_for_replies(on_one, 1, timeout=TIMEOUT)
    await fake_discord.wait_for_replies(dm, 1, timeout=TIMEOUT)
    await first.wait_caught_up()
    await second.wait_caught_up()
    assert [len(fake_discord.replies_to(m)) for m in (on_zero, on_one, dm)] == [1, 1, 1]
    # Who answered what: each process remembers only its own shard's conversations.
    assert await first.brain.memory.was_answered(int(dm["id"]))  # type: ignore[union-attr]
    assert not await second.brain.memory.was_answered(int(dm["id"]))  # type: ignore[union-attr]
    assert await second.brain.memory.was_answered(int(on_one["id"]))  # type: ignore[union-attr]
    assert not await first.brain.memory.was_answered(int(on_one["id"]))  # type: ignore[union-attr]


async def test_a_dm_said_while_both_shards_were_away_is_caught_up_once_by_shard_0(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path
) -> None:
    shard_guilds(fake_discord)
    supervisor = await make_supervisor(env=sharded_env(home, fake_discord, fake_model, "2"))
    await wait_for_state(supervisor, State.CONNECTED, TIMEOUT, all_up(2))
    alice = fake_discord.alice
    hello = await fake_discord.user_says_dm(alice, "hello")  # memory now knows the DM channel
    await fake_discord.wait_for_replies(hello, 1, timeout=TIMEOUT)
    await supervisor.wait_caught_up()
    away = await fake_discord.user_says_dm(alice, "still there?", dispatch=False)
    calls_before = len(fake_discord.calls)
    # Both shards lose their sessions: each catch-up runs, and only shard 0's reads DMs.
    await fake_discord.send_invalid_session(False, shard=1)
    await fake_discord.send_invalid_session(False, shard=0)
    await fake_discord.wait_for_identify(4, timeout=TIMEOUT)
    await wait_for_state(supervisor, State.CONNECTED, TIMEOUT, all_up(2))
    await fake_discord.wait_for_replies(away, 1, timeout=TIMEOUT)
    await supervisor.wait_caught_up()
    dm_channel = fake_discord.dm_channel(alice).id
    dm_reads = [
        c
        for c in fake_discord.calls[calls_before:]
        if c.method == "GET" and c.path == f"/channels/{dm_channel}/messages"
    ]
    assert len(dm_reads) == 1  # one catch-up (shard 0's) read the DM channel's history
    assert len(fake_discord.replies_to(away)) == 1 and len(fake_discord.replies_to(hello)) == 1


async def test_auto_takes_discords_recommended_count(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path
) -> None:
    fake_discord.recommended_shards = 3
    supervisor = await make_supervisor(env=sharded_env(home, fake_discord, fake_model, "auto"))
    snapshot = await wait_for_state(supervisor, State.CONNECTED, TIMEOUT, all_up(3))
    assert snapshot.shards_total == 3 and len(fake_discord.session_ids) == 3


async def test_bad_shard_variables_are_a_configuration_error_naming_the_variable(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path
) -> None:
    supervisor = await make_supervisor(env=sharded_env(home, fake_discord, fake_model, "2", "0,2"))
    assert supervisor.snapshot.state is State.ERROR
    assert "FAMILIAR_SHARD_IDS" in (supervisor.snapshot.last_error or "")
    assert fake_discord.identify_count == 0


async def test_unsharded_bots_keep_one_plain_connection(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    snapshot = await wait_for_state(supervisor, State.CONNECTED, TIMEOUT)
    assert (snapshot.shards_total, snapshot.shards_connected) == (0, 0)
    assert "shard" not in fake_discord.identify_payloads[0]


async def test_the_watchdog_of_an_idle_sharded_bot_wakes_about_once_per_heartbeat_not_every_second(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home: Path
) -> None:
    fake_discord.heartbeat_interval_ms = 41_250  # Discord's
    shard_guilds(fake_discord)
    supervisor = await make_supervisor(env=sharded_env(home, fake_discord, fake_model, "2"))
    await wait_for_state(supervisor, State.CONNECTED, TIMEOUT, all_up(2))
    await supervisor.wait_caught_up()
    await fake_discord.wait_for(lambda: supervisor.watchdog_wakes >= 1, TIMEOUT, "the watchdog's first look")
    before = supervisor.watchdog_wakes
    # Nothing happens for 2.5 s: a watchdog on a one-second tick would wake twice or more.
    with contextlib.suppress(TimeoutError):
        await fake_discord.wait_for(lambda: supervisor.watchdog_wakes > before + 1, 2.5, "idle watchdog wakes")
    assert supervisor.watchdog_wakes - before <= 1
