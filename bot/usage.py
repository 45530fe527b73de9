"""Tokens the model used: the ledger the bot writes, its daily limits, and a report for the desktop.

Why here and not in the model client: a reply's tokens belong to the person it
answered and the server it was in, which only the bot knows. The client says
how many tokens a stream used (`bot.llm`, a last `Delta` carrying `usage`); the
bot records them with `UsageLedger.record` and asks `UsageLedger.limit_hit`
before answering.

Days are UTC days: at UTC midnight every count starts over, whatever the
time zone of the machine or of the people chatting (one rule everybody can be
told). The clock is injected so tests can cross midnight.

`read_report` is for the desktop's usage view. It opens the memory database
read-only with the standard `sqlite3` module, synchronously (the desktop runs
it in a worker thread), never through the running bot: the view works whether
the bot is running, stopped or failed to start.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .folders import StorageError
from .i18n import NP_, plural

if TYPE_CHECKING:
    from .memory import MemoryStore
    from .settings import Settings

log = logging.getLogger(__name__)

#: How long `read_report` waits for a writer (the bot mid-commit) before calling the file locked.
READ_TIMEOUT = 2.0

Scope = Literal["user", "server", "total"]


@dataclass(frozen=True)
class TokenUsage:
    """What one model call used; `estimated` when the server sent no counts and we guessed."""

    prompt_tokens: int
    completion_tokens: int
    estimated: bool = False

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class LimitHit:
    """A daily limit reached: which one, its size, what was used, and when it starts over (UTC midnight)."""

    scope: Scope
    limit: int
    used: int
    resets_at: datetime

    @property
    def reason(self) -> str:
        """One sentence for the person refused (log line; `in_language` for Discord)."""
        return self.in_language(None)

    def in_language(self, locale: object | None) -> str:
        """`reason` in the language serving a Discord locale (English for None)."""
        singular, many = _LIMIT_SENTENCES[self.scope]
        return plural(singular, many, self.limit, locale, time=f"{self.resets_at:%H:%M}")


#: What a reached limit says, per scope (the limit is {count}; {time} is when it starts over, UTC).
_LIMIT_SENTENCES: dict[Scope, tuple[str, str]] = {
    "user": NP_(
        "You have used today's {count} token; the count starts over at {time} UTC.",
        "You have used today's {count} tokens; the count starts over at {time} UTC.",
    ),
    "server": NP_(
        "This server has used today's {count} token; the count starts over at {time} UTC.",
        "This server has used today's {count} tokens; the count starts over at {time} UTC.",
    ),
    "total": NP_(
        "The bot has used today's {count} token; the count starts over at {time} UTC.",
        "The bot has used today's {count} tokens; the count starts over at {time} UTC.",
    ),
}


def utc_day(moment: datetime) -> date:
    """The UTC day of `moment` (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()


def next_utc_midnight(moment: datetime) -> datetime:
    """When the day of `moment` ends in UTC: the moment the limits start over."""
    return datetime.combine(utc_day(moment) + timedelta(days=1), time(0), tzinfo=UTC)


def has_daily_limit(settings: Settings) -> bool:
    """Whether any daily token limit is set (0 is none): then a reply's usage must be recorded before
    the next reply's check."""
    return bool(
        settings.daily_token_limit_per_user or settings.daily_token_limit_per_server or settings.daily_token_limit_total
    )


class UsageLedger:
    """Writes tokens to the memory database and checks the daily limits, by UTC day."""

    def __init__(self, memory: MemoryStore, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.memory = memory
        self._clock = clock

    def now(self) -> datetime:
        """The ledger's clock, as an aware UTC time (comparable with `LimitHit.resets_at`)."""
        moment = self._clock()
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    async def totals(self, *, user_id: int, guild_id: int | None) -> tuple[int, int, int]:
        """Today's tokens: this user's (everywhere), this server's (0 for a DM), everyone's."""
        return await self.memory.usage_totals(utc_day(self.now()).isoformat(), user_id, guild_id)

    async def record(self, *, user_id: int, guild_id: int | None, usage: TokenUsage) -> None:
        """Count one reply's tokens against today, for the person answered and their server (None: a DM)."""
        day = utc_day(self.now()).isoformat()
        await self.memory.record_usage(
            day, user_id, guild_id, usage.prompt_tokens, usage.completion_tokens, usage.estimated
        )

    async def limit_hit(self, settings: Settings, *, user_id: int, guild_id: int | None) -> LimitHit | None:
        """The first daily limit (user, then server, then total) already reached today, or None.

        Checked before a reply, so a reply that starts under the limit finishes
        even if it goes over: the limit stops the next one. A limit of 0 is no
        limit; the server limit does not apply in DMs.
        """
        now = self.now()
        limits: tuple[tuple[Scope, int], ...] = (
            ("user", settings.daily_token_limit_per_user),
            ("server", settings.daily_token_limit_per_server if guild_id is not None else 0),
            ("total", settings.daily_token_limit_total),
        )
        if not any(limit for _, limit in limits):
            return None  # the common case: no query at all
        totals = await self.memory.usage_totals(utc_day(now).isoformat(), user_id, guild_id)
        for (scope, limit), used in zip(limits, totals, strict=True):
            if limit and used >= limit:
                return LimitHit(scope, limit, used, next_utc_midnight(now))
        return None


# -- the desktop's report -------------------------------------------------------


class UsageUnavailable(StorageError):
    """The usage numbers cannot be read (locked, damaged, refused); `str(error)` is a sentence naming the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"Familiar cannot read the usage numbers in {path}: {problem}.", path)
        self.problem = problem


@dataclass(frozen=True)
class DayUsage:
    day: date
    tokens: int


@dataclass(frozen=True)
class ServerUsage:
    guild_id: int | None  # None: direct messages
    today: int
    period: int


@dataclass(frozen=True)
class UserUsage:
    user_id: int
    today: int
    period: int


@dataclass(frozen=True)
class UsageReport:
    """Tokens per day (oldest first, one entry per day of the period), today's total, by server and top users."""

    days: list[DayUsage] = field(default_factory=list)
    today_total: int = 0
    servers: list[ServerUsage] = field(default_factory=list)
    top_users: list[UserUsage] = field(default_factory=list)


#: How many people `UsageReport.top_users` lists.
TOP_USERS = 10


def read_report(db_path: Path, *, today: date, days: int = 30) -> UsageReport:
    """The usage of the `days` days ending `today` (UTC days), read-only from the memory database.

    A missing file, or one from before usage was counted, is an empty report
    (all zeros): nothing has been used. A locked, damaged or unreadable file
    raises `UsageUnavailable`. Opening read-only never changes the data,
    though SQLite may leave an empty -wal/-shm pair next to the file.
    """
    days = max(1, days)
    first = today - timedelta(days=days - 1)
    empty = UsageReport(days=[DayUsage(first + timedelta(days=i), 0) for i in range(days)])
    db_path = Path(db_path)
    if not db_path.exists():
        return empty
    if not db_path.is_file():
        raise UsageUnavailable(db_path, "it is not a regular file")
    problem = _header_problem(db_path)
    if problem is not None:
        raise UsageUnavailable(db_path, problem)
    try:
        with contextlib.closing(
            sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=READ_TIMEOUT)
        ) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "usage" not in tables:
                return empty
            span = (first.isoformat(), today.isoformat())
            per_day = dict(
                db.execute(
                    "SELECT day, SUM(prompt_tokens + completion_tokens) FROM usage"
                    " WHERE day BETWEEN ? AND ? GROUP BY day",
                    span,
                ).fetchall()
            )
            servers = db.execute(
                "SELECT guild_id, SUM(CASE WHEN day = ? THEN prompt_tokens + completion_tokens ELSE 0 END),"
                " SUM(prompt_tokens + completion_tokens) FROM usage WHERE day BETWEEN ? AND ? GROUP BY guild_id",
                (today.isoformat(), *span),
            ).fetchall()
            users = db.execute(
                "SELECT user_id, SUM(CASE WHEN day = ? THEN prompt_tokens + completion_tokens ELSE 0 END),"
                " SUM(prompt_tokens + completion_tokens) AS period FROM usage WHERE day BETWEEN ? AND ?"
                " GROUP BY user_id ORDER BY period DESC, user_id LIMIT ?",
                (today.isoformat(), *span, TOP_USERS),
            ).fetchall()
    except sqlite3.Error as error:
        raise UsageUnavailable(db_path, _describe(error)) from error
    return UsageReport(
        days=[DayUsage(entry.day, int(per_day.get(entry.day.isoformat()) or 0)) for entry in empty.days],
        today_total=int(per_day.get(today.isoformat()) or 0),
        servers=sorted(
            (ServerUsage(guild, int(now or 0), int(period or 0)) for guild, now, period in servers),
            key=lambda s: (-s.period, s.guild_id is None, s.guild_id or 0),
        ),
        top_users=[UserUsage(user, int(now or 0), int(period or 0)) for user, now, period in users],
    )


_MAGIC = b"SQLite format 3\x00"


def _header_problem(path: Path) -> str | None:
    """Refuse a file that is no database before SQLite sees it (an empty file is an empty database)."""
    try:
        with open(path, "rb") as file:
            header = file.read(len(_MAGIC))
    except OSError as error:
        return f"it cannot be read ({error.strerror or error})"
    if header and header != _MAGIC:
        return "it is damaged (file is not a database)"
    return None


def _describe(error: sqlite3.Error) -> str:
    """The `problem` part of UsageUnavailable for an SQLite error."""
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return "it is locked by another program; try again in a moment"
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"it is damaged ({error})"
    if code in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_AUTH):
        return f"it cannot be opened ({error})"
    return f"SQLite reports “{error}”"
