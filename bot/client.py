"""The discord.py client: what to answer (`delivery.py` sends it).

Messages are handled per channel in arrival order by one worker task per
channel (channels run in parallel). Every message the bot takes in and every
reply it sends goes to memory first, so context survives restarts and the
catch-up after an outage knows what is already answered. A message whose
handling fails is reported to the supervisor (`on_owed`), never dropped:
the catch-up finds it again.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from . import redact
from .attachments import (
    ImageCache,
    ImagePart,
    MessageParts,
    RecentAttachments,
    collect_history_images,
    describe_attachments,
    read_attachments,
)
from .characters import (
    DEFAULT_CHARACTER_ID,
    Character,
    CharacterNotFound,
    CharacterStore,
    ParsedCard,
)
from .delivery import (
    QUIET_MENTIONS,
    SAFE_MENTIONS,
    TRANSIENT_ERRORS,
    Outcome,
    describe,
    outgoing,
    reply_nonce,
    send_with_retry,
    typing_indicator,
)
from .discord_compat import ReidentifyDelayMixin
from .folders import StorageError
from .llm import ModelClient, ModelError, ModelStreamCut
from .lorebooks import LorebookStore, attached_lorebooks
from .macros import render
from .memory import MemoryStore, Turn
from .presets import DEFAULT_PRESET_ID, Preset, PresetStore, request_params
from .prompt import build_prompt, choose_greeting, macro_context
from .reasoning import PLACEHOLDER, ReasoningSplitter, Split, split_reasoning, spoiler
from .settings import Settings
from .splitting import split_reply

log = logging.getLogger(__name__)

__all__ = ["SAFE_MENTIONS", "Brain", "FamiliarClient", "render_content"]

#: Failures of Discord, the network or the disk while handling a message: one log line, and
#: the message stays owed (a catch-up answers it). Anything else is a bug and gets a traceback.
EXPECTED_FAILURES: tuple[type[BaseException], ...] = (*TRANSIENT_ERRORS, StorageError)
#: Appended when the model's stream broke off halfway, so the partial reply is not lost.
STREAM_CUT_NOTE = "*(the model stopped mid-reply)*"
#: How many messages of memory feed one prompt (the preset's budget trims further).
HISTORY_LIMIT = 200
#: Greeting pieces' nonces are apart from the answer's (same answered message).
GREETING_NONCE_OFFSET = 10_000
#: Attachments are downloaded with this timeout each; a slow one is named and skipped.
ATTACHMENT_TIMEOUT = 15.0
#: How many earlier user turns are looked at for images (older ones rarely fit the budget).
HISTORY_IMAGE_TURNS = 20


@dataclass
class Brain:
    """Everything the client needs to answer, swapped as a whole when settings change."""

    settings: Settings
    characters: CharacterStore
    presets: PresetStore
    memory: MemoryStore
    model: ModelClient
    lorebooks: LorebookStore
    #: The default character when FAMILIAR_CHARACTER names one (a card file or a saved one).
    default_card: ParsedCard | None = None
    #: Processed images and where earlier messages' attachments are, across reconnects.
    images: ImageCache = field(default_factory=ImageCache)
    recent_attachments: RecentAttachments = field(default_factory=RecentAttachments)


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
        on_owed: Callable[[], None] | None = None,
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
        self.send_retry_delay = send_retry_delay
        self._deliveries: set[asyncio.Task[None]] = set()
        self._rng = random.Random()  # greetings in "random" mode
        # The supervisor observes connection events through this hook, and hears
        # through `on_owed` that a message is still unanswered (so a catch-up finds it).
        self._on_event = on_event or (lambda name: None)
        self._on_owed = on_owed or (lambda: None)

    # ----- connection events, forwarded to whoever supervises us -----

    async def on_connect(self) -> None:
        self._on_event("connect")  # READY: a new session

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
        self.brain.recent_attachments.remember(message)  # where its images are, if a later prompt wants them
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
            except EXPECTED_FAILURES as error:
                # Discord, the network or the disk failed under us: the message stays owed.
                log.warning(
                    "Could not handle message %s in channel %s (%s); it will be answered after the next catch-up",
                    message.id, channel_id, describe(error),
                )
                self._on_owed()
            except Exception:
                log.exception("Failed to handle message %s in channel %s; it stays owed", message.id, channel_id)
                self._on_owed()

    async def handle(self, message: discord.Message) -> None:
        """Remember the message; answer it if it is addressed to the bot."""
        memory = self.brain.memory
        addressed = self.is_addressed(message)
        if addressed and await memory.was_answered(message.id):
            return  # seen again through a replay or the catch-up
        answering = addressed and not self._cooling_down(message.author.id)
        parts: MessageParts | None = None
        if answering:
            # Before the message is remembered: the greeting opens the conversation, as in SillyTavern.
            await self._greet_if_new(message)
            parts = await self._read_attachments(message)
        await memory.add_message(
            message.channel.id,
            message_id=message.id,
            author_id=message.author.id,
            author_name=message.author.display_name,
            content=render_content(message, parts),
            is_bot=False,
            created_at=message.created_at.timestamp(),
        )
        if isinstance(message.channel, discord.DMChannel):
            await memory.remember_dm(message.channel.id, message.author.id)
        if not addressed:
            return
        if not answering:
            # Decided, not lost: a catch-up must not answer it later either.
            await memory.mark_handled(message.channel.id, message.id, "cooldown")
            return
        await self.answer(message, parts)

    def _sends_images(self) -> bool:
        mode = self.brain.settings.send_images
        return mode == "on" or (mode == "auto" and not self.brain.model.text_only)

    async def _read_attachments(self, message: discord.Message) -> MessageParts:
        """Its images (for the model) and text files (inlined, also into memory)."""
        if not message.attachments:
            return MessageParts()
        return await read_attachments(
            message,
            images=self._sends_images(),
            max_images=self.brain.settings.max_images,
            timeout=ATTACHMENT_TIMEOUT,
            cache=self.brain.images,
        )

    async def _history_images(
        self, message: discord.Message, history: list[Turn], parts: MessageParts | None
    ) -> dict[int, Sequence[ImagePart]]:
        """Images for the prompt: the answered message's, then earlier ones, newest first, up to the limit."""
        images: dict[int, Sequence[ImagePart]] = {}
        if parts is not None and parts.images:
            images[message.id] = parts.images
        room = self.brain.settings.max_images - sum(len(found) for found in images.values())
        if room <= 0 or not self._sends_images():
            return images
        earlier = [
            (turn.message_id, turn.content)
            for turn in reversed(history)
            if not turn.is_bot and turn.message_id is not None and turn.message_id != message.id
        ][:HISTORY_IMAGE_TURNS]
        found = await collect_history_images(
            message.channel,
            earlier,
            self.brain.recent_attachments,
            max_images=room,
            timeout=ATTACHMENT_TIMEOUT,
            cache=self.brain.images,
        )
        images.update(found)
        return images

    async def _greet_if_new(self, message: discord.Message) -> None:
        """The character's greeting, the first time it speaks in a channel (or after a reset).

        `first_mes`, or one of it and `alternate_greetings` (setting), with macros,
        posted as a message of its own and remembered as the character's first
        turn. A greeting Discord refuses is skipped (and tried again next time),
        never remembered as said.
        """
        settings = self.brain.settings
        if settings.greeting_mode == "off" or await self.brain.memory.has_spoken(message.channel.id):
            return
        character = await asyncio.to_thread(self.character_for, message.channel.id)
        chosen = choose_greeting(character, settings.greeting_mode, self._rng)
        if chosen is None:
            return
        ctx = macro_context(character, user=message.author.display_name, chat_id=str(message.channel.id))
        for index, piece in enumerate(split_reply(outgoing(render(chosen, ctx)))):
            result = await send_with_retry(
                message.channel,
                piece,
                reference=None,
                nonce=reply_nonce(message.id, GREETING_NONCE_OFFSET + index, piece),
                retry_delay=self.send_retry_delay,
            )
            if result.message is None:
                log.warning("The greeting in channel %s could not be sent; it will be tried again", message.channel.id)
                return
            await self.brain.memory.add_message(
                message.channel.id,
                message_id=result.message.id,
                author_id=self.user.id if self.user else None,
                author_name=character.name,
                content=piece,
                is_bot=True,
            )
        log.info("Greeted channel %s as %s", message.channel.id, character.name)

    def _cooling_down(self, user_id: int) -> bool:
        cooldown = self.brain.settings.user_cooldown_seconds
        now = time.monotonic()
        if cooldown and now - self._last_answer_at.get(user_id, -cooldown) < cooldown:
            log.info("Not answering user %s: per-user cooldown of %s s", user_id, cooldown)
            return True
        self._last_answer_at[user_id] = now
        return False

    async def answer(self, message: discord.Message, parts: MessageParts | None = None) -> None:
        brain = self.brain
        # Stores read small files; off the loop so a slow disk never stalls heartbeats.
        character = await asyncio.to_thread(self.character_for, message.channel.id)
        preset = await asyncio.to_thread(self.preset)
        history = await brain.memory.history(message.channel.id, HISTORY_LIMIT)
        ctx = macro_context(
            character,
            user=message.author.display_name,
            chat_id=str(message.channel.id),
            idle_seconds=idle_seconds(history, message),
        )
        images = await self._history_images(message, history, parts)
        lorebooks = await asyncio.to_thread(attached_lorebooks, brain.lorebooks, character.id, brain.settings)
        built = await asyncio.to_thread(
            build_prompt,
            character,
            preset,
            history,
            user=message.author.display_name,
            settings=brain.settings,
            lorebooks=lorebooks,
            ctx=ctx,
            images=images,
        )
        if built.lore.fired or built.lore.dropped:
            log.debug(
                "Lore for message %s: %s; left out: %s", message.id,
                ", ".join(entry.label for entry in built.lore.fired) or "none",
                ", ".join(f"{entry.label} ({entry.dropped})" for entry in built.lore.dropped) or "none",
            )
        prompt = built.messages
        async with typing_indicator(message.channel):
            try:
                split = await self._generate(prompt, preset)
            except ModelStreamCut as cut:
                log.warning("Model stream cut in channel %s after %d characters", message.channel.id, len(cut.partial_text))
                split = split_reasoning(f"{cut.partial_text.rstrip()}\n\n{STREAM_CUT_NOTE}")
            except ModelError as error:
                log.warning("Model failed for message %s in channel %s: %s", message.id, message.channel.id, error)
                await self.send_reply(message, f"⚠️ {error}", notice=True)
                return
        if not split.answer:
            log.info(
                "The model's reply in channel %s had no answer (%d characters of reasoning); posting %s",
                message.channel.id, len(split.reasoning), PLACEHOLDER,
            )
        reasoning = split.reasoning if brain.settings.show_reasoning else ""
        await self.send_reply(message, split.answer or PLACEHOLDER, reasoning=reasoning)

    async def _generate(self, prompt: list[dict[str, Any]], preset: Preset) -> Split:
        """The model's reply, with any reasoning (tags or a separate field) set apart from the answer."""
        splitter = ReasoningSplitter()
        drop_images = self.brain.settings.send_images == "auto"  # "on": the user wants to see a refusal
        async for delta in self.brain.model.stream_deltas(prompt, request_params(preset), drop_refused_images=drop_images):
            splitter.feed_reasoning(delta.reasoning)
            splitter.feed_text(delta.text)
        return splitter.finish()

    async def send_reply(
        self, message: discord.Message, text: str, *, notice: bool = False, reasoning: str = ""
    ) -> None:
        """Send a reply in pieces; each piece is remembered, delivered or not.

        `reasoning` (when the user wants to see it) goes first, as spoilers, in
        pieces of its own kind: it counts as said but never returns to the
        model as the character's words.

        The whole reply is handed to one delivery task: a piece being sent is
        finished even if the generation is cancelled (shutdown), because a reply
        that reached Discord must also reach memory, or a catch-up after a
        restart could not tell the message was answered.
        """
        kind = "notice" if notice else "message"
        pieces = [(piece, "reasoning") for piece in split_reply(spoiler(outgoing(reasoning)))] if reasoning else []
        pieces += [(piece, kind) for piece in split_reply(outgoing(text))]
        delivery = asyncio.get_running_loop().create_task(self._deliver(message, pieces), name="familiar-delivery")
        self._deliveries.add(delivery)
        delivery.add_done_callback(self._deliveries.discard)
        await asyncio.shield(delivery)

    async def _deliver(self, message: discord.Message, pieces: list[tuple[str, str]]) -> None:
        """Send (text, kind) pieces in order; once one fails for good, it and the rest wait in memory."""
        reference = message.to_reference(fail_if_not_exists=False)
        failed = False
        for index, (piece, piece_kind) in enumerate(pieces):
            outcome, sent = Outcome.FAILED, None
            if not failed:
                result = await send_with_retry(
                    message.channel,
                    piece,
                    reference=reference if index == 0 else None,
                    nonce=reply_nonce(message.id, index, piece),
                    retry_delay=self.send_retry_delay,
                    mentions=QUIET_MENTIONS if piece_kind == "reasoning" else SAFE_MENTIONS,
                )
                outcome, sent = result.outcome, result.message
            failed = failed or outcome is not Outcome.SENT
            kind = "refused" if outcome is Outcome.REFUSED else piece_kind
            await self.brain.memory.add_message(
                message.channel.id,
                message_id=sent.id if sent else None,
                author_id=self.user.id if self.user else None,
                author_name=self.user.display_name if self.user else "",
                content=piece,
                is_bot=True,
                reply_to=message.id,
                delivered=sent is not None,
                kind=kind,
            )
            if outcome is Outcome.REFUSED:
                return  # Discord will not take it here; nothing to redeliver
        if failed:
            self._on_owed()  # the catch-up sends what waits in memory

    def character_for(self, channel_id: int) -> Character:
        settings = self.brain.settings
        override = settings.channel_characters.get(str(channel_id))
        if override is None and self.brain.default_card is not None:
            return self.brain.default_card.character
        wanted = override or settings.character_id
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


def idle_seconds(history: list[Turn], message: discord.Message) -> float | None:
    """For {{idle_duration}}: how long before this message its author last wrote (SillyTavern's meaning)."""
    for turn in reversed(history):
        if turn.is_bot or turn.message_id == message.id or turn.author_id != message.author.id:
            continue
        return max(0.0, message.created_at.timestamp() - turn.created_at)
    return None


def render_content(message: discord.Message, parts: MessageParts | None = None) -> str:
    """The text the model sees: mentions as names, attachments and stickers described.

    `parts` (an answered message's read attachments) brings text files inline; without
    it attachments are one line each (`[image: cat.png]`, which also lets a later
    prompt find the image again). A pasted bot token or model key is replaced here,
    so it is neither stored nor sent on to the model.
    """
    text = redact.redact(message.clean_content).strip()
    attached = parts.text if parts is not None and parts.text else describe_attachments(message.attachments)
    extras = [attached] if attached else []
    extras += [f"[sticker: {sticker.name}]" for sticker in message.stickers]
    if extras:
        text = "\n".join([text, *extras]) if text else "\n".join(extras)
    return text or "[an empty message]"
