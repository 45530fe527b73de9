"""Streamed replies (bot/streaming.py) through the real discord.py client and the fake Discord.

Timing is checked on a manual clock: the reply's throttle sleeps on it, and the
test moves it on, so "at most one edit per second per message" is exact and no
test waits on real time except for Discord's answers (conditions, with timeouts).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import discord
import pytest

from bot.characters import Character
from bot.delivery import SAFE_MENTIONS, SendResult
from bot.discord_compat import DEFAULT_API_BASE, fast_client_options, point_discord_at
from bot.reasoning import ReasoningSplitter
from bot.splitting import DISCORD_LIMIT
from bot.streaming import (
    ChannelOutlet,
    Finished,
    Outlet,
    StreamingReply,
    typing_until_posted,
)
from tests.fakes.discord_server import MANAGE_WEBHOOKS, FakeDiscord

TIMEOUT = 10.0
MESSAGES = r"^/channels/\d+/messages/\d+$"  # PATCH of one message

T = TypeVar("T")


class ManualClock:
    """Time that moves only when the test moves it; `sleep` waits for that."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._changed = asyncio.Condition()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, delay: float) -> None:
        entry = (self.now + delay, asyncio.get_running_loop().create_future())
        self._sleepers.append(entry)
        async with self._changed:
            self._changed.notify_all()
        try:
            await entry[1]
        finally:
            self._sleepers.remove(entry)

    def _pending(self) -> list[float]:
        return [when for when, future in self._sleepers if not future.done()]

    async def next_wakeup(self, timeout: float = TIMEOUT) -> float:
        """When the sleeper (the reply's pump) wants to wake, once one sleeps."""
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self._pending()))
        return min(self._pending())

    def advance_to(self, when: float) -> None:
        self.now = max(self.now, when)
        for deadline, future in self._sleepers:
            if deadline <= self.now and not future.done():
                future.set_result(None)


async def with_clock(clock: ManualClock, awaitable: Awaitable[T]) -> T:
    """Run `awaitable`, moving the clock on to every wake-up it sleeps for."""
    task = asyncio.ensure_future(awaitable)
    try:
        while not task.done():
            wakeup = asyncio.ensure_future(clock.next_wakeup())
            await asyncio.wait({task, wakeup}, return_when=asyncio.FIRST_COMPLETED)
            if wakeup.done():
                clock.advance_to(wakeup.result())
            else:
                wakeup.cancel()
                await asyncio.gather(wakeup, return_exceptions=True)
        return task.result()
    finally:
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


@dataclass
class Call:
    kind: str  # "post" or "edit"
    message_id: int | None  # the message edited, or posted
    at: float  # the reply's clock when the call started
    text: str
    outcome: str = ""


class Recording:
    """An outlet wrapper that notes every call and when (by the reply's clock) it started,
    and fails the test if two calls ever overlap."""

    def __init__(self, outlet: Outlet, clock: ManualClock) -> None:
        self.outlet = outlet
        self.clock = clock
        self.calls: list[Call] = []
        self._busy = False

    async def post(self, text: str, *, allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS) -> SendResult:
        call = self._begin(Call("post", None, self.clock(), text))
        try:
            result = await self.outlet.post(text, allowed_mentions=allowed_mentions)
        finally:
            self._busy = False
        call.outcome = result.outcome.value
        call.message_id = result.message.id if result.message is not None else None
        return result

    async def edit(
        self, message_id: int, text: str, *, allowed_mentions: discord.AllowedMentions = SAFE_MENTIONS
    ) -> SendResult:
        call = self._begin(Call("edit", message_id, self.clock(), text))
        try:
            result = await self.outlet.edit(message_id, text, allowed_mentions=allowed_mentions)
        finally:
            self._busy = False
        call.outcome = result.outcome.value
        return result

    def _begin(self, call: Call) -> Call:
        assert not self._busy, "two calls to Discord at once"
        self._busy = True
        self.calls.append(call)
        return call

    def edits(self, message_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.kind == "edit" and message_id in (None, c.message_id)]

    def times(self, message_id: int) -> list[float]:
        """When each call about this message started: its post, then its edits."""
        return [c.at for c in self.calls if c.message_id == message_id]


@dataclass
class World:
    fake: FakeDiscord
    client: discord.Client
    channel: discord.TextChannel
    question_id: int
    reference: discord.MessageReference

    def stored(self, message_id: int) -> str:
        """What Discord holds for a message now."""
        for message in self.fake.channels[self.channel.id].messages:
            if int(message["id"]) == message_id:
                return str(message["content"])
        raise KeyError(message_id)

    def holds(self, message_id: int, text: str) -> Callable[[], bool]:
        """A condition for `fake.wait_for`: Discord holds `text` for the message."""
        return lambda: self.stored(message_id) == text

    def rest(self, method: str) -> list[str]:
        """Paths of this method's REST calls to messages (not typing, not gateway)."""
        return [c.path for c in self.fake.calls if c.method == method and "/messages" in c.path]


def last_edit_is(fake: FakeDiscord, text: str) -> Callable[[], bool]:
    return lambda: bool(fake.edits) and fake.edits[-1].content == text


class ReadyClient(discord.Client):
    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        options: dict[str, Any] = dict(fast_client_options())
        super().__init__(intents=intents, **options)
        self.ready = asyncio.Event()

    async def on_ready(self) -> None:
        self.ready.set()


@pytest.fixture
async def world() -> AsyncIterator[World]:
    fake = FakeDiscord(heartbeat_interval_ms=500)
    await fake.start()
    await point_discord_at(fake.api_base)
    guild = fake.add_guild("Tavern", ["general"], bot_permissions=MANAGE_WEBHOOKS)
    alice = fake.add_user("alice")
    client = ReadyClient()
    task = asyncio.create_task(client.start(fake.token))
    try:
        await asyncio.wait_for(client.ready.wait(), TIMEOUT)
        channel = client.get_channel(guild.channels[0].id)
        assert isinstance(channel, discord.TextChannel)
        question = await fake.user_says(channel.id, alice, "tell me a story", mentions_bot=True)
        question_id = int(question["id"])
        reference = discord.MessageReference(
            message_id=question_id, channel_id=channel.id, guild_id=guild.id, fail_if_not_exists=False
        )
        yield World(fake, client, channel, question_id, reference)
    finally:
        await client.close()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), TIMEOUT)
        await fake.close()
        await point_discord_at(DEFAULT_API_BASE)


def streaming(world: World, clock: ManualClock, **options: Any) -> tuple[StreamingReply, Recording]:
    outlet = Recording(ChannelOutlet(world.channel, reference=world.reference, retry_delay=0.01), clock)
    return StreamingReply(outlet, clock=clock, sleep=clock.sleep, **options), outlet


async def stream(reply: StreamingReply, clock: ManualClock, text: str, *, chunk: int, step: float) -> None:
    """Feed `text` in pieces of `chunk` characters, `step` seconds apart on the clock, letting the
    reply make every call that falls due in between (once posting, its pump always sleeps on the
    clock between calls, so its next wake-up says it is done for now)."""
    for end in range(chunk, len(text) + chunk, chunk):
        await reply.update(text[:end])
        target = clock.now + step
        while (wakeup := await clock.next_wakeup()) <= target:
            clock.advance_to(wakeup)
        clock.advance_to(target)


# --- The "done when" ----------------------------------------------------------


async def test_a_slow_stream_posts_once_then_edits_that_message_and_ends_with_the_whole_reply(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, outlet = streaming(world, clock)
    text = "Once upon"
    await reply.update(text)
    [post] = await fake.wait_for_sent(1)  # the first words go out at once, as a reply
    assert post.content == "Once upon"
    assert post.message_reference is not None and int(post.message_reference["message_id"]) == world.question_id

    text += " a time,"
    await reply.update(text)
    assert await clock.next_wakeup() == 1.0  # the first edit waits a second after the post
    clock.advance_to(0.5)
    text += " in a tavern by the sea,"
    await reply.update(text)
    assert fake.edits == []
    clock.advance_to(1.0)
    await fake.wait_for(lambda: len(fake.edits) == 1, what="the first edit")
    assert fake.edits[0].content == text  # the newest text, not one edit per update

    text += " a familiar told stories."
    await reply.update(text)
    assert await clock.next_wakeup() == 2.0
    clock.advance_to(2.0)
    await fake.wait_for(lambda: len(fake.edits) == 2, what="the second edit")
    assert fake.edits[1].content == text

    whole = text + " The end."
    finished = await with_clock(clock, reply.finish(whole))
    assert world.rest("POST") == [f"/channels/{world.channel.id}/messages"]
    assert world.rest("PATCH") == [f"/channels/{world.channel.id}/messages/{post.message_id}"] * 3
    assert {edit.message_id for edit in fake.edits} == {post.message_id}
    assert [call.at for call in outlet.edits()] == [1.0, 2.0, 2.0]  # the final text does not wait for a tick
    assert world.stored(post.message_id) == whole
    assert finished.complete and finished.unsent == []
    [shown] = finished.shown
    assert (shown.message.id, shown.content, shown.text, shown.final) == (post.message_id, whole, whole, True)


async def test_a_3500_character_reply_ends_as_two_messages_with_whole_fences(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    code = "\n".join(f"print('row {i:03d}', {i} * {i})  # the table" for i in range(88))
    whole = f"```python\n{code}\n```\n\nThat prints the table, one row per line."
    assert 3400 <= len(whole) <= 3600
    await stream(reply, clock, whole, chunk=40, step=0.25)
    assert len(fake.sent) == 2  # the second message was posted while the reply was still coming
    finished = await with_clock(clock, reply.finish(whole))

    assert finished.complete
    first, second = (shown.content for shown in finished.shown)
    assert [world.stored(shown.message.id) for shown in finished.shown] == [first, second]
    assert len(fake.sent) == 2 and all(len(content) <= DISCORD_LIMIT for content in (first, second))
    assert fake.sent[0].message_reference is not None and fake.sent[1].message_reference is None
    # The block is closed at the end of the first message and reopened, with its language,
    # in the second; nothing else was added, nothing lost.
    assert first.startswith("```python\n") and first.endswith("\n```") and first.count("```") == 2
    assert second.startswith("```python\n") and second.count("```") == 2
    assert first.removesuffix("\n```") + "\n" + second.removeprefix("```python\n") == whole
    # While it grew, the block was shown closed: no state of either message had a stray fence.
    states = [sent.content or "" for sent in fake.sent] + [edit.content or "" for edit in fake.edits]
    assert len(states) > 6 and all(state.count("```") % 2 == 0 for state in states)


async def test_a_block_that_fits_moves_to_the_next_message_whole(world: World) -> None:
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    intro = " ".join(["The tavern was quiet that night."] * 45)
    block = "```js\n" + "\n".join(f"let step{i} = {i};" for i in range(50)) + "\n```"
    whole = f"{intro}\n\n{block}\n\nAnd that was that."
    await stream(reply, clock, whole, chunk=64, step=0.3)
    finished = await with_clock(clock, reply.finish(whole))
    assert finished.complete
    assert [shown.content for shown in finished.shown] == [intro, f"{block}\n\nAnd that was that."]


async def test_reasoning_is_taken_out_before_anything_is_posted(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    splitter = ReasoningSplitter()
    model = "<think>\nThe user wants a story. Keep it short.\n</think>\nOnce upon a time, a familiar spoke."
    for char in model:  # the worst case: a tag cut at every character, and an edit after each
        visible = splitter.feed_text(char)
        await reply.update(visible)
        if visible and not reply.first_posted.is_set():
            await asyncio.wait_for(reply.first_posted.wait(), TIMEOUT)
        if reply.first_posted.is_set():
            clock.advance_to(await clock.next_wakeup())
    finished = await with_clock(clock, reply.finish(splitter.finish().answer))
    contents = [sent.content or "" for sent in fake.sent] + [edit.content or "" for edit in fake.edits]
    assert len(contents) > 20 and not any("think" in content or "story" in content for content in contents)
    assert finished.complete and world.stored(fake.sent[0].message_id) == "Once upon a time, a familiar spoke."


async def test_text_taken_back_is_taken_back_in_the_message(world: World) -> None:
    # A model that writes </think> without <think>: what looked like the answer was reasoning.
    fake = world.fake
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    splitter = ReasoningSplitter()
    await reply.update(splitter.feed_text("The user greets me, so"))
    [post] = await fake.wait_for_sent(1)
    await reply.update(splitter.feed_text(" I greet back.</think>Hello!"))
    assert splitter.visible == "Hello!"
    finished = await with_clock(clock, reply.finish(splitter.finish().answer))
    assert finished.complete and world.stored(post.message_id) == "Hello!" and len(fake.sent) == 1


# --- Throttling and coalescing --------------------------------------------------------


async def test_updates_between_ticks_become_one_edit_with_the_newest_text(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, outlet = streaming(world, clock)
    await reply.update("A")
    await fake.wait_for_sent(1)
    text = "A"
    for tick in (1.0, 2.0, 3.0):
        for letter in "bcdefghij":
            text += letter
            await reply.update(text)
            clock.advance_to(clock.now + 0.1)
        assert await clock.next_wakeup() == tick
        clock.advance_to(tick)
        await fake.wait_for(last_edit_is(fake, text), what=f"the edit at {tick}")
    finished = await with_clock(clock, reply.finish(text))
    assert [(call.at, call.text) for call in outlet.edits()] == [
        (1.0, "Abcdefghij"),
        (2.0, "Abcdefghij" + "bcdefghij"),
        (3.0, text),
    ]
    assert finished.complete and len(fake.edits) == 3  # the final text was already shown: no edit for it


async def test_edits_are_at_most_one_per_interval_per_message(world: World) -> None:
    clock = ManualClock()
    reply, outlet = streaming(world, clock, interval=0.75)
    words = " ".join(f"word{i}" for i in range(700))  # about 5,500 characters: three messages
    await stream(reply, clock, words, chunk=23, step=0.1)
    finished_at = clock.now
    finished = await with_clock(clock, reply.finish(words))
    assert finished.complete and len(finished.shown) == 3
    for shown in finished.shown:
        times = outlet.times(shown.message.id)
        # While the model writes: one call per interval; the final text may go one interval early.
        streamed = times[:-1] if times[-1] == finished_at else times
        assert len(streamed) >= 3 and all(b - a >= 0.75 - 1e-9 for a, b in itertools.pairwise(streamed)), times
    assert " ".join(shown.content for shown in finished.shown) == words


async def test_the_final_text_goes_out_at_once(world: World) -> None:
    # A quick model: the first words are posted, the rest arrives before the interval is over;
    # the final edit does not wait for the next tick (the channel's next reply waits for it).
    fake = world.fake
    clock = ManualClock()
    reply, outlet = streaming(world, clock, interval=1.0)
    await reply.update("Hello")
    [post] = await fake.wait_for_sent(1)
    clock.advance_to(0.1)
    finished = await with_clock(clock, reply.finish("Hello there, traveller."))
    assert finished.complete and world.stored(post.message_id) == "Hello there, traveller."
    assert [call.at for call in outlet.edits()] == [0.1]


async def test_with_a_first_post_grace_a_quick_reply_is_one_post_and_a_slow_one_streams(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    # Quick: the whole reply arrives within the grace: one post of the final text, no edit.
    reply, outlet = streaming(world, clock, first_post_grace=0.25)
    await reply.update("Hel")
    assert await clock.next_wakeup() == 0.25  # the first post waits for more words
    assert fake.sent == []
    clock.advance_to(0.1)
    finished = await with_clock(clock, reply.finish("Hello there."))
    assert [sent.content for sent in fake.sent] == ["Hello there."] and outlet.edits() == []
    assert finished.complete
    # Slow: the grace runs out, the words so far are posted, and the rest comes as an edit.
    reply, outlet = streaming(world, clock, first_post_grace=0.25)
    start = clock.now
    await reply.update("Once")
    assert await clock.next_wakeup() == start + 0.25
    clock.advance_to(start + 0.25)
    await fake.wait_for(lambda: len(fake.sent) == 2, what="the first words, once the grace is over")
    assert fake.sent[1].content == "Once"
    finished = await with_clock(clock, reply.finish("Once upon a time."))
    assert finished.complete and world.stored(fake.sent[1].message_id) == "Once upon a time."


# --- What is not posted, and the "first piece is out" signal --------------------------


async def test_whitespace_is_not_posted_and_typing_runs_until_the_first_post(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    async with typing_until_posted(world.channel, reply):
        await reply.update("\n\n   ")
        await fake.wait_for(lambda: world.channel.id in fake.typing, what="typing")
        assert not reply.first_posted.is_set() and fake.sent == []
        await reply.update("\n\n   Hello")
        await asyncio.wait_for(reply.first_posted.wait(), TIMEOUT)
    assert [sent.content for sent in fake.sent] == ["Hello"]
    calls = [c.path for c in fake.calls if c.method == "POST"]
    assert calls.index(f"/channels/{world.channel.id}/typing") < calls.index(f"/channels/{world.channel.id}/messages")
    finished = await with_clock(clock, reply.finish("Hello there."))
    assert [shown.content for shown in finished.shown] == ["Hello there."]


async def test_a_blank_reply_posts_nothing(world: World) -> None:
    clock = ManualClock()
    reply, outlet = streaming(world, clock)
    await reply.update("  ")
    finished = await with_clock(clock, reply.finish(" \n "))
    assert finished == Finished([], [], True) and outlet.calls == [] and world.fake.sent == []


# --- Failures -------------------------------------------------------------------------


async def test_a_failed_edit_is_tried_again_at_the_next_tick_with_the_newest_text(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, outlet = streaming(world, clock)
    await reply.update("The story")
    [post] = await fake.wait_for_sent(1)
    fake.fail_rest("PATCH", MESSAGES, 503)  # discord.py raises a 503 at once
    await reply.update("The story begins")
    clock.advance_to(await clock.next_wakeup())
    assert await clock.next_wakeup() == 2.0  # the failed edit waits for the next tick
    await reply.update("The story begins here.")
    clock.advance_to(2.0)
    await fake.wait_for(lambda: len(fake.edits) == 1, what="the retried edit")
    finished = await with_clock(clock, reply.finish("The story begins here."))
    assert [(c.at, c.text, c.outcome) for c in outlet.edits()] == [
        (1.0, "The story begins", "failed"),
        (2.0, "The story begins here.", "sent"),
    ]
    assert world.rest("PATCH") == [f"/channels/{world.channel.id}/messages/{post.message_id}"] * 2
    assert finished.complete and world.stored(post.message_id) == "The story begins here."


async def test_a_rate_limited_edit_is_waited_out_by_discord_py(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, outlet = streaming(world, clock)
    await reply.update("Wait")
    [post] = await fake.wait_for_sent(1)
    fake.fail_rest("PATCH", MESSAGES, 429, retry_after=0.2)
    finished = await with_clock(clock, reply.finish("Wait for it."))
    assert [(c.text, c.outcome) for c in outlet.edits()] == [("Wait for it.", "sent")]  # one edit, to us
    assert len(world.rest("PATCH")) == 2  # discord.py sent it again after retry_after
    assert finished.complete and world.stored(post.message_id) == "Wait for it."


async def test_bucket_headers_slow_edits_down_without_a_429(world: World) -> None:
    fake = world.fake
    fake.edit_rate_limit = (1, 0.3)  # one edit per 0.3 s in the channel; the answer says so
    clock = ManualClock()
    reply, outlet = streaming(world, clock)
    text = "Slow"
    await reply.update(text)
    [post] = await fake.wait_for_sent(1)
    for tick in (1.0, 2.0, 3.0):  # three ticks at once in real time: discord.py must wait
        text += " and steady"
        await reply.update(text)
        clock.advance_to(await clock.next_wakeup())
        await fake.wait_for(world.holds(post.message_id, text), what=f"the edit at {tick}")
    finished = await with_clock(clock, reply.finish(text + "."))
    assert finished.complete and world.stored(post.message_id) == text + "."
    assert fake.rate_limited_edits == 0 and all(c.outcome == "sent" for c in outlet.edits())


async def test_an_edit_that_keeps_failing_is_reported_as_not_shown(world: World) -> None:
    fake = world.fake
    # Real time here (a manual clock would retry as fast as the fake answers): ticks of 50 ms.
    outlet = Recording(ChannelOutlet(world.channel, retry_delay=0.01), ManualClock())
    reply = StreamingReply(outlet, interval=0.05)
    await reply.update("Half a")
    [post] = await fake.wait_for_sent(1)
    fake.fail_rest("PATCH", MESSAGES, 503, times=None)
    finished = await reply.finish("Half a story, and the rest.", timeout=0.5)
    assert len(outlet.edits()) >= 3 and {c.outcome for c in outlet.edits()} <= {"failed", ""}  # "": abandoned
    assert not finished.complete and finished.unsent == []
    [shown] = finished.shown
    assert (shown.content, shown.final, shown.wanted) == ("Half a", False, "Half a story, and the rest.")
    assert world.stored(post.message_id) == "Half a"


async def test_a_refused_post_gives_up_the_reply(world: World) -> None:
    fake = world.fake
    fake.fail_rest("POST", r"^/channels/\d+/messages$", 403)
    clock = ManualClock()
    reply, outlet = streaming(world, clock)
    await reply.update("Nobody will")
    finished = await with_clock(clock, reply.finish("Nobody will read this."))
    assert finished == Finished([], ["Nobody will read this."], False)
    assert [c.outcome for c in outlet.calls] == ["refused"] and fake.sent == []


# --- Stopping midway ------------------------------------------------------------------


async def test_cancelled_mid_stream_the_edit_in_flight_completes_and_is_reported(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    reports: list[Finished] = []
    model_hangs = asyncio.Event()

    async def generate() -> None:
        """The client's side: stream, and on shutdown keep what Discord shows."""
        try:
            await reply.update("Once")
            await fake.wait_for_sent(1)
            await reply.update("Once upon a time")
            await model_hangs.wait()
        except asyncio.CancelledError:
            reports.append(await reply.abort(timeout=5))
            raise

    generation = asyncio.create_task(generate())
    fake.fail_rest("PATCH", MESSAGES, 429, retry_after=0.5)  # the edit will take half a second
    clock.advance_to(await clock.next_wakeup())
    await fake.wait_for(lambda: len(world.rest("PATCH")) == 1, what="the edit to start")
    generation.cancel()
    await asyncio.gather(generation, return_exceptions=True)
    [finished] = reports
    [shown] = finished.shown
    assert shown.content == "Once upon a time" == world.stored(shown.message.id)
    assert not finished.complete and len(world.rest("PATCH")) == 2


async def test_abort_is_bounded_and_reports_what_discord_confirmed(world: World) -> None:
    fake = world.fake
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    await reply.update("Once")
    [post] = await fake.wait_for_sent(1)
    fake.fail_rest("PATCH", MESSAGES, 429, retry_after=5)
    await reply.update("Once upon a time")
    clock.advance_to(await clock.next_wakeup())
    await fake.wait_for(lambda: len(world.rest("PATCH")) == 1, what="the edit to start")
    finished = await asyncio.wait_for(reply.abort(timeout=0.1), 2)
    [shown] = finished.shown
    assert (shown.content, finished.complete) == ("Once", False) and world.stored(post.message_id) == "Once"
    await reply.update("more text after the abort is ignored")
    after = await reply.finish("The end.")  # nothing more is sent: the report says what is missing
    assert [(s.message.id, s.content, s.wanted) for s in after.shown] == [(post.message_id, "Once", "The end.")]
    assert not after.complete and world.stored(post.message_id) == "Once"


async def test_a_cut_stream_keeps_what_was_written_and_the_note(world: World) -> None:
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    partial = "The dragon opened its mouth and said "
    await stream(reply, clock, partial, chunk=7, step=0.4)
    final = f"{partial.rstrip()}\n\n*(the model stopped mid-reply)*"  # what the client passes today
    finished = await with_clock(clock, reply.finish(final))
    [shown] = finished.shown
    assert finished.complete and shown.content == final == world.stored(shown.message.id)


# --- Prefix and webhooks --------------------------------------------------------------


async def test_a_prefix_goes_above_the_first_message_and_counts_against_its_limit(world: World) -> None:
    clock = ManualClock()
    prefix = f"-# ↪ https://discord.com/channels/1/{world.channel.id}/{world.question_id}\n"
    reply, _ = streaming(world, clock, prefix=prefix)
    sentences = " ".join(f"Sentence {i} of the tale." for i in range(90))  # about 2,200 characters
    await stream(reply, clock, sentences, chunk=50, step=0.2)
    finished = await with_clock(clock, reply.finish(sentences))
    first, second = finished.shown
    assert first.content.startswith(prefix) and first.prefix == prefix and second.prefix == ""
    assert len(first.content) <= DISCORD_LIMIT and len(first.content) > DISCORD_LIMIT - 100
    assert first.text + " " + second.text == sentences
    assert world.stored(first.message.id) == first.content


async def test_a_webhook_reply_is_posted_once_and_edited(world: World) -> None:
    from bot.personas import Personas  # the character's outlet, same protocol

    fake = world.fake
    clock = ManualClock()
    outlet = await Personas(world.client, retry_delay=0.01).outlet_for(
        world.channel, Character(id="aria", name="Aria"), None
    )
    assert outlet is not None
    reply = StreamingReply(outlet, clock=clock, sleep=clock.sleep)
    await reply.update("I am")
    await fake.wait_for_webhook_sends(1)
    await reply.update("I am Aria,")
    clock.advance_to(await clock.next_wakeup())
    await fake.wait_for(lambda: len(fake.webhook_edits) == 1, what="the webhook edit")
    finished = await with_clock(clock, reply.finish("I am Aria, keeper of this tavern."))
    [send] = fake.webhook_sends
    assert [edit.message_id for edit in fake.webhook_edits] == [send.message_id] * 2
    assert finished.complete and world.stored(send.message_id) == "I am Aria, keeper of this tavern."
    assert fake.sent == [] and fake.edits == []  # nothing went through the bot account


# --- Logging ----------------------------------------------------------------------------


async def test_a_plain_stream_logs_nothing_above_debug(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.streaming")
    clock = ManualClock()
    reply, _ = streaming(world, clock)
    await stream(reply, clock, "Quiet is good. " * 20, chunk=9, step=0.3)
    await with_clock(clock, reply.finish("Quiet is good. " * 20))
    assert [r for r in caplog.records if r.name == "bot.streaming" and r.levelno > logging.DEBUG] == []
