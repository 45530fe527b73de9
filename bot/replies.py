"""One character's reply to one message: where it is posted, what the model is asked, how it
streams in, and what is remembered.

The client decides who answers (`bot.cast`); this module makes one character's
reply happen:
- Where: through the character's webhook (its own name and avatar) in a server
  channel where the bot may manage webhooks and the setting is on; otherwise as
  the bot account, as a Discord reply. A webhook message cannot be a reply, so
  its first message opens with a small subtext line linking the message answered
  (`reply_link`), which pings nobody.
- What: the prompt from the character's card, its lorebooks, the channel's
  memory and the rest of the cast (`bot.prompt.build_prompt`), images included.
- How: the model's stream, with reasoning taken out first (`bot.reasoning`), is
  posted as soon as there is text and edited as it grows (`bot.streaming`), or
  posted once finished when streaming is off. A model failure is said in the
  channel by the bot account, never in the character's voice.
- Memory: one row per message, holding what Discord shows, the character as
  author. Text that never reached Discord is kept as pending and owed, so the
  catch-up sends it later.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import re
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from .attachments import ImagePart
from .delivery import QUIET_MENTIONS, TRANSIENT_ERRORS, describe, outgoing, reply_nonce
from .i18n import N_, translate
from .llm import ModelError, ModelStreamCut
from .lorebooks import attached_lorebooks
from .macros import render
from .presets import Preset, request_params
from .prompt import build_prompt, choose_greeting, macro_context
from .reasoning import PLACEHOLDER, ReasoningSplitter, spoiler
from .streaming import (
    FIRST_POST_GRACE,
    ChannelOutlet,
    Finished,
    Outlet,
    ReusingOutlet,
    StreamingReply,
    typing_until_posted,
)

if TYPE_CHECKING:
    from .characters import Character
    from .client import Brain
    from .memory import Turn
    from .personas import Personas
    from .usage import TokenUsage

log = logging.getLogger(__name__)

#: Appended when the model's stream broke off halfway, so the partial reply is not lost (in the server's language).
STREAM_CUT_NOTE = N_("*(the model stopped mid-reply)*")
#: How many people's Discord languages (from their interactions) are kept for notices in their DMs.
KNOWN_LOCALES = 10_000
#: How much of the answered message the link line quotes.
LINK_QUOTE_CHARS = 48
#: How many replies /status takes its latency figure from.
LATENCY_WINDOW = 20


@dataclass(frozen=True)
class Reply:
    """What a character's reply left in the channel: its first message (for a reply to it) and its text."""

    first: discord.Message | None
    text: str
    usage: TokenUsage | None = None  # what the model call used (the server's count, or an estimate)


def reply_link(message: discord.Message) -> str:
    """The line above a webhook reply: who and what it answers, linked, in small grey text.

    `-# ↪ [alice: “is the sea calm…”](https://discord.com/channels/…)` reads like
    Discord's own reply header; a masked message link shows no embed and pings no one.
    """
    said = message.clean_content
    if linked_message_id(said) is not None:  # a character answering a character: quote the words, not the link
        said = said.split("\n", 1)[1] if "\n" in said else ""
    text = " ".join(said.split()) or translate(
        N_("an image") if message.attachments else N_("a message"), getattr(message.guild, "preferred_locale", None)
    )
    if len(text) > LINK_QUOTE_CHARS:
        text = text[: LINK_QUOTE_CHARS - 1].rstrip() + "…"
    label = f"{message.author.display_name}: “{text}”"
    for special in "\\[]*_~`|<>":
        label = label.replace(special, "\\" + special)
    return f"-# ↪ [{label}]({message.jump_url})\n"


_LINK_LINE = re.compile(r"-# ↪ \[.*\]\(https://discord\.com/channels/(?:\d+|@me)/\d+/(\d+)\)$")


def linked_message_id(text: str) -> int | None:
    """The id of the message a webhook reply answers, from its `reply_link` line (None without one)."""
    match = _LINK_LINE.match(text.split("\n", 1)[0])
    return int(match.group(1)) if match else None


class Replier:
    """Makes characters' replies for one client (lives as long as it)."""

    def __init__(
        self,
        brain: Brain,
        personas: Personas,
        *,
        me: Callable[[], discord.ClientUser | None],
        on_owed: Callable[[], None],
        send_retry_delay: float = 1.0,
        edit_interval: float = 1.0,
    ) -> None:
        self.brain = brain
        self.personas = personas
        self._me = me
        self._on_owed = on_owed
        self.send_retry_delay = send_retry_delay
        self.edit_interval = edit_interval
        #: Seconds from asking the model to the finished reply, of the last replies (for /status).
        self.latencies: collections.deque[float] = collections.deque(maxlen=LATENCY_WINDOW)
        #: The buttons under a reply (answered message id, alternative shown, how many), when commands
        #: are on; None: no buttons.
        self.buttons: Callable[[int, int, int], discord.ui.View] | None = None
        self._tidying: set[asyncio.Task[None]] = set()  # buttons being put on, beside the next reply
        #: People's Discord languages, as their last interaction gave them (a DM notice has no other).
        self.user_locales: dict[int, str] = {}
        #: Held while a reply's prompt is built: replies take turns at it (see `reply`).
        self._preparing = asyncio.Lock()

    # ----- in whose language -----

    def remember_locale(self, user_id: int, locale: object) -> None:
        """Note the Discord language someone's interaction came with, for notices in their DMs."""
        self.user_locales.pop(user_id, None)
        self.user_locales[user_id] = str(getattr(locale, "value", locale))
        while len(self.user_locales) > KNOWN_LOCALES:
            del self.user_locales[next(iter(self.user_locales))]

    def locale_for(self, message: discord.Message) -> str | None:
        """The language of what the bot posts answering `message`: its server's, or in a DM the
        author's when an interaction told it (None: English)."""
        if message.guild is not None:
            return str(message.guild.preferred_locale)
        return self.user_locales.get(message.author.id)

    # ----- where a character speaks -----

    async def outlet(
        self,
        channel: discord.abc.Messageable,
        character: Character,
        answering: discord.Message | None,
        *,
        occasion: int = 0,
    ) -> tuple[Outlet, str]:
        """The character's webhook (with its link line to `answering`) or the bot account (a Discord reply).

        `occasion` (the id of the message that prompted an unreplied post, such as a greeting)
        keeps the send nonces of two identical posts apart, so Discord does not fold them into one.
        """
        settings = self.brain.settings
        if settings.use_webhooks and self.personas.may_speak_in(channel):
            avatar = await asyncio.to_thread(self.avatar, character)  # a file: only where it is needed
            webhook = await self.personas.outlet_for(channel, character, avatar)
            if webhook is not None:
                return webhook, reply_link(answering) if answering is not None else ""
        reference = answering.to_reference(fail_if_not_exists=False) if answering is not None else None
        salt = answering.id if answering is not None else occasion
        outlet = ChannelOutlet(
            channel,
            reference=reference,
            retry_delay=self.send_retry_delay,
            nonce=lambda index, text: reply_nonce(salt, index, f"{character.id}:{text}"),
        )
        return outlet, ""

    def avatar(self, character: Character) -> bytes | None:
        card = self.brain.default_card
        if card is not None and card.character.id == character.id:
            return card.avatar_png
        return self.brain.characters.avatar_bytes(character.id)

    # ----- greeting -----

    async def greet(self, channel: discord.abc.Messageable, character: Character, *, user: str, occasion: int) -> None:
        """The character's greeting, the first time it speaks in a channel (or after a reset).

        `first_mes`, or one of it and `alternate_greetings` (setting), with macros,
        posted as a message of its own and remembered as the character's first
        turn. A greeting Discord refuses is skipped (and tried again next time),
        never remembered as said.
        """
        settings = self.brain.settings
        channel_id: int = getattr(channel, "id")  # noqa: B009 - every Messageable we get has one
        if settings.greeting_mode == "off" or await self.brain.memory.has_spoken(channel_id, character.id):
            return
        chosen = choose_greeting(character, settings.greeting_mode, self.brain.rng)
        if chosen is None:
            return
        ctx = macro_context(character, user=user, chat_id=str(channel_id))
        outlet, _ = await self.outlet(channel, character, None, occasion=occasion)
        reply = StreamingReply(outlet, interval=self.edit_interval)
        finished = await reply.finish(outgoing(render(chosen, ctx)))
        if not finished.complete:
            log.warning("The greeting in channel %s could not be sent; it will be tried again", channel_id)
        await self._remember(channel_id, character, finished, reply_to=None, pending=False)
        log.info("Greeted channel %s as %s", channel_id, character.name)

    # ----- a reply -----

    async def reply(
        self,
        message: discord.Message,
        character: Character,
        preset: Preset,
        history: list[Turn],
        *,
        others: Sequence[Character] = (),
        images: dict[int, Sequence[ImagePart]] | None = None,
        user: str,
        idle_seconds: float | None = None,
        reuse: Sequence[int] = (),
        swipe: tuple[int, int] = (0, 1),
    ) -> Reply:
        """Generate and post `character`'s reply to `message`; returns what the channel shows.

        `reuse`: the messages of an earlier reply to `message`, which this one takes over (a
        regeneration); `swipe`: which alternative this is, of how many, for the buttons.
        """
        brain = self.brain
        started = time.monotonic()
        ctx = macro_context(
            character,
            user=user,
            chat_id=str(message.channel.id),
            idle_seconds=idle_seconds,
            group=tuple(member.name for member in (character, *others)) if others else (),
        )
        # Reading the lorebooks and building the prompt: one trip to a worker thread (files, CPU).
        # Replies take turns at it, first come first served. It is Python work, done one at a time
        # under the GIL whatever happens; built side by side, the prompts of channels that got their
        # messages at the same moment all finish together, at the end, so each of their model calls
        # starts as late as the last one's, and the channels stay in step at every later step too
        # (each waits for all the others' work, every reply). Taking turns, the first starts at once
        # and the channels spread out: 20 busy channels answer 5-10 % sooner (README, Benchmarks).
        async with self._preparing:
            built = await asyncio.to_thread(
                lambda: build_prompt(
                    character,
                    preset,
                    history,
                    user=user,
                    settings=brain.settings,
                    lorebooks=attached_lorebooks(brain.lorebooks, character.id, brain.settings),
                    ctx=ctx,
                    images=images or {},
                    others=others,
                )
            )
        if built.lore.fired or built.lore.dropped:
            log.debug(
                "Lore for message %s: %s; left out: %s",
                message.id,
                ", ".join(entry.label for entry in built.lore.fired) or "none",
                ", ".join(f"{entry.label} ({entry.dropped})" for entry in built.lore.dropped) or "none",
            )
        outlet, prefix = await self.outlet(message.channel, character, message)
        if reuse:
            outlet = ReusingOutlet(outlet, reuse)
        reply = StreamingReply(outlet, prefix=prefix, interval=self.edit_interval, first_post_grace=FIRST_POST_GRACE)
        splitter = ReasoningSplitter()
        stream = brain.settings.stream_replies
        usage: TokenUsage | None = None
        try:
            async with typing_until_posted(message.channel, reply):
                try:
                    drop_images = brain.settings.send_images == "auto"
                    async for delta in brain.model.stream_deltas(
                        built.messages, request_params(preset), drop_refused_images=drop_images
                    ):
                        usage = delta.usage or usage
                        splitter.feed_reasoning(delta.reasoning)
                        shown = splitter.feed_text(delta.text)
                        if stream:
                            await reply.update(outgoing(shown))
                    split = splitter.finish()
                    text = split.answer
                except ModelStreamCut as cut:
                    usage = cut.usage
                    split = splitter.finish()
                    log.warning(
                        "Model stream cut in channel %s after %d characters", message.channel.id, len(split.answer)
                    )
                    text = f"{split.answer.rstrip()}\n\n{translate(STREAM_CUT_NOTE, self.locale_for(message))}"
                except ModelError as error:
                    log.warning("Model failed for message %s in channel %s: %s", message.id, message.channel.id, error)
                    await reply.abort()
                    await self.notice(message, f"⚠️ {error.in_language(self.locale_for(message))}")
                    return Reply(None, "")
            if not text.strip():
                log.info(
                    "The model's reply in channel %s had no answer (%d characters of reasoning); posting %s",
                    message.channel.id,
                    len(split.reasoning),
                    PLACEHOLDER,
                )
                text = PLACEHOLDER
            if brain.settings.show_reasoning and split.reasoning:
                await self._post_reasoning(message, character, split.reasoning)
            finished = await reply.finish(outgoing(text), view=self._buttons_for(message, swipe))
        except asyncio.CancelledError:
            finished = await reply.abort()  # what is in flight completes (bounded); nothing more is sent
            await asyncio.shield(self._remember(message.channel.id, character, finished, reply_to=message.id))
            raise
        await self._remember(message.channel.id, character, finished, reply_to=message.id)
        self.latencies.append(time.monotonic() - started)
        # The buttons (and deleting what a shorter regeneration left over) need not hold up the
        # channel's next reply: they go on beside it.
        if isinstance(outlet, ReusingOutlet) or not reply.decorated:
            self.beside(self._tidy(outlet, finished, message, swipe, decorated=reply.decorated))
        first = finished.shown[0].message if finished.shown else None
        return Reply(first, text, usage)

    async def show(
        self,
        message: discord.Message,
        character: Character,
        text: str,
        *,
        reuse: Sequence[int],
        swipe: tuple[int, int],
    ) -> bool:
        """Make the reply to `message` (its messages `reuse`) show `text` instead: a swipe.

        Memory then holds what the channel shows. False when Discord took none of it.
        """
        outlet, prefix = await self.outlet(message.channel, character, message)
        reusing = ReusingOutlet(outlet, reuse)
        streamed = StreamingReply(reusing, prefix=prefix, interval=self.edit_interval)
        finished = await streamed.finish(outgoing(text), view=self._buttons_for(message, swipe))
        if not finished.shown:
            return False
        await self.brain.memory.replace_reply(
            message.channel.id,
            message.id,
            [(shown.message.id, shown.text) for shown in finished.shown],
            character_id=character.id,
            author_id=finished.shown[0].message.author.id,
            author_name=character.name,
        )
        await self._tidy(reusing, finished, message, swipe, decorated=streamed.decorated)
        return True

    def beside(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` beside the channel's next reply (buttons, usage); `settle` waits for it."""
        task = asyncio.get_running_loop().create_task(work, name="familiar-reply-tidy")
        self._tidying.add(task)
        task.add_done_callback(self._done_beside)

    def _done_beside(self, task: asyncio.Task[None]) -> None:
        self._tidying.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("Work beside a reply failed: %s", describe(error), exc_info=error)

    async def settle(self) -> None:
        """Wait for the work that goes on beside replies (tests, shutdown)."""
        while self._tidying:
            await asyncio.gather(*list(self._tidying), return_exceptions=True)

    def _buttons_for(self, message: discord.Message, swipe: tuple[int, int]) -> discord.ui.View | None:
        """The buttons under the reply to `message` (none in DMs)."""
        if self.buttons is None or message.guild is None:
            return None
        return self.buttons(message.id, *swipe)

    async def _tidy(
        self, outlet: Outlet, finished: Finished, message: discord.Message, swipe: tuple[int, int], *, decorated: bool
    ) -> None:
        """After a reply: delete the messages a shorter new text no longer needs, and put the buttons on
        (unless they went with the final text)."""
        if isinstance(outlet, ReusingOutlet):
            for leftover in outlet.leftover:
                try:
                    await outlet.delete(leftover)
                except TRANSIENT_ERRORS as error:
                    log.warning("Could not delete message %s of an earlier reply: %s", leftover, describe(error))
        view = None if decorated else self._buttons_for(message, swipe)
        if view is None or not finished.shown:
            return
        last = finished.shown[-1].message
        try:
            await outlet.decorate(last.id, view)
        except TRANSIENT_ERRORS as error:  # buttons are a convenience: the reply stands without them
            log.warning("Could not put the buttons under reply %s: %s", last.id, describe(error))

    async def notice(self, message: discord.Message, text: str) -> None:
        """A problem said by the bot account (not in the character's voice), as a reply; it counts as an answer."""
        outlet = ChannelOutlet(
            message.channel,
            reference=message.to_reference(fail_if_not_exists=False),
            retry_delay=self.send_retry_delay,
            nonce=lambda index, piece: reply_nonce(message.id, index, f"notice:{piece}"),
        )
        finished = await StreamingReply(outlet, interval=self.edit_interval).finish(outgoing(text))
        await self._remember(message.channel.id, None, finished, reply_to=message.id, kind="notice")

    async def _post_reasoning(self, message: discord.Message, character: Character, reasoning: str) -> None:
        """The model's reasoning as spoilers before the answer, when the user wants to see it; never fed back."""
        outlet, prefix = await self.outlet(message.channel, character, message)
        finished = await StreamingReply(
            outlet, prefix=prefix, mentions=QUIET_MENTIONS, interval=self.edit_interval
        ).finish(spoiler(outgoing(reasoning)))
        await self._remember(message.channel.id, character, finished, reply_to=message.id, kind="reasoning")

    async def _remember(
        self,
        channel_id: int,
        character: Character | None,
        finished: Finished,
        *,
        reply_to: int | None,
        kind: str = "message",
        pending: bool = True,
    ) -> None:
        """One row per message, holding what Discord shows; what never got there is pending and owed."""
        me = self._me()
        for shown in finished.shown:
            await self.brain.memory.add_message(
                channel_id,
                message_id=shown.message.id,
                author_id=shown.message.author.id,
                author_name=character.name if character is not None else (me.display_name if me else ""),
                content=shown.text,
                is_bot=True,
                reply_to=reply_to,
                kind=kind,
                character_id=character.id if character is not None else None,
            )
        if not pending or not finished.unsent:
            return
        for piece in finished.unsent:
            await self.brain.memory.add_message(
                channel_id,
                message_id=None,
                author_id=me.id if me else None,
                author_name=character.name if character is not None else "",
                content=piece,
                is_bot=True,
                reply_to=reply_to,
                delivered=False,
                kind=kind,
                character_id=character.id if character is not None else None,
            )
        self._on_owed()  # the catch-up sends what waits in memory
