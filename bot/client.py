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
from datetime import datetime

import discord

from . import redact
from .access import decide
from .attachments import (
    ImageCache,
    ImagePart,
    MessageParts,
    RecentAttachments,
    collect_history_images,
    describe_attachments,
    read_attachments,
)
from .cast import Member, named_members, next_in_chain, responders
from .characters import (
    DEFAULT_CHARACTER_ID,
    Character,
    CharacterNotFound,
    CharacterStore,
    ParsedCard,
)
from .commands import CommandHooks, Commands, reply_buttons
from .delivery import (
    SAFE_MENTIONS,
    TRANSIENT_ERRORS,
    describe,
)
from .discord_compat import ReidentifyDelayMixin
from .folders import StorageError
from .i18n import translate
from .llm import ModelClient
from .lorebooks import LorebookStore
from .memory import MemoryStore, Turn
from .personas import Personas, StoredBook
from .presets import DEFAULT_PRESET_ID, Preset, PresetStore
from .replies import Replier, Reply
from .settings import Settings
from .streaming import EDIT_INTERVAL
from .swipes import Swipes
from .usage import LimitHit, UsageLedger, has_daily_limit

log = logging.getLogger(__name__)

__all__ = ["SAFE_MENTIONS", "Brain", "FamiliarClient", "render_content"]

#: Failures of Discord, the network or the disk while handling a message: one log line, and
#: the message stays owed (a catch-up answers it). Anything else is a bug and gets a traceback.
EXPECTED_FAILURES: tuple[type[BaseException], ...] = (*TRANSIENT_ERRORS, StorageError)
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
    rng: random.Random = field(default_factory=random.Random)  # random greetings


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
        edit_interval: float = EDIT_INTERVAL,
        reidentify_delay: float | None = None,
        command_hooks: CommandHooks | None = None,
        clock: Callable[[], datetime] | None = None,
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
        # The supervisor observes connection events through this hook, and hears
        # through `on_owed` that a message is still unanswered (so a catch-up finds it).
        self._on_event = on_event or (lambda name: None)
        self._on_owed = on_owed or (lambda: None)
        self.personas = Personas(
            self,
            book=StoredBook(brain.memory),
            retry_delay=send_retry_delay,
            on_change=lambda: self._on_event("personas"),
        )
        self.replier = Replier(
            brain,
            self.personas,
            me=lambda: self.user,
            on_owed=self._on_owed,
            send_retry_delay=send_retry_delay,
            edit_interval=edit_interval,
        )
        self.swipes = Swipes(self)
        # Tokens per UTC day (the clock is injected by tests that cross midnight).
        self.ledger = UsageLedger(brain.memory, clock=clock) if clock is not None else UsageLedger(brain.memory)
        #: Daily limits reached, and when each starts over: for the tray and the Behaviour page.
        self.limits_hit: dict[tuple[str, int | None], LimitHit] = {}
        # Slash commands and reply buttons (the supervisor's hooks save settings and keep the sync record).
        self.commands: Commands | None = None
        if command_hooks is not None:
            self.commands = Commands(self, command_hooks)
            self.replier.buttons = reply_buttons

    # ----- connection events, forwarded to whoever supervises us -----

    async def on_connect(self) -> None:
        self._on_event("connect")  # READY: a new session

    async def on_ready(self) -> None:
        count = len(self.guilds)
        log.debug(
            "READY as %s (%s) in %d server%s",
            self.user,
            getattr(self.user, "id", "?"),
            count,
            "" if count == 1 else "s",
        )
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
        if not self._accepting:
            return
        if message.guild is None and not isinstance(message.channel, (discord.DMChannel, discord.GroupChannel)):
            # Between READY and its server's GUILD_CREATE discord.py knows neither the server nor the
            # author's roles, so access rules cannot be applied yet; the catch-up that runs once the
            # servers are in reads it back from the channel (nothing is lost, it waits a moment).
            log.debug("Message %s arrived before its server was known; the catch-up will take it", message.id)
            return
        if not self.may_read(message):
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

    def may_read(self, message: discord.Message, role_ids: Sequence[int] | None = None) -> bool:
        """Messages the bot takes in at all: not its own or other bots', inside the allow-list, and
        from people the access rules let in (the others are ignored silently and not remembered).

        `role_ids`: the author's roles when the message does not carry them (history read back
        by the catch-up: Discord sends no member there; see `author_roles`).
        """
        if message.author.bot or (self.user is not None and message.author.id == self.user.id):
            return False
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return False
        if not self.channel_allowed(message.channel):
            return False
        if role_ids is None:
            role_ids = [role.id for role in getattr(message.author, "roles", ())]
        decision = decide(
            self.brain.settings,
            user_id=message.author.id,
            role_ids=role_ids,
            in_dm=isinstance(message.channel, discord.DMChannel),
            owner_ids=self.owner_ids(),
        )
        if not decision.allowed:
            log.debug("Ignoring message %s of user %s: %s", message.id, message.author.id, decision.reason)
        return decision.allowed

    async def author_roles(self, message: discord.Message) -> list[int] | None:
        """The author's role ids for a message without member data (read back from history), when
        the access rules look at roles; None when the message has them or no rule needs them.
        A member who left has none; a lookup Discord fails raises (the catch-up tries again later)."""
        settings = self.brain.settings
        guild = message.guild
        if isinstance(message.author, discord.Member) or guild is None:
            return None
        if not (settings.allowed_roles or settings.blocked_roles):
            return None
        member = guild.get_member(message.author.id)
        if member is None:
            try:
                member = await guild.fetch_member(message.author.id)
            except discord.NotFound:
                return []
        return [role.id for role in member.roles]

    def owner_ids(self) -> set[int]:
        """The application's owner, or its team's members: always allowed (discord.py reads it at login)."""
        application = self.application
        if application is None:
            return set()
        if application.team is not None:
            return {member.id for member in application.team.members}
        return {application.owner.id} if application.owner is not None else set()

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
            if isinstance(replied, discord.Message) and (replied.author.id == me.id or self.personas.is_ours(replied)):
                return True
        # In a channel whose cast was set, calling a member by name is addressing it.
        cast_ids = self.cast_ids(message.channel)
        if cast_ids is not None:
            members = [Member(ident, *self._names(ident)) for ident in cast_ids]
            return bool(named_members(message.clean_content, members))
        return False

    def cast_ids(self, channel: discord.abc.Messageable) -> list[str] | None:
        """The ids of the cast set for a channel (a thread inherits its parent's); None when none is set."""
        casts = self.brain.settings.channel_casts
        for key in (getattr(channel, "id", None), getattr(channel, "parent_id", None)):
            cast = casts.get(str(key)) if key is not None else None
            if cast:
                return cast
        return None

    def _names(self, character_id: str) -> tuple[str, str | None]:
        """A cast member's name and nickname, without reading its file when it is cached."""
        try:
            character = self.brain.characters.get(character_id)
        except (CharacterNotFound, OSError):
            return character_id, None
        return character.name, character.nickname

    def cast_for(self, channel: discord.abc.Messageable) -> tuple[list[Character], bool]:
        """The characters who speak in a channel, first one first, and whether that cast was set.

        A channel with none set (and every DM) has the default character alone; a
        member whose card cannot be read is left out (logged), and an empty cast falls
        back to the default. Reads small files: call it off the loop.
        """
        ids = None if isinstance(channel, discord.DMChannel) else self.cast_ids(channel)
        if not ids:
            return [self.default_character()], False
        cast: list[Character] = []
        for character_id in dict.fromkeys(ids):
            try:
                cast.append(self.brain.characters.get(character_id))
            except CharacterNotFound as error:
                log.warning(
                    "Cast member %r of channel %s left out: %s", character_id, getattr(channel, "id", "?"), error
                )
        return (cast, True) if cast else ([self.default_character()], False)

    def default_character(self) -> Character:
        """FAMILIAR_CHARACTER's, else the saved default, else the built-in one."""
        if self.brain.default_card is not None:
            return self.brain.default_card.character
        wanted = self.brain.settings.character_id
        for character_id in (wanted, DEFAULT_CHARACTER_ID):
            try:
                return self.brain.characters.get(character_id)
            except CharacterNotFound:
                log.warning("Character %r not found; using the default", character_id)
        raise RuntimeError("the built-in default character is missing")

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
                    message.id,
                    channel_id,
                    describe(error),
                )
                self._on_owed()
            except Exception:
                log.exception("Failed to handle message %s in channel %s; it stays owed", message.id, channel_id)
                self._on_owed()

    async def handle(self, message: discord.Message) -> None:
        """Remember the message; the cast members it calls answer it, in order."""
        memory = self.brain.memory
        addressed = self.is_addressed(message)
        if addressed and await memory.was_answered(message.id):
            return  # seen again through a replay or the catch-up
        speakers: list[Character] = []
        cast: list[Character] = []
        preset: Preset | None = None
        if addressed:
            cast, explicit, preset = await asyncio.to_thread(self._cast_and_preset, message.channel)
            speakers = await self._speakers(message, cast, explicit)
        answering = bool(speakers) and not self._cooling_down(message.author.id)
        if answering and await self._over_limit(message):
            speakers, answering = [], False
        parts: MessageParts | None = None
        if answering:
            # Before the message is remembered: a greeting opens the conversation, as in SillyTavern.
            for speaker in speakers:
                await self.replier.greet(
                    message.channel, speaker, user=message.author.display_name, occasion=message.id
                )
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
        if speakers and not answering:
            # Decided, not lost: a catch-up must not answer it later either.
            await memory.mark_handled(message.channel.id, message.id, "cooldown")
            return
        if not answering:
            return
        assert preset is not None  # read with the cast: there are speakers
        await self._answer(message, speakers, cast, parts, preset)

    async def _speakers(self, message: discord.Message, cast: list[Character], explicit: bool) -> list[Character]:
        """Who of the cast answers this message (see bot.cast)."""
        by_id = {character.id: character for character in cast}
        replied_to: str | None = None
        reference = message.reference.resolved if message.reference is not None else None
        if isinstance(reference, discord.Message) and self.personas.is_ours(reference):
            replied_to = await self.personas.character_of(reference)
        last: str | None = None
        if self.brain.settings.mention_answered_by == "last":
            history = await self.brain.memory.history(message.channel.id, 20)
            last = next((turn.character_id for turn in reversed(history) if turn.is_bot and turn.character_id), None)
        chosen = responders(
            message.clean_content,
            [Member.of(character) for character in cast],
            explicit_cast=explicit,
            addressed=True,
            replied_to=replied_to,
            last_speaker=last,
            mention_answered_by=self.brain.settings.mention_answered_by,
        )
        return [by_id[member.id] for member in chosen]

    async def _answer(
        self,
        message: discord.Message,
        speakers: list[Character],
        cast: list[Character],
        parts: MessageParts | None,
        preset: Preset,
    ) -> None:
        """Each speaker in turn; then, if characters talk to each other, the chain their replies start."""
        images: dict[int, Sequence[ImagePart]] | None = None
        last: tuple[Character, Reply] | None = None
        for speaker in speakers:
            history = await self.brain.memory.history(message.channel.id, HISTORY_LIMIT)
            if images is None:
                images = await self._history_images(message, history, parts)
            reply = await self.replier.reply(
                message,
                speaker,
                preset,
                history,
                others=[member for member in cast if member.id != speaker.id],
                images=images,
                user=message.author.display_name,
                idle_seconds=idle_seconds(history, message),
            )
            await self._count(message, reply)
            last = (speaker, reply)
        if last is not None and self.brain.settings.characters_talk and len(cast) > 1:
            await self._chain(cast, *last, preset=preset, human=message)

    async def _chain(
        self, cast: list[Character], speaker: Character, reply: Reply, *, preset: Preset, human: discord.Message
    ) -> None:
        """Characters answering each other: the member a reply names answers it, up to the chain limit."""
        limit = self.brain.settings.character_chain_limit
        members = {character.id: character for character in cast}
        chain = 1
        while reply.first is not None:
            nxt = next_in_chain(reply.text, Member.of(speaker), [Member.of(c) for c in cast], chain=chain, limit=limit)
            answering = reply.first
            if nxt is None:
                if chain >= limit:
                    log.info("Characters in channel %s stopped after %d replies in a row", answering.channel.id, chain)
                return
            speaker = members[nxt.id]
            history = await self.brain.memory.history(answering.channel.id, HISTORY_LIMIT)
            reply = await self.replier.reply(
                answering,
                speaker,
                preset,
                history,
                others=[member for member in cast if member.id != speaker.id],
                user=_speaker_name(history, answering, members),
            )
            await self._count(human, reply)  # characters talking on count against who set them off
            chain += 1

    # ----- how much -----

    async def _count(self, message: discord.Message, reply: Reply) -> None:
        """Record the reply's tokens. With a daily limit set, before the channel's next message (its
        check must see them); without one, beside it (one trip to SQLite less per reply)."""
        if reply.usage is None:
            return
        guild_id = message.guild.id if message.guild is not None else None
        record = self.ledger.record(user_id=message.author.id, guild_id=guild_id, usage=reply.usage)
        if has_daily_limit(self.brain.settings):
            await record
        else:
            self.replier.beside(record)

    async def _over_limit(self, message: discord.Message) -> bool:
        """Whether a daily limit stops this reply; the first time a scope hits its limit, the
        bot says once, in the channel, that it rests until UTC midnight."""
        guild_id = message.guild.id if message.guild is not None else None
        self._forget_past_limits()
        hit = await self.ledger.limit_hit(self.brain.settings, user_id=message.author.id, guild_id=guild_id)
        if hit is None:
            return False
        key = (hit.scope, {"user": message.author.id, "server": guild_id, "total": None}[hit.scope])
        if key not in self.limits_hit:
            self.limits_hit[key] = hit
            log.info(
                "Daily token limit reached (%s: %s of %s); resting until %s",
                hit.scope,
                hit.used,
                hit.limit,
                hit.resets_at.isoformat(),
            )
            self._on_event("limits")
            locale = self.replier.locale_for(message)  # said in the channel: the server's language
            await self.replier.notice(
                message, translate("💤 {reason} Resting until then.", locale, reason=hit.in_language(locale))
            )
        else:
            log.debug("Not answering message %s: %s", message.id, hit.reason)
            await self.brain.memory.mark_handled(message.channel.id, message.id, "limit")
        return True

    def _forget_past_limits(self) -> None:
        now = self.ledger.now()
        past = [key for key, hit in self.limits_hit.items() if hit.resets_at <= now]
        for key in past:
            del self.limits_hit[key]
        if past:
            self._on_event("limits")

    def limit_lines(self) -> tuple[str, ...]:
        """The limits reached, one line each (the tray's status and the Behaviour page)."""
        self._forget_past_limits()
        words = {"user": "A person's", "server": "A server's", "total": "The total"}
        return tuple(
            f"{words[hit.scope]} daily limit of {hit.limit:,} tokens reached; back at {hit.resets_at:%H:%M} UTC"
            for hit in self.limits_hit.values()
        )

    async def usage_today(self, user_id: int, guild_id: int | None) -> tuple[int, int, int] | None:
        """Today's tokens: (this user's, this server's, everyone's); None if memory cannot say."""
        try:
            return await self.ledger.totals(user_id=user_id, guild_id=guild_id)
        except StorageError as error:
            log.warning("Could not read today's usage: %s", error)
            return None

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

    def _cooling_down(self, user_id: int) -> bool:
        cooldown = self.brain.settings.user_cooldown_seconds
        now = time.monotonic()
        if cooldown and now - self._last_answer_at.get(user_id, -cooldown) < cooldown:
            log.info("Not answering user %s: per-user cooldown of %s s", user_id, cooldown)
            return True
        self._last_answer_at[user_id] = now
        return False

    def _cast_and_preset(self, channel: discord.abc.Messageable) -> tuple[list[Character], bool, Preset]:
        """`cast_for` and `preset` together: small files, read in one trip to a worker thread."""
        cast, explicit = self.cast_for(channel)
        return cast, explicit, self.preset()

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

    async def cancel_generations(self) -> None:
        """Cancel every channel worker; a reply being posted finishes its call in flight (bounded) and
        is remembered as Discord shows it. Idempotent."""
        workers = list(self._workers.values())
        self._workers.clear()
        for worker in workers:
            worker.cancel()
        if workers:
            await asyncio.gather(*workers, return_exceptions=True)
        await self.replier.settle()  # buttons going on finish (each is one bounded call)
        if self.commands is not None:
            await self.commands.cancel()

    # ----- testing seam -----

    async def wait_drained(self) -> None:
        """Testing seam: until every queued message has been handled, and the work beside replies with it.

        For tests and benchmarks only: the app never waits for the queue to drain (the
        catch-up just queues, and shutdown cancels the workers: `cancel_generations`).
        """
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)
        await self.replier.settle()


def _speaker_name(history: list[Turn], message: discord.Message, members: dict[str, Character]) -> str:
    """Who said a message of the bot's, by character name (memory knows; Discord shows the webhook's name)."""
    said_by = next((turn.character_id for turn in reversed(history) if turn.message_id == message.id), None)
    return members[said_by].name if said_by in members else message.author.display_name


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
