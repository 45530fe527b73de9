"""The discord.py client: what to answer, and how to send it.

Messages are handled per channel in arrival order by one worker task per
channel (channels run in parallel). Every message the bot takes in and every
reply it sends goes to memory first, so context survives restarts and the
catch-up after an outage knows what is already answered.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import discord

from .discord_compat import ReidentifyDelayMixin
from .characters import DEFAULT_CHARACTER_ID, Character, CharacterNotFound, CharacterStore
from .llm import ModelClient, ModelError, ModelStreamCut
from .memory import MemoryStore
from .presets import DEFAULT_PRESET_ID, Preset, PresetStore, request_params
from .prompt import build_messages
from .settings import Settings
from .splitting import split_reply

log = logging.getLogger(__name__)

#: Whatever the model writes, a reply never pings @everyone, @here or a role.
SAFE_MENTIONS = discord.AllowedMentions(everyone=False, roles=False, users=True, replied_user=True)
#: Appended when the model's stream broke off halfway, so the partial reply is not lost.
STREAM_CUT_NOTE = "*(the model stopped mid-reply)*"
#: How many messages of memory feed one prompt (the preset's budget trims further).
HISTORY_LIMIT = 200
#: Sending a reply: discord.py retries 429/500/502/504 itself; we add a few
#: tries for what it raises at once (503, connection resets).
SEND_ATTEMPTS = 4


@dataclass
class Brain:
    """Everything the client needs to answer, swapped as a whole when settings change."""

    settings: Settings
    characters: CharacterStore
    presets: PresetStore
    memory: MemoryStore
    model: ModelClient


def intents() -> discord.Intents:
    """Message Content is privileged: the Developer Portal must allow it (see README)."""
    wanted = discord.Intents.default()
    wanted.message_content = True
    wanted.members = False
    wanted.presences = False
    return wanted


class FamiliarClient(ReidentifyDelayMixin, discord.Client):
    """A discord.py client that answers as a character."""

    def __init__(
        self,
        brain: Brain,
        *,
        on_event: Callable[[str], None] | None = None,
        send_retry_delay: float = 1.0,
        reidentify_delay: float | None = None,
        **client_options: object,
    ) -> None:
        super().__init__(intents=intents(), **client_options)  # type: ignore[arg-type]
        if reidentify_delay is not None:
            self.reidentify_delay = reidentify_delay
        self.brain = brain
        self._queues: dict[int, asyncio.Queue[discord.Message]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._accepting = True
        self._last_answer_at: dict[int, float] = {}
        self._send_retry_delay = send_retry_delay
        self._deliveries: set[asyncio.Task[None]] = set()
        # The supervisor observes connection events through this hook.
        self._on_event = on_event or (lambda name: None)

    # ----- connection events, forwarded to whoever supervises us -----

    async def on_ready(self) -> None:
        log.debug("READY as %s (%s) in %d servers", self.user, getattr(self.user, "id", "?"), len(self.guilds))
        self._on_event("ready")

    async def on_resumed(self) -> None:
        self._on_event("resumed")

    async def on_disconnect(self) -> None:
        self._on_event("disconnect")

    async def on_guild_join(self, guild: discord.Guild) -> None:
        self._on_event("guilds")

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self._on_event("guilds")

    # ----- messages -----

    async def on_message(self, message: discord.Message) -> None:
        if not self._accepting or not self.may_read(message):
            return
        self.enqueue(message)

    def enqueue(self, message: discord.Message) -> None:
        """Queue a message for its channel's worker (arrival order is answer order)."""
        channel_id = message.channel.id
        queue = self._queues.get(channel_id)
        if queue is None:
            queue = self._queues[channel_id] = asyncio.Queue()
        queue.put_nowait(message)
        worker = self._workers.get(channel_id)
        if worker is None or worker.done():
            self._workers[channel_id] = asyncio.get_running_loop().create_task(
                self._channel_worker(channel_id, queue), name=f"familiar-channel-{channel_id}"
            )

    def may_read(self, message: discord.Message) -> bool:
        """Messages the bot takes in at all: not its own or other bots', and inside the allow-list."""
        if message.author.bot or (self.user is not None and message.author.id == self.user.id):
            return False
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return False
        return self.channel_allowed(message.channel)

    def channel_allowed(self, channel: discord.abc.Messageable) -> bool:
        settings = self.brain.settings
        if isinstance(channel, discord.DMChannel):
            return settings.reply_in_dms
        guild = getattr(channel, "guild", None)
        if settings.allowed_guilds and (guild is None or guild.id not in settings.allowed_guilds):
            return False
        if settings.allowed_channels:
            ids = {getattr(channel, "id", None), getattr(channel, "parent_id", None)}
            if not ids & set(settings.allowed_channels):
                return False
        return True

    def is_addressed(self, message: discord.Message) -> bool:
        """Mentioned, replied to, DM'd, or in an always-reply channel (each a setting)."""
        settings = self.brain.settings
        me = self.user
        if me is None:
            return False
        if isinstance(message.channel, discord.DMChannel):
            return settings.reply_in_dms
        if message.channel.id in settings.always_reply_channels:
            return True
        if settings.reply_to_mentions and self._mentions_me(message, me.id):
            return True
        if settings.reply_to_replies and message.reference is not None:
            replied = message.reference.resolved
            if isinstance(replied, discord.Message) and replied.author.id == me.id:
                return True
        return False

    @staticmethod
    def _mentions_me(message: discord.Message, my_id: int) -> bool:
        if any(user.id == my_id for user in message.mentions):
            return True
        # Mentioning the bot's own managed role counts too (Discord's autocomplete offers it).
        guild = message.guild
        if guild is not None and guild.me is not None:
            own_roles = {role.id for role in guild.me.roles if role.managed}
            return any(role.id in own_roles for role in message.role_mentions)
        return False

    async def _channel_worker(self, channel_id: int, queue: asyncio.Queue[discord.Message]) -> None:
        while True:
            try:
                message = queue.get_nowait()
            except asyncio.QueueEmpty:
                # Exit when idle; enqueue() starts a new worker. No await between
                # the empty check and the removal, so nothing slips through.
                if self._workers.get(channel_id) is asyncio.current_task():
                    del self._workers[channel_id]
                return
            try:
                await self.handle(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("Failed to handle message %s in channel %s", message.id, channel_id)

    async def handle(self, message: discord.Message) -> None:
        """Remember the message; answer it if it is addressed to the bot."""
        memory = self.brain.memory
        addressed = self.is_addressed(message)
        if addressed and await memory.was_answered(message.id):
            return  # seen again through a replay or the catch-up
        await memory.add_message(
            message.channel.id,
            message_id=message.id,
            author_id=message.author.id,
            author_name=message.author.display_name,
            content=render_content(message),
            is_bot=False,
            created_at=message.created_at.timestamp(),
        )
        if not addressed or self._cooling_down(message.author.id):
            return
        await self.answer(message)

    def _cooling_down(self, user_id: int) -> bool:
        cooldown = self.brain.settings.user_cooldown_seconds
        now = time.monotonic()
        if cooldown and now - self._last_answer_at.get(user_id, -cooldown) < cooldown:
            log.info("Not answering user %s: per-user cooldown of %s s", user_id, cooldown)
            return True
        self._last_answer_at[user_id] = now
        return False

    async def answer(self, message: discord.Message) -> None:
        brain = self.brain
        # Stores read small files; off the loop so a slow disk never stalls heartbeats.
        character = await asyncio.to_thread(self.character_for, message.channel.id)
        preset = await asyncio.to_thread(self.preset)
        history = await brain.memory.history(message.channel.id, HISTORY_LIMIT)
        prompt = build_messages(character, preset, history, user=message.author.display_name)
        async with message.channel.typing():
            try:
                reply = await self._generate(prompt, preset)
            except ModelStreamCut as cut:
                log.warning("Model stream cut in channel %s after %d characters", message.channel.id, len(cut.partial_text))
                reply = f"{cut.partial_text.rstrip()}\n\n{STREAM_CUT_NOTE}"
            except ModelError as error:
                log.warning("Model failed for message %s in channel %s: %s", message.id, message.channel.id, error)
                await self.send_reply(message, f"⚠️ {error}", notice=True)
                return
        if not reply.strip():
            reply = "…"
        await self.send_reply(message, reply)

    async def _generate(self, prompt: list[dict[str, str]], preset: Preset) -> str:
        parts: list[str] = []
        async for delta in self.brain.model.stream(prompt, request_params(preset)):
            parts.append(delta)
        return "".join(parts)

    async def send_reply(self, message: discord.Message, text: str, *, notice: bool = False) -> None:
        """Send a reply in pieces; each piece is remembered, delivered or not."""
        reference = message.to_reference(fail_if_not_exists=False)
        for index, piece in enumerate(split_reply(text)):
            # A piece being sent is finished even if the generation is cancelled
            # (shutdown): a reply that reached Discord must also reach memory, or
            # the catch-up after a restart could not tell it was answered.
            delivery = asyncio.get_running_loop().create_task(
                self._deliver(message, piece, reference if index == 0 else None, notice)
            )
            self._deliveries.add(delivery)
            delivery.add_done_callback(self._deliveries.discard)
            await asyncio.shield(delivery)

    async def _deliver(
        self, message: discord.Message, piece: str, reference: discord.MessageReference | None, notice: bool
    ) -> None:
        sent = await self._send_with_retry(message.channel, piece, reference)
        await self.brain.memory.add_message(
            message.channel.id,
            message_id=sent.id if sent else None,
            author_id=self.user.id if self.user else None,
            author_name=self.user.display_name if self.user else "",
            content=piece,
            is_bot=True,
            reply_to=message.id,
            delivered=sent is not None,
            kind="notice" if notice else "message",
        )

    async def _send_with_retry(
        self, channel: discord.abc.Messageable, text: str, reference: discord.MessageReference | None
    ) -> discord.Message | None:
        delay = self._send_retry_delay
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                return await channel.send(text, reference=reference, allowed_mentions=SAFE_MENTIONS)  # type: ignore[arg-type]
            except (discord.Forbidden, discord.NotFound) as error:
                log.error("Cannot send to channel %s: %s", getattr(channel, "id", "?"), error)
                return None
            except (discord.HTTPException, OSError, asyncio.TimeoutError) as error:
                if attempt == SEND_ATTEMPTS:
                    log.error(
                        "Gave up sending a reply to channel %s after %d tries: %s; it is kept in memory",
                        getattr(channel, "id", "?"), attempt, error,
                    )
                    return None
                log.warning("Sending to channel %s failed (%s); retrying", getattr(channel, "id", "?"), error)
                await asyncio.sleep(random.uniform(0, delay))
                delay *= 2
        return None

    def character_for(self, channel_id: int) -> Character:
        settings = self.brain.settings
        wanted = settings.channel_characters.get(str(channel_id), settings.character_id)
        for character_id in (wanted, DEFAULT_CHARACTER_ID):
            try:
                return self.brain.characters.get(character_id)
            except CharacterNotFound:
                log.warning("Character %r not found; using the default", character_id)
        raise RuntimeError("the built-in default character is missing")

    def preset(self) -> Preset:
        presets = self.brain.presets
        try:
            return presets.get(self.brain.settings.preset_id)
        except KeyError:
            log.warning("Preset %r not found; using %r", self.brain.settings.preset_id, DEFAULT_PRESET_ID)
            return presets.get(DEFAULT_PRESET_ID)

    # ----- shutdown -----

    def stop_accepting(self) -> None:
        self._accepting = False

    async def cancel_generations(self, delivery_timeout: float = 2.0) -> None:
        """Cancel every channel worker; let replies already being sent finish (bounded). Idempotent."""
        workers = list(self._workers.values())
        self._workers.clear()
        for worker in workers:
            worker.cancel()
        if workers:
            await asyncio.gather(*workers, return_exceptions=True)
        deliveries = list(self._deliveries)
        if deliveries:
            done, pending = await asyncio.wait(deliveries, timeout=delivery_timeout)
            for delivery in pending:
                log.warning("A reply was still being sent at shutdown; abandoning it")
                delivery.cancel()
            await asyncio.gather(*deliveries, return_exceptions=True)

    async def idle(self) -> None:
        """Wait until every queued message has been handled (tests and catch-up use it)."""
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)


def render_content(message: discord.Message) -> str:
    """The text the model sees: mentions as names, attachments and stickers described."""
    text = message.clean_content.strip()
    extras = [f"[attachment: {attachment.filename}]" for attachment in message.attachments]
    extras += [f"[sticker: {sticker.name}]" for sticker in message.stickers]
    if extras:
        text = "\n".join([text, *extras]) if text else " ".join(extras)
    return text or "[an empty message]"
