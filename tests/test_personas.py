"""bot/personas.py with the real discord.py client against the fake Discord, over 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest

import bot.personas
from bot.characters import Character
from bot.delivery import Outcome
from bot.discord_compat import fast_client_options
from bot.personas import MemoryBook, Personas, WebhookOutlet, webhook_name
from tests.fakes.discord_server import (
    DROP_CONNECTION,
    MANAGE_WEBHOOKS,
    FakeDiscord,
    Guild,
    RestCall,
    User,
)

TIMEOUT = 10.0
EXECUTE = r"^/webhooks/\d+/[^/]+$"

ARIA = Character(id="aria", name="Aria")
BRAM = Character(id="bram", name="Bram")


def png(colour: str = "red", size: tuple[int, int] = (16, 16)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def image_size_and_colour(data: bytes | None) -> tuple[tuple[int, int], Any]:
    from PIL import Image

    assert data is not None
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGB").getpixel((image.width // 2, image.height // 2))


class Client(discord.Client):
    """A plain discord.py client that lets the test wait for cache updates."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        options: dict[str, Any] = dict(fast_client_options())
        super().__init__(intents=intents, **options)
        self.ready = asyncio.Event()
        self.role_updates = 0
        self._changed = asyncio.Condition()

    async def on_ready(self) -> None:
        self.ready.set()

    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        async with self._changed:
            self.role_updates += 1
            self._changed.notify_all()

    async def wait_role_updates(self, n: int) -> None:
        async with asyncio.timeout(TIMEOUT):
            async with self._changed:
                await self._changed.wait_for(lambda: self.role_updates >= n)


@pytest.fixture
def guild(fake: FakeDiscord) -> Guild:
    """The bot's role has Manage Webhooks here."""
    return fake.add_guild("Tavern", ["general", "random"], bot_permissions=MANAGE_WEBHOOKS)


@pytest.fixture
def plain(fake: FakeDiscord) -> Guild:
    """A guild where the bot has only @everyone's permissions (no Manage Webhooks)."""
    return fake.add_guild("Plain", ["lobby", "other"])


@pytest.fixture
def alice(fake: FakeDiscord) -> User:
    return fake.add_user("alice")


@pytest.fixture
async def client(fake: FakeDiscord, guild: Guild, plain: Guild) -> AsyncIterator[Client]:
    bot = Client()
    task = asyncio.create_task(bot.start(fake.token))
    try:
        async with asyncio.timeout(TIMEOUT):
            await bot.ready.wait()
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(task, TIMEOUT)


def personas_for(client: discord.Client, **options: Any) -> Personas:
    return Personas(client, retry_delay=0.01, **options)


def text_channel(client: discord.Client, channel_id: int) -> discord.TextChannel:
    channel = client.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


def calls_since(fake: FakeDiscord, start: int) -> list[tuple[str, str]]:
    """(method, path) of the REST calls made since `len(fake.calls)` was `start`, tokens hidden."""
    return [(c.method, _route_of(c)) for c in fake.calls[start:]]


def _route_of(call: RestCall) -> str:
    parts = call.path.split("/")
    if len(parts) >= 4 and parts[1] == "webhooks":
        parts[3] = "{token}"
    return "/".join(parts)


async def outlet(
    personas: Personas, channel: discord.abc.Messageable, character: Character, avatar: bytes | None
) -> WebhookOutlet:
    made = await personas.outlet_for(channel, character, avatar)
    assert made is not None
    return made


# ----------------------------------------------------------------- creating and reusing


async def test_creates_named_webhook_with_avatar_then_reuses_it(
    fake: FakeDiscord, guild: Guild, client: Client, alice: User
) -> None:
    general = text_channel(client, guild.channel("general").id)
    personas = personas_for(client)
    start = len(fake.calls)
    aria = await outlet(personas, general, ARIA, png("red"))
    assert calls_since(fake, start) == [
        ("GET", f"/channels/{general.id}/webhooks"),
        ("POST", f"/channels/{general.id}/webhooks"),
    ]
    [hook] = fake.webhooks_in(guild.channel("general"))
    assert hook.name == "Aria" and hook.application_id == fake.application_id
    assert image_size_and_colour(hook.avatar_data) == ((16, 16), (255, 0, 0))

    posted = await aria.post("Hello, traveller.")
    assert posted.outcome is Outcome.SENT and posted.message is not None
    [sent] = fake.webhook_sends
    assert sent.webhook_id == hook.id and sent.message["author"]["username"] == "Aria"
    assert sent.json["allowed_mentions"]["parse"] == ["users"]  # SAFE_MENTIONS: never @everyone or roles
    edited = await aria.edit(posted.message.id, "Hello, traveller. Sit down.")
    assert edited.outcome is Outcome.SENT and fake.webhook_edits[-1].content == "Hello, traveller. Sit down."

    # Later replies: no REST call to get the outlet, the same webhook.
    start = len(fake.calls)
    for _ in range(50):
        again = await outlet(personas, general, ARIA, png("red"))
        assert again.webhook.id == hook.id
    assert calls_since(fake, start) == []

    # From the echoed MESSAGE_CREATE: ours, and which character.
    echo = await history_message(general, sent.message_id)
    assert personas.is_ours(echo) and await personas.character_of(echo) == "aria"
    assert echo.author.name == "Aria" and echo.application_id == client.application_id
    # Someone else's webhook in the same channel is not ours, and neither are people's messages.
    theirs = await fake.add_webhook(guild.channel("general"), "Announcer", creator=alice)
    announcer = discord.Webhook.partial(theirs.id, theirs.token, session=aria.webhook.session)
    announced = await announcer.send("News!", wait=True)
    said = await fake.user_says(guild.channel("general"), alice, "hi")
    for message_id in (announced.id, int(said["id"])):
        message = await history_message(general, message_id)
        assert not personas.is_ours(message) and await personas.character_of(message) is None


async def history_message(channel: discord.abc.Messageable, message_id: int) -> discord.Message:
    async for message in channel.history(limit=20):
        if message.id == message_id:
            return message
    raise AssertionError(f"message {message_id} not in history")


async def test_two_characters_share_one_lookup_and_a_restart_reuses_webhooks(
    fake: FakeDiscord, guild: Guild, client: Client
) -> None:
    general = text_channel(client, guild.channel("general").id)
    book = MemoryBook()
    first = personas_for(client, book=book)
    start = len(fake.calls)
    aria = await outlet(first, general, ARIA, png("red"))
    bram = await outlet(first, general, BRAM, None)  # no picture: a placeholder
    assert [m for m, _ in calls_since(fake, start)] == ["GET", "POST", "POST"]
    assert aria.webhook.id != bram.webhook.id
    assert image_size_and_colour(fake.webhooks[bram.webhook.id].avatar_data)[0] == (256, 256)

    # A restart with the book: the same webhooks, one GET, nothing made or changed.
    start = len(fake.calls)
    again = personas_for(client, book=book)
    assert (await outlet(again, general, ARIA, png("red"))).webhook.id == aria.webhook.id
    assert (await outlet(again, general, BRAM, None)).webhook.id == bram.webhook.id
    assert calls_since(fake, start) == [("GET", f"/channels/{general.id}/webhooks")]
    posted = await (await outlet(again, general, BRAM, None)).post("Still me.")
    assert posted.message is not None
    fresh = personas_for(client, book=book)  # knows the character of a message without any lookup
    assert await fresh.character_of(await history_message(general, posted.message.id)) == "bram"

    # A restart that lost the book: adopted by name, the avatar refreshed once (its picture is unknown).
    start = len(fake.calls)
    forgetful = personas_for(client)
    assert (await outlet(forgetful, general, ARIA, png("red"))).webhook.id == aria.webhook.id
    assert calls_since(fake, start) == [
        ("GET", f"/channels/{general.id}/webhooks"),
        ("PATCH", f"/webhooks/{aria.webhook.id}"),
    ]
    assert fake.webhooks[aria.webhook.id].modified == 1 and len(fake.webhooks) == 2


async def test_changed_card_refreshes_name_and_avatar(fake: FakeDiscord, guild: Guild, client: Client) -> None:
    general = text_channel(client, guild.channel("general").id)
    personas = personas_for(client)
    aria = await outlet(personas, general, ARIA, png("red"))
    stored = fake.webhooks[aria.webhook.id]
    renamed = Character(id="aria", name="Aria the Bold")
    assert (await outlet(personas, general, renamed, png("red"))).webhook.id == stored.id
    assert (stored.name, stored.modified) == ("Aria the Bold", 1)
    assert fake.calls[-1].json == {"name": "Aria the Bold"}  # only what changed
    await outlet(personas, general, renamed, png("blue", (1024, 768)))
    assert stored.modified == 2 and image_size_and_colour(stored.avatar_data) == ((256, 192), (0, 0, 255))
    posted = await (await outlet(personas, general, renamed, png("blue", (1024, 768)))).post("New look.")
    assert posted.outcome is Outcome.SENT and fake.webhook_sends[-1].message["author"]["username"] == "Aria the Bold"
    assert len(fake.webhooks) == 1


def test_webhook_names_follow_discords_rules() -> None:
    assert webhook_name("  Aria \n the   Bold ") == "Aria the Bold"
    assert webhook_name("Discord Kitten") == "Dis\u0441ord Kitten"  # a Cyrillic "с"
    assert webhook_name("CLYDE") == "\u0421LYDE" and webhook_name("my clyde") == "my \u0441lyde"
    assert webhook_name("a\u200bb\u0000c") == "abc"
    assert webhook_name("x" * 100) == "x" * 80
    assert webhook_name(" \u200b ") == "Character"
    for name in ("Discord Kitten", "clyde", "a" * 100):
        assert "discord" not in webhook_name(name).casefold() and "clyde" not in webhook_name(name).casefold()


async def test_sanitised_names_are_accepted(fake: FakeDiscord, guild: Guild, client: Client) -> None:
    general = text_channel(client, guild.channel("general").id)
    personas = personas_for(client)
    tricky = Character(id="kitten", name="Discord Kitten, friend of Clyde")
    made = await outlet(personas, general, tricky, None)
    assert fake.webhooks[made.webhook.id].name == webhook_name(tricky.name)
    assert (await made.post("Meow.")).outcome is Outcome.SENT


# ----------------------------------------------------------------- the 15 limit


async def test_limit_evicts_our_least_recently_used_never_others(
    fake: FakeDiscord, guild: Guild, client: Client, alice: User
) -> None:
    general_fake = guild.channel("general")
    general = text_channel(client, general_fake.id)
    others = [await fake.add_webhook(general_fake, f"Someone's {i}", creator=alice) for i in range(3)]
    personas = personas_for(client)
    cast = [Character(id=f"c{i}", name=f"Character {i}") for i in range(13)]
    made = {c.id: (await outlet(personas, general, c, None)).webhook.id for c in cast[:11]}
    await outlet(personas, general, cast[0], None)  # c0 speaks again: c1 is now the least recently used
    assert len(fake.webhooks_in(general_fake)) == 14

    # Someone adds a webhook Familiar has not seen: Discord answers 30007, Familiar looks again and evicts.
    others.append(await fake.add_webhook(general_fake, "A latecomer", creator=alice))
    start = len(fake.calls)
    eleventh = await outlet(personas, general, cast[11], None)
    assert [m for m, _ in calls_since(fake, start)] == ["POST", "GET", "DELETE", "POST"]
    assert fake.webhooks[made["c1"]].deleted and len(fake.webhooks_in(general_fake)) == 15

    # At the limit as far as Familiar knows: the least recently used of ours goes first.
    twelfth = await outlet(personas, general, cast[12], None)
    assert fake.webhooks[made["c2"]].deleted and not fake.webhooks[made["c0"]].deleted
    live = {w.id for w in fake.webhooks_in(general_fake)}
    assert len(live) == 15 and {eleventh.webhook.id, twelfth.webhook.id} <= live
    assert not any(w.deleted for w in others)


async def test_channel_full_of_others_webhooks_posts_as_the_bot(
    fake: FakeDiscord, guild: Guild, client: Client, alice: User, caplog: pytest.LogCaptureFixture
) -> None:
    random_fake = guild.channel("random")
    for i in range(15):
        await fake.add_webhook(random_fake, f"Someone's {i}", creator=alice)
    personas = personas_for(client)
    random = text_channel(client, random_fake.id)
    with caplog.at_level(logging.WARNING, logger="bot.personas"):
        assert await personas.outlet_for(random, ARIA, None) is None
        assert await personas.outlet_for(random, BRAM, None) is None
    assert len([r for r in caplog.records if "none of them Familiar's" in r.getMessage()]) == 1
    assert len(fake.webhooks_in(random_fake)) == 15


# ----------------------------------------------------------------- where webhooks cannot be used


async def test_missing_permission_is_logged_once_and_listed(
    fake: FakeDiscord,
    plain: Guild,
    guild: Guild,
    client: Client,
    alice: User,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    changes: list[dict[int, str]] = []

    def changed() -> None:
        changes.append(dict(personas.missing_permission))

    personas: Personas = personas_for(client, on_change=changed)
    lobby = text_channel(client, plain.channel("lobby").id)
    start = len(fake.calls)
    with caplog.at_level(logging.WARNING, logger="bot.personas"):
        for _ in range(3):
            assert await personas.outlet_for(lobby, ARIA, None) is None
    assert calls_since(fake, start) == []  # decided from discord.py's cache
    assert [r.getMessage() for r in caplog.records if "Manage Webhooks" in r.getMessage()] == [
        "Familiar lacks the Manage Webhooks permission in #lobby (Plain), so characters speak there as the bot account"
    ]
    assert dict(personas.missing_permission) == {lobby.id: "#lobby (Plain)"} and len(changes) == 1
    with pytest.raises(TypeError):
        personas.missing_permission[1] = "x"  # type: ignore[index]

    # DMs: no webhooks, nothing to report.
    await fake.user_says_dm(alice, "hi")
    dm = await (await client.fetch_user(alice.id)).create_dm()
    assert await personas.outlet_for(dm, ARIA, None) is None
    assert list(personas.missing_permission) == [lobby.id]

    # The permission arrives: webhooks from the next reply on.
    await fake.set_bot_permissions(plain, MANAGE_WEBHOOKS)
    await client.wait_role_updates(1)
    assert await personas.outlet_for(lobby, ARIA, None) is not None
    assert dict(personas.missing_permission) == {} and changes[-1] == {}

    # Discord says 403 though the cache said yes (a change the gateway did not tell): trust Discord.
    other = text_channel(client, plain.channel("other").id)
    plain.bot_permissions = 0  # server side only
    assert await personas.outlet_for(other, ARIA, None) is None
    assert other.id in personas.missing_permission
    start = len(fake.calls)
    assert await personas.outlet_for(other, ARIA, None) is None
    assert calls_since(fake, start) == []  # not asked again at once
    monkeypatch.setattr(bot.personas, "FORBIDDEN_RETRY", 0.0)  # the retry is due
    with caplog.at_level(logging.WARNING, logger="bot.personas"):
        caplog.clear()
        assert await personas.outlet_for(other, ARIA, None) is None
    assert other.id in personas.missing_permission and not caplog.records  # still refused: no new line
    plain.bot_permissions = MANAGE_WEBHOOKS
    assert await personas.outlet_for(other, ARIA, None) is not None
    assert dict(personas.missing_permission) == {} and changes[-1] == {}


# ----------------------------------------------------------------- threads


async def test_threads_use_the_parent_channels_webhook(
    fake: FakeDiscord, guild: Guild, client: Client, alice: User
) -> None:
    general_fake = guild.channel("general")
    plot_fake = await fake.add_thread(general_fake, "plot", author=alice)
    plot = await client.fetch_channel(plot_fake.id)
    assert isinstance(plot, discord.Thread)
    personas = personas_for(client)
    in_thread = await outlet(personas, plot, ARIA, None)
    in_channel = await outlet(personas, text_channel(client, general_fake.id), ARIA, None)
    assert in_thread.webhook.id == in_channel.webhook.id and len(fake.webhooks) == 1
    assert in_thread.channel_id == plot.id
    posted = await in_thread.post("Into the plot.")
    [sent] = await fake.wait_for_webhook_sends(1, channel_id=plot.id)
    assert posted.message is not None and sent.message_id == posted.message.id and general_fake.messages == []
    assert (await in_thread.edit(posted.message.id, "Into the plot we go.")).outcome is Outcome.SENT
    assert plot_fake.messages[-1]["content"] == "Into the plot we go."


# ----------------------------------------------------------------- failures


async def test_deleted_webhook_is_made_again_once(fake: FakeDiscord, guild: Guild, client: Client) -> None:
    general = text_channel(client, guild.channel("general").id)
    personas = personas_for(client)
    aria = await outlet(personas, general, ARIA, png("red"))
    first = await aria.post("First.")
    assert first.message is not None
    old_id = aria.webhook.id
    await fake.delete_webhook(old_id)  # a moderator cleans up
    second = await aria.post("Second.")
    assert second.outcome is Outcome.SENT and aria.webhook.id != old_id
    new = fake.webhooks[aria.webhook.id]
    assert new.name == "Aria" and image_size_and_colour(new.avatar_data)[1] == (255, 0, 0)
    assert [s.content for s in fake.webhook_sends] == ["First.", "Second."]
    # The old webhook's messages cannot be edited any more; the next outlet is the new webhook.
    assert (await aria.edit(first.message.id, "First!")).outcome is Outcome.REFUSED
    start = len(fake.calls)
    assert (await outlet(personas, general, ARIA, png("red"))).webhook.id == new.id
    assert calls_since(fake, start) == []
    # Deleted again and again: made again once per post, then the post is refused.
    fake.fail_rest("POST", EXECUTE, 404, times=None)
    refused = await aria.post("Third.")
    fake.clear_rest_failures()
    assert refused.outcome is Outcome.REFUSED


async def test_edit_of_a_deleted_webhook_forgets_it(fake: FakeDiscord, guild: Guild, client: Client) -> None:
    general = text_channel(client, guild.channel("general").id)
    personas = personas_for(client)
    aria = await outlet(personas, general, ARIA, None)
    posted = await aria.post("Streaming…")
    assert posted.message is not None
    await fake.delete_webhook(aria.webhook.id)
    assert (await aria.edit(posted.message.id, "Streaming… done")).outcome is Outcome.REFUSED
    again = await outlet(personas, general, ARIA, None)
    assert again.webhook.id != aria.webhook.id and len(fake.webhooks_in(guild.channel("general"))) == 1


async def test_post_that_reached_discord_is_not_posted_again(fake: FakeDiscord, guild: Guild, client: Client) -> None:
    general_fake = guild.channel("general")
    general = text_channel(client, general_fake.id)
    personas = personas_for(client)
    aria = await outlet(personas, general, ARIA, None)
    earlier = await aria.post("Same words.")  # an earlier reply with the same text is not taken for it
    assert earlier.message is not None

    # Posted, then the connection dropped before the answer: found in the channel, not posted again.
    fake.fail_rest("POST", EXECUTE, DROP_CONNECTION, processed=True)
    result = await aria.post("Same words.")
    assert result.outcome is Outcome.SENT and result.message is not None
    assert [s.content for s in fake.webhook_sends] == ["Same words.", "Same words."]
    assert result.message.id == fake.webhook_sends[1].message_id != earlier.message.id
    assert ("GET", f"/channels/{general.id}/messages") in calls_since(fake, 0)

    # Dropped before Discord did anything: posted once on the retry.
    fake.fail_rest("POST", EXECUTE, DROP_CONNECTION)
    assert (await aria.post("Lost on the way.")).outcome is Outcome.SENT
    assert [s.content for s in fake.webhook_sends][-1:] == ["Lost on the way."] and len(fake.webhook_sends) == 3

    # A 5xx after posting: discord.py re-sends by itself; the later copy is deleted.
    fake.fail_rest("POST", EXECUTE, 503, processed=True)
    doubled = await aria.post("Said once.")
    assert doubled.outcome is Outcome.SENT and doubled.message is not None
    copies = [s for s in fake.webhook_sends if s.content == "Said once."]
    assert len(copies) == 2 and doubled.message.id == copies[0].message_id
    assert fake.deleted == [(general.id, copies[1].message_id)]
    assert [m["content"] for m in general_fake.messages].count("Said once.") == 1

    # Refused for good: no retry.
    fake.fail_rest("POST", EXECUTE, 400)
    assert (await aria.post("Invalid.")).outcome is Outcome.REFUSED
    # Failing every time: FAILED after the tries, nothing posted.
    fake.fail_rest("POST", EXECUTE, DROP_CONNECTION, times=None)
    before = len(fake.webhook_sends)
    assert (await aria.post("Nobody hears.")).outcome is Outcome.FAILED
    fake.clear_rest_failures()
    assert len(fake.webhook_sends) == before


async def test_streamed_edits_survive_rate_limits(fake: FakeDiscord, guild: Guild, client: Client) -> None:
    general = text_channel(client, guild.channel("general").id)
    personas = personas_for(client)
    aria = await outlet(personas, general, ARIA, None)
    posted = await aria.post("…")
    assert posted.message is not None
    fake.edit_rate_limit = (2, 0.3)
    text = ""
    for word in ("one", "two", "three", "four", "five", "six"):
        text = f"{text} {word}".strip()
        assert (await aria.edit(posted.message.id, text)).outcome is Outcome.SENT
    assert general_history_content(fake, guild, posted.message.id) == "one two three four five six"
    assert [e.content for e in fake.webhook_edits][-1] == "one two three four five six"


def general_history_content(fake: FakeDiscord, guild: Guild, message_id: int) -> str:
    found = guild.channel("general").find(message_id)
    assert found is not None
    return str(found["content"])


# ----------------------------------------------------------------- concurrency


async def test_one_lookup_per_channel_even_when_replies_race(fake: FakeDiscord, guild: Guild, client: Client) -> None:
    general = text_channel(client, guild.channel("general").id)
    random = text_channel(client, guild.channel("random").id)
    personas = personas_for(client)
    start = len(fake.calls)
    outlets = await asyncio.gather(
        personas.outlet_for(general, ARIA, None),
        personas.outlet_for(general, ARIA, None),
        personas.outlet_for(random, ARIA, None),
        personas.outlet_for(random, BRAM, None),
    )
    assert all(o is not None for o in outlets)
    calls = calls_since(fake, start)
    assert sorted(calls) == sorted(
        [("GET", f"/channels/{general.id}/webhooks"), ("POST", f"/channels/{general.id}/webhooks")]
        + [("GET", f"/channels/{random.id}/webhooks")]
        + [("POST", f"/channels/{random.id}/webhooks")] * 2
    )
    assert outlets[0] is not None and outlets[1] is not None and outlets[0].webhook.id == outlets[1].webhook.id
    results = await asyncio.gather(*(o.post(f"Hello from {i}") for i, o in enumerate(outlets) if o is not None))
    assert all(r.outcome is Outcome.SENT for r in results) and len(fake.webhook_sends) == 4
