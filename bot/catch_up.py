"""After a session that could not resume, answer what was said while we were away.

RESUME replays missed events, but a new session (INVALID_SESSION, a restart, a
long outage) starts blank. Then, in each channel the bot may answer in, we read
a bounded slice of recent history and queue it like live messages: the client
answers the ones addressed to it that have no reply yet, oldest first, and the
memory store (plus the bot's own replies in the history) says what is answered.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from .client import FamiliarClient

log = logging.getLogger(__name__)


def readable_channels(client: FamiliarClient) -> list[discord.TextChannel]:
    channels: list[discord.TextChannel] = []
    for guild in client.guilds:
        me = guild.me
        for channel in guild.text_channels:
            if not client.channel_allowed(channel):
                continue
            if me is not None:
                permissions = channel.permissions_for(me)
                if not (permissions.view_channel and permissions.read_message_history):
                    continue
            channels.append(channel)
    return channels


async def catch_up(client: FamiliarClient, *, window: float = 15 * 60, per_channel: int = 20) -> int:
    """Queue recent unanswered messages; returns how many addressed ones were queued."""
    me = client.user
    if me is None:
        return 0
    cutoff = discord.utils.utcnow() - timedelta(seconds=window)
    queued = 0
    for channel in readable_channels(client):
        # Newest first, then filtered by time: `after=` would give the oldest instead.
        recent = [m async for m in channel.history(limit=per_channel) if m.created_at >= cutoff]
        recent.reverse()
        answered = {
            m.reference.message_id for m in recent if m.author.id == me.id and m.reference is not None
        }
        for message in recent:
            if message.id in answered or not client.may_read(message):
                continue
            if client.is_addressed(message):
                if await client.brain.memory.was_answered(message.id):
                    continue
                queued += 1
            client.enqueue(message)
    if queued:
        log.info("Catching up on %d unanswered message(s)", queued)
    return queued
