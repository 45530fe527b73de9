"""Per-channel conversation history in SQLite.

Every message the bot takes in and every reply it sends is written here, so a
restart keeps context and the catch-up after an outage knows what it already
answered. aiosqlite runs SQLite on its own thread: writes never block the loop.
A reset inserts a boundary row instead of deleting history.

Errors. Everything `MemoryStore` raises for a database the user must do
something about is a `MemoryStoreError`, itself a `bot.folders.StorageError`,
so start-up code catches one class. `str(error)` is one sentence naming the
file (tray tooltip, settings banner, headless exit line):

- `MemoryLockedError`: another program held the database's lock for longer
  than the busy timeout (`BUSY_TIMEOUT`), at open or on a later write. On
  Linux it names that program's pid and command line.
- `MemoryUnavailableError`: the path is a folder or not a regular file, or the
  OS refuses it (permissions, read-only file system, disk full). Nothing is
  moved or changed.
- `MemoryCorruptError`: SQLite found damage during normal use (the store keeps
  running; the next open sets the file aside), or a damaged file could not be
  moved aside at open.

Damage found at open is not an error: the file, with its -wal and -shm, is
moved aside as `memory.sqlite3.corrupt-<YYYYmmdd-HHMMSS>` (never deleted), an
ERROR line says so, and a fresh database is created. See `MemoryStore.open`
for what is checked and why that much.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import sqlite3
import stat
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from .folders import StorageError, describe_os_error, describe_permissions

log = logging.getLogger(__name__)

#: Seconds to wait for another writer (a second shard, the sqlite3 shell)
#: before giving up with MemoryLockedError. Long enough for any normal write
#: transaction, short enough that a start-up never looks hung.
BUSY_TIMEOUT = 3.0
#: SQLite's page cache for the connection (see `_connect`).
PAGE_CACHE_KIB = 512
#: How many of a channel's newest turns `history` keeps in memory (the most a prompt takes: bot.client.HISTORY_LIMIT).
RECENT_TURNS = 200
#: For how many channels, the most recently used (a few hundred kB for a busy server's worth).
RECENT_CHANNELS = 32

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    row_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id  INTEGER NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'message',  -- 'message', 'notice', 'reasoning', 'refused', 'skipped', 'reset'
    message_id  INTEGER,                          -- Discord id; NULL for undelivered replies and resets
    author_id   INTEGER,
    author_name TEXT,
    is_bot      INTEGER NOT NULL DEFAULT 0,
    content     TEXT NOT NULL DEFAULT '',
    reply_to    INTEGER,                          -- for bot replies: the message they answer
    delivered   INTEGER NOT NULL DEFAULT 1,
    created_at  REAL NOT NULL,
    character_id TEXT                             -- for bot messages: which character spoke (NULL: before casts)
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_message_id ON messages(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_channel ON messages(channel_id, row_id);
CREATE INDEX IF NOT EXISTS messages_reply_to ON messages(reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_undelivered ON messages(created_at) WHERE delivered = 0;
-- history(): the last reset of a channel without reading all its rows.
CREATE INDEX IF NOT EXISTS messages_channel_kind ON messages(channel_id, kind, row_id);
-- DM channels are not in the gateway's caches: the catch-up reads back the ones listed here.
CREATE TABLE IF NOT EXISTS dm_channels (
    channel_id  INTEGER PRIMARY KEY,
    user_id     INTEGER,
    last_active REAL NOT NULL
);
-- The webhooks Familiar speaks through, and for which character (a cache of what Discord holds).
CREATE TABLE IF NOT EXISTS webhooks (
    webhook_id    INTEGER PRIMARY KEY,
    channel_id    INTEGER NOT NULL,
    character_id  TEXT NOT NULL,
    name          TEXT NOT NULL,
    avatar_digest TEXT NOT NULL
);
-- Tokens the model used, one row per reply, for the daily limits and the desktop's usage view.
CREATE TABLE IF NOT EXISTS usage (
    row_id            INTEGER PRIMARY KEY AUTOINCREMENT,
    day               TEXT NOT NULL,                -- UTC day, 'YYYY-MM-DD'
    user_id           INTEGER NOT NULL,             -- who the reply answered
    guild_id          INTEGER,                      -- NULL: a direct message
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    estimated         INTEGER NOT NULL DEFAULT 0,   -- 1: the server sent no counts, these are our estimate
    created_at        REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_day ON usage(day, user_id);
-- A reply's alternatives (swipes): every text the model wrote for it, the shown one among them.
CREATE TABLE IF NOT EXISTS alternatives (
    reply_to   INTEGER PRIMARY KEY,  -- the message the reply answers
    texts      TEXT NOT NULL,        -- JSON list of strings, oldest first
    updated_at REAL NOT NULL
);
PRAGMA user_version = 4;
"""

#: Columns added after a table was first created: (table, column, definition). SQLite's
#: CREATE TABLE IF NOT EXISTS leaves an old table as it was, so they are added at open.
#: (New tables need nothing here: the schema script creates them in an old database at open;
#: v4 added `usage` and `alternatives` that way.)
_ADDED_COLUMNS = (
    ("messages", "character_id", "TEXT"),  # v3: which character said a bot message (casts)
)

# The newest entry of the table and of each index: the right edge of each
# b-tree, where new rows land and so where a crash mid-write tears pages.
# Each reads a handful of pages whatever the file's size.
_TAIL_PROBES = {
    "messages": "SELECT * FROM messages ORDER BY row_id DESC LIMIT 1",
    "messages_message_id": (
        "SELECT message_id FROM messages WHERE message_id IS NOT NULL ORDER BY message_id DESC LIMIT 1"
    ),
    "messages_channel": "SELECT channel_id, row_id FROM messages ORDER BY channel_id DESC, row_id DESC LIMIT 1",
    "messages_reply_to": "SELECT reply_to FROM messages WHERE reply_to IS NOT NULL ORDER BY reply_to DESC LIMIT 1",
    "dm_channels": "SELECT * FROM dm_channels ORDER BY channel_id DESC LIMIT 1",
    "webhooks": "SELECT * FROM webhooks ORDER BY webhook_id DESC LIMIT 1",
    "usage": "SELECT * FROM usage ORDER BY row_id DESC LIMIT 1",
    "usage_day": "SELECT day, user_id FROM usage ORDER BY day DESC, user_id DESC LIMIT 1",
    "alternatives": "SELECT * FROM alternatives ORDER BY reply_to DESC LIMIT 1",
}

_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_UNUSABLE = {
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_NOLFS,
    sqlite3.SQLITE_AUTH,
}

_PROC = Path("/proc")


# -- errors -----------------------------------------------------------------


class MemoryStoreError(StorageError):
    """The conversation history database cannot be used; `str(error)` is one sentence naming it."""


class MemoryLockedError(MemoryStoreError):
    """Another program held the database's lock past `BUSY_TIMEOUT`.

    `holders` describes the other processes ("pid 4242: sqlite3 memory.sqlite3")
    where the OS tells (Linux /proc); empty elsewhere.
    """

    def __init__(self, path: Path, holders: list[str] | None = None) -> None:
        self.holders = list(holders or [])
        who = "; ".join(self.holders) if self.holders else "perhaps another Familiar using the same folder"
        super().__init__(
            f"The conversation memory file {path} is locked by another program ({who}); close it and try again.",
            path,
        )


class MemoryUnavailableError(MemoryStoreError):
    """The OS will not let Familiar use the file, or it is a folder; nothing was moved or changed."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"Familiar cannot use its conversation memory file {path}: {reason}.", path)
        self.reason = reason


class MemoryCorruptError(MemoryStoreError):
    """SQLite reported the file damaged.

    Raised by queries after a successful open (the store has marked the file
    so the next open sets it aside), or by `open` when a damaged file could
    not be moved aside (`move_error` says why).
    """

    def __init__(self, path: Path, problem: str, move_error: str | None = None) -> None:
        if move_error is None:
            message = (
                f"The conversation memory file {path} is damaged ({problem}); "
                "Familiar will set it aside and start a fresh one at the next start."
            )
        else:
            message = (
                f"The conversation memory file {path} is damaged ({problem}) and could not be set aside: "
                f"{move_error}; move it elsewhere and start again."
            )
        super().__init__(message, path)
        self.problem = problem
        self.move_error = move_error


class _Damaged(Exception):
    """Internal: open found damage; `open` sets the file aside and starts fresh."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


# -- the store --------------------------------------------------------------


@dataclass(frozen=True)
class PendingPiece:
    """One piece of a reply that could not be sent yet (Discord or the network kept failing)."""

    row_id: int
    channel_id: int
    reply_to: int
    index: int  # its place among the pieces of that reply (the first one carries the reply link)
    content: str
    kind: str = "message"  # or "notice", "reasoning"
    previous_id: int | None = None  # the Discord id of the reply's piece before this one, if it was posted


@dataclass(frozen=True, slots=True)
class Turn:
    """One remembered message, as the prompt builder needs it."""

    author_id: int | None
    author_name: str
    content: str
    is_bot: bool
    message_id: int | None = None
    created_at: float = 0.0
    #: For the bot's messages: the character who said it (None: said before casts existed).
    character_id: str | None = None


DamageObserver = Callable[["MemoryCorruptError"], None]


def _turn(row: Sequence[Any]) -> Turn:
    """A Turn from (author_id, author_name, content, is_bot, message_id, created_at, character_id)."""
    author_id, author_name, content, is_bot, message_id, created_at, character_id = row
    return Turn(author_id, author_name or "", content, bool(is_bot), message_id, created_at, character_id)


class MemoryStore:
    """Async access to the history database; open with `await MemoryStore.open(path)`."""

    def __init__(self, connection: aiosqlite.Connection, path: Path, on_damaged: DamageObserver | None = None) -> None:
        self._db = connection
        self.path = path
        self._closed = False
        self._on_damaged = on_damaged
        self._damage_reported = False
        # One connection is shared by every task: each method's statements run as one unit,
        # so another task's commit never lands inside them (nor its rollback undoes ours).
        self._lock = asyncio.Lock()
        #: Where a damaged file found at open was moved, for a notice to the user.
        self.set_aside: Path | None = None
        # Each channel's newest turns (up to RECENT_TURNS, since its last reset) as `history` reads
        # them: every reply reads its channel's history and then adds to it, so the read is served
        # from here and each write goes to both. Kept up to date where a write completes (aiosqlite
        # completes statements in the order they were sent, so these follow the file's order);
        # a write that rewrites or hides existing rows drops what it touches instead.
        self._recent: OrderedDict[int, list[Turn]] = OrderedDict()

    @classmethod
    async def open(
        cls, path: Path, *, busy_timeout: float = BUSY_TIMEOUT, on_damaged: DamageObserver | None = None
    ) -> MemoryStore:
        """Open (creating if needed) the database at `path`, repairing a damaged one by starting fresh.

        Raises `MemoryLockedError` or `MemoryUnavailableError` for what the
        user must fix; see the module docstring. `on_damaged` is called (on
        the loop, once) when a later query finds the file damaged.

        What counts as damaged at open, and why only this much: this runs at
        every start and the file can reach hundreds of MB, so nothing here
        reads the whole file. The 100-byte header is checked by hand ("file is
        not a database"; before SQLite, which would delete the -wal of a file
        it cannot read). SQLite's first statement checks that the file holds
        as many pages as the header says (truncation). Then the schema is
        read, and the newest entry of the table and of each index
        (`_TAIL_PROBES`): the pages a crash mid-write tears. About 1 ms on a 100 MB file; `PRAGMA
        quick_check` would cost ~60 ms warm and ~340 ms from disk per 100 MB
        (`integrity_check` more), growing with the file. Damage anywhere else
        surfaces on the query that touches it: that query raises
        `MemoryCorruptError` and leaves a `<name>.damaged` marker, and the
        next open runs the full `integrity_check` once and sets the file
        aside if it fails.
        """
        path = Path(path)
        _check_paths(path)
        marker = _marker(path)
        full_check = marker.exists()
        set_aside = None
        try:
            problem = None if _is_open_here(path) else _header_problem(path)
            if problem is not None:
                raise _Damaged(problem)
            connection = await _connect(path, busy_timeout, full_check=full_check)
        except _Damaged as damage:
            try:
                set_aside = _move_aside(path)
            except OSError as error:
                raise MemoryCorruptError(path, damage.problem, describe_os_error(error, path.parent)) from error
            log.error(
                "Conversation memory %s was damaged (%s); moved it to %s and started a fresh one",
                path,
                damage.problem,
                set_aside,
            )
            try:
                connection = await _connect(path, busy_timeout, full_check=False)
            except _Damaged as again:  # a brand-new file: something outside Familiar is interfering
                raise MemoryCorruptError(path, again.problem) from None
        else:
            if full_check:
                log.warning(
                    "Conversation memory %s was marked damaged by an earlier run, but a full check found it sound;"
                    " keeping it",
                    path,
                )
        if full_check:
            with contextlib.suppress(FileNotFoundError):
                marker.unlink()
        store = cls(connection, path, on_damaged)
        store.set_aside = set_aside
        _OPEN_HERE[_key(path)] = _OPEN_HERE.get(_key(path), 0) + 1
        return store

    async def add_message(
        self,
        channel_id: int,
        *,
        message_id: int | None,
        author_id: int | None,
        author_name: str,
        content: str,
        is_bot: bool,
        reply_to: int | None = None,
        delivered: bool = True,
        created_at: float | None = None,
        kind: str = "message",
        character_id: str | None = None,
    ) -> None:
        """Remember a message; a Discord message seen twice (replay, catch-up) is stored once.

        `kind="notice"` marks bot notices (model errors): they count as answers
        but are not fed back to the model as the character's words.
        `character_id`: for the bot's messages, which character spoke.
        """
        created_at = time.time() if created_at is None else created_at
        async with self._statement():
            cursor = await self._db.execute(
                "INSERT OR IGNORE INTO messages (channel_id, kind, message_id, author_id, author_name, is_bot,"
                " content, reply_to, delivered, created_at, character_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    channel_id,
                    kind,
                    message_id,
                    author_id,
                    author_name,
                    int(is_bot),
                    content,
                    reply_to,
                    int(delivered),
                    created_at,
                    character_id,
                ),
            )
        recent = self._recent.get(channel_id)
        if recent is not None and kind == "message" and cursor.rowcount == 1:  # not a message seen twice
            recent.append(Turn(author_id, author_name, content, is_bot, message_id, created_at, character_id))
            del recent[:-RECENT_TURNS]

    async def history(self, channel_id: int, limit: int = RECENT_TURNS) -> list[Turn]:
        """The newest `limit` messages since the channel's last reset, oldest first."""
        if not 0 < limit <= RECENT_TURNS:
            return await self._read_history(channel_id, limit)
        recent = self._recent.get(channel_id)
        if recent is None:
            recent = await self._read_history(channel_id, RECENT_TURNS)
            # Another read may have filled it meanwhile; the writes since then are in that one.
            recent = self._recent.setdefault(channel_id, recent)
            while len(self._recent) > RECENT_CHANNELS:
                self._recent.popitem(last=False)
        self._recent.move_to_end(channel_id)
        return recent[-limit:]

    async def _read_history(self, channel_id: int, limit: int) -> list[Turn]:
        """`history` from the file."""
        async with self._statement():
            rows = list(
                await self._db.execute_fetchall(
                    "SELECT author_id, author_name, content, is_bot, message_id, created_at, character_id FROM messages"
                    " WHERE channel_id = ? AND kind = 'message' AND row_id > COALESCE("
                    "   (SELECT MAX(row_id) FROM messages WHERE channel_id = ? AND kind = 'reset'), 0)"
                    " ORDER BY row_id DESC LIMIT ?",
                    (channel_id, channel_id, limit),
                )
            )
        return [
            Turn(
                author_id=row[0],
                author_name=row[1] or "",
                content=row[2],
                is_bot=bool(row[3]),
                message_id=row[4],
                created_at=row[5],
                character_id=row[6],
            )
            for row in reversed(rows)
        ]

    async def reset(self, channel_id: int) -> None:
        """Start a fresh conversation in a channel; older rows stay on disk."""
        async with self._statement():
            await self._db.execute(
                "INSERT INTO messages (channel_id, kind, created_at) VALUES (?, 'reset', ?)",
                (channel_id, time.time()),
            )
        self._recent.pop(channel_id, None)

    async def was_answered(self, message_id: int) -> bool:
        """Whether the bot already replied (or tried to, or decided not to) to this Discord message."""
        async with self._statement():
            rows = await self._db.execute_fetchall(
                "SELECT 1 FROM messages WHERE reply_to = ? AND is_bot = 1 LIMIT 1", (message_id,)
            )
        return bool(list(rows))

    async def has_spoken(self, channel_id: int, character_id: str) -> bool:
        """Whether this character has said anything in the channel since its last reset (greetings
        wait for a new chat). Messages from before casts (no character recorded) count for everyone,
        so an upgrade does not make old channels greet again."""
        async with self._statement():
            rows = await self._db.execute_fetchall(
                "SELECT 1 FROM messages WHERE channel_id = ? AND is_bot = 1 AND kind = 'message'"
                " AND (character_id = ? OR character_id IS NULL) AND row_id > COALESCE("
                "   (SELECT MAX(row_id) FROM messages WHERE channel_id = ? AND kind = 'reset'), 0) LIMIT 1",
                (channel_id, character_id, channel_id),
            )
        return bool(list(rows))

    async def mark_handled(self, channel_id: int, message_id: int, reason: str) -> None:
        """Record a decision not to answer (a cooldown...), so no catch-up answers it later."""
        async with self._statement():
            await self._db.execute(
                "INSERT INTO messages (channel_id, kind, is_bot, content, reply_to, created_at)"
                " VALUES (?, 'skipped', 1, ?, ?, ?)",
                (channel_id, reason, message_id, time.time()),
            )

    async def remember_dm(self, channel_id: int, user_id: int | None) -> None:
        """Note a DM channel the bot has talked in (the catch-up reads these back)."""
        async with self._statement():
            await self._db.execute(
                "INSERT INTO dm_channels (channel_id, user_id, last_active) VALUES (?, ?, ?)"
                " ON CONFLICT(channel_id) DO UPDATE SET last_active = excluded.last_active",
                (channel_id, user_id, time.time()),
            )

    async def dm_channels(self, limit: int = 50) -> list[int]:
        """DM channels the bot has talked in, most recently active first."""
        async with self._statement():
            rows = await self._db.execute_fetchall(
                "SELECT channel_id FROM dm_channels ORDER BY last_active DESC LIMIT ?", (limit,)
            )
        return [row[0] for row in rows]

    async def pending_pieces(self, since: float) -> list[PendingPiece]:
        """Reply pieces written since `since` that still wait to be sent, oldest first."""
        async with self._guard():
            rows = list(
                await self._db.execute_fetchall(
                    "SELECT row_id, channel_id, reply_to, content, kind FROM messages"
                    " WHERE delivered = 0 AND is_bot = 1 AND kind IN ('message', 'notice', 'reasoning')"
                    " AND reply_to IS NOT NULL AND created_at >= ? ORDER BY row_id",
                    (since,),
                )
            )
            pieces = []
            for row_id, channel_id, reply_to, content, kind in rows:
                earlier = list(
                    await self._db.execute_fetchall(
                        "SELECT message_id FROM messages WHERE reply_to = ? AND is_bot = 1"
                        " AND kind IN ('message', 'notice', 'reasoning', 'refused') AND row_id < ? ORDER BY row_id",
                        (reply_to, row_id),
                    )
                )
                previous = earlier[-1][0] if earlier else None
                pieces.append(PendingPiece(row_id, channel_id, reply_to, len(earlier), content, kind, previous))
        return pieces

    async def knows_message(self, message_id: int) -> bool:
        """Whether a Discord message is in memory (as anyone's turn, a notice or a piece)."""
        async with self._statement():
            rows = await self._db.execute_fetchall("SELECT 1 FROM messages WHERE message_id = ? LIMIT 1", (message_id,))
        return bool(list(rows))

    async def mark_delivered(self, row_id: int, message_id: int) -> None:
        """A pending piece reached Discord as `message_id`."""
        async with self._statement():
            await self._db.execute(
                "UPDATE OR IGNORE messages SET delivered = 1, message_id = ? WHERE row_id = ?", (message_id, row_id)
            )
        self._recent.clear()  # which channel's turn it is, only the file knows (rare: the catch-up's sends)

    async def mark_refused(self, row_id: int) -> None:
        """Discord will never take a pending piece (channel gone, no permission): stop trying."""
        async with self._statement():
            await self._db.execute("UPDATE messages SET kind = 'refused' WHERE row_id = ?", (row_id,))
        self._recent.clear()  # as mark_delivered

    # -- swipes: replacing a reply -------------------------------------------

    async def replace_reply(
        self,
        channel_id: int,
        reply_to: int,
        pieces: list[tuple[int, str]],
        character_id: str | None,
        author_id: int | None,
        author_name: str,
    ) -> None:
        """Make the bot's reply to `reply_to` read as `pieces` ((Discord message id, text), in order).

        After a swipe the channel shows another reply; memory must hold that one,
        or the model would be fed the reply the user threw away. All or nothing:
        the old reply's rows (delivered or still pending) go and the new ones come
        in one transaction. The new rows take the old rows' places (their row ids)
        as far as they go, so the reply keeps its place in the conversation;
        pieces beyond the old count are added after them. No pieces: the reply is removed.
        """
        async with self._guard():
            await self._db.execute("BEGIN")
            try:
                old = [
                    (row[0], row[1])
                    for row in await self._db.execute_fetchall(
                        "SELECT row_id, created_at FROM messages WHERE channel_id = ? AND reply_to = ?"
                        " AND is_bot = 1 AND kind = 'message' ORDER BY row_id",
                        (channel_id, reply_to),
                    )
                ]
                await self._db.execute(
                    "DELETE FROM messages WHERE channel_id = ? AND reply_to = ? AND is_bot = 1 AND kind = 'message'",
                    (channel_id, reply_to),
                )
                now = time.time()
                for index, (message_id, content) in enumerate(pieces):
                    row_id, created_at = old[index] if index < len(old) else (None, now)
                    # OR REPLACE: a message id already known elsewhere is the same Discord message,
                    # and what it shows now is this text.
                    await self._db.execute(
                        "INSERT OR REPLACE INTO messages (row_id, channel_id, kind, message_id, author_id, author_name,"
                        " is_bot, content, reply_to, delivered, created_at, character_id)"
                        " VALUES (?, ?, 'message', ?, ?, ?, 1, ?, ?, 1, ?, ?)",
                        (
                            row_id,
                            channel_id,
                            message_id,
                            author_id,
                            author_name,
                            content,
                            reply_to,
                            created_at,
                            character_id,
                        ),
                    )
                await self._db.commit()
                self._recent.clear()  # rows rewritten (OR REPLACE may take a message id from any channel)
            except BaseException:
                # Cancelled (or failed) half-way: undo now, or the next method's commit would keep half a swipe.
                with contextlib.suppress(sqlite3.Error, ValueError):
                    await self._db.rollback()
                self._recent.clear()  # whatever the rollback managed
                raise

    async def reply_rows(self, reply_to: int) -> list[Turn]:
        """The bot's message rows answering `reply_to`, in order (what a swipe replaces)."""
        async with self._statement():
            rows = await self._db.execute_fetchall(
                "SELECT author_id, author_name, content, is_bot, message_id, created_at, character_id FROM messages"
                " WHERE reply_to = ? AND is_bot = 1 AND kind = 'message' ORDER BY row_id",
                (reply_to,),
            )
        return [_turn(row) for row in rows]

    async def last_reply(self, channel_id: int) -> tuple[int, list[Turn]] | None:
        """The message the newest bot reply in the channel answers, and that reply's rows.

        Since the channel's last reset only (a reset chat has no reply to swipe).
        Greetings answer nothing and notices are not the character's words, so
        neither counts. None when there is no such reply.
        """
        async with self._guard():
            found = list(
                await self._db.execute_fetchall(
                    "SELECT reply_to FROM messages WHERE channel_id = ? AND is_bot = 1 AND kind = 'message'"
                    " AND reply_to IS NOT NULL AND row_id > COALESCE("
                    "   (SELECT MAX(row_id) FROM messages WHERE channel_id = ? AND kind = 'reset'), 0)"
                    " ORDER BY row_id DESC LIMIT 1",
                    (channel_id, channel_id),
                )
            )
            if not found:
                return None
            reply_to = found[0][0]
            rows = await self._db.execute_fetchall(
                "SELECT author_id, author_name, content, is_bot, message_id, created_at, character_id FROM messages"
                " WHERE channel_id = ? AND reply_to = ? AND is_bot = 1 AND kind = 'message' ORDER BY row_id",
                (channel_id, reply_to),
            )
        return reply_to, [_turn(row) for row in rows]

    async def alternatives(self, reply_to: int) -> list[str]:
        """Every text kept for the reply to `reply_to` (swipes), oldest first; [] when none were kept."""
        async with self._statement():
            rows = list(
                await self._db.execute_fetchall("SELECT texts FROM alternatives WHERE reply_to = ?", (reply_to,))
            )
        if not rows:
            return []
        try:
            texts = json.loads(rows[0][0])
        except ValueError:
            texts = None
        if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
            log.warning("The alternatives kept for the reply to message %s are unreadable; starting over", reply_to)
            return []
        return texts

    async def save_alternatives(self, reply_to: int, texts: list[str]) -> None:
        """Keep `texts` as the alternatives of the reply to `reply_to`; [] forgets them."""
        async with self._statement():
            if texts:
                await self._db.execute(
                    "INSERT OR REPLACE INTO alternatives (reply_to, texts, updated_at) VALUES (?, ?, ?)",
                    (reply_to, json.dumps(texts, ensure_ascii=False), time.time()),
                )
            else:
                await self._db.execute("DELETE FROM alternatives WHERE reply_to = ?", (reply_to,))

    async def author_of(self, message_id: int) -> int | None:
        """Who wrote a remembered Discord message (for "only the person answered may delete"); None if unknown."""
        async with self._statement():
            rows = list(
                await self._db.execute_fetchall("SELECT author_id FROM messages WHERE message_id = ?", (message_id,))
            )
        return rows[0][0] if rows else None

    # -- token usage -----------------------------------------------------------

    async def record_usage(
        self,
        day: str,
        user_id: int,
        guild_id: int | None,
        prompt_tokens: int,
        completion_tokens: int,
        estimated: bool,
    ) -> None:
        """Add one reply's tokens to `day` (UTC, 'YYYY-MM-DD'); `guild_id` None for a DM."""
        async with self._statement():
            await self._db.execute(
                "INSERT INTO usage (day, user_id, guild_id, prompt_tokens, completion_tokens, estimated, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (day, user_id, guild_id, prompt_tokens, completion_tokens, int(estimated), time.time()),
            )

    async def usage_totals(self, day: str, user_id: int, guild_id: int | None) -> tuple[int, int, int]:
        """Tokens used on `day`: by this user (everywhere), in this server (0 for a DM), and overall.

        One query for the three, since the limits are checked before every reply.
        """
        async with self._statement():
            rows = list(
                await self._db.execute_fetchall(
                    "SELECT COALESCE(SUM(CASE WHEN user_id = ? THEN prompt_tokens + completion_tokens END), 0),"
                    " COALESCE(SUM(CASE WHEN guild_id = ? THEN prompt_tokens + completion_tokens END), 0),"
                    " COALESCE(SUM(prompt_tokens + completion_tokens), 0)"
                    " FROM usage WHERE day = ?",
                    (user_id, guild_id, day),
                )
            )
        user_total, server_total, overall = rows[0]
        return int(user_total), int(server_total), int(overall)

    async def webhook_records(self, channel_id: int) -> list[tuple[int, int, str, str, str]]:
        """(webhook id, channel id, character id, name, avatar digest) of our webhooks in a channel."""
        async with self._statement():
            rows = await self._db.execute_fetchall(
                "SELECT webhook_id, channel_id, character_id, name, avatar_digest FROM webhooks WHERE channel_id = ?",
                (channel_id,),
            )
        return [tuple(row) for row in rows]  # type: ignore[misc]

    async def save_webhook(self, webhook_id: int, channel_id: int, character_id: str, name: str, digest: str) -> None:
        async with self._statement():
            await self._db.execute(
                "INSERT OR REPLACE INTO webhooks (webhook_id, channel_id, character_id, name, avatar_digest)"
                " VALUES (?, ?, ?, ?, ?)",
                (webhook_id, channel_id, character_id, name, digest),
            )

    async def forget_webhook(self, webhook_id: int) -> None:
        async with self._statement():
            await self._db.execute("DELETE FROM webhooks WHERE webhook_id = ?", (webhook_id,))

    async def undelivered(self) -> list[tuple[int, Turn]]:
        """Replies the bot produced but could not send, with their channel."""
        async with self._statement():
            rows = await self._db.execute_fetchall(
                "SELECT channel_id, author_id, author_name, content, is_bot, message_id, created_at"
                " FROM messages WHERE delivered = 0 ORDER BY row_id"
            )
        return [(row[0], Turn(row[1], row[2] or "", row[3], bool(row[4]), row[5], row[6])) for row in rows]

    async def close(self) -> None:
        """Flush and close; idempotent."""
        if self._closed:
            return
        self._closed = True
        key = _key(self.path)
        _OPEN_HERE[key] = _OPEN_HERE.get(key, 1) - 1
        if _OPEN_HERE[key] <= 0:
            del _OPEN_HERE[key]
        await self._db.close()

    @contextlib.asynccontextmanager
    async def _guard(self) -> AsyncIterator[None]:
        """For a method of several statements (a transaction, or reads that must agree): holds
        `_lock` throughout, so no other task's statement lands inside it (nor its rollback undoes
        ours). SQLite errors become the typed errors, so one bad query never takes the bot down.
        """
        async with self._lock:
            try:
                yield
            except sqlite3.Error as error:
                # A transaction left open by the failure would hold a read snapshot that
                # makes every later write fail too.
                with contextlib.suppress(sqlite3.Error, ValueError):
                    await self._db.rollback()
                typed = self._typed(error)
                if typed is error:  # not one we know how to explain: the original, untouched
                    raise
                raise typed from error

    @contextlib.asynccontextmanager
    async def _statement(self) -> AsyncIterator[None]:
        """For a method of one statement: in autocommit it is its own transaction, and aiosqlite
        runs statements in the order they were sent, so it only waits while a `_guard` holds the
        lock (sent then, it would land inside that transaction), then runs without holding it:
        20 busy channels queue their statements back to back instead of one round trip each.
        """
        if self._lock.locked():
            async with self._lock:
                pass  # no await between here and the statement being sent: nothing slips in
        try:
            yield
        except sqlite3.Error as error:
            typed = self._typed(error)
            if typed is error:
                raise
            raise typed from error

    def _typed(self, error: sqlite3.Error) -> Exception:
        code = _primary_code(error)
        if code in _DAMAGED:
            return self._note_damage(str(error))
        if code in _LOCKED:
            return MemoryLockedError(self.path, lock_holders(self.path))
        if code in _UNUSABLE:
            return MemoryUnavailableError(self.path, _why_unusable(self.path, error))
        return error

    def _note_damage(self, problem: str) -> MemoryCorruptError:
        error = MemoryCorruptError(self.path, problem)
        if self._damage_reported:
            return error
        self._damage_reported = True
        # The marker outlives this process: the next open checks the whole file
        # once, which the cheap open-time checks would not.
        try:
            _marker(self.path).write_text(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {problem}\n", encoding="utf-8")
        except OSError as marker_error:
            log.warning("Could not mark %s as damaged: %s", self.path, marker_error)
        log.error("Conversation memory %s is damaged (%s); it will be set aside at the next start", self.path, problem)
        if self._on_damaged is not None:
            try:
                self._on_damaged(error)
            except Exception:  # an observer's bug must not hide the damage itself
                log.exception("Damage observer failed")
        return error


# -- opening ----------------------------------------------------------------


def _siblings(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and shared-memory index for `path`."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


def _check_paths(path: Path) -> None:
    """Refuse, before SQLite sees them, paths SQLite would report only as 'unable to open'
    (folders) or could hang on (a FIFO); a folder the user made is never moved."""
    wal, shm = _siblings(path)
    for candidate, what in ((path, "it"), (wal, f"its write-ahead log {wal}"), (shm, f"its shared-memory file {shm}")):
        try:
            info = os.stat(candidate)
        except FileNotFoundError:
            continue
        except PermissionError as error:  # stat needs only the folder's search permission
            folder = candidate.parent
            raise MemoryUnavailableError(
                path, f"permission denied to enter its folder {folder} ({describe_permissions(folder)})"
            ) from error
        except OSError as error:
            reason = f"{what} cannot be examined ({describe_os_error(error, candidate)})"
            raise MemoryUnavailableError(path, reason) from error
        if stat.S_ISDIR(info.st_mode):
            raise MemoryUnavailableError(path, f"{what} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise MemoryUnavailableError(path, f"{what} is not a regular file")
        # Before SQLite: it would open a file it cannot write read-only and
        # leave an empty -wal behind before failing.
        problem = _access_problem(candidate, what)
        if problem is not None:
            raise MemoryUnavailableError(path, problem)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = describe_os_error(error, path.parent.parent)
        raise MemoryUnavailableError(path, f"its folder {path.parent} cannot be created ({reason})") from error


#: Stores open in this process, by real path. Closing any descriptor on a file
#: drops every POSIX lock this process holds on it, SQLite's included, so
#: the header is only read by hand when no store here has the file open.
_OPEN_HERE: dict[str, int] = {}


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _is_open_here(path: Path) -> bool:
    return _key(path) in _OPEN_HERE


_MAGIC = b"SQLite format 3\x00"


def _header_problem(path: Path) -> str | None:
    """What is wrong with the file's header, if anything; None for a missing or empty file.

    Done by hand rather than left to SQLite: SQLite overwrites the -shm and
    deletes the -wal of a file it cannot read, and those are kept with it.
    """
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise MemoryUnavailableError(path, f"it cannot be read ({error.strerror or error})") from error
    if not header:
        return None  # SQLite treats an empty file as an empty database
    if len(header) < 100 or not header.startswith(_MAGIC):
        return "file is not a database"
    page_size = int.from_bytes(header[16:18], "big")
    if page_size != 1 and not (512 <= page_size <= 32768 and page_size & (page_size - 1) == 0):
        return "file is not a database"  # 1 means 65536; anything else is no SQLite page size
    return None


async def _connect(path: Path, busy_timeout: float, *, full_check: bool) -> aiosqlite.Connection:
    """A checked connection; raises `_Damaged` or a typed error."""
    try:
        # Autocommit (no implicit transactions): a one-statement write is one trip to SQLite's
        # thread instead of two (execute, commit); replace_reply opens its transaction itself.
        connection = await aiosqlite.connect(path, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as error:
        if (typed := _open_error(path, error)) is error:
            raise
        raise typed from error
    try:
        # WAL keeps readers and the writer out of each other's way; NORMAL
        # sync is durable across application crashes, which is what we need.
        await connection.execute_fetchall("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        # SQLite's page cache, in KiB (its default, 2,000, fills as the file grows and was most of the
        # RSS growth over the first 3,000 messages). A history read touches a few dozen pages, and the
        # OS caches the file anyway: 512 KiB measured no slower, even with 50 channels interleaved.
        await connection.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        # Read-only checks first, so nothing is written into a damaged file.
        names = {row[0] for row in await connection.execute_fetchall("SELECT name FROM sqlite_master")}
        for name, probe in _TAIL_PROBES.items():
            if name in names:
                await connection.execute_fetchall(probe)
        if full_check:
            result = [row[0] for row in await connection.execute_fetchall("PRAGMA integrity_check(1)")]
            if result != ["ok"]:
                raise _Damaged(str(result[0]) if result else "integrity check failed")
        # IMMEDIATE takes the write lock now: a program holding it is found at
        # start, not at the first message the bot tries to remember.
        await connection.executescript(
            "BEGIN IMMEDIATE;\n"
            + _SCHEMA
            + _missing_columns({row[1] for row in await connection.execute_fetchall("PRAGMA table_info(messages)")})
            + "\nCOMMIT;"
        )
    except BaseException as error:
        await connection.close()
        if isinstance(error, sqlite3.Error) and (typed := _open_error(path, error)) is not error:
            raise typed from error
        raise
    return connection


def _missing_columns(existing: set[str]) -> str:
    """ALTER TABLE statements for the columns an older database lacks (a fresh one has them all)."""
    return "".join(
        f"\nALTER TABLE {table} ADD COLUMN {column} {definition};"
        for table, column, definition in _ADDED_COLUMNS
        if existing and column not in existing
    )


def _open_error(path: Path, error: sqlite3.Error) -> Exception:
    code = _primary_code(error)
    if code in _DAMAGED:
        return _Damaged(str(error))
    if code in _LOCKED:
        return MemoryLockedError(path, lock_holders(path))
    if code in _UNUSABLE:
        return MemoryUnavailableError(path, _why_unusable(path, error))
    return error


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF  # extended codes carry the primary in the low byte


def _timestamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _move_aside(path: Path) -> Path:
    """Rename the database and its -wal/-shm to `<name>.corrupt-<time>[-n]`; never deletes.

    The siblings keep SQLite's naming (`<aside>-wal`), so opening the set-aside
    file with sqlite3 for a `.recover` still sees its log.
    """
    stamp = _timestamp()
    counter = 0
    while True:
        name = f"{path.name}.corrupt-{stamp}" + (f"-{counter}" if counter else "")
        target = path.with_name(name)
        if not any(os.path.lexists(p) for p in (target, *_siblings(target))):
            break
        counter += 1  # two in one second: keep both
    wal, shm = _siblings(path)
    target_wal, target_shm = _siblings(target)
    # The log first: a crash half-way must never pair a fresh database with the old one's log.
    for source, destination in ((wal, target_wal), (shm, target_shm), (path, target)):
        if os.path.lexists(source):
            os.replace(source, destination)
    with contextlib.suppress(FileNotFoundError):
        _marker(path).unlink()  # our own note about this file; it has been dealt with
    return target


def _why_unusable(path: Path, error: sqlite3.Error) -> str:
    """The reason part of MemoryUnavailableError: which file or folder the OS refuses, and its permissions.

    Asks the OS with access() instead of opening the file: closing any
    descriptor on the file would drop SQLite's locks held by this process.
    """
    if _primary_code(error) == sqlite3.SQLITE_FULL:
        return "the disk is full"
    if _read_only_file_system(path.parent):
        return f"its folder {path.parent} is on a read-only file system"
    wal, shm = _siblings(path)
    for candidate, what in ((path, "it"), (wal, f"its write-ahead log {wal}"), (shm, f"its shared-memory file {shm}")):
        if os.path.exists(candidate) and (problem := _access_problem(candidate, what)) is not None:
            return problem
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return f"permission denied to create files in its folder {path.parent} ({describe_permissions(path.parent)})"
    return f"SQLite reports “{error}”"


def _access_problem(file: Path, what: str) -> str | None:
    """'permission denied to write it (owner root, mode 0644)', or None if this user may read and write `file`."""
    for mode, verb in ((os.R_OK, "read"), (os.W_OK, "write")):
        if not os.access(file, mode):
            if mode == os.W_OK and _read_only_file_system(file.parent):
                return f"{what} is on a read-only file system"
            return f"permission denied to {verb} {what} ({describe_permissions(file)})"
    return None


def _read_only_file_system(folder: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


# -- who holds the lock -------------------------------------------------------


def lock_holders(path: Path, proc: Path = _PROC) -> list[str]:
    """'pid 4242: sqlite3 /home/sam/memory.sqlite3' for other processes blocking the database.

    Linux only (`proc` missing elsewhere gives []). Prefers processes holding
    a write lock on the database or its -shm (the ones actually in the way;
    other shards sharing the file only hold read locks); falls back to any
    process with one of the files open.
    """
    files = [path, *_siblings(path)]
    pids = _write_lockers(files, proc) or _openers(files, proc)
    pids.discard(os.getpid())
    return [f"pid {pid}: {_command_line(pid, proc)}" for pid in sorted(pids)[:3]]


def _write_lockers(files: list[Path], proc: Path) -> set[int]:
    inodes = set()
    for file in files:
        try:
            info = os.stat(file)
        except OSError:
            continue
        inodes.add((os.major(info.st_dev), os.minor(info.st_dev), info.st_ino))
    try:
        lines = (proc / "locks").read_text().splitlines()
    except OSError:
        return set()
    pids = set()
    for line in lines:
        # "1: POSIX  ADVISORY  WRITE 4242 fe:00:2204655 120 120"; "->" marks a waiter, not a holder.
        fields = line.split()
        if len(fields) < 6 or "->" in fields or fields[3] != "WRITE":
            continue
        try:
            pid = int(fields[4])
            major, minor, inode = fields[5].split(":")
            key = (int(major, 16), int(minor, 16), int(inode))
        except ValueError:
            continue
        if pid > 0 and key in inodes:
            pids.add(pid)
    return pids


def _openers(files: list[Path], proc: Path) -> set[int]:
    targets = {os.path.realpath(file) for file in files}
    pids = set()
    try:
        entries = list(proc.iterdir())
    except OSError:
        return set()
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:  # another user's process, or gone meanwhile
            continue
        if links & targets:
            pids.add(int(entry.name))
    return pids


def _command_line(pid: int, proc: Path) -> str:
    try:
        words = (proc / str(pid) / "cmdline").read_bytes().split(b"\0")
        # Collapsed to single spaces: the sentence must stay one line (a `python -c` script has newlines).
        text = " ".join(" ".join(word.decode("utf-8", "replace").split()) for word in words if word.strip())
        if not text:
            text = (proc / str(pid) / "comm").read_text().strip()
    except OSError:
        return "command unknown"
    return text if len(text) <= 80 else text[:79] + "…"
