"""Per-channel conversation history in SQLite.

Every message the bot takes in and every reply it sends is written here, so a
restart keeps context and the catch-up after an outage knows what it already
answered. aiosqlite runs SQLite on its own thread: writes never block the loop.
A reset inserts a boundary row instead of deleting history.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    row_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id  INTEGER NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'message',  -- 'message', 'notice' or 'reset'
    message_id  INTEGER,                          -- Discord id; NULL for undelivered replies and resets
    author_id   INTEGER,
    author_name TEXT,
    is_bot      INTEGER NOT NULL DEFAULT 0,
    content     TEXT NOT NULL DEFAULT '',
    reply_to    INTEGER,                          -- for bot replies: the message they answer
    delivered   INTEGER NOT NULL DEFAULT 1,
    created_at  REAL NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS messages_message_id ON messages(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_channel ON messages(channel_id, row_id);
CREATE INDEX IF NOT EXISTS messages_reply_to ON messages(reply_to) WHERE reply_to IS NOT NULL;
PRAGMA user_version = 1;
"""


@dataclass(frozen=True)
class Turn:
    """One remembered message, as the prompt builder needs it."""

    author_id: int | None
    author_name: str
    content: str
    is_bot: bool
    message_id: int | None = None
    created_at: float = 0.0


class MemoryStore:
    """Async access to the history database; open with `await MemoryStore.open(path)`."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self._closed = False

    @classmethod
    async def open(cls, path: Path) -> MemoryStore:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path)
        try:
            # WAL keeps readers and the writer out of each other's way; NORMAL
            # sync is durable across application crashes, which is what we need.
            await connection.execute("PRAGMA journal_mode=WAL")
            await connection.execute("PRAGMA synchronous=NORMAL")
            await connection.executescript(_SCHEMA)
            await connection.commit()
        except BaseException:
            await connection.close()
            raise
        return cls(connection, path)

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
    ) -> None:
        """Remember a message; a Discord message seen twice (replay, catch-up) is stored once.

        `kind="notice"` marks bot notices (model errors): they count as answers
        but are not fed back to the model as the character's words.
        """
        await self._db.execute(
            "INSERT OR IGNORE INTO messages (channel_id, kind, message_id, author_id, author_name, is_bot,"
            " content, reply_to, delivered, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                time.time() if created_at is None else created_at,
            ),
        )
        await self._db.commit()

    async def history(self, channel_id: int, limit: int = 200) -> list[Turn]:
        """The newest `limit` messages since the channel's last reset, oldest first."""
        cursor = await self._db.execute(
            "SELECT author_id, author_name, content, is_bot, message_id, created_at FROM messages"
            " WHERE channel_id = ? AND kind = 'message' AND row_id > COALESCE("
            "   (SELECT MAX(row_id) FROM messages WHERE channel_id = ? AND kind = 'reset'), 0)"
            " ORDER BY row_id DESC LIMIT ?",
            (channel_id, channel_id, limit),
        )
        rows = list(await cursor.fetchall())
        await cursor.close()
        return [
            Turn(
                author_id=row[0],
                author_name=row[1] or "",
                content=row[2],
                is_bot=bool(row[3]),
                message_id=row[4],
                created_at=row[5],
            )
            for row in reversed(rows)
        ]

    async def reset(self, channel_id: int) -> None:
        """Start a fresh conversation in a channel; older rows stay on disk."""
        await self._db.execute(
            "INSERT INTO messages (channel_id, kind, created_at) VALUES (?, 'reset', ?)",
            (channel_id, time.time()),
        )
        await self._db.commit()

    async def was_answered(self, message_id: int) -> bool:
        """Whether the bot already replied (or tried to) to this Discord message."""
        cursor = await self._db.execute(
            "SELECT 1 FROM messages WHERE reply_to = ? AND is_bot = 1 LIMIT 1", (message_id,)
        )
        row = await cursor.fetchone()
        await cursor.close()
        return row is not None

    async def undelivered(self) -> list[tuple[int, Turn]]:
        """Replies the bot produced but could not send, with their channel."""
        cursor = await self._db.execute(
            "SELECT channel_id, author_id, author_name, content, is_bot, message_id, created_at"
            " FROM messages WHERE delivered = 0 ORDER BY row_id"
        )
        rows = await cursor.fetchall()
        await cursor.close()
        return [(row[0], Turn(row[1], row[2] or "", row[3], bool(row[4]), row[5], row[6])) for row in rows]

    async def close(self) -> None:
        """Flush and close; idempotent."""
        if self._closed:
            return
        self._closed = True
        await self._db.close()
