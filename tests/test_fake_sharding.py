"""The fake Discord's gateway sharding, against discord.py 2.7.1's own AutoShardedClient.

Pins what tests/integration/test_sharding.py relies on: one session and socket per
shard, each shard's guilds only, DMs on shard 0, resume per shard, /gateway/bot's count.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from bot.discord_compat import ReidentifyDelayMixin, fast_client_options
from tests.fakes.discord_server import FakeDiscord

TIMEOUT = 10.0


class ShardClient(ReidentifyDelayMixin, discord.AutoShardedClient):
    reidentify_delay = 0.0

    def __init__(self, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(intents=intents, **{**fast_client_options(), **options})
        self.messages: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.resumed: list[int] = []

    async def on_message(self, message: discord.Message) -> None:
        await self.messages.put(message)

    async def on_shard_resumed(self, shard_id: int) -> None:
        self.resumed.append(shard_id)


async def run(fake: FakeDiscord, client: ShardClient) -> asyncio.Task[None]:
    return asyncio.create_task(client.start(fake.token))


async def stop(client: ShardClient, task: asyncio.Task[None]) -> None:
    await client.close()
    await asyncio.wait_for(task, TIMEOUT)


def ready_guilds(fake: FakeDiscord, shard: int) -> list[int]:
    return [int(g["id"]) for p in fake._sessions[shard].events if p["t"] == "READY" for g in p["d"]["guilds"]]


def events_on(fake: FakeDiscord, shard: int, name: str) -> list[dict[str, Any]]:
    return [frame["d"] for frame in fake._sessions[shard].events if frame["t"] == name]


async def test_each_shard_gets_its_own_session_socket_and_only_its_guilds(fake: FakeDiscord) -> None:
    even = fake.add_guild("Even", shard=(0, 2))
    odd = fake.add_guild("Odd", shard=(1, 2))
    assert FakeDiscord.shard_of(even, 2) == 0 and FakeDiscord.shard_of(odd, 2) == 1
    alice = fake.add_user("alice")
    client = ShardClient(shard_count=2)
    task = await run(fake, client)
    try:
        await fake.wait_shards_connected([0, 1], TIMEOUT)
        assert sorted(tuple(p["shard"]) for p in fake.identify_payloads) == [(0, 2), (1, 2)]
        assert len(set(fake.session_ids.values())) == 2 and fake.connected
        assert fake._sessions[0].conn is not fake._sessions[1].conn
        assert ready_guilds(fake, 0) == [even.id] and ready_guilds(fake, 1) == [odd.id]
        assert [g["id"] for g in events_on(fake, 0, "GUILD_CREATE")] == [str(even.id)]
        assert [g["id"] for g in events_on(fake, 1, "GUILD_CREATE")] == [str(odd.id)]
        await fake.user_says(odd.channels[0], alice, "on one", mentions_bot=True)
        await fake.user_says(even.channels[0], alice, "on zero", mentions_bot=True)
        await fake.user_says_dm(alice, "a dm")
        got = [await asyncio.wait_for(client.messages.get(), TIMEOUT) for _ in range(3)]
        assert {m.content.split("> ")[-1] for m in got} == {"on one", "on zero", "a dm"}
        # Each event went to its guild's shard; the DM to shard 0 only.
        assert [m["content"] for m in events_on(fake, 1, "MESSAGE_CREATE")] == [f"{fake.bot.mention} on one"]
        assert [m["content"] for m in events_on(fake, 0, "MESSAGE_CREATE")] == [f"{fake.bot.mention} on zero", "a dm"]
        by_guild = {g.id: g.shard_id for g in client.guilds}
        assert by_guild == {even.id: 0, odd.id: 1}
    finally:
        await stop(client, task)


async def test_dropping_one_shard_resumes_it_alone_and_buffers_its_events(fake: FakeDiscord) -> None:
    even = fake.add_guild("Even", shard=(0, 2))
    odd = fake.add_guild("Odd", shard=(1, 2))
    alice = fake.add_user("alice")
    client = ShardClient(shard_count=2)
    task = await run(fake, client)
    try:
        await fake.wait_shards_connected([0, 1], TIMEOUT)
        zero_conn = fake._sessions[0].conn
        await fake.abort_gateway(shard=1)
        assert not fake.shard_connected(1) and fake.shard_connected(0)
        await fake.user_says(odd.channels[0], alice, "while away", mentions_bot=True)  # buffered for shard 1
        await fake.user_says(even.channels[0], alice, "still here", mentions_bot=True)
        first = await asyncio.wait_for(client.messages.get(), TIMEOUT)
        assert first.content.endswith("still here")
        await fake.wait_for_resume(1, TIMEOUT)
        second = await asyncio.wait_for(client.messages.get(), TIMEOUT)
        assert second.content.endswith("while away")
        assert fake.resumed_shards == [1] and fake._sessions[0].conn is zero_conn
        assert fake.replayed_events == ["MESSAGE_CREATE"]
        await fake.wait_for(lambda: client.resumed == [1], TIMEOUT, "shard 1's on_shard_resumed")
    finally:
        await stop(client, task)


async def test_gateway_bot_recommends_the_configured_shard_count(fake: FakeDiscord) -> None:
    fake.recommended_shards = 3
    for shard in range(3):
        fake.add_guild(f"G{shard}", shard=(shard, 3))
    client = ShardClient()  # no shard_count: discord.py asks GET /gateway/bot
    task = await run(fake, client)
    try:
        await fake.wait_shards_connected([0, 1, 2], TIMEOUT)
        assert client.shard_count == 3
        assert all(len(ready_guilds(fake, shard)) == 1 for shard in range(3))
    finally:
        await stop(client, task)


async def test_a_shard_beyond_the_count_is_refused_with_4010(fake: FakeDiscord) -> None:
    client = ShardClient(shard_count=2, shard_ids=[2])
    task = await run(fake, client)
    with pytest.raises(discord.ConnectionClosed) as raised:
        await asyncio.wait_for(task, TIMEOUT)
    assert raised.value.code == 4010
    await client.close()


async def test_an_unsharded_client_is_shard_0_of_1_and_sees_everything(fake: FakeDiscord) -> None:
    fake.add_guild("A", shard=(0, 2))
    fake.add_guild("B", shard=(1, 2))
    intents = discord.Intents.default()
    client = discord.Client(intents=intents, **fast_client_options())
    task = asyncio.create_task(client.start(fake.token))
    try:
        await fake.wait_connected(TIMEOUT)
        assert list(fake.session_ids) == [0] and len(ready_guilds(fake, 0)) == 2
        assert events_on(fake, 0, "READY")[0]["shard"] == [0, 1]
    finally:
        await client.close()
        await asyncio.wait_for(task, TIMEOUT)
