"""Memory that stays bounded however long the bot talks (issue 13: RSS growth ≤ 3 MB over 3,000 messages).

`python -m tests.benchmarks.bench_memory_growth` draws the RSS curve; these pin what it found:
a view kept by discord.py for every reply (the leak), and two caches that were larger than
Familiar needs (discord.py's message cache, SQLite's page cache).
"""

from __future__ import annotations

from pathlib import Path

from discord.ui.view import ViewStore

from bot.commands import reply_buttons
from bot.memory import PAGE_CACHE_KIB, MemoryStore
from bot.supervisor import MESSAGE_CACHE, State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord


async def test_reply_buttons_leave_nothing_per_reply_in_discord_py_view_store() -> None:
    # discord.py 2.7.1: every send or edit that carries a view ends in ViewStore.add_view(view, message id).
    # A view with one plain button (the "1/1" once was) is kept there, by message id, for good.
    store = ViewStore(None)  # type: ignore[arg-type]  # add_view never reads the connection state
    replies = range(10_001, 10_051)
    for message_id in replies:
        store.add_view(reply_buttons(message_id - 10_000, 0, 1), message_id)
    assert not any(store.is_message_tracked(message_id) for message_id in replies)
    assert store.persistent_views == []


async def test_discord_py_message_cache_stays_small(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    for i in range(MESSAGE_CACHE + 20):  # not addressed to the bot: remembered, not answered
        await fake_discord.user_says(general, fake_discord.alice, f"chatter {i}")  # type: ignore[attr-defined]
    last = await fake_discord.user_says(general, fake_discord.alice, "and you?", mentions_bot=True)  # type: ignore[attr-defined]
    await fake_discord.wait_for_replies(last)  # the gateway delivers in order: every message above is in
    assert supervisor.client is not None
    assert 0 < len(supervisor.client.cached_messages) <= MESSAGE_CACHE


async def test_sqlite_page_cache_is_bounded(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        (row,) = await store._db.execute_fetchall("PRAGMA cache_size")
        assert row[0] == -PAGE_CACHE_KIB  # negative: KiB, not pages
    finally:
        await store.close()
