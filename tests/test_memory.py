from pathlib import Path

from bot.memory import MemoryStore


async def test_history_survives_reopening(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    await store.add_message(5, message_id=1, author_id=9, author_name="Sam", content="hi", is_bot=False)
    await store.add_message(5, message_id=2, author_id=7, author_name="Aria", content="hello", is_bot=True, reply_to=1)
    await store.add_message(6, message_id=3, author_id=9, author_name="Sam", content="other channel", is_bot=False)
    await store.close()
    await store.close()  # idempotent

    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        turns = await store.history(5)
        assert [(t.author_name, t.content, t.is_bot) for t in turns] == [("Sam", "hi", False), ("Aria", "hello", True)]
        assert await store.was_answered(1)
        assert not await store.was_answered(3)
    finally:
        await store.close()


async def test_duplicates_are_stored_once_and_reset_keeps_rows(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        for _ in range(2):
            await store.add_message(5, message_id=1, author_id=9, author_name="Sam", content="hi", is_bot=False)
        assert len(await store.history(5)) == 1
        await store.reset(5)
        assert await store.history(5) == []
        await store.add_message(5, message_id=4, author_id=9, author_name="Sam", content="again", is_bot=False)
        assert [t.content for t in await store.history(5)] == ["again"]
    finally:
        await store.close()
    import sqlite3

    with sqlite3.connect(tmp_path / "m.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM messages WHERE content = 'hi'").fetchone()[0] == 1


async def test_notices_count_as_answers_but_stay_out_of_the_prompt(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        await store.add_message(5, message_id=1, author_id=9, author_name="Sam", content="hi", is_bot=False)
        await store.add_message(
            5, message_id=2, author_id=7, author_name="Aria", content="⚠️ error", is_bot=True, reply_to=1, kind="notice"
        )
        await store.add_message(
            5, message_id=None, author_id=7, author_name="Aria", content="lost", is_bot=True, reply_to=1, delivered=False
        )
        assert await store.was_answered(1)
        assert [t.content for t in await store.history(5)] == ["hi", "lost"]
        assert [(channel, t.content) for channel, t in await store.undelivered()] == [(5, "lost")]
    finally:
        await store.close()


async def test_history_limit_keeps_the_newest(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        for i in range(10):
            await store.add_message(5, message_id=i + 1, author_id=9, author_name="Sam", content=str(i), is_bot=False)
        assert [t.content for t in await store.history(5, limit=3)] == ["7", "8", "9"]
    finally:
        await store.close()
