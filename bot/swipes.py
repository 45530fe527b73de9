"""Regenerate, swipe and delete a channel's newest reply (the buttons and /regenerate).

As in SillyTavern: only the newest reply of a channel can change (an older one is
history the conversation went on from). Its alternatives are kept in memory, and
the one shown is also the reply's memory rows, so the next prompt sees what the
channel shows. A regenerated or swiped reply keeps its messages (edited in place;
extra ones posted, surplus ones deleted), so links to it stay good.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from .characters import Character, CharacterNotFound
from .delivery import TRANSIENT_ERRORS, describe
from .i18n import N_
from .memory import Turn

if TYPE_CHECKING:
    from .client import FamiliarClient

log = logging.getLogger(__name__)

# What the methods below return is English, marked for translation: the caller, who knows
# who reads it, shows it in their language (bot.i18n.translate).
NOTHING_YET = N_("There is no reply to regenerate in this channel yet.")
NOT_NEWEST = N_("Only the newest reply in this channel can be changed.")
ANSWERED_GONE = N_("The message this reply answered was deleted, so it cannot be asked again.")


class Swipes:
    """The newest reply's alternatives, for one client."""

    def __init__(self, client: FamiliarClient) -> None:
        self.client = client
        self._busy: set[int] = set()  # channels with a regeneration under way

    async def regenerate(self, channel_id: int, *, answered: int | None = None) -> str:
        """Ask the model again for the newest reply (of `answered`, if given); "" when done, else why not."""
        client = self.client
        memory = client.brain.memory
        newest = await memory.last_reply(channel_id)
        if newest is None:
            return NOTHING_YET
        answered_id, rows = newest
        if answered is not None and answered != answered_id:
            return NOT_NEWEST
        if channel_id in self._busy:
            return N_("A new reply is already being written here.")
        message = await self._answered(channel_id, answered_id)
        if message is None:
            return ANSWERED_GONE
        character = await self._speaker(rows, message.channel)
        texts = await memory.alternatives(answered_id) or ["\n".join(row.content for row in rows)]
        self._busy.add(channel_id)
        try:
            # The reply being replaced leaves memory first, so the new prompt ends where it began.
            await memory.replace_reply(
                channel_id, answered_id, [], character_id=character.id, author_id=None, author_name=character.name
            )
            cast, _ = await asyncio.to_thread(client.cast_for, message.channel)
            history = await memory.history(channel_id, 200)
            preset = await asyncio.to_thread(client.preset)
            reply = await client.replier.reply(
                message,
                character,
                preset,
                history,
                others=[member for member in cast if member.id != character.id],
                user=message.author.display_name,
                reuse=[row.message_id for row in rows if row.message_id is not None],
                swipe=(len(texts), len(texts) + 1),
            )
        except BaseException:
            await self._restore(channel_id, answered_id, rows, character)
            raise
        finally:
            self._busy.discard(channel_id)
        if reply.first is None:  # the model failed (said in the channel): the old reply stays
            await self._restore(channel_id, answered_id, rows, character)
            return N_("The model could not write a new reply; the old one stays.")
        await memory.save_alternatives(answered_id, [*texts, reply.text])
        return ""

    async def show(self, channel_id: int, answered: int, index: int, *, past_end_regenerates: bool = False) -> str:
        """Show alternative `index` of the newest reply; past the last one, a new one (▶ at the end)."""
        memory = self.client.brain.memory
        newest = await memory.last_reply(channel_id)
        if newest is None or newest[0] != answered:
            return NOT_NEWEST
        rows = newest[1]
        texts = await memory.alternatives(answered) or ["\n".join(row.content for row in rows)]
        if index >= len(texts):
            return await self.regenerate(channel_id, answered=answered) if past_end_regenerates else ""
        if index < 0:
            return ""
        message = await self._answered(channel_id, answered)
        if message is None:
            return ANSWERED_GONE
        character = await self._speaker(rows, message.channel)
        shown = await self.client.replier.show(
            message,
            character,
            texts[index],
            reuse=[row.message_id for row in rows if row.message_id is not None],
            swipe=(index, len(texts)),
        )
        return "" if shown else N_("Discord did not take the change; try again in a moment.")

    async def delete(self, channel_id: int, answered: int) -> str:
        """Delete the reply to `answered` (any reply, not only the newest); memory forgets it."""
        client = self.client
        memory = client.brain.memory
        rows = await memory.reply_rows(answered)
        if not rows:
            return N_("That reply is already gone.")
        message = await self._answered(channel_id, answered)
        channel = message.channel if message is not None else client.get_channel(channel_id)
        if channel is None or not isinstance(channel, discord.abc.Messageable):
            return N_("That channel is not available to the bot.")
        character = await self._speaker(rows, channel)
        outlet, _ = await client.replier.outlet(channel, character, message)
        for row in rows:
            if row.message_id is None:
                continue
            try:
                await outlet.delete(row.message_id)
            except discord.NotFound:
                pass  # deleted already
            except TRANSIENT_ERRORS as error:
                log.warning("Could not delete message %s of a reply: %s", row.message_id, describe(error))
                return N_("Discord did not let the bot delete that reply; try again in a moment.")
        await memory.replace_reply(
            channel_id, answered, [], character_id=character.id, author_id=None, author_name=character.name
        )
        await memory.mark_handled(channel_id, answered, "deleted")  # a catch-up must not answer it again
        await memory.save_alternatives(answered, [])
        return ""

    # ----- inside -----

    async def _answered(self, channel_id: int, message_id: int) -> discord.Message | None:
        client = self.client
        channel = client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await client.fetch_channel(channel_id)
            except (discord.NotFound, discord.Forbidden):
                return None
        fetch = getattr(channel, "fetch_message", None)
        if fetch is None:
            return None
        try:
            found: discord.Message = await fetch(message_id)
        except (discord.NotFound, discord.Forbidden):
            return None
        return found

    async def _speaker(self, rows: list[Turn], channel: discord.abc.Messageable) -> Character:
        """Who said the reply: its character, else (older rows) the channel's first character."""
        said_by = next((row.character_id for row in rows if row.character_id), None)
        if said_by is not None:
            try:
                return await asyncio.to_thread(self.client.brain.characters.get, said_by)
            except CharacterNotFound:
                pass
        cast, _ = await asyncio.to_thread(self.client.cast_for, channel)
        return cast[0]

    async def _restore(self, channel_id: int, answered: int, rows: list[Turn], character: Character) -> None:
        """Put the replaced reply back in memory (the channel still shows it)."""
        await self.client.brain.memory.replace_reply(
            channel_id,
            answered,
            [(row.message_id, row.content) for row in rows if row.message_id is not None],
            character_id=character.id,
            author_id=rows[0].author_id if rows else None,
            author_name=character.name,
        )
