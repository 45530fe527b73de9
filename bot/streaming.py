"""Stream a reply into Discord: post the first words at once, then edit the message as the model writes.

Why it is built this way:
- One task (the pump) makes every Discord call of a reply, one at a time, always
  with the newest text. Edits never overlap, and a slow Discord (a 429, or a
  bucket that discord.py waits out inside the edit) makes edits rarer instead of
  queueing them: whatever arrived meanwhile goes out in the next one.
- Each message is edited at most once per `interval` (1 s) while the model
  writes, so a reply stays well inside Discord's rate limits (discord.py waits
  out the rest); the first post goes out as soon as there is text (the replier lets
  it wait `FIRST_POST_GRACE` for more words), and the final text as soon as it is
  known (one edit early, once per message: a quick model's reply is complete at
  once, and the channel's next reply waits for it). Clock and sleep are injected,
  so tests check the timing exactly.
- Which messages there are and what each shows is `splitting.StreamSplitter`'s
  business: once the text passes the limit, the message is finished at a safe
  cut and the rest goes on in a new message, as `split_reply` cuts a whole reply.
- Only what Discord confirmed counts as shown (`Shown`), so what the caller puts
  in memory is what the channel shows, after a failure, a timeout or a shutdown.
- Sends go through an `Outlet`, the same two calls for the bot account
  (`ChannelOutlet`: `delivery.send_with_retry`'s retries and nonces) and for a
  character's webhook (`personas.WebhookOutlet`). A failed post is tried again
  with the text of its first try (so its nonce matches, and Discord returns a
  post that did land instead of posting it twice). An outlet retries a post
  itself, so one that still fails stops the posting: it and the rest are
  reported unsent (memory keeps them for the catch-up). A failed edit is tried
  again at the next tick, with the newest text.

Usage, from the client (reasoning already taken out by `ReasoningSplitter`)::

    reference = message.to_reference(fail_if_not_exists=False)
    reply = StreamingReply(ChannelOutlet(message.channel, reference=reference))
    try:
        async with typing_until_posted(message.channel, reply):
            async for delta in model.stream_deltas(...):
                splitter.feed_reasoning(delta.reasoning)
                await reply.update(outgoing(splitter.feed_text(delta.text)))
        finished = await reply.finish(outgoing(splitter.finish().answer or PLACEHOLDER))
    except asyncio.CancelledError:
        finished = await reply.abort()   # the call in flight completes (bounded); nothing more is sent
        ...                              # memory rows for finished.shown, then re-raise
        raise
    for shown in finished.shown:         # one memory row per message: what Discord shows (shown.text)
        ...
    for piece in finished.unsent:        # never posted: kept undelivered, for the catch-up
        ...
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

import discord

from .delivery import (
    SAFE_MENTIONS,
    TRANSIENT_ERRORS,
    Outcome,
    SendResult,
    describe,
    reply_nonce,
    send_with_retry,
    typing_indicator,
    with_view,
)
from .splitting import DISCORD_LIMIT, StreamSplitter

log = logging.getLogger(__name__)

__all__ = [
    "EDIT_INTERVAL",
    "FIRST_POST_GRACE",
    "ChannelOutlet",
    "Finished",
    "Outlet",
    "Shown",
    "StreamingReply",
    "typing_until_posted",
]

#: At most one edit per message per this many seconds.
EDIT_INTERVAL = 1.0
#: How long `finish` waits, by default, for the final text to reach Discord.
FINISH_TIMEOUT = 30.0
#: How long a call already in flight may take to complete when the reply is aborted.
ABORT_TIMEOUT = 2.0
#: A reply on Discord this soon shows no "typing…" (one call less for a quick model).
TYPING_DELAY = 0.3
#: How long a reply's first post waits for more words (the replier's choice; 0 posts at once): a
#: quick model's whole reply is then one post, with its buttons, instead of a post and an edit.
FIRST_POST_GRACE = 0.25
#: The least room a prefix must leave for the reply in the first message.
_MIN_ROOM = 100


class Outlet(Protocol):
    """Where a streamed reply goes: the bot account in a channel, or a character's webhook.

    Both calls answer like `delivery.send_with_retry`: SENT (for a post, with the
    message), REFUSED (Discord will never take it: that message, or for a post the
    rest of the reply, is given up) or FAILED (tried again at the next tick).
    Rate limits are the outlet's (discord.py's) to wait out. What a reply needs
    beyond text (the bot's reply reference, nonces) is the outlet's business.
    """

    async def post(
        self, text: str, *, allowed_mentions: discord.AllowedMentions = ..., view: discord.ui.View | None = None
    ) -> SendResult:
        """Post a new message (with `view`'s buttons under it). A retry after FAILED comes with the same text."""
        ...

    async def edit(
        self,
        message_id: int,
        text: str,
        *,
        allowed_mentions: discord.AllowedMentions = ...,
        view: discord.ui.View | None = None,
    ) -> SendResult:
        """Make a message this outlet posted (or an earlier reply of the same speaker) show `text`
        (and `view`'s buttons; None leaves its buttons as they are)."""
        ...

    async def decorate(self, message_id: int, view: discord.ui.View) -> None:
        """Put buttons under one of its messages (raises discord.py's errors)."""
        ...

    async def delete(self, message_id: int) -> None:
        """Delete one of its messages (raises discord.py's errors)."""
        ...


class ChannelOutlet:
    """The bot account's outlet for one reply: `channel.send` through `send_with_retry`, and edits.

    The first message carries `reference` (the reply arrow); each post gets
    delivery's nonce for its place and text, so a post retried after FAILED is
    deduplicated by Discord if an earlier try did land. `nonce(index, text)`
    defaults to one unique to this outlet: two replies to one message (a
    regeneration) must never deduplicate into each other. Edits are one call
    each: discord.py already waits out 429s and buckets and retries 5xx inside
    it, and the reply tries again at its next tick with newer text.
    """

    def __init__(
        self,
        channel: discord.abc.Messageable,
        *,
        reference: discord.MessageReference | None = None,
        retry_delay: float = 1.0,
        nonce: Callable[[int, str], int] | None = None,
    ) -> None:
        self.channel = channel
        self.reference = reference
        self.retry_delay = retry_delay
        salt = random.getrandbits(62)
        self._nonce = nonce or (lambda index, text: reply_nonce(salt, index, text))
        self._posted: dict[int, discord.Message] = {}

    async def post(
        self,
        text: str,
        *,
        allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS,
        view: discord.ui.View | None = None,
    ) -> SendResult:
        index = len(self._posted)  # unchanged by a failed try: its retry gets the same nonce
        result = await send_with_retry(
            self.channel,
            text,
            reference=self.reference if index == 0 else None,
            nonce=self._nonce(index, text),
            retry_delay=self.retry_delay,
            mentions=allowed_mentions,
            view=view,
        )
        if result.message is not None:
            self._posted[result.message.id] = result.message
        return result

    async def edit(
        self,
        message_id: int,
        text: str,
        *,
        allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS,
        view: discord.ui.View | None = None,
    ) -> SendResult:
        message = self._posted.get(message_id) or self._partial(message_id)
        try:
            edited = await message.edit(content=text, allowed_mentions=allowed_mentions, **with_view(view))
        except discord.HTTPException as error:
            if 400 <= error.status < 500 and error.status != 429:
                log.error(
                    "Discord refused an edit in channel %s: %s", getattr(self.channel, "id", "?"), describe(error)
                )
                return SendResult(Outcome.REFUSED, error=str(error))
            return SendResult(Outcome.FAILED, error=describe(error))
        except TRANSIENT_ERRORS as error:
            return SendResult(Outcome.FAILED, error=describe(error))
        if isinstance(edited, discord.Message):
            self._posted[message_id] = edited
        return SendResult(Outcome.SENT, edited)

    async def decorate(self, message_id: int, view: discord.ui.View) -> None:
        """Put buttons under a message of this reply (raises what discord.py raises)."""
        await self._partial(message_id).edit(view=view)

    async def delete(self, message_id: int) -> None:
        await self._partial(message_id).delete()

    def _partial(self, message_id: int) -> discord.PartialMessage:
        """A message of an earlier reply (regenerated or swiped replies keep their messages)."""
        get_partial = getattr(self.channel, "get_partial_message", None)
        if get_partial is None:
            raise TypeError(f"channel {getattr(self.channel, 'id', '?')} has no messages to edit")
        partial: discord.PartialMessage = get_partial(message_id)
        return partial


class ReusingOutlet:
    """An outlet whose posts land in existing messages first: a regenerated or swiped reply stays
    where it was. What is left unused (`leftover`) is for the caller to delete."""

    def __init__(self, inner: Outlet, existing: Sequence[int]) -> None:
        self.inner = inner
        self._waiting = list(existing)

    @property
    def leftover(self) -> list[int]:
        return list(self._waiting)

    async def post(
        self,
        text: str,
        *,
        allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS,
        view: discord.ui.View | None = None,
    ) -> SendResult:
        while self._waiting:
            result = await self.inner.edit(self._waiting[0], text, allowed_mentions=allowed_mentions, **with_view(view))
            if result.outcome is Outcome.FAILED:
                return result  # tried again at the next tick, the same message
            self._waiting.pop(0)
            if result.outcome is Outcome.SENT:
                return result
            # REFUSED: that message is gone (deleted meanwhile); the next one, or a new post
        return await self.inner.post(text, allowed_mentions=allowed_mentions, **with_view(view))

    async def edit(
        self,
        message_id: int,
        text: str,
        *,
        allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS,
        view: discord.ui.View | None = None,
    ) -> SendResult:
        return await self.inner.edit(message_id, text, allowed_mentions=allowed_mentions, **with_view(view))

    async def decorate(self, message_id: int, view: discord.ui.View) -> None:
        await self.inner.decorate(message_id, view)

    async def delete(self, message_id: int) -> None:
        await self.inner.delete(message_id)


@dataclass(frozen=True)
class Shown:
    """One posted message and what Discord shows in it: its last post or edit that Discord confirmed."""

    message: discord.Message
    content: str
    #: The caller's line above the reply, at the start of `content` (first message only).
    prefix: str = ""
    #: `content` is this message's final text (only after `finish`).
    final: bool = False
    #: What the message should show: its final text after `finish` ("" for a message the
    #: reply no longer needs); where `final` is False, the difference never reached Discord.
    wanted: str = ""

    @property
    def text(self) -> str:
        """The reply's part of the message, without the prefix."""
        return self.content[len(self.prefix) :]


@dataclass(frozen=True)
class Finished:
    """Where a streamed reply ended up."""

    #: Every message posted, in order, with what Discord shows in it.
    shown: list[Shown]
    #: The messages never posted (refused, failing until the timeout, aborted), in order and
    #: without the prefix: the final ones after `finish`, what would have shown after `abort`.
    unsent: list[str]
    #: Discord shows exactly the final reply: every message final, none unsent, none in doubt.
    complete: bool


@dataclass
class _Slot:
    """One message of the reply, as far as Discord confirmed it."""

    message: discord.Message | None = None
    shown: str = ""  # what Discord shows (confirmed)
    first_text: str = ""  # what the first post try carried: a retry posts it again
    last_call: float = -math.inf  # when the last post or edit of it started
    failures: int = 0  # calls failed in a row
    given_up: bool = False  # refused: never called again


class StreamingReply:
    """A reply shown in Discord while it is being written; see the module docstring.

    `prefix` (a webhook reply's line linking to the answered message, say) goes
    above the reply in the first message and counts against its limit.
    """

    def __init__(
        self,
        outlet: Outlet,
        *,
        mentions: discord.AllowedMentions = SAFE_MENTIONS,
        prefix: str = "",
        limit: int = DISCORD_LIMIT,
        interval: float = EDIT_INTERVAL,
        first_post_grace: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if limit - len(prefix) < _MIN_ROOM:
            raise ValueError(f"a prefix of {len(prefix)} characters leaves too little room in a message of {limit}")
        if interval <= 0:
            raise ValueError("the edit interval must be positive")
        self._outlet = outlet
        self._mentions = mentions
        self._prefix = prefix
        self._interval = interval
        self._grace = first_post_grace
        self._first_text_at: float | None = None  # when there was first something to post
        self._clock = clock
        self._sleep = sleep
        self._splitter = StreamSplitter(limit, first_limit=limit - len(prefix))
        self._text = ""
        self._version = 0  # bumped by every new text; the layout is redone when it changed
        self._laid_out = -1
        self._pieces: list[str] = []  # what each message should show, without the prefix
        self._slots: list[_Slot] = []
        self._final = False  # finish() gave the final text
        self._stopping = False  # no new calls: aborted, timed out, or broken
        self._posts_stopped = False
        self._uncertain = False  # a call was cancelled midway: Discord may show more than we know
        self._calling = False  # the pump is inside an outlet call
        self._wake = asyncio.Event()
        self._pump: asyncio.Task[None] | None = None
        self._view: discord.ui.View | None = None  # finish()'s buttons for the last message
        #: Set once the first message is in the channel (the typing indicator stops then).
        self.first_posted = asyncio.Event()
        #: The last message got finish()'s buttons with its final text.
        self.decorated = False

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.abort()  # after finish() there is nothing left to stop

    # ----- what the caller drives -----

    async def update(self, text: str) -> None:
        """The whole reply so far (not a delta). Cheap: the pump does the work at its next tick."""
        if self._final:
            raise RuntimeError("update() after finish()")
        if self._stopping or text == self._text:
            return
        self._text = text
        self._version += 1
        if self._pump is None:
            self._start()
        elif not self._slots:
            self._wake.set()  # the pump waits for text to post; once posting, it looks at every tick

    async def finish(
        self, text: str, *, timeout: float = FINISH_TIMEOUT, view: discord.ui.View | None = None
    ) -> Finished:
        """Show exactly `text` (in as many messages as it takes) and report what Discord shows.

        `view`: buttons for the last message, sent with its final post or edit (one call less
        than putting them on afterwards); `decorated` says whether they went.

        Bounded by `timeout`: a call still going then is abandoned, and the report keeps to
        what Discord confirmed. Cancelled itself, it lets the call in flight complete
        (within ABORT_TIMEOUT), sends nothing more and re-raises; `result()` has the report.
        """
        if self._final:
            raise RuntimeError("finish() called twice")
        self._final = True
        self._text = text
        self._view = view
        self._version += 1
        if self._stopping:  # aborted before: nothing more is sent
            return self.result()
        self._start()
        self._wake.set()
        pump = self._pump
        assert pump is not None
        try:
            done, _ = await asyncio.wait({pump}, timeout=timeout)
        except asyncio.CancelledError:
            await self.abort()
            raise
        if not done:
            log.warning("A streamed reply did not reach its final text in %g s; keeping what Discord shows", timeout)
            await self._halt(pump, grace=0)
        return self.result()

    async def abort(self, *, timeout: float = ABORT_TIMEOUT) -> Finished:
        """Send nothing more; a call in flight may complete within `timeout`. Idempotent."""
        self._stopping = True
        pump = self._pump
        if pump is not None and not pump.done():
            await self._halt(pump, grace=timeout if self._calling else 0)
        return self.result()

    def result(self) -> Finished:
        """What Discord shows now, as far as it confirmed, and what is not there."""
        self._lay_out()  # against the newest text, even if the pump never got to it
        unsent = [
            piece
            for index, piece in enumerate(self._pieces)
            if index >= len(self._slots) or self._slots[index].message is None
        ]
        shown: list[Shown] = []
        for index, slot in enumerate(self._slots):
            if slot.message is None:
                continue
            wanted = self._wanted(index) if index < len(self._pieces) else ""
            prefix = self._prefix if index == 0 else ""
            final = self._final and slot.shown == wanted
            shown.append(Shown(slot.message, slot.shown, prefix, final=final, wanted=wanted))
        complete = (
            self._final
            and not self._uncertain
            and not unsent
            and len(shown) == len(self._pieces)
            and all(message.final for message in shown)
        )
        return Finished(shown, unsent, complete)

    # ----- the pump -----

    def _start(self) -> None:
        if self._pump is None:
            self._pump = asyncio.get_running_loop().create_task(self._run(), name="familiar-stream")

    async def _halt(self, pump: asyncio.Task[None], *, grace: float) -> None:
        """Stop the pump: at once, or once the call in flight completes, waiting at most `grace`."""
        self._stopping = True
        self._wake.set()
        try:
            if grace > 0:
                await asyncio.wait({pump}, timeout=grace)
        finally:
            if not pump.done():
                if self._calling:
                    self._uncertain = True
                    log.warning("A call to Discord was still going when the streamed reply stopped; abandoning it")
                pump.cancel()
            await asyncio.gather(pump, return_exceptions=True)

    async def _run(self) -> None:
        try:
            while not self._stopping:
                self._wake.clear()  # before reading the state, so that no wake-up is lost
                self._lay_out()
                call = self._next_call()
                if call is None:
                    if self._final:
                        return
                    if self._slots:
                        await self._nap(self._interval)  # a tick: whatever arrived meanwhile goes out
                    else:
                        await self._wake.wait()  # nothing posted yet: post as soon as there is text
                    continue
                index, due = call
                delay = due - self._clock()
                if delay > 0:
                    await self._nap(delay)
                    continue
                await self._call(index)
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug: stop sending; the report stays true to what Discord confirmed
            log.exception("A streamed reply stopped on an unexpected error")
            self._stopping = True

    async def _nap(self, delay: float) -> None:
        """Sleep until the next call is due; finish() and abort() wake it early."""
        sleeper = asyncio.ensure_future(self._sleep(delay))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()
            await asyncio.gather(sleeper, waker, return_exceptions=True)

    def _lay_out(self) -> None:
        if self._laid_out == self._version:
            return
        self._laid_out = self._version
        self._pieces = self._splitter.finish(self._text) if self._final else self._splitter.feed(self._text)
        posted = sum(1 for slot in self._slots if slot.message is not None)
        if len(self._pieces) < posted:
            log.warning(
                "The reply shrank to %d messages after %d were posted; the others keep their text",
                len(self._pieces),
                posted,
            )

    def _wanted(self, index: int) -> str:
        return self._prefix + self._pieces[0] if index == 0 else self._pieces[index]

    def _next_call(self) -> tuple[int, float] | None:
        """(message index, when) of the call due first: an edit of a message showing old text,
        or the next post (posts go in order, as soon as there is text)."""
        best: tuple[int, float] | None = None
        for index in range(len(self._pieces)):
            slot = self._slots[index] if index < len(self._slots) else None
            if slot is None or slot.message is None:
                if not self._posts_stopped:
                    due = self._clock() if slot is None or not slot.failures else slot.last_call + self._interval
                    if index == 0 and slot is None and not self._final and self._grace > 0:
                        # The first post waits a moment for more words: a reply finished by then is
                        # one post (with its buttons) instead of a post and an edit.
                        if self._first_text_at is None:
                            self._first_text_at = self._clock()
                        due = self._first_text_at + self._grace
                    if best is None or due < best[1]:
                        best = (index, due)
                break  # later messages wait for this one
            if slot.given_up or slot.shown == self._wanted(index):
                continue
            # The final text goes at once (one edit sooner than the interval, once per message): the
            # reply is complete, and the channel's next reply waits for it. A failed edit waits.
            final_now = self._final and not slot.failures
            due = self._clock() if final_now else slot.last_call + self._interval
            if best is None or due < best[1]:
                best = (index, due)
        return best

    async def _call(self, index: int) -> None:
        while len(self._slots) <= index:
            self._slots.append(_Slot())
        slot = self._slots[index]
        slot.last_call = self._clock()
        posting = slot.message is None
        text = (slot.first_text or self._wanted(index)) if posting else self._wanted(index)
        # The buttons ride on the last message's final text (a retried post keeps its first text).
        view = self._view if self._final and index == len(self._pieces) - 1 and text == self._wanted(index) else None
        self._calling = True
        try:
            if posting:
                slot.first_text = text
                result = await self._outlet.post(text, allowed_mentions=self._mentions, **with_view(view))
            else:
                assert slot.message is not None
                result = await self._outlet.edit(
                    slot.message.id, text, allowed_mentions=self._mentions, **with_view(view)
                )
        except TRANSIENT_ERRORS as error:  # an outlet should answer FAILED; taken the same way
            result = SendResult(Outcome.FAILED, error=describe(error))
        finally:
            self._calling = False
        if result.outcome is Outcome.SENT:
            slot.failures = 0
            slot.shown = text
            self.decorated = self.decorated or view is not None
            if posting:
                assert result.message is not None, "a post answered SENT without its message"
                slot.message = result.message
                if index == 0:
                    self.first_posted.set()
            return
        slot.failures += 1
        what = "post" if posting else "edit"
        if result.outcome is Outcome.REFUSED:
            slot.given_up = True
            self._posts_stopped = self._posts_stopped or posting
            log.warning("Discord refused the %s of message %d of a streamed reply: %s", what, index + 1, result.error)
        elif posting:
            # The outlet already retried (with backoff): this message and the rest wait in
            # memory for the catch-up, instead of hammering a Discord that is failing.
            self._posts_stopped = True
            log.warning(
                "A streamed reply's message %d could not be posted (%s); the rest waits", index + 1, result.error
            )
        else:
            level = logging.WARNING if slot.failures == 1 else logging.DEBUG
            log.log(level, "A streamed reply's edit failed (%s); trying again in %.1f s", result.error, self._interval)


@contextlib.asynccontextmanager
async def typing_until_posted(channel: discord.abc.Messageable, reply: StreamingReply) -> AsyncIterator[None]:
    """Show "typing…" until the reply's first message is in the channel (or the body ends)."""

    async def show() -> None:
        async with typing_indicator(channel, delay=TYPING_DELAY):
            await reply.first_posted.wait()

    task = asyncio.get_running_loop().create_task(show(), name="familiar-typing")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
