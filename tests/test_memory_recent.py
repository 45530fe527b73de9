"""MemoryStore keeps each channel's newest turns in memory (`history` reads them from there):
whatever is written, in whatever order, they are what the file says.

Hypothesis writes random sequences of every kind of write the bot makes (messages seen twice,
notices, pending pieces delivered or refused later, resets, swipes) and after each step compares
`history` with the same read from the file. The window is shrunk to 4 turns and 2 channels, so
trimming and dropping channels happen in a few steps.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import memory
from bot.memory import MemoryStore

CHANNELS = (1, 2, 3)
LIMITS = (1, 3, 4, 10)  # within the window, at it, and beyond it (the file is read then)

channels = st.sampled_from(CHANNELS)
adds = st.builds(
    lambda channel, message_id, is_bot, kind, reply_to, delivered: (
        "add",
        channel,
        {
            "message_id": message_id if delivered else None,
            "author_id": 7 if is_bot else 9,
            "author_name": "Aria" if is_bot else "Sam",
            "content": f"said {message_id}",
            "is_bot": is_bot,
            "reply_to": reply_to if is_bot else None,
            "delivered": delivered,
            "kind": kind,
            "character_id": "aria" if is_bot else None,
        },
    ),
    channels,
    st.integers(1, 6),  # a small pool: the same Discord message is often seen twice
    st.booleans(),
    st.sampled_from(("message", "message", "notice", "reasoning")),
    st.integers(1, 12),
    st.booleans(),
)
steps = st.lists(
    st.one_of(
        adds,
        adds,
        adds,
        st.tuples(st.just("reset"), channels),
        st.tuples(st.just("swipe"), channels, st.integers(1, 12), st.integers(0, 3)),
        st.tuples(st.just("deliver"), st.integers(0, 5), st.integers(100, 200)),
        st.tuples(st.just("refuse"), st.integers(0, 5)),
        st.tuples(st.just("read"), channels, st.sampled_from(LIMITS)),
        st.tuples(st.just("read"), channels, st.sampled_from(LIMITS)),
    ),
    min_size=5,
    max_size=40,
)


@pytest.fixture(autouse=True)
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "RECENT_TURNS", 4)
    monkeypatch.setattr(memory, "RECENT_CHANNELS", 2)


async def assert_same_as_the_file(store: MemoryStore) -> None:
    """What is kept is the file's (read without touching what is kept: a read would refill it)."""
    assert len(store._recent) <= memory.RECENT_CHANNELS
    for channel, kept in list(store._recent.items()):
        assert kept == await store._read_history(channel, memory.RECENT_TURNS), channel


async def run_steps(store: MemoryStore, program: list[tuple[Any, ...]]) -> None:
    for step in program:
        match step:
            case ("add", channel, fields):
                await store.add_message(channel, **fields)
            case ("reset", channel):
                await store.reset(channel)
            case ("swipe", channel, reply_to, count):
                pieces = [(1000 + reply_to * 10 + i, f"swiped {reply_to}.{i}") for i in range(count)]
                await store.replace_reply(channel, reply_to, pieces, "aria", 7, "Aria")
            case ("deliver", index, message_id):
                pending = await store.pending_pieces(0)
                if index < len(pending):
                    await store.mark_delivered(pending[index].row_id, message_id)
            case ("refuse", index):
                pending = await store.pending_pieces(0)
                if index < len(pending):
                    await store.mark_refused(pending[index].row_id)
            case ("read", channel, limit):
                assert await store.history(channel, limit) == await store._read_history(channel, limit)
        await assert_same_as_the_file(store)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=steps)
def test_kept_turns_are_the_files_after_any_sequence_of_writes(program: list[tuple[Any, ...]]) -> None:
    async def main() -> None:
        with tempfile.TemporaryDirectory() as folder:
            store = await MemoryStore.open(Path(folder) / "m.sqlite3")
            try:
                await run_steps(store, program)
            finally:
                await store.close()

    asyncio.run(main())


async def test_kept_turns_follow_the_file_when_writes_and_reads_overlap(tmp_path: Path) -> None:
    # 20 channels' replies at once (more channels than are kept): reads that fill a channel's
    # window race the writes to it; the windows must still hold what the file holds, in its order.
    store = await MemoryStore.open(tmp_path / "m.sqlite3")

    async def conversation(channel: int) -> None:
        for turn in range(6):
            await store.add_message(
                channel,
                message_id=channel * 100 + turn,
                author_id=9,
                author_name="Sam",
                content=str(turn),
                is_bot=False,
            )
            await asyncio.gather(
                store.history(channel, 3),
                store.add_message(
                    channel,
                    message_id=channel * 100 + 50 + turn,
                    author_id=7,
                    author_name="Aria",
                    content=f"re {turn}",
                    is_bot=True,
                    reply_to=channel * 100 + turn,
                ),
                store.history(channel, 4),
            )

    try:
        await asyncio.gather(*(conversation(channel) for channel in range(1, 21)))
        for channel in range(1, 21):
            for limit in LIMITS:
                assert await store.history(channel, limit) == await store._read_history(channel, limit)
    finally:
        await store.close()


async def test_a_window_holds_the_newest_turns_only_and_a_refused_piece_leaves_it(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        await store.add_message(1, message_id=1, author_id=9, author_name="Sam", content="hi", is_bot=False)
        await store.add_message(
            1,
            message_id=None,
            author_id=7,
            author_name="Aria",
            content="owed",
            is_bot=True,
            reply_to=1,
            delivered=False,
        )
        assert [turn.content for turn in await store.history(1, 4)] == ["hi", "owed"]
        [owed] = await store.pending_pieces(0)
        await store.mark_refused(owed.row_id)  # Discord will never take it: no longer part of the chat
        assert [turn.content for turn in await store.history(1, 4)] == ["hi"]
        for n in range(6):
            await store.add_message(1, message_id=10 + n, author_id=9, author_name="Sam", content=f"{n}", is_bot=False)
        assert [turn.content for turn in store._recent[1]] == ["2", "3", "4", "5"]
        assert await store.history(1, 4) == await store._read_history(1, 4)
    finally:
        await store.close()
