"""The real discord.py client against tests/fakes/discord_server.py, over 127.0.0.1.

These tests pin both the fake (so other tests can trust it) and the discord.py
behaviour bot/discord_compat.py documents.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import io
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord
import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.discord_compat import (
    DEFAULT_API_BASE,
    ReidentifyDelayMixin,
    error_kind,
    fast_client_options,
    point_discord_at,
)
from tests.fakes.discord_server import (
    DROP_CONNECTION,
    HANG_DOWNLOAD,
    MANAGE_WEBHOOKS,
    RESET_CONNECTION,
    FakeDiscord,
    Guild,
    User,
)

TIMEOUT = 10.0


class RecordingClient(ReidentifyDelayMixin, discord.Client):
    """A discord.Client that counts events and queues messages for the test to await."""

    reidentify_delay = 0.0

    def __init__(self, *, message_content: bool = True, members: bool = False, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        intents.members = members
        super().__init__(intents=intents, **{**fast_client_options(), **options})
        self.counts: Counter[str] = Counter()
        self.order: list[str] = []  # every counted event, in the order it happened
        self.messages: asyncio.Queue[discord.Message] = asyncio.Queue()
        self._changed = asyncio.Condition()

    async def _count(self, name: str) -> None:
        self.counts[name] += 1
        self.order.append(name)
        async with self._changed:
            self._changed.notify_all()

    async def wait_event(self, name: str, n: int = 1, timeout: float = TIMEOUT) -> None:
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: self.counts[name] >= n)

    async def next_message(self, predicate: Callable[[discord.Message], bool] = lambda m: True) -> discord.Message:
        async with asyncio.timeout(TIMEOUT):
            while True:
                message = await self.messages.get()
                if predicate(message):
                    return message

    async def on_connect(self) -> None:
        await self._count("connect")  # READY parsed; on_ready follows guild_ready_timeout later

    async def on_ready(self) -> None:
        await self._count("ready")

    async def on_thread_create(self, thread: discord.Thread) -> None:
        await self._count("thread_create")

    async def on_thread_join(self, thread: discord.Thread) -> None:
        await self._count("thread_join")

    async def on_thread_update(self, before: discord.Thread, after: discord.Thread) -> None:
        await self._count("thread_update")

    async def on_resumed(self) -> None:
        await self._count("resumed")

    async def on_webhooks_update(self, channel: discord.abc.GuildChannel) -> None:
        await self._count("webhooks_update")

    async def on_guild_channel_update(self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel) -> None:
        await self._count("guild_channel_update")

    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        await self._count("guild_role_update")

    async def on_disconnect(self) -> None:
        await self._count("disconnect")

    async def on_message(self, message: discord.Message) -> None:
        await self.messages.put(message)


@pytest.fixture
def guild(fake: FakeDiscord) -> Guild:
    return fake.add_guild("Tavern", ["general", "random"])


@pytest.fixture
def alice(fake: FakeDiscord) -> User:
    return fake.add_user("alice")


@asynccontextmanager
async def running(
    fake: FakeDiscord, client: RecordingClient | None = None, *, token: str | None = None, wait_ready: bool = True
) -> AsyncIterator[tuple[RecordingClient, asyncio.Task[None]]]:
    """Run client.start() in a task; always close the client and reap the task."""
    client = client or RecordingClient()
    task = asyncio.create_task(client.start(token or fake.token))
    try:
        if wait_ready:
            await client.wait_event("ready")
        yield client, task
    finally:
        await client.close()
        with contextlib.suppress(discord.DiscordException, asyncio.CancelledError):
            await asyncio.wait_for(task, TIMEOUT)  # the test already asserted what start() raised


def from_alice(alice: User) -> Callable[[discord.Message], bool]:
    return lambda m: m.author.id == alice.id


async def test_login_ready_and_guild_cache(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    async with running(fake) as (client, _):
        assert client.user is not None and client.user.id == fake.bot.id
        cached = client.get_guild(guild.id)
        assert cached is not None and cached.name == "Tavern"
        assert [c.name for c in cached.text_channels] == ["general", "random"]
        me = cached.me
        assert cached.text_channels[0].permissions_for(me).send_messages
        assert fake.identify_payloads[0]["intents"] & discord.Intents(message_content=True).value
        assert [c.path for c in fake.calls[:3]] == ["/gateway", "/users/@me", "/oauth2/applications/@me"]
        assert fake.unknown_calls == []


async def test_fetch_member_carries_roles_and_unknown_users_are_not_found(
    fake: FakeDiscord, guild: Guild, alice: User
) -> None:
    role = fake.add_role(guild, "regular")
    async with running(fake) as (client, _):
        await fake.give_role(guild, alice, role)
        found = client.get_guild(guild.id)
        assert found is not None
        member = await found.fetch_member(alice.id)
        assert member.id == alice.id and role.id in [r.id for r in member.roles]
        with pytest.raises(discord.NotFound):
            await found.fetch_member(alice.id + 12345)


async def test_message_send_reply_typing_edit(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake) as (client, _):
        said = await fake.user_says(general.id, alice, "hello there", mentions_bot=True)
        message = await client.next_message(from_alice(alice))
        assert message.content == f"<@{fake.bot.id}> hello there"
        assert client.user in message.mentions
        assert message.guild is not None and message.guild.id == guild.id
        assert isinstance(message.author, discord.Member)

        async with message.channel.typing():
            pass
        sent = await message.channel.send(f"hi <@{alice.id}>", allowed_mentions=discord.AllowedMentions.none())
        reply = await message.reply("a reply", mention_author=False)
        [first, second] = await fake.wait_for_sent(2, channel_id=general.id)
        assert fake.typing == [general.id]
        assert first.content == f"hi <@{alice.id}>" and first.allowed_mentions == {"parse": []}
        assert first.message["mentions"] == []  # allowed_mentions suppressed the ping
        assert second.message_reference is not None and int(second.message_reference["message_id"]) == int(said["id"])
        assert second.allowed_mentions is not None and second.allowed_mentions["replied_user"] is False
        assert reply.reference is not None and reply.reference.message_id == int(said["id"])

        # Discord echoes the bot's own messages back over the gateway.
        echo = await client.next_message(lambda m: m.id == sent.id)
        assert echo.author == client.user

        await sent.edit(content="edited")
        assert fake.edits[-1].content == "edited" and fake.edits[-1].message_id == sent.id

        # A user replying to the bot: reference resolved, and the reply pings the bot.
        await fake.user_says(general.id, alice, "answering you", reply_to=sent.id)
        answer = await client.next_message(from_alice(alice))
        assert answer.reference is not None and answer.reference.message_id == sent.id
        assert isinstance(answer.reference.resolved, discord.Message)
        assert answer.reference.resolved.author == client.user
        assert client.user in answer.mentions


async def test_send_validation_uploads_and_unknown_routes(fake: FakeDiscord, guild: Guild) -> None:
    async with running(fake) as (client, _):
        channel = client.get_channel(guild.channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(discord.HTTPException) as too_long:
            await channel.send("x" * 2001)
        assert too_long.value.status == 400 and too_long.value.code == 50035
        await channel.send("see file", file=discord.File(io.BytesIO(b"hello"), "note.txt"))
        [sent] = await fake.wait_for_sent(1)
        assert sent.content == "see file" and sent.attachments == ("note.txt",)
        # A route the fake does not serve answers 404 JSON and is recorded, so gaps show.
        with pytest.raises(discord.NotFound):
            await client.fetch_guild(guild.id)
        assert [c.path for c in fake.unknown_calls] == [f"/guilds/{guild.id}"]


async def test_members_intent_gets_member_chunks(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    async with running(fake, RecordingClient(members=True)) as (client, _):
        cached = client.get_guild(guild.id)
        assert cached is not None and cached.get_member(alice.id) is not None


async def test_history_newest_first_and_paging(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake) as (client, _):
        said = [await fake.user_says(general.id, alice, f"line {i}") for i in range(5)]
        channel = client.get_channel(general.id)
        assert isinstance(channel, discord.TextChannel)
        newest_first = [m.content async for m in channel.history(limit=10)]
        assert newest_first == [f"line {i}" for i in reversed(range(5))]
        after = discord.Object(id=int(said[1]["id"]))
        assert [m.content async for m in channel.history(after=after, limit=2)] == ["line 2", "line 3"]
        before = discord.Object(id=int(said[3]["id"]))
        assert [m.content async for m in channel.history(before=before, limit=2)] == ["line 2", "line 1"]
        fetched = await channel.fetch_message(int(said[0]["id"]))
        assert fetched.content == "line 0"


async def test_dm_and_message_content_intent(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    async with running(fake, RecordingClient(message_content=False)) as (client, _):
        # Without the intent, Discord blanks guild messages that do not mention the bot...
        await fake.user_says(guild.channels[0].id, alice, "just chatting")
        assert (await client.next_message(from_alice(alice))).content == ""
        await fake.user_says(guild.channels[0].id, alice, "hey", mentions_bot=True)
        assert (await client.next_message(from_alice(alice))).content.endswith("hey")
        # ...but never DMs.
        await fake.user_says_dm(alice, "psst")
        dm = await client.next_message(from_alice(alice))
        assert dm.content == "psst" and isinstance(dm.channel, discord.DMChannel) and dm.guild is None
        await dm.channel.send("hello in private")
        [sent] = await fake.wait_for_sent(1, channel_id=fake.dm_channel(alice).id)
        assert sent.content == "hello in private"
        # Opening a DM from the bot's side gives the same channel.
        opened = await (await client.fetch_user(alice.id)).create_dm()
        assert opened.id == fake.dm_channel(alice).id


async def test_bad_token_is_login_failure(fake: FakeDiscord) -> None:
    client = RecordingClient()
    try:
        with pytest.raises(discord.LoginFailure) as info:
            await client.start("wrong-token")
        assert error_kind(info.value) == "auth"
    finally:
        await client.close()
    assert fake.identify_count == 0


async def test_abort_resumes_and_replays_missed_events(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    async with running(fake) as (client, _):
        session = fake.session_id
        await fake.abort_gateway()
        await fake.user_says(guild.channels[0].id, alice, "while you were away")  # buffered
        await fake.wait_for_resume(1)
        await client.wait_event("resumed")
        assert (await client.next_message(from_alice(alice))).content == "while you were away"
        assert fake.replayed_events == ["MESSAGE_CREATE"]
        assert fake.session_id == session and fake.identify_count == 1
        # Live again after the resume.
        await fake.user_says(guild.channels[0].id, alice, "welcome back")
        assert (await client.next_message(from_alice(alice))).content == "welcome back"


async def test_op7_reconnect_resumes(fake: FakeDiscord, guild: Guild) -> None:
    async with running(fake) as (client, _):
        await fake.send_reconnect()
        await client.wait_event("resumed")
        assert fake.client_close_codes == [4000]  # discord.py closes with 4000 to keep the session
        assert fake.identify_count == 1 and fake.resumed_count == 1


async def test_invalid_session_false_reidentifies(fake: FakeDiscord, guild: Guild) -> None:
    async with running(fake) as (client, _):
        first_session = fake.session_id
        await fake.send_invalid_session(False)
        await fake.wait_for_identify(2)
        await client.wait_event("ready", 2)
        assert fake.session_id != first_session
        assert fake.client_close_codes == [1000]
        # A RESUME the server refuses also ends in a fresh IDENTIFY.
        fake.sessions_invalid_on_resume = True
        await fake.abort_gateway()
        await fake.wait_for_identify(3)
        await client.wait_event("ready", 3)
        assert fake.resume_count == 1 and fake.resumed_count == 0


async def test_invalid_session_true_resumes(fake: FakeDiscord, guild: Guild) -> None:
    async with running(fake) as (client, _):
        await fake.send_invalid_session(True)
        await client.wait_event("resumed")
        assert fake.identify_count == 1


async def test_stop_and_start_listening(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    async with running(fake) as (client, _):
        port = fake.port
        await fake.stop_listening()
        await fake.wait_disconnected()
        await fake.user_says(guild.channels[0].id, alice, "during the outage")
        await fake.start_listening()
        assert fake.port == port
        await client.wait_event("resumed")
        assert (await client.next_message(from_alice(alice))).content == "during the outage"
        # REST works again too (discord.py's pooled connections were closed by the outage).
        channel = client.get_channel(guild.channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("back online")
        assert [s.content for s in await fake.wait_for_sent(1)] == ["back online"]


async def test_zombie_connection_is_dropped_and_resumed(fake: FakeDiscord, guild: Guild) -> None:
    client = RecordingClient(heartbeat_timeout=1.0)
    async with running(fake, client):
        fake.stop_heartbeat_acks()
        await client.wait_event("resumed")  # the client noticed the silence and resumed
        fake.resume_heartbeat_acks()
        assert 4000 in fake.client_close_codes


async def test_rate_limited_send_is_retried(fake: FakeDiscord, guild: Guild) -> None:
    fake.fail_rest("POST", r"^/channels/\d+/messages$", 429, retry_after=0.2)
    async with running(fake) as (client, _):
        channel = client.get_channel(guild.channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("eventually")
        [sent] = await fake.wait_for_sent(1)
        assert sent.content == "eventually"
        assert [c.method for c in fake.calls if c.path.endswith("/messages")] == ["POST", "POST"]


async def test_server_error_on_send_is_raised_when_persistent(fake: FakeDiscord, guild: Guild) -> None:
    fake.fail_rest("POST", r"/messages$", 403)
    async with running(fake) as (client, _):
        channel = client.get_channel(guild.channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(discord.Forbidden):
            await channel.send("nope")
        assert fake.sent == []


async def test_disallowed_intents_raise_privileged_intents_required(fake: FakeDiscord, guild: Guild) -> None:
    fake.allowed_privileged_intents = 0
    async with running(fake, wait_ready=False) as (_, task):
        with pytest.raises(discord.PrivilegedIntentsRequired) as info:
            await asyncio.wait_for(task, TIMEOUT)
        assert error_kind(info.value) == "intents"


@pytest.mark.parametrize(("code", "kind"), [(4004, "auth"), (4013, "config")])
async def test_fatal_close_codes_end_start(fake: FakeDiscord, guild: Guild, code: int, kind: str) -> None:
    async with running(fake) as (_, task):
        await fake.close_gateway(code)
        with pytest.raises(discord.ConnectionClosed) as info:
            await asyncio.wait_for(task, TIMEOUT)
        assert info.value.code == code and error_kind(info.value) == kind


async def test_rejected_identify(fake: FakeDiscord, guild: Guild) -> None:
    fake.reject_identify_with(4014)
    async with running(fake, wait_ready=False) as (_, task):
        with pytest.raises(discord.PrivilegedIntentsRequired):
            await asyncio.wait_for(task, TIMEOUT)
    assert fake.identify_count == 1 and fake.ready_count == 0


async def test_point_discord_at_default_restores_library_values(fake: FakeDiscord) -> None:
    assert fake.api_base == Route.BASE
    assert str(DiscordWebSocket.DEFAULT_GATEWAY) == fake.gateway_url
    await point_discord_at(DEFAULT_API_BASE)
    assert Route.BASE == "https://discord.com/api/v10"
    assert str(DiscordWebSocket.DEFAULT_GATEWAY) == "wss://gateway.discord.gg/"


async def test_threads_from_guild_create_messages_and_history(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    quest = await fake.add_thread(general, "quest", author=alice)
    old = await fake.add_thread(general, "old", archived=True)
    earlier = await fake.user_says(quest, alice, "before you came")  # no session yet: history only
    async with running(fake) as (client, _):
        cached = client.get_guild(guild.id)
        assert cached is not None
        assert [t.id for t in cached.threads] == [quest.id]  # active threads only
        thread = client.get_channel(quest.id)
        assert isinstance(thread, discord.Thread) and thread.guild == cached
        assert thread.parent_id == general.id and thread.parent == cached.get_channel(general.id)
        assert thread.owner_id == alice.id and thread.name == "quest" and not thread.archived
        assert thread.message_count == 1 and thread.member_count == 1
        assert thread.last_message_id == int(earlier["id"])
        assert thread.me is None  # the bot has not joined yet

        said = await fake.user_says(quest, alice, "hi", mentions_bot=True)
        message = await client.next_message(from_alice(alice))
        assert isinstance(message.channel, discord.Thread) and message.channel.id == quest.id
        assert message.guild == cached and isinstance(message.author, discord.Member)
        assert message.position == 1

        async with thread.typing():
            pass
        await thread.send("in the thread")
        reply = await message.reply("a reply in the thread", mention_author=False)
        [first, second] = await fake.wait_for_sent(2, channel_id=quest.id)
        assert first.content == "in the thread" and fake.typing == [quest.id]
        assert fake.replies_to(said) == [second] and reply.channel == thread
        assert fake.bot.id in quest.thread_members  # posting joined the bot

        newest_first = [m.content async for m in thread.history(limit=10)]
        assert newest_first == ["a reply in the thread", "in the thread", f"<@{fake.bot.id}> hi", "before you came"]

        fetched = await client.fetch_channel(quest.id)
        assert isinstance(fetched, discord.Thread) and fetched.message_count == 4 and fetched.member_count == 2
        assert fetched.last_message_id == reply.id
        fetched_old = await client.fetch_channel(old.id)
        assert isinstance(fetched_old, discord.Thread) and fetched_old.archived
        assert fetched_old.owner_id == guild.owner_id

        active = await cached.active_threads()
        assert [t.id for t in active] == [quest.id]
        assert [m.id for m in active[0].members] == [fake.bot.id]  # the bot's thread member, from "members"
        parent = cached.get_channel(general.id)
        assert isinstance(parent, discord.TextChannel)
        assert [t.id async for t in parent.archived_threads()] == [old.id]
        assert fake.unknown_calls == []


async def test_threads_created_and_archived_live(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake) as (client, _):
        cached = client.get_guild(guild.id)
        assert cached is not None and list(cached.threads) == []
        live = await fake.add_thread(general, "live", author=alice)
        await client.wait_event("thread_create")  # THREAD_CREATE with newly_created
        assert isinstance(client.get_channel(live.id), discord.Thread)

        # Archived: it leaves the cache; a message in it unarchives it first (THREAD_UPDATE).
        await fake.set_thread_archived(live)
        await client.wait_event("thread_update")
        assert client.get_channel(live.id) is None
        await fake.user_says(live, alice, "anyone?")
        message = await client.next_message(from_alice(alice))
        assert isinstance(message.channel, discord.Thread) and not message.channel.archived
        assert client.counts["thread_join"] == 1 and not live.archived

        # Archived and locked: the bot cannot post there.
        await fake.set_thread_archived(live, locked=True)
        await client.wait_event("thread_update", 2)
        thread = await client.fetch_channel(live.id)
        assert isinstance(thread, discord.Thread) and thread.archived and thread.locked
        with pytest.raises(discord.HTTPException) as info:
            await thread.send("let me in")
        assert info.value.status == 400 and info.value.code == 50083
        assert fake.sent == []


async def test_drop_after_ready_resumes_before_on_ready(fake: FakeDiscord, guild: Guild) -> None:
    fake.drop_after_ready = 1
    client = RecordingClient(guild_ready_timeout=1.0)
    async with running(fake, client):
        # READY was parsed (connect), the socket dropped (1006), the client RESUMEd at once,
        # and only then did discord.py's guild_ready_timeout fire on_ready.
        assert client.order == ["connect", "disconnect", "resumed", "ready"]
        assert fake.identify_count == 1 and fake.resumed_count == 1 and fake.drop_after_ready == 0
        assert fake.connected


async def test_after_ready_hook_outage_gives_on_ready_while_offline(fake: FakeDiscord, guild: Guild) -> None:
    client = RecordingClient(guild_ready_timeout=1.0)
    fake.after_ready = fake.stop_listening  # the network goes away between READY and on_ready
    async with running(fake, client):
        # on_ready fired although the client has been offline since right after READY.
        assert not fake.connected and fake.after_ready is None
        before_ready = client.order[: client.order.index("ready")]
        assert before_ready[0] == "connect" and set(before_ready[1:]) == {"disconnect"}  # one per failed try
        assert client.counts["resumed"] == 0
        await fake.start_listening()
        await client.wait_event("resumed", timeout=30)  # discord.py's backoff: up to several seconds
        assert fake.identify_count == 1 and fake.resumed_count == 1 and fake.hook_errors == []


async def test_dm_history_for_a_client_that_was_away(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    dm = fake.dm_channel(alice)
    await fake.user_says_dm(alice, "are you there?")  # no session: stored, not dispatched
    second = await fake.user_says_dm(alice, "hello?")
    async with running(fake) as (client, _):
        channel = await client.fetch_channel(dm.id)
        assert isinstance(channel, discord.DMChannel)
        assert channel.recipient is not None and channel.recipient.id == alice.id
        assert [m.content async for m in channel.history(limit=10)] == ["hello?", "are you there?"]
        raw = await client.http.get_channel(dm.id)  # discord.py's DMChannel drops last_message_id
        assert raw["last_message_id"] == second["id"]
        opened = await client.create_dm(await client.fetch_user(alice.id))
        assert opened.id == dm.id

        # While connected, dispatch=False writes history only.
        silent = await fake.user_says_dm(alice, "written while you were stopped", dispatch=False)
        await fake.user_says_dm(alice, "live")
        assert (await client.next_message(from_alice(alice))).content == "live"
        assert [m.content async for m in channel.history(limit=2)] == ["live", "written while you were stopped"]
        assert int(silent["id"]) in [int(m["id"]) for m in dm.messages]
        # The bot's own earlier answer, in history but not in `sent`.
        await fake.user_says(dm, fake.bot, "my old answer", reply_to=silent, dispatch=False)
        assert fake.sent == [] and (await client.http.get_channel(dm.id))["last_message_id"] == dm.messages[-1]["id"]


async def test_typing_failures(fake: FakeDiscord, guild: Guild) -> None:
    fake.fail_rest("POST", r"/channels/\d+/typing$", 503, times=None)
    async with running(fake) as (client, _):
        channel = client.get_channel(guild.channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(discord.DiscordServerError) as info:
            async with channel.typing():
                pass
        assert info.value.status == 503 and fake.typing == []
        assert len([c for c in fake.calls if c.path.endswith("/typing")]) == 1  # 503 is not retried

        # 500 is retried by discord.py after 1 s (then 3, 5, 7, 9 s: ~25 s if it persists).
        fake.clear_rest_failures()
        fake.fail_rest("POST", r"/channels/\d+/typing$", 500, times=1)
        loop = asyncio.get_running_loop()
        started = loop.time()
        async with channel.typing():
            pass
        assert 1.0 <= loop.time() - started < 3.0
        assert fake.typing == [channel.id]
        assert len([c for c in fake.calls if c.path.endswith("/typing")]) == 3


async def test_dropped_rest_connection(fake: FakeDiscord, guild: Guild) -> None:
    fake.fail_rest("POST", r"/messages$", DROP_CONNECTION)
    fake.fail_rest("POST", r"/messages$", RESET_CONNECTION)
    async with running(fake) as (client, _):
        channel = client.get_channel(guild.channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(aiohttp.ServerDisconnectedError):  # EOF, no HTTP answer
            await channel.send("lost")
        with pytest.raises(aiohttp.ClientOSError) as reset:  # RST: not retried on Linux
            await channel.send("reset")
        assert reset.value.errno == errno.ECONNRESET
        assert fake.sent == []
        await channel.send("the next request gets a new connection")
        assert [s.content for s in await fake.wait_for_sent(1)] == ["the next request gets a new connection"]


async def test_replies_to_counts_answers_and_processed_faults(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake) as (client, _):
        question = await fake.user_says(general, alice, "question", mentions_bot=True)
        other = await fake.user_says(general, alice, "another")
        message = await client.next_message(lambda m: m.id == int(question["id"]))
        await message.channel.send("not a reply")
        # The answer is posted, then the connection drops: the bot sees an error...
        fake.fail_rest("POST", r"/messages$", DROP_CONNECTION, processed=True)
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await message.reply("first try")
        # ...retries, and Discord now holds two answers.
        await message.reply("second try")
        replies = await fake.wait_for_replies(question, 2)
        assert [r.content for r in replies] == ["first try", "second try"]
        assert fake.replies_to(int(question["id"])) == replies and fake.replies_to(other) == []
        assert [s.content for s in fake.sent] == ["not a reply", "first try", "second try"]
        echoed = await client.next_message(lambda m: m.content == "first try")  # echoed like any post
        assert echoed.reference is not None and echoed.reference.message_id == int(question["id"])


async def test_enforce_nonce_returns_the_earlier_message(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake) as (client, _):
        question = await fake.user_says(general, alice, "question", mentions_bot=True)
        message = await client.next_message(lambda m: m.id == int(question["id"]))
        # The answer is posted, then the connection drops; a retry with the SAME nonce...
        fake.fail_rest("POST", r"/messages$", DROP_CONNECTION, processed=True)
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await message.reply("the answer", nonce=1234)
        again = await message.reply("the answer", nonce=1234)
        # ...gets the message Discord already has, and nothing is posted twice.
        [reply] = fake.replies_to(question)
        assert again.id == reply.message_id and fake.deduplicated_sends == 1
        # Another nonce is another message, and the window is the fake's own setting.
        await message.reply("the answer", nonce=5678)
        fake.nonce_window = 0.0
        await message.reply("the answer", nonce=1234)
        assert len(fake.replies_to(question)) == 3 and fake.deduplicated_sends == 1


async def test_heartbeat_acks_can_come_late(fake: FakeDiscord, guild: Guild) -> None:
    fake.heartbeat_interval_ms = 300
    fake.heartbeat_ack_delay = 0.8
    async with running(fake):
        await fake.wait_for(lambda: fake.heartbeat_count >= 1, what="a heartbeat")
        asked = time.monotonic()
        await fake.wait_for(lambda: fake.heartbeat_acks >= 1, what="its late acknowledgement")
        assert time.monotonic() - asked >= 0.7
        assert fake.heartbeat_count >= 2, "the client kept sending heartbeats meanwhile"
        fake.heartbeat_ack_delay = 0.0


async def test_attachments_are_served_for_attachment_read(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(picture, "PNG")
    png = picture.getvalue()
    general = guild.channel("general")
    async with running(fake) as (client, _):
        said = await fake.user_says(
            general,
            alice,
            "look",
            mentions_bot=True,
            attachments=[("cat.png", png, "image/png"), ("notes.txt", "héllo".encode()), ("blob.bin", b"\x00\x01")],
        )
        message = await client.next_message(lambda m: m.id == int(said["id"]))
        cat, notes, blob = message.attachments
        # As Discord shows them: size, content type (guessed from the name when not given,
        # "; charset=utf-8" for text), width/height for images, signed CDN and proxy URLs.
        assert (cat.filename, cat.size, cat.content_type, cat.width, cat.height) == (
            "cat.png",
            len(png),
            "image/png",
            40,
            30,
        )
        assert notes.content_type == "text/plain; charset=utf-8" and notes.width is None
        assert blob.content_type == "application/octet-stream"
        assert "?ex=" in cat.url and "/media/attachments/" in cat.proxy_url
        # discord.py downloads through its own session, from either URL.
        assert await cat.read() == png
        assert await notes.read(use_cached=True) == "héllo".encode()
        assert fake.downloads == [cat.id, notes.id]
        assert fake.files[cat.id].data == png
        # The REST copy of the message carries the same attachments.
        fetched = await message.channel.fetch_message(message.id)
        assert [a.url for a in fetched.attachments] == [a.url for a in message.attachments]
        # The bot's own uploads can be downloaded too.
        sent = await message.channel.send(file=discord.File(io.BytesIO(b"report"), "report.md"))
        assert await sent.attachments[0].read() == b"report"
        assert fake.unknown_calls == []


async def test_attachment_download_failures(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    files = [(f"f{i}.txt", f"file {i}".encode()) for i in range(5)]
    async with running(fake) as (client, _):
        said = await fake.user_says(general, alice, "files", attachments=files)
        message = await client.next_message(lambda m: m.id == int(said["id"]))
        missing, forbidden, dropped, hung, flaky = message.attachments
        fake.fail_attachment(missing.id, 404)
        fake.fail_attachment("f1.txt", 403)
        fake.fail_attachment(said["attachments"][2], DROP_CONNECTION)
        fake.fail_attachment(hung.id, HANG_DOWNLOAD)
        fake.fail_attachment(flaky.id, 500, times=1)
        with pytest.raises(discord.NotFound):
            await missing.read()
        with pytest.raises(discord.Forbidden):
            await forbidden.read()
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await dropped.read()
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.3):
                await hung.read()
        with pytest.raises(discord.HTTPException) as server_error:
            await flaky.read()
        assert server_error.value.status == 500
        assert await flaky.read() == b"file 4"  # times=1: the next download works
        # A hung download waits for the test; released, it answers 503.
        waiting = asyncio.create_task(hung.read())
        await fake.wait_for(lambda: fake.downloads.count(hung.id) == 2, what="the second hung download")
        fake.release_hung_downloads()
        with pytest.raises(discord.HTTPException) as released:
            await waiting
        assert released.value.status == 503
        fake.clear_attachment_failures()
        assert await missing.read() == b"file 0"
        # An id the CDN does not know (deleted, or an expired link) is 404, as on Discord.
        with pytest.raises(discord.NotFound):
            await client.http.get_from_cdn(missing.url.replace(str(missing.id), "1234"))


# ----------------------------------------------------------------- webhooks


def png(colour: str = "red", size: tuple[int, int] = (16, 16)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def hook_guild(fake: FakeDiscord) -> Guild:
    """A guild where the bot's role has Manage Webhooks."""
    return fake.add_guild("Hooks", ["general", "random"], bot_permissions=MANAGE_WEBHOOKS)


def text_channel(client: discord.Client, channel_id: int) -> discord.TextChannel:
    channel = client.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def test_webhook_create_list_execute_edit_delete(fake: FakeDiscord, hook_guild: Guild, alice: User) -> None:
    general = hook_guild.channel("general")
    async with running(fake) as (client, _):
        channel = text_channel(client, general.id)
        assert channel.permissions_for(channel.guild.me).manage_webhooks
        hook = await channel.create_webhook(name="  Aria  ", avatar=png("red"))
        stored = fake.webhooks[hook.id]
        assert (stored.name, stored.channel_id, stored.avatar_data) == ("Aria", general.id, png("red"))
        assert stored.application_id == fake.application_id and hook.token == stored.token
        assert hook.user is not None and hook.user.id == fake.bot.id  # how discord.py 2.7.1 shows "ours"
        await client.wait_event("webhooks_update")

        # Someone's own webhook and another app's share the channel; only a user's shows its token.
        mine = await fake.add_webhook(general, "Announcer", creator=alice)
        other_app = await fake.add_webhook(general, "Other bot", application_id=12345)
        listed = {w.id: w for w in await channel.webhooks()}
        assert list(listed) == [hook.id, mine.id, other_app.id]
        assert listed[hook.id].token == hook.token and listed[mine.id].token == mine.token
        assert listed[other_app.id].token is None
        assert {w.id for w in await channel.guild.webhooks()} == set(listed)

        # Execute: stored in history, echoed as MESSAGE_CREATE with the webhook as author.
        sent = await hook.send(f"hello <@{alice.id}>", wait=True, allowed_mentions=discord.AllowedMentions.none())
        assert isinstance(sent, discord.WebhookMessage) and sent.webhook_id == hook.id
        echo = await client.next_message(lambda m: m.id == sent.id)
        assert echo.webhook_id == hook.id and echo.application_id == fake.application_id
        assert (echo.author.name, echo.author.bot, echo.author.discriminator) == ("Aria", True, "0000")
        assert echo.author.id == hook.id and not isinstance(echo.author, discord.Member)
        [record] = fake.webhook_sends
        assert record.webhook_id == hook.id and record.channel_id == general.id and record.message["mentions"] == []
        assert fake.sent == []  # the bot's own posts stay apart
        named = await hook.send("as someone else", username="Bram", wait=True)
        assert named.author.name == "Bram"
        await hook.send("no wait")  # 204, no message in the answer, but posted
        await fake.wait_for_webhook_sends(3, channel_id=general.id)
        history = [(m.content, m.webhook_id) async for m in channel.history(limit=3)]
        assert history == [("no wait", hook.id), ("as someone else", hook.id), (sent.content, hook.id)]

        # Edit, fetch and delete a webhook message through the token routes.
        edited = await hook.edit_message(sent.id, content="hello again")
        assert edited.content == "hello again" and fake.webhook_edits[-1].webhook_id == hook.id
        assert fake.edits == [] and (await hook.fetch_message(sent.id)).content == "hello again"
        await hook.delete_message(named.id)
        assert fake.deleted == [(general.id, named.id)]

        # Modify name and avatar (the bot's token route), then delete the webhook.
        await hook.edit(name="Bram", avatar=png("blue"))
        assert (stored.name, stored.avatar_data, stored.modified) == ("Bram", png("blue"), 1)
        assert (await hook.send("renamed", wait=True)).author.name == "Bram"
        await hook.delete()
        assert stored.deleted and [w.id for w in fake.webhooks_in(general)] == [mine.id, other_app.id]
        with pytest.raises(discord.NotFound) as gone:
            await hook.send("still there?", wait=True)
        assert gone.value.code == 10015
        assert fake.unknown_calls == []


async def test_webhook_rules_limit_and_permissions(
    fake: FakeDiscord, hook_guild: Guild, guild: Guild, alice: User
) -> None:
    general, random = hook_guild.channel("general"), hook_guild.channel("random")
    thread = await fake.add_thread(general, "plot")
    async with running(fake) as (client, _):
        channel = text_channel(client, general.id)
        for bad in ("Discord fan", "cLyDe", "x" * 81, "   "):
            with pytest.raises(discord.HTTPException) as refused:
                await channel.create_webhook(name=bad)
            assert refused.value.status == 400 and refused.value.code == 50035, bad
        hook = await channel.create_webhook(name="Aria")
        with pytest.raises(discord.HTTPException) as override:
            await hook.send("hi", username="discord", wait=True)
        assert override.value.code == 50035

        # 15 per channel, whoever made them; another channel has its own 15.
        await fake.add_webhook(general, "A user's", creator=alice)
        for i in range(13):
            await channel.create_webhook(name=f"Character {i}")
        with pytest.raises(discord.HTTPException) as full:
            await channel.create_webhook(name="One too many")
        assert full.value.status == 400 and full.value.code == 30007
        assert len(fake.webhooks_in(general)) == 15
        await text_channel(client, random.id).create_webhook(name="Elsewhere")

        # Threads and DMs have no webhooks of their own.
        with pytest.raises(discord.HTTPException) as in_thread:
            await client.http.create_webhook(thread.id, name="Nope")
        assert in_thread.value.code == 50024

        # Without Manage Webhooks: 403 (50013), and discord.py's cache agrees after the updates.
        await fake.set_overwrite(random, deny=MANAGE_WEBHOOKS)
        await client.wait_event("guild_channel_update")
        denied = text_channel(client, random.id)
        assert not denied.permissions_for(denied.guild.me).manage_webhooks
        assert fake.bot_permissions_in(random) & MANAGE_WEBHOOKS == 0
        assert fake.bot_permissions_in(general) & MANAGE_WEBHOOKS
        with pytest.raises(discord.Forbidden) as forbidden:
            await denied.webhooks()
        assert forbidden.value.code == 50013
        plain = text_channel(client, guild.channel("general").id)  # a guild with default permissions
        assert not plain.permissions_for(plain.guild.me).manage_webhooks
        with pytest.raises(discord.Forbidden):
            await plain.create_webhook(name="Aria")
        await fake.set_bot_permissions(guild, MANAGE_WEBHOOKS)
        await client.wait_event("guild_role_update")
        assert plain.permissions_for(plain.guild.me).manage_webhooks
        await plain.create_webhook(name="Aria")
        # An @everyone overwrite that allows it works too; a member overwrite denying wins over it.
        await fake.set_overwrite(random, allow=MANAGE_WEBHOOKS, everyone=True)
        await client.wait_event("guild_channel_update", 2)
        assert not denied.permissions_for(denied.guild.me).manage_webhooks
        await fake.set_overwrite(random)  # removed: the role's permission applies again
        await client.wait_event("guild_channel_update", 3)
        assert text_channel(client, random.id).permissions_for(denied.guild.me).manage_webhooks

        # Executing needs no permission, only the token; a wrong token is 401 (50027).
        with pytest.raises(discord.HTTPException) as bad_token:
            await discord.Webhook.partial(hook.id, "wrong", session=hook.session).send("x", wait=True)
        assert bad_token.value.status == 401 and bad_token.value.code == 50027
        # A moderator deletes it: 404 Unknown Webhook on the next use.
        await fake.delete_webhook(fake.webhooks[hook.id])
        with pytest.raises(discord.NotFound) as gone:
            await hook.edit_message(1, content="x")
        assert gone.value.code == 10015
        assert fake.unknown_calls == []


async def test_webhook_thread_id(fake: FakeDiscord, hook_guild: Guild, alice: User) -> None:
    general, random = hook_guild.channel("general"), hook_guild.channel("random")
    plot = await fake.add_thread(general, "plot", author=alice)
    elsewhere = await fake.add_thread(random, "elsewhere")
    async with running(fake) as (client, _):
        hook = await text_channel(client, general.id).create_webhook(name="Aria")
        thread = client.get_channel(plot.id)
        assert isinstance(thread, discord.Thread)
        sent = await hook.send("in the thread", thread=thread, wait=True)
        assert sent.channel.id == plot.id
        [record] = await fake.wait_for_webhook_sends(1, channel_id=plot.id)
        assert (
            record.message_id == sent.id and plot.messages[-1]["webhook_id"] == str(hook.id) and general.messages == []
        )
        assert fake.bot.id not in plot.thread_members  # a webhook does not join the thread
        echo = await client.next_message(lambda m: m.id == sent.id)
        assert isinstance(echo.channel, discord.Thread) and echo.channel.id == plot.id
        # Edits and fetches name the thread too; without it the message is not found.
        await hook.edit_message(sent.id, content="edited", thread=thread)
        assert fake.webhook_edits[-1].channel_id == plot.id and plot.messages[-1]["content"] == "edited"
        with pytest.raises(discord.NotFound):
            await hook.fetch_message(sent.id)
        assert (await hook.fetch_message(sent.id, thread=thread)).content == "edited"
        # A thread of another channel is refused; an archived thread is unarchived by the post.
        with pytest.raises(discord.HTTPException) as foreign:
            await hook.send("wrong place", thread=discord.Object(elsewhere.id), wait=True)
        assert foreign.value.status == 400
        await fake.set_thread_archived(plot)
        await hook.send("wake up", thread=discord.Object(plot.id), wait=True)
        assert not plot.archived
        await fake.set_thread_archived(plot, locked=True)
        with pytest.raises(discord.HTTPException) as locked:
            await hook.send("locked out", thread=discord.Object(plot.id), wait=True)
        assert locked.value.code == 50083


async def test_answers_to_replies_and_jump_links(fake: FakeDiscord, hook_guild: Guild, alice: User) -> None:
    general = hook_guild.channel("general")
    async with running(fake) as (client, _):
        question = await fake.user_says(general, alice, "question", mentions_bot=True)
        other = await fake.user_says(general, alice, "unrelated")
        message = await client.next_message(lambda m: m.id == int(question["id"]))
        hook = await text_channel(client, general.id).create_webhook(name="Aria")
        link = message.jump_url
        assert link == f"https://discord.com/channels/{hook_guild.id}/{general.id}/{question['id']}"
        await hook.send(f"-# ↪ {link}\nthe answer", wait=True)
        reply = await message.reply("a bot reply", mention_author=False)
        await hook.send("not an answer", wait=True)
        late = await hook.send("streaming…", wait=True)
        answers = await fake.wait_for_answers(question, 2)
        assert [a.content for a in answers] == [f"-# ↪ {link}\nthe answer", "a bot reply"]
        assert answers[1].message_id == reply.id and fake.answers_to(other) == []
        await hook.edit_message(late.id, content=f"done {link}")  # the link may come with an edit
        assert [a.message_id for a in fake.answers_to(int(question["id"]))][-1] == late.id


async def test_edit_rate_limit_is_absorbed_by_discord_py(fake: FakeDiscord, hook_guild: Guild) -> None:
    general = hook_guild.channel("general")
    fake.edit_rate_limit = (3, 0.5)
    async with running(fake) as (client, _):
        channel = text_channel(client, general.id)
        hook = await channel.create_webhook(name="Aria")
        own = await channel.send("bot message")
        streamed = await hook.send("webhook message", wait=True)
        loop = asyncio.get_running_loop()
        started = loop.time()
        # Bot and webhook edits share the channel's bucket on Discord; discord.py tracks them
        # apart, so some get 429 and are retried after retry_after; none is lost.
        for i in range(4):
            await asyncio.gather(own.edit(content=f"bot {i}"), hook.edit_message(streamed.id, content=f"hook {i}"))
        assert [e.content for e in fake.edits] == [f"bot {i}" for i in range(4)]
        assert [e.content for e in fake.webhook_edits] == [f"hook {i}" for i in range(4)]
        assert fake.rate_limited_edits >= 1
        assert loop.time() - started >= 0.5  # 8 edits at 3 per 0.5 s
        limited = [c for c in fake.calls if c.method == "PATCH"]
        assert len(limited) == 8 + fake.rate_limited_edits


async def test_webhook_execute_has_no_nonce(fake: FakeDiscord, hook_guild: Guild) -> None:
    """Why bot/personas.py checks history before retrying a post: a lost answer, then a retry, posts twice,
    and discord.py 2.7.1's webhook adapter retries a 5xx by itself (1 s later)."""
    general = hook_guild.channel("general")
    async with running(fake) as (client, _):
        hook = await text_channel(client, general.id).create_webhook(name="Aria")
        fake.fail_rest("POST", r"^/webhooks/\d+/[^/]+$", DROP_CONNECTION, processed=True)
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await hook.send("once", wait=True)
        await hook.send("once", wait=True)
        fake.fail_rest("POST", r"^/webhooks/\d+/[^/]+$", 503, processed=True)
        await hook.send("twice by itself", wait=True)  # no error reaches the caller
        assert [s.content for s in fake.webhook_sends] == ["once", "once", "twice by itself", "twice by itself"]
