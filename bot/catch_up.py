"""After a session that could not resume, answer what was said while we were away.

RESUME replays missed events, but a new session (INVALID_SESSION, a restart, a
long outage) starts blank. Then, in each channel the bot may answer in (server
text channels, active threads, and the DM channels it has talked in), we read
a bounded slice of recent history and queue it like live messages: the client
answers the ones addressed to it that have no reply yet, oldest first, and the
memory store (plus the bot's own replies in the history) says what is answered.

A sharded bot catches up per shard (`shards`): a shard's new session reads only the
channels of its servers, and DM channels only where shard 0 is (Discord sends DMs
on shard 0, so only that process answers them).

The supervisor keeps a catch-up owed until one run reads every channel: a run
that meets a network or server error raises `CatchUpIncomplete`, and the run
after the next successful (re)connection, RESUME included, starts over.
Running it twice never answers twice.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import aiohttp
import discord

from .delivery import (
    QUIET_MENTIONS,
    SAFE_MENTIONS,
    TRANSIENT_ERRORS,
    Outcome,
    SendResult,
    reply_nonce,
    send_with_retry,
)
from .memory import PendingPiece
from .replies import linked_message_id

if TYPE_CHECKING:
    from .client import FamiliarClient

log = logging.getLogger(__name__)

#: One history page: the same single REST call as reading 20, and an active
#: channel's chatter and the bot's own replies then cannot hide a missed mention.
HISTORY_PAGE = 100
#: DM channels are not in the gateway's caches; at most this many, most recently
#: active first, are read back (each costs a REST call or two).
DM_CHANNEL_LIMIT = 50
#: How far past the answered message (or the reply's previous piece) a landed post is looked for.
LANDED_LOOKAHEAD = 50

Readable = discord.TextChannel | discord.Thread | discord.DMChannel


class CatchUpIncomplete(Exception):
    """Some channel could not be read (network or Discord trouble); the catch-up stays owed."""


def _recent(last_message_id: int | None, cutoff: datetime) -> bool:
    """Whether a channel had a message after `cutoff` (no REST call needed)."""
    return last_message_id is not None and discord.utils.snowflake_time(last_message_id) >= cutoff


def _can_read(channel: discord.TextChannel | discord.Thread, me: discord.Member | None) -> bool:
    if me is None:
        return True
    permissions = channel.permissions_for(me)
    return permissions.view_channel and permissions.read_message_history


#: Shard 0 carries DMs (Discord's rule); a catch-up for other shards leaves DM channels alone.
DM_SHARD = 0


def _on_shards(guild: discord.Guild | None, shards: frozenset[int] | None) -> bool:
    """Whether a server (None: a DM) belongs to the catch-up's shards (None: every connection)."""
    if shards is None:
        return True
    return (guild.shard_id if guild is not None else DM_SHARD) in shards


def guild_channels(
    client: FamiliarClient, cutoff: datetime, shards: frozenset[int] | None = None
) -> list[discord.TextChannel | discord.Thread]:
    """Server text channels and active threads the bot may answer in, with activity since `cutoff`
    (on `shards` only, when given)."""
    channels: list[discord.TextChannel | discord.Thread] = []
    for guild in client.guilds:
        if not _on_shards(guild, shards):
            continue
        candidates: list[discord.TextChannel | discord.Thread] = [*guild.text_channels, *guild.threads]
        for channel in candidates:
            if not _recent(channel.last_message_id, cutoff) or not client.channel_allowed(channel):
                continue
            if _can_read(channel, guild.me):
                channels.append(channel)
    return channels


async def dm_channels(client: FamiliarClient, cutoff: datetime) -> AsyncIterator[discord.DMChannel]:
    """The DM channels the bot has talked in (memory knows them), with activity since `cutoff`."""
    if not client.brain.settings.reply_in_dms:
        return
    for channel_id in await client.brain.memory.dm_channels(DM_CHANNEL_LIMIT):
        try:
            # discord.py 2.7.1: DMChannel keeps no last_message_id; the raw channel has it.
            data = await client.http.get_channel(channel_id)
            if data.get("type") != discord.ChannelType.private.value:
                continue
            if not _recent(discord.utils._get_as_snowflake(data, "last_message_id"), cutoff):
                continue
            channel = client.get_channel(channel_id) or await client.fetch_channel(channel_id)
        except (discord.Forbidden, discord.NotFound):
            continue  # the user left every shared server, or blocked the bot
        if isinstance(channel, discord.DMChannel):
            yield channel


async def catch_up(
    client: FamiliarClient,
    *,
    window: float = 15 * 60,
    per_channel: int = 20,
    shards: frozenset[int] | None = None,
) -> int:
    """Queue recent unanswered messages; returns how many addressed ones were queued.

    `shards`: only the servers on those shards (and DMs only with shard 0); None: all.

    Raises `CatchUpIncomplete` when a channel could not be read for a reason that
    may pass (what was queued before stays queued; a rerun skips it).
    """
    me = client.user
    if me is None:
        return 0
    cutoff = discord.utils.utcnow() - timedelta(seconds=window)
    queued = 0
    try:
        await redeliver(client, cutoff, shards)
        for channel in guild_channels(client, cutoff, shards):
            queued += await _catch_up_channel(client, channel, cutoff, per_channel)
        if _on_shards(None, shards):
            async for dm in dm_channels(client, cutoff):
                queued += await _catch_up_channel(client, dm, cutoff, per_channel)
    except (TimeoutError, discord.HTTPException, aiohttp.ClientError, OSError, RuntimeError) as error:
        # RuntimeError: the client's HTTP session closed under us (a drop mid-catch-up).
        if queued:
            log.info("Catching up on %d unanswered message(s) before an interruption", queued)
        raise CatchUpIncomplete(_describe(error)) from error
    if queued:
        log.info("Catching up on %d unanswered message(s)", queued)
    return queued


async def _catch_up_channel(client: FamiliarClient, channel: Readable, cutoff: datetime, per_channel: int) -> int:
    me = client.user
    assert me is not None
    try:
        # Newest first, then filtered by time: `after=` would give the oldest instead.
        recent = [m async for m in channel.history(limit=HISTORY_PAGE) if m.created_at >= cutoff]
    except (discord.Forbidden, discord.NotFound) as error:
        log.debug("Catch-up skips channel %s: %s", channel.id, error)
        return 0  # not ours to read (permissions changed, channel deleted): nothing is owed there
    recent.reverse()
    answered = {m.reference.message_id for m in recent if m.author.id == me.id and m.reference is not None}
    # A character's webhook cannot reply: its answer links the message it answers instead.
    for message in recent:
        linked = linked_message_id(message.content) if client.personas.is_ours(message) else None
        if linked is not None:
            answered.add(linked)
    owed: list[discord.Message] = []
    by_author: dict[int, list[int] | None] = {}
    for message in recent:  # history carries no member data: roles looked up once per author, if rules need them
        if message.author.id not in by_author:
            by_author[message.author.id] = await client.author_roles(message)
    roles = {message.id: by_author[message.author.id] for message in recent}
    for message in recent:
        if (
            message.id in answered
            or not client.may_read(message, roles[message.id])
            or not client.is_addressed(message)
        ):
            continue
        if not await client.brain.memory.was_answered(message.id):
            owed.append(message)
    owed = owed[-per_channel:]  # the newest unanswered ones, answered oldest first
    owed_ids = {message.id for message in owed}
    for message in recent:
        if message.id in answered or not client.may_read(message, roles[message.id]):
            continue
        if client.is_addressed(message) and message.id not in owed_ids:
            continue  # answered already, or beyond the per-channel limit
        client.enqueue(message)  # unaddressed ones are remembered as context
    return len(owed)


async def redeliver(client: FamiliarClient, cutoff: datetime, shards: frozenset[int] | None = None) -> int:
    """Send reply pieces that generation produced but Discord did not take at the time.

    Same nonce as the first try, so a piece that did reach Discord is not posted
    twice (Discord dedupes a nonce for a few minutes); older than the window,
    a reply is stale and left in memory only. With `shards`, only pieces for
    channels of those shards' servers (ones not in the cache: with shard 0), so
    two shards' catch-ups never send the same piece.
    """
    memory = client.brain.memory
    sent = 0
    for piece in await memory.pending_pieces(since=cutoff.timestamp()):
        channel = client.get_channel(piece.channel_id)
        if not _on_shards(getattr(channel, "guild", None), shards):
            continue
        if channel is None:
            try:
                channel = await client.fetch_channel(piece.channel_id)
            except (discord.Forbidden, discord.NotFound):
                await memory.mark_refused(piece.row_id)
                continue
        assert isinstance(channel, discord.abc.Messageable)
        landed = await _landed_copy(client, channel, piece)
        if landed is not None:
            # A streamed post reached Discord though its answer was lost: finish that message.
            result = await _complete(client, *landed, piece.content)
        else:
            reference = None
            if piece.index == 0:
                reference = discord.MessageReference(
                    message_id=piece.reply_to, channel_id=piece.channel_id, fail_if_not_exists=False
                )
            result = await send_with_retry(
                channel,
                piece.content,
                reference=reference,
                nonce=reply_nonce(piece.reply_to, piece.index, piece.content),
                retry_delay=client.send_retry_delay,
                mentions=QUIET_MENTIONS if piece.kind == "reasoning" else SAFE_MENTIONS,
            )
        if result.outcome is Outcome.SENT and result.message is not None:
            await memory.mark_delivered(piece.row_id, result.message.id)
            sent += 1
        elif result.outcome is Outcome.REFUSED:
            await memory.mark_refused(piece.row_id)
        else:
            raise CatchUpIncomplete(f"a reply still cannot be sent to channel {piece.channel_id}: {result.error}")
    if sent:
        log.info("Delivered %d reply piece(s) that could not be sent before", sent)
    return sent


async def _landed_copy(
    client: FamiliarClient, channel: discord.abc.Messageable, piece: PendingPiece
) -> tuple[discord.Message, str] | None:
    """A message of ours holding the start of `piece`, if a post reported failed did land;
    with the line it starts with (a webhook reply's link to the answered message) or "".

    A streamed reply posts its first words, so a post whose answer was lost (and
    whose retries then failed) may be in the channel with part of the text, under
    another nonce than the whole piece would get (a character's webhook has no
    nonce at all). It is a message memory does not know, by the bot or one of our
    webhooks, after the one before it (the answered message, or the reply's
    previous piece), that answers the right message (the first piece: a reply to
    it, or a link to it) and shows the start of the piece.
    """
    me = client.user
    if me is None:
        return None
    after = discord.Object(piece.previous_id or piece.reply_to)
    try:
        recent = [message async for message in channel.history(after=after, limit=LANDED_LOOKAHEAD)]
    except (discord.Forbidden, discord.NotFound):
        return None  # nothing to find there; the send that follows meets the same answer
    for message in recent:
        webhook = client.personas.is_ours(message)
        if message.author.id != me.id and not webhook:
            continue
        prefix = ""
        if webhook and linked_message_id(message.content) is not None:
            prefix = message.content.split("\n", 1)[0] + "\n"
        if piece.index == 0:
            answers = linked_message_id(message.content) if webhook else getattr(message.reference, "message_id", None)
            if answers != piece.reply_to:
                continue
        shown = message.content[len(prefix) :]
        if shown and piece.content.startswith(shown) and not await client.brain.memory.knows_message(message.id):
            return message, prefix
    return None


async def _complete(client: FamiliarClient, message: discord.Message, prefix: str, content: str) -> SendResult:
    """Make a landed partial post show the whole piece (through its webhook, if a character posted it)."""
    if message.content == prefix + content:
        return SendResult(Outcome.SENT, message)
    if message.webhook_id is not None:
        result = await client.personas.edit_posted(message, prefix + content)
        return SendResult(result.outcome, message, result.error) if result.outcome is Outcome.SENT else result
    try:
        return SendResult(Outcome.SENT, await message.edit(content=content))
    except (discord.Forbidden, discord.NotFound) as error:
        return SendResult(Outcome.REFUSED, error=str(error))
    except TRANSIENT_ERRORS as error:
        return SendResult(Outcome.FAILED, error=_describe(error))


def _describe(error: BaseException) -> str:
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
