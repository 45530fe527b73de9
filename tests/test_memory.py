"""MemoryStore: history, and what happens to damaged, locked and unusable databases."""

import asyncio
import logging
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.folders import StorageError
from bot.memory import (
    MemoryCorruptError,
    MemoryLockedError,
    MemoryStore,
    MemoryStoreError,
    MemoryUnavailableError,
    lock_holders,
)
from tests.processes import HOLD_LOCK, run_unprivileged, second_process, shared_temp_folder, this_user


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
            5,
            message_id=None,
            author_id=7,
            author_name="Aria",
            content="lost",
            is_bot=True,
            reply_to=1,
            delivered=False,
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


# ----- damage, locks and refusals -----
#
# Real files throughout: damaged databases are real SQLite files with bytes
# overwritten or cut off, locks are held by a real second process, and
# permissions are checked by a child process that has dropped root (see
# tests/test_folders.py: run_unprivileged).


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    with shared_temp_folder() as root:
        yield root


ASIDE = re.compile(r"m\.sqlite3\.corrupt-\d{8}-\d{6}")


def _assert_one_sentence(message: str) -> None:
    assert "\n" not in message and message.endswith(".") and message[0].isupper(), message


async def _fill(path: Path, rows: int, channels: int = 10, newest: str = "") -> None:
    """A real multi-page database: `rows` messages spread over `channels` channels."""
    store = await MemoryStore.open(path)
    try:
        for i in range(rows):
            content = newest if newest and i == rows - 1 else f"row-{i:05d} " + "lorem ipsum " * 25
            await store.add_message(
                i % channels, message_id=i + 1, author_id=9, author_name="Sam", content=content, is_bot=False
            )
    finally:
        await store.close()
    assert not Path(f"{path}-wal").exists()  # checkpointed: every page is in the main file now


def _overwrite_page_holding(path: Path, needle: bytes) -> int:
    """Destroy the page that stores `needle` (a real corrupt page, as a bad sector or torn write leaves)."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert data.count(needle) == 1
    page = data.index(needle) // page_size
    assert page > 0  # the header page is another test
    data[page * page_size : (page + 1) * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))
    return page


def _asides(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".corrupt-" in p.name)


async def test_zero_length_file_is_an_empty_database_not_a_damaged_one(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    path.touch()
    store = await MemoryStore.open(path)
    try:
        assert store.set_aside is None
        await store.add_message(5, message_id=1, author_id=9, author_name="Sam", content="hi", is_bot=False)
        assert [t.content for t in await store.history(5)] == ["hi"]
    finally:
        await store.close()
    assert _asides(tmp_path) == []


async def test_garbage_file_is_set_aside_and_a_fresh_one_created(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "m.sqlite3"
    garbage = b"these are my notes, not a database\n" * 300
    path.write_bytes(garbage)
    store = await MemoryStore.open(path)
    try:
        assert await store.history(5) == []
        await store.add_message(5, message_id=1, author_id=9, author_name="Sam", content="fresh", is_bot=False)
    finally:
        await store.close()
    [aside] = _asides(tmp_path)
    assert ASIDE.fullmatch(aside.name)
    assert store.set_aside == aside
    assert aside.read_bytes() == garbage  # kept byte for byte
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == (
        f"Conversation memory {path} was damaged (file is not a database); moved it to {aside} and started a fresh one"
    )


async def test_truncated_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    await _fill(path, 2000)
    whole = path.read_bytes()
    assert len(whole) > 500_000
    path.write_bytes(whole[: len(whole) // 2])
    store = await MemoryStore.open(path)
    try:
        assert await store.history(1) == []
    finally:
        await store.close()
    [aside] = _asides(tmp_path)
    assert aside.read_bytes() == whole[: len(whole) // 2]


async def test_truncated_header_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    await _fill(path, 10)
    path.write_bytes(path.read_bytes()[:50])
    store = await MemoryStore.open(path)
    await store.close()
    assert len(_asides(tmp_path)) == 1


async def test_torn_newest_page_is_found_at_open(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The page a crash mid-write tears: the one holding the newest message."""
    path = tmp_path / "m.sqlite3"
    await _fill(path, 2000, newest="the newest message")
    _overwrite_page_holding(path, b"the newest message")
    damaged = path.read_bytes()
    store = await MemoryStore.open(path)
    try:
        assert await store.history(1) == []
    finally:
        await store.close()
    [aside] = _asides(tmp_path)
    assert aside.read_bytes() == damaged
    assert "database disk image is malformed" in caplog.text


async def test_damage_in_old_pages_is_a_typed_error_then_set_aside_at_the_next_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Open reads no more than the newest pages, so old damage surfaces on the query that touches it."""
    path = tmp_path / "m.sqlite3"
    await _fill(path, 3000)
    _overwrite_page_holding(path, b"row-00500 ")
    seen: list[MemoryCorruptError] = []
    store = await MemoryStore.open(path, on_damaged=seen.append)
    try:
        assert store.set_aside is None  # not found at open: by design, open stays cheap
        for _ in range(2):
            with pytest.raises(MemoryCorruptError) as caught:
                await store.history(0, limit=1000)
        assert str(caught.value) == (
            f"The conversation memory file {path} is damaged (database disk image is malformed); "
            "Familiar will set it aside and start a fresh one at the next start."
        )
        assert isinstance(caught.value, StorageError)
        assert len(seen) == 1  # told once, not on every failing query
        await store.add_message(1, message_id=99_999, author_id=9, author_name="Sam", content="new", is_bot=False)
    finally:
        await store.close()
    assert (tmp_path / "m.sqlite3.damaged").exists()
    assert _asides(tmp_path) == []

    store = await MemoryStore.open(path)
    try:
        assert await store.history(0) == []
    finally:
        await store.close()
    [aside] = _asides(tmp_path)
    assert store.set_aside == aside
    assert not (tmp_path / "m.sqlite3.damaged").exists()
    assert f"moved it to {aside} and started a fresh one" in caplog.text


async def test_damage_marker_on_a_sound_database_keeps_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "m.sqlite3"
    await _fill(path, 100)
    marker = tmp_path / "m.sqlite3.damaged"
    marker.write_text("an earlier run saw an error")
    store = await MemoryStore.open(path)
    try:
        assert len(await store.history(3)) == 10
    finally:
        await store.close()
    assert _asides(tmp_path) == [] and not marker.exists()
    assert "a full check found it sound; keeping it" in caplog.text


async def test_two_damaged_files_in_one_second_are_both_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.memory._timestamp", lambda: "20250101-120000")
    path = tmp_path / "m.sqlite3"
    for text in (b"first garbage " * 20, b"second garbage " * 20):
        path.write_bytes(text)
        store = await MemoryStore.open(path)
        await store.close()
    first = tmp_path / "m.sqlite3.corrupt-20250101-120000"
    second = tmp_path / "m.sqlite3.corrupt-20250101-120000-1"
    assert _asides(tmp_path) == [first, second]
    assert first.read_bytes().startswith(b"first") and second.read_bytes().startswith(b"second")


async def test_damaged_file_is_set_aside_with_its_wal_and_shm(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    path.write_bytes(b"garbage " * 100)
    Path(f"{path}-wal").write_bytes(b"old log " * 100)
    Path(f"{path}-shm").write_bytes(b"old index " * 100)
    store = await MemoryStore.open(path)
    await store.close()
    [aside, aside_shm, aside_wal] = _asides(tmp_path)
    assert aside_wal.name == f"{aside.name}-wal" and aside_shm.name == f"{aside.name}-shm"
    assert aside_wal.read_bytes() == b"old log " * 100
    assert aside_shm.read_bytes() == b"old index " * 100


async def test_stale_garbage_wal_and_shm_do_not_cost_the_history(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    await _fill(path, 50)
    Path(f"{path}-wal").write_bytes(os.urandom(20_000))
    Path(f"{path}-shm").write_bytes(os.urandom(32_768))
    store = await MemoryStore.open(path)
    try:
        assert len(await store.history(3)) == 5
    finally:
        await store.close()
    assert _asides(tmp_path) == []


_WRITE_THEN_WAIT = """
import asyncio, sys
from pathlib import Path
from bot.memory import MemoryStore

async def main():
    store = await MemoryStore.open(Path(sys.argv[1]))
    for i in range(50):
        await store.add_message(3, message_id=i + 1, author_id=9, author_name="Sam", content=f"kept {i}", is_bot=False)
    print("written", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await store.close()

asyncio.run(main())
"""


async def test_wal_left_by_a_killed_process_is_replayed(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    async with second_process(_WRITE_THEN_WAIT, str(path), ready="written") as child:
        assert Path(f"{path}-wal").stat().st_size > 0
        child.kill()  # SIGKILL: no close, no checkpoint
        await asyncio.wait_for(child.wait(), 30)
    assert Path(f"{path}-wal").stat().st_size > 0
    store = await MemoryStore.open(path)
    try:
        assert [t.content for t in await store.history(3)] == [f"kept {i}" for i in range(50)]
    finally:
        await store.close()
    assert _asides(tmp_path) == []


async def test_a_second_process_may_share_the_database(tmp_path: Path) -> None:
    """WAL lets two processes (shards of one bot) use one file: an open store elsewhere is no lock.

    So the database is not what keeps two copies of Familiar apart; the app's single-instance lock is.
    """
    path = tmp_path / "m.sqlite3"
    async with second_process(_WRITE_THEN_WAIT, str(path), ready="written") as child:
        store = await MemoryStore.open(path, busy_timeout=0.5)
        try:
            assert len(await store.history(3, limit=100)) == 50
            await store.add_message(4, message_id=1000, author_id=9, author_name="Sam", content="mine", is_bot=False)
        finally:
            await store.close()
        # It holds no write lock, so a lookup falls back to who has the file open.
        [holder] = lock_holders(path)
        assert holder.startswith(f"pid {child.pid}: ") and "python -c import asyncio, sys" in holder
    assert _asides(tmp_path) == []


@pytest.mark.parametrize("mode", ["write-transaction", "exclusive"])
async def test_database_locked_by_another_process_names_it(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "m.sqlite3"
    await _fill(path, 20)
    async with second_process(HOLD_LOCK, str(path), mode, ready="locked") as child:
        started = time.monotonic()
        with pytest.raises(MemoryLockedError) as caught:
            await asyncio.wait_for(MemoryStore.open(path, busy_timeout=0.5), 20)
        assert time.monotonic() - started < 5  # the busy timeout, not a hang
        message = str(caught.value)
        assert message.startswith(
            f"The conversation memory file {path} is locked by another program (pid {child.pid}: "
        )
        assert "python -c import sqlite3, sys db = sqlite3.con" in message  # its command line, on one line
        assert message.endswith("); close it and try again.")
        _assert_one_sentence(message)
        assert isinstance(caught.value, MemoryStoreError) and caught.value.holders
    assert child.returncode == 0
    store = await MemoryStore.open(path)  # the other program is gone: it opens, with its row
    try:
        assert "from the other program" in [t.content for t in await store.history(1)]
    finally:
        await store.close()
    assert _asides(tmp_path) == []


async def test_lock_taken_while_running_is_a_typed_error_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    store = await MemoryStore.open(path, busy_timeout=0.5)
    try:
        await store.add_message(1, message_id=1, author_id=9, author_name="Sam", content="before", is_bot=False)
        async with second_process(HOLD_LOCK, str(path), "write-transaction", ready="locked") as child:
            with pytest.raises(MemoryLockedError, match=rf"\(pid {child.pid}: "):
                await asyncio.wait_for(
                    store.add_message(1, message_id=2, author_id=9, author_name="Sam", content="during", is_bot=False),
                    20,
                )
        await store.add_message(1, message_id=3, author_id=9, author_name="Sam", content="after", is_bot=False)
        assert [t.content for t in await store.history(1)] == ["before", "from the other program", "after"]
    finally:
        await store.close()


def test_lock_holder_unknown_without_proc(tmp_path: Path) -> None:
    """macOS and Windows have no /proc: the sentence still says what to do."""
    path = tmp_path / "m.sqlite3"
    assert lock_holders(path, proc=tmp_path / "no-proc") == []
    assert str(MemoryLockedError(path, [])) == (
        f"The conversation memory file {path} is locked by another program "
        "(perhaps another Familiar using the same folder); close it and try again."
    )


async def test_a_folder_at_the_path_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    with pytest.raises(MemoryUnavailableError) as caught:
        await MemoryStore.open(path)
    assert str(caught.value) == f"Familiar cannot use its conversation memory file {path}: it is a folder, not a file."
    assert (path / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.sqlite3"]


async def test_a_folder_where_the_wal_goes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    await _fill(path, 5)
    wal = Path(f"{path}-wal")
    wal.mkdir()
    with pytest.raises(MemoryUnavailableError) as caught:
        await MemoryStore.open(path)
    assert str(caught.value) == (
        f"Familiar cannot use its conversation memory file {path}: its write-ahead log {wal} is a folder, not a file."
    )
    assert wal.is_dir() and _asides(tmp_path) == []


async def test_a_fifo_at_the_path_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    os.mkfifo(path)
    with pytest.raises(MemoryUnavailableError, match="it is not a regular file"):
        await asyncio.wait_for(MemoryStore.open(path), 10)


_OPEN = """
async def main():
    try:
        store = await bot.memory.MemoryStore.open(Path(sys.argv[1]), busy_timeout=0.5)
    except bot.memory.MemoryStoreError as error:
        return {"type": type(error).__name__, "message": str(error)}
    await store.close()
    return None

print(json.dumps(asyncio.run(main())))
"""


async def _unprivileged_open(folder: Path, folder_mode: int, file_mode: int) -> tuple[Path, object]:
    """A real database in `folder`, opened by a process without root's powers.

    The modes deny their owner too, so the tests mean the same run as root
    (the child drops to nobody) or as an ordinary user (the child is the owner).
    """
    folder.mkdir()
    path = folder / "m.sqlite3"
    await _fill(path, 30)
    before = path.read_bytes()
    path.chmod(file_mode)
    folder.chmod(folder_mode)
    result = run_unprivileged(_OPEN, str(path))
    folder.chmod(0o755)  # (needed to look, when the tests do not run as root)
    path.chmod(0o644)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["m.sqlite3"]  # nothing moved, nothing added
    return path, result


async def test_unreadable_database_names_the_permission(shared_tmp: Path) -> None:
    path, result = await _unprivileged_open(shared_tmp / "data", 0o777, 0o000)
    assert result == {
        "type": "MemoryUnavailableError",
        "message": f"Familiar cannot use its conversation memory file {path}: "
        f"permission denied to read it (owner {this_user()}, mode 0000).",
    }


async def test_read_only_database_names_the_permission(shared_tmp: Path) -> None:
    path, result = await _unprivileged_open(shared_tmp / "data", 0o777, 0o444)
    assert result == {
        "type": "MemoryUnavailableError",
        "message": f"Familiar cannot use its conversation memory file {path}: "
        f"permission denied to write it (owner {this_user()}, mode 0444).",
    }


async def test_database_in_a_folder_that_cannot_be_written_names_the_folder(shared_tmp: Path) -> None:
    folder = shared_tmp / "data"
    path, result = await _unprivileged_open(folder, 0o555, 0o666)
    assert result == {
        "type": "MemoryUnavailableError",
        "message": f"Familiar cannot use its conversation memory file {path}: "
        f"permission denied to create files in its folder {folder} (owner {this_user()}, mode 0555).",
    }


async def test_damaged_file_that_cannot_be_set_aside_is_named_and_kept(shared_tmp: Path) -> None:
    folder = shared_tmp / "data"
    folder.mkdir()
    path = folder / "m.sqlite3"
    path.write_bytes(b"garbage " * 100)
    path.chmod(0o666)
    folder.chmod(0o555)
    result = run_unprivileged(_OPEN, str(path))
    assert result == {
        "type": "MemoryCorruptError",
        "message": f"The conversation memory file {path} is damaged (file is not a database) and could not be set "
        f"aside: permission denied (owner {this_user()}, mode 0555); move it elsewhere and start again.",
    }
    assert path.read_bytes() == b"garbage " * 100
    assert sorted(p.name for p in folder.iterdir()) == ["m.sqlite3"]


async def test_database_in_a_folder_that_cannot_be_entered_names_the_folder(shared_tmp: Path) -> None:
    folder = shared_tmp / "data"
    path, result = await _unprivileged_open(folder, 0o600, 0o666)
    assert result == {
        "type": "MemoryUnavailableError",
        "message": f"Familiar cannot use its conversation memory file {path}: "
        f"permission denied to enter its folder {folder} (owner {this_user()}, mode 0600).",
    }


async def test_a_database_from_before_casts_gains_the_character_column_and_keeps_its_rows(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "m.sqlite3"
    with sqlite3.connect(path) as db:  # the v2 layout, as Familiar wrote it before casts
        db.executescript(
            "CREATE TABLE messages (row_id INTEGER PRIMARY KEY AUTOINCREMENT, channel_id INTEGER NOT NULL,"
            " kind TEXT NOT NULL DEFAULT 'message', message_id INTEGER, author_id INTEGER, author_name TEXT,"
            " is_bot INTEGER NOT NULL DEFAULT 0, content TEXT NOT NULL DEFAULT '', reply_to INTEGER,"
            " delivered INTEGER NOT NULL DEFAULT 1, created_at REAL NOT NULL);"
            "INSERT INTO messages (channel_id, message_id, author_name, is_bot, content, created_at)"
            " VALUES (5, 1, 'Aria', 1, 'from before', 0);"
            "PRAGMA user_version = 2;"
        )
    store = await MemoryStore.open(path)
    try:
        await store.add_message(
            5, message_id=2, author_id=7, author_name="Bram", content="hello", is_bot=True, character_id="bram"
        )
        turns = await store.history(5)
        assert [(t.content, t.character_id) for t in turns] == [("from before", None), ("hello", "bram")]
        assert await store.has_spoken(5, "ida"), "a message from before casts counts for every character"
    finally:
        await store.close()
    store = await MemoryStore.open(path)  # opening again adds nothing twice
    await store.close()


# -- swipes: replacing a reply ------------------------------------------------


async def _conversation(store: MemoryStore) -> None:
    """Channel 5: Sam asks (1), Aria answers in two messages (2, 3) and a pending piece, Sam again (4)."""
    await store.add_message(5, message_id=1, author_id=9, author_name="Sam", content="hi", is_bot=False)
    for message_id, content in ((2, "hello"), (3, "there")):
        await store.add_message(
            5,
            message_id=message_id,
            author_id=7,
            author_name="Aria",
            content=content,
            is_bot=True,
            reply_to=1,
            character_id="aria",
        )
    await store.add_message(
        5,
        message_id=None,
        author_id=7,
        author_name="Aria",
        content="unsent",
        is_bot=True,
        reply_to=1,
        delivered=False,
        character_id="aria",
    )
    await store.add_message(5, message_id=4, author_id=9, author_name="Sam", content="and?", is_bot=False)


async def test_replace_reply_makes_memory_hold_what_the_channel_shows(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        await _conversation(store)
        await store.add_message(
            5,
            message_id=None,
            author_id=7,
            author_name="Aria",
            content="thinking",
            is_bot=True,
            reply_to=1,
            kind="reasoning",
        )
        await store.add_message(
            6,
            message_id=60,
            author_id=7,
            author_name="Aria",
            content="elsewhere",
            is_bot=True,
            reply_to=1,
            character_id="aria",
        )  # same id answered, another channel: untouched
        await store.replace_reply(5, 1, [(2, "a whole new answer")], "bram", 8, "Bram")

        turns = await store.history(5)
        assert [(t.author_name, t.content, t.message_id) for t in turns] == [
            ("Sam", "hi", 1),
            ("Bram", "a whole new answer", 2),
            ("Sam", "and?", 4),
        ], "the new reply keeps the old one's place"
        assert turns[1].character_id == "bram" and turns[1].author_id == 8 and turns[1].is_bot
        assert await store.pending_pieces(0) == [], "the old reply's pending piece is not owed any more"
        assert await store.was_answered(1)
        assert [t.content for t in await store.history(6)] == ["elsewhere"]
    finally:
        await store.close()


async def test_replace_reply_with_more_pieces_puts_the_extra_ones_after(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        await _conversation(store)
        await store.replace_reply(5, 1, [(2, "one"), (3, "two"), (10, "three"), (11, "four")], "aria", 7, "Aria")
        assert [t.content for t in await store.history(5)] == ["hi", "one", "two", "three", "and?", "four"]
        assert [t.content for t in await store.reply_rows(1)] == ["one", "two", "three", "four"]
        await store.replace_reply(5, 1, [], "aria", 7, "Aria")
        assert [t.content for t in await store.history(5)] == ["hi", "and?"]
        assert await store.reply_rows(1) == []
    finally:
        await store.close()


async def test_replace_reply_is_all_or_nothing(tmp_path: Path) -> None:
    """A piece that cannot be written undoes the whole swipe, even with other tasks writing meanwhile."""
    import sqlite3

    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        await _conversation(store)
        before = await store.history(5)
        others = [
            store.add_message(7, message_id=100 + i, author_id=9, author_name="Sam", content=f"m{i}", is_bot=False)
            for i in range(20)
        ]
        unbindable = object()  # SQLite refuses it on the second insert, after the delete and the first insert
        broken = store.replace_reply(5, 1, [(2, "fine"), (3, unbindable)], "aria", 7, "Aria")  # type: ignore[list-item]
        results = await asyncio.gather(broken, *others, return_exceptions=True)
        assert isinstance(results[0], sqlite3.ProgrammingError)
        assert all(result is None for result in results[1:])
        assert await store.history(5) == before
        assert len(await store.history(7)) == 20
    finally:
        await store.close()


async def test_replace_reply_cancelled_midway_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        await _conversation(store)
        before = await store.history(5)
        inserts = 0
        midway = asyncio.Event()
        execute = store._db.execute

        def counting(sql: str, *args: Any) -> Any:
            nonlocal inserts
            if sql.startswith("INSERT OR REPLACE INTO messages"):
                inserts += 1
                if inserts == 10:
                    midway.set()
            return execute(sql, *args)

        monkeypatch.setattr(store._db, "execute", counting)
        pieces = [(1000 + i, f"piece {i}") for i in range(200)]
        task = asyncio.create_task(store.replace_reply(5, 1, pieces, "aria", 7, "Aria"))
        await midway.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert 10 <= inserts < 200
        monkeypatch.undo()
        await store.add_message(5, message_id=50, author_id=9, author_name="Sam", content="later", is_bot=False)
        assert (await store.history(5))[:-1] == before, "a later commit must not keep half a swipe"
    finally:
        await store.close()


async def test_reply_rows_and_last_reply(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        assert await store.last_reply(5) is None
        await store.add_message(
            5, message_id=20, author_id=7, author_name="Aria", content="Welcome!", is_bot=True, character_id="aria"
        )  # a greeting answers nothing
        assert await store.last_reply(5) is None
        await _conversation(store)
        await store.add_message(
            5,
            message_id=30,
            author_id=7,
            author_name="Aria",
            content="ok",
            is_bot=True,
            reply_to=4,
            character_id="aria",
        )
        await store.add_message(
            5,
            message_id=31,
            author_id=7,
            author_name="Aria",
            content="⚠️ model down",
            is_bot=True,
            reply_to=40,
            kind="notice",
        )  # a notice is no reply to swipe
        await store.add_message(
            6, message_id=61, author_id=7, author_name="Aria", content="other channel", is_bot=True, reply_to=60
        )

        rows = await store.reply_rows(1)
        assert [(t.content, t.message_id) for t in rows] == [("hello", 2), ("there", 3), ("unsent", None)]
        assert all(t.is_bot and t.character_id == "aria" and t.author_name == "Aria" for t in rows)

        newest = await store.last_reply(5)
        assert newest is not None
        answered, turns = newest
        assert answered == 4 and [(t.content, t.message_id, t.author_id) for t in turns] == [("ok", 30, 7)]

        await store.reset(5)
        assert await store.last_reply(5) is None
        assert (await store.last_reply(6)) is not None
    finally:
        await store.close()


async def test_alternatives_are_kept_per_reply(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import sqlite3

    path = tmp_path / "m.sqlite3"
    store = await MemoryStore.open(path)
    try:
        assert await store.alternatives(1) == []
        await store.save_alternatives(1, ["first", "second — ünïcode"])
        await store.save_alternatives(2, ["other"])
        assert await store.alternatives(1) == ["first", "second — ünïcode"]
        await store.save_alternatives(1, ["first", "second — ünïcode", "third"])
        assert await store.alternatives(1) == ["first", "second — ünïcode", "third"]
        await store.save_alternatives(1, [])
        assert await store.alternatives(1) == []
        assert await store.alternatives(2) == ["other"]
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alternatives SET texts = '{broken' WHERE reply_to = 2")
    db.close()
    store = await MemoryStore.open(path)
    try:
        assert await store.alternatives(2) == []
        assert "unreadable" in caplog.text
    finally:
        await store.close()


async def test_author_of_a_remembered_message(tmp_path: Path) -> None:
    store = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        await _conversation(store)
        assert await store.author_of(1) == 9
        assert await store.author_of(2) == 7
        assert await store.author_of(999) is None
    finally:
        await store.close()


# -- v4: usage and alternatives tables ----------------------------------------


async def test_a_v3_database_gains_the_usage_and_alternatives_tables(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "m.sqlite3"
    with sqlite3.connect(path) as db:  # the v3 layout, as Familiar wrote it before usage was counted
        db.executescript(
            "CREATE TABLE messages (row_id INTEGER PRIMARY KEY AUTOINCREMENT, channel_id INTEGER NOT NULL,"
            " kind TEXT NOT NULL DEFAULT 'message', message_id INTEGER, author_id INTEGER, author_name TEXT,"
            " is_bot INTEGER NOT NULL DEFAULT 0, content TEXT NOT NULL DEFAULT '', reply_to INTEGER,"
            " delivered INTEGER NOT NULL DEFAULT 1, created_at REAL NOT NULL, character_id TEXT);"
            "CREATE TABLE dm_channels (channel_id INTEGER PRIMARY KEY, user_id INTEGER, last_active REAL NOT NULL);"
            "CREATE TABLE webhooks (webhook_id INTEGER PRIMARY KEY, channel_id INTEGER NOT NULL,"
            " character_id TEXT NOT NULL, name TEXT NOT NULL, avatar_digest TEXT NOT NULL);"
            "INSERT INTO messages (channel_id, message_id, author_name, is_bot, content, created_at)"
            " VALUES (5, 1, 'Aria', 1, 'from before', 0);"
            "PRAGMA user_version = 3;"
        )
    db.close()
    store = await MemoryStore.open(path)
    try:
        await store.record_usage("2025-03-14", 9, None, 10, 5, True)
        assert await store.usage_totals("2025-03-14", 9, None) == (15, 0, 15)
        await store.save_alternatives(1, ["a", "b"])
        assert [t.content for t in await store.history(5)] == ["from before"]
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    db.close()
    assert {"usage", "usage_day", "alternatives"} <= names


async def test_torn_newest_usage_page_is_found_at_open(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The usage table's newest page (and its index's) is probed at open like the messages'."""
    path = tmp_path / "m.sqlite3"
    store = await MemoryStore.open(path)
    try:
        for i in range(3000):
            await store.record_usage("2025-01-01", i, 1, 1, 1, False)
        await store.record_usage("2099-12-31", 99_999, 1, 1, 1, False)
    finally:
        await store.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    needle = b"2099-12-31"
    pages = {data.index(needle, start) // page_size for start in (0, data.index(needle) + 1)}
    assert data.count(needle) == 2 and len(pages) == 2 and 0 not in pages  # the table's page and the index's
    for page in pages:
        data[page * page_size : (page + 1) * page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))
    store = await MemoryStore.open(path)
    try:
        assert store.set_aside is not None
        assert await store.usage_totals("2099-12-31", 99_999, 1) == (0, 0, 0)
    finally:
        await store.close()
    assert "database disk image is malformed" in caplog.text
