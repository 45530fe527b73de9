"""bot.usage: the token ledger and its daily limits (clock injected), and the desktop's read-only report."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from bot import usage as usage_module
from bot.folders import StorageError
from bot.memory import MemoryStore
from bot.settings import Settings
from bot.usage import (
    DayUsage,
    LimitHit,
    ServerUsage,
    TokenUsage,
    UsageLedger,
    UsageReport,
    UsageUnavailable,
    UserUsage,
    next_utc_midnight,
    read_report,
    utc_day,
)
from tests.processes import HOLD_LOCK, second_process

ALICE, BOB, CAROL = 10, 11, 12
TAVERN, LIBRARY = 1000, 2000


class Clock:
    """A settable clock for the ledger."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[MemoryStore]:
    memory = await MemoryStore.open(tmp_path / "m.sqlite3")
    try:
        yield memory
    finally:
        await memory.close()


NOON = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def limits(**values: Any) -> Settings:
    return Settings(**values)


async def spend(ledger: UsageLedger, user: int, guild: int | None, tokens: int, *, estimated: bool = False) -> None:
    await ledger.record(user_id=user, guild_id=guild, usage=TokenUsage(tokens - tokens // 4, tokens // 4, estimated))


# -- TokenUsage, days ---------------------------------------------------------


def test_token_usage_total() -> None:
    assert TokenUsage(120, 30).total == 150
    assert not TokenUsage(1, 2).estimated and TokenUsage(1, 2, True).estimated


def test_days_are_utc_days() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert utc_day(datetime(2025, 3, 15, 1, 0, tzinfo=plus_two)) == date(2025, 3, 14)
    assert utc_day(datetime(2025, 3, 14, 23, 30)) == date(2025, 3, 14)  # naive: taken as UTC
    assert next_utc_midnight(datetime(2025, 3, 15, 1, 0, tzinfo=plus_two)) == datetime(2025, 3, 15, tzinfo=UTC)
    assert next_utc_midnight(datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC)) == datetime(2026, 1, 1, tzinfo=UTC)


# -- the ledger -----------------------------------------------------------------


async def test_no_limits_never_hit(store: MemoryStore) -> None:
    ledger = UsageLedger(store, clock=Clock(NOON))
    await spend(ledger, ALICE, TAVERN, 10_000_000)
    assert await ledger.limit_hit(limits(), user_id=ALICE, guild_id=TAVERN) is None
    assert await ledger.limit_hit(limits(), user_id=ALICE, guild_id=None) is None


async def test_the_user_limit_counts_a_person_everywhere(store: MemoryStore) -> None:
    ledger = UsageLedger(store, clock=Clock(NOON))
    settings = limits(daily_token_limit_per_user=100)
    await spend(ledger, ALICE, TAVERN, 40)
    await spend(ledger, ALICE, None, 40)  # a DM
    assert await ledger.limit_hit(settings, user_id=ALICE, guild_id=LIBRARY) is None
    await spend(ledger, ALICE, LIBRARY, 20)
    hit = await ledger.limit_hit(settings, user_id=ALICE, guild_id=LIBRARY)
    assert hit == LimitHit("user", 100, 100, datetime(2025, 3, 15, tzinfo=UTC))
    assert await ledger.limit_hit(settings, user_id=ALICE, guild_id=None) == hit
    assert await ledger.limit_hit(settings, user_id=BOB, guild_id=TAVERN) is None


async def test_the_server_limit_counts_everyone_in_that_server_only(store: MemoryStore) -> None:
    ledger = UsageLedger(store, clock=Clock(NOON))
    settings = limits(daily_token_limit_per_server=100)
    await spend(ledger, ALICE, TAVERN, 60)
    await spend(ledger, BOB, TAVERN, 50)
    await spend(ledger, BOB, None, 500)  # DMs belong to no server
    hit = await ledger.limit_hit(settings, user_id=CAROL, guild_id=TAVERN)
    assert hit is not None and (hit.scope, hit.limit, hit.used) == ("server", 100, 110)
    assert await ledger.limit_hit(settings, user_id=CAROL, guild_id=LIBRARY) is None
    assert await ledger.limit_hit(settings, user_id=ALICE, guild_id=None) is None, "no server limit in DMs"


async def test_the_total_limit_counts_everything(store: MemoryStore) -> None:
    ledger = UsageLedger(store, clock=Clock(NOON))
    settings = limits(daily_token_limit_total=100)
    await spend(ledger, ALICE, TAVERN, 50)
    await spend(ledger, BOB, None, 49)
    assert await ledger.limit_hit(settings, user_id=CAROL, guild_id=LIBRARY) is None
    await spend(ledger, CAROL, LIBRARY, 1)
    for user, guild in ((CAROL, LIBRARY), (ALICE, None), (12345, 999)):
        hit = await ledger.limit_hit(settings, user_id=user, guild_id=guild)
        assert hit is not None and (hit.scope, hit.used) == ("total", 100)


async def test_the_narrowest_limit_reached_is_reported(store: MemoryStore) -> None:
    ledger = UsageLedger(store, clock=Clock(NOON))
    settings = limits(daily_token_limit_per_user=10, daily_token_limit_per_server=10, daily_token_limit_total=10)
    await spend(ledger, ALICE, TAVERN, 10)
    assert (await ledger.limit_hit(settings, user_id=ALICE, guild_id=TAVERN)).scope == "user"  # type: ignore[union-attr]
    assert (await ledger.limit_hit(settings, user_id=BOB, guild_id=TAVERN)).scope == "server"  # type: ignore[union-attr]
    assert (await ledger.limit_hit(settings, user_id=BOB, guild_id=LIBRARY)).scope == "total"  # type: ignore[union-attr]


async def test_estimated_tokens_count_like_counted_ones(store: MemoryStore) -> None:
    ledger = UsageLedger(store, clock=Clock(NOON))
    await spend(ledger, ALICE, TAVERN, 100, estimated=True)
    assert (await ledger.limit_hit(limits(daily_token_limit_per_user=100), user_id=ALICE, guild_id=TAVERN)) is not None


async def test_everything_starts_over_at_utc_midnight(store: MemoryStore) -> None:
    clock = Clock(datetime(2025, 3, 14, 23, 59, 59, tzinfo=UTC))
    ledger = UsageLedger(store, clock=clock)
    settings = limits(daily_token_limit_per_user=100, daily_token_limit_per_server=150, daily_token_limit_total=200)
    await spend(ledger, ALICE, TAVERN, 100)
    await spend(ledger, BOB, TAVERN, 100)
    hit = await ledger.limit_hit(settings, user_id=ALICE, guild_id=TAVERN)
    assert hit is not None and hit.resets_at == datetime(2025, 3, 15, tzinfo=UTC)

    clock.now = datetime(2025, 3, 15, 0, 0, 0, tzinfo=UTC)
    for user in (ALICE, BOB, CAROL):
        assert await ledger.limit_hit(settings, user_id=user, guild_id=TAVERN) is None
    await spend(ledger, ALICE, TAVERN, 99)
    assert await ledger.limit_hit(settings, user_id=ALICE, guild_id=TAVERN) is None
    assert await store.usage_totals("2025-03-15", ALICE, TAVERN) == (99, 99, 99)
    assert await store.usage_totals("2025-03-14", ALICE, TAVERN) == (100, 200, 200)


async def test_now_and_totals_read_the_same_clock(store: MemoryStore) -> None:
    clock = Clock(datetime(2025, 3, 15, 0, 30, tzinfo=timezone(timedelta(hours=1))))
    ledger = UsageLedger(store, clock=clock)
    assert ledger.now() == datetime(2025, 3, 14, 23, 30, tzinfo=UTC) and ledger.now().tzinfo is UTC
    await spend(ledger, ALICE, TAVERN, 30)
    await spend(ledger, BOB, None, 12)
    assert await ledger.totals(user_id=ALICE, guild_id=TAVERN) == (30, 30, 42)
    assert await ledger.totals(user_id=BOB, guild_id=None) == (12, 0, 42)
    clock.now = datetime(2025, 3, 15, 0, 0)  # naive: taken as UTC, a new day
    assert ledger.now() == datetime(2025, 3, 15, tzinfo=UTC)
    assert await ledger.totals(user_id=ALICE, guild_id=TAVERN) == (0, 0, 0)


async def test_a_local_clock_is_read_as_utc(store: MemoryStore) -> None:
    """Half past midnight in Berlin (UTC+1) is still the previous day's budget."""
    clock = Clock(datetime(2025, 3, 15, 0, 30, tzinfo=timezone(timedelta(hours=1))))
    ledger = UsageLedger(store, clock=clock)
    await spend(ledger, ALICE, TAVERN, 100)
    assert await store.usage_totals("2025-03-14", ALICE, TAVERN) == (100, 100, 100)
    hit = await ledger.limit_hit(limits(daily_token_limit_per_user=100), user_id=ALICE, guild_id=TAVERN)
    assert hit is not None and hit.resets_at == datetime(2025, 3, 15, tzinfo=UTC)


def test_a_limit_hit_says_what_and_when_in_one_sentence() -> None:
    midnight = datetime(2025, 3, 15, tzinfo=UTC)
    assert LimitHit("user", 50_000, 50_012, midnight).reason == (
        "You have used today's 50,000 tokens; the count starts over at 00:00 UTC."
    )
    assert LimitHit("server", 10, 10, midnight).reason.startswith("This server has used")
    assert LimitHit("total", 10, 10, midnight).reason.startswith("The bot has used")


# -- the store's side ---------------------------------------------------------


async def test_usage_totals_split_user_server_and_overall(store: MemoryStore) -> None:
    day = "2025-03-14"
    await store.record_usage(day, ALICE, TAVERN, 10, 5, False)
    await store.record_usage(day, ALICE, None, 7, 3, True)
    await store.record_usage(day, BOB, TAVERN, 20, 0, False)
    await store.record_usage("2025-03-13", ALICE, TAVERN, 1000, 1000, False)
    assert await store.usage_totals(day, ALICE, TAVERN) == (25, 35, 45)
    assert await store.usage_totals(day, ALICE, None) == (25, 0, 45)
    assert await store.usage_totals(day, CAROL, LIBRARY) == (0, 0, 45)
    assert await store.usage_totals("2025-01-01", ALICE, TAVERN) == (0, 0, 0)


# -- the desktop's report -------------------------------------------------------


TODAY = date(2025, 3, 14)


def _day(offset: int) -> str:
    return (TODAY - timedelta(days=offset)).isoformat()


def test_a_missing_database_is_an_empty_zero_filled_report(tmp_path: Path) -> None:
    report = read_report(tmp_path / "nothing-here.sqlite3", today=TODAY)
    assert report.today_total == 0 and report.servers == [] and report.top_users == []
    assert len(report.days) == 30
    assert report.days[0] == DayUsage(date(2025, 2, 13), 0)
    assert report.days[-1] == DayUsage(TODAY, 0)
    assert [d.day for d in report.days] == [TODAY - timedelta(days=29 - i) for i in range(30)]
    assert not (tmp_path / "nothing-here.sqlite3").exists(), "reading never creates the database"


async def test_report_sums_zero_fills_and_sorts(store: MemoryStore) -> None:
    rows = [
        (_day(0), ALICE, TAVERN, 100, 50),
        (_day(0), BOB, None, 10, 0),
        (_day(1), ALICE, TAVERN, 1000, 0),
        (_day(3), BOB, LIBRARY, 300, 300),
        (_day(29), CAROL, LIBRARY, 5, 0),  # the period's first day: in
        (_day(30), CAROL, LIBRARY, 99_999, 0),  # a day before: out
        ((TODAY + timedelta(days=1)).isoformat(), CAROL, TAVERN, 77_777, 0),  # the clock went back: out
    ]
    for day, user, guild, prompt, completion in rows:
        await store.record_usage(day, user, guild, prompt, completion, False)

    report = await asyncio.to_thread(read_report, store.path, today=TODAY)  # while the bot has it open

    assert report.today_total == 160
    per_day = {d.day: d.tokens for d in report.days}
    assert len(report.days) == 30
    assert per_day[TODAY] == 160 and per_day[TODAY - timedelta(days=1)] == 1000
    assert per_day[TODAY - timedelta(days=2)] == 0 and per_day[TODAY - timedelta(days=3)] == 600
    assert per_day[TODAY - timedelta(days=29)] == 5
    assert sum(per_day.values()) == 160 + 1000 + 600 + 5
    assert report.servers == [
        ServerUsage(TAVERN, today=150, period=1150),
        ServerUsage(LIBRARY, today=0, period=605),
        ServerUsage(None, today=10, period=10),
    ]
    assert report.top_users == [
        UserUsage(ALICE, today=150, period=1150),
        UserUsage(BOB, today=10, period=610),
        UserUsage(CAROL, today=0, period=5),
    ]


async def test_top_users_are_the_ten_biggest_ties_by_id(store: MemoryStore) -> None:
    for user in range(1, 13):
        await store.record_usage(_day(0), user, TAVERN, user * 10, 0, False)
    await store.record_usage(_day(0), 100, TAVERN, 120, 0, False)  # ties with user 12
    report = read_report(store.path, today=TODAY, days=7)
    assert len(report.days) == 7 and report.days[-1].day == TODAY
    assert [u.user_id for u in report.top_users] == [12, 100, 11, 10, 9, 8, 7, 6, 5, 4]
    assert report.servers == [ServerUsage(TAVERN, 900, 900)]


async def test_equal_servers_sort_by_id_with_dms_last(store: MemoryStore) -> None:
    for guild in (LIBRARY, None, TAVERN):
        await store.record_usage(_day(0), ALICE, guild, 10, 0, False)
    report = read_report(store.path, today=TODAY)
    assert [s.guild_id for s in report.servers] == [TAVERN, LIBRARY, None]


def test_a_database_from_before_usage_is_an_empty_report(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE messages (row_id INTEGER PRIMARY KEY, content TEXT)")
    db.close()
    assert read_report(path, today=TODAY) == UsageReport(days=read_report(tmp_path / "none", today=TODAY).days)


def test_an_empty_file_is_an_empty_report(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    path.touch()
    assert read_report(path, today=TODAY).today_total == 0


def test_a_damaged_database_raises_a_sentence_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    garbage = b"these are my notes, not a database\n" * 100
    path.write_bytes(garbage)
    with pytest.raises(UsageUnavailable) as caught:
        read_report(path, today=TODAY)
    assert (
        str(caught.value)
        == f"Familiar cannot read the usage numbers in {path}: it is damaged (file is not a database)."
    )
    assert isinstance(caught.value, StorageError) and caught.value.path == path
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.sqlite3"], "nothing set aside or created"


def test_a_folder_at_the_path_raises(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite3"
    path.mkdir()
    with pytest.raises(UsageUnavailable, match="it is not a regular file"):
        read_report(path, today=TODAY)


async def test_a_locked_database_raises_a_sentence_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.sqlite3"
    memory = await MemoryStore.open(path)
    await memory.record_usage(_day(0), ALICE, TAVERN, 10, 0, False)
    await memory.close()
    monkeypatch.setattr(usage_module, "READ_TIMEOUT", 0.2)
    async with second_process(HOLD_LOCK, str(path), "exclusive", ready="locked"):
        with pytest.raises(UsageUnavailable) as caught:
            await asyncio.to_thread(read_report, path, today=TODAY)
    assert str(caught.value) == (
        f"Familiar cannot read the usage numbers in {path}: it is locked by another program; try again in a moment."
    )
    assert (await asyncio.to_thread(read_report, path, today=TODAY)).today_total == 10


async def test_the_report_does_not_change_the_data(store: MemoryStore) -> None:
    await store.record_usage(_day(0), ALICE, TAVERN, 10, 0, False)
    read_report(store.path, today=TODAY)
    await store.record_usage(_day(0), ALICE, TAVERN, 5, 0, False)  # the bot still writes freely
    assert await store.usage_totals(_day(0), ALICE, TAVERN) == (15, 15, 15)
    assert read_report(store.path, today=TODAY).today_total == 15
