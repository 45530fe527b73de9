"""Usage page: today's tokens and their cost, a bar per day for 30 days, servers and people,
read from the history database off the loop when the page is shown or refreshed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from bot.checks import ServerInfo
from bot.memory import MemoryStore
from bot.settings import Settings
from desktop.settings.bar_chart import number_locale
from desktop.settings.usage_page import EMPTY, UsagePage
from desktop.settings.window import SettingsWindow
from tests.conftest import SupervisorFactory
from tests.desktop.settings.conftest import WindowFactory, shoot

TODAY = date(2026, 5, 3)
TAVERN, INN = 700000000000000001, 700000000000000002
SAM, ALEX, ROBIN = 800000000000000001, 800000000000000002, 800000000000000003


async def record(path: Path, rows: list[tuple[date, int, int | None, int, int]]) -> None:
    """Count tokens as the bot does: (day, user, server or None for DMs, prompt, completion)."""
    store = await MemoryStore.open(path)
    try:
        for day, user_id, guild_id, prompt, completion in rows:
            await store.record_usage(day.isoformat(), user_id, guild_id, prompt, completion, False)
    finally:
        await store.close()


async def show_usage(window: SettingsWindow) -> UsagePage:
    """Open the Usage page on the pinned day and wait for the counts it reads when shown."""
    page = window.usage
    page.today = lambda: TODAY
    window.show_page(page)
    assert page.last_task is not None  # shown: it counts again by itself
    await page.last_task
    return page


def table_rows(table: QtWidgets.QTableWidget) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())] for row in range(table.rowCount())
    ]


def number(value: int) -> str:
    return number_locale().toString(value)


def money(value: float) -> str:
    return number_locale().toString(value, "f", 2)


async def test_usage_shows_today_the_last_30_days_servers_people_and_the_cost(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    supervisor = await make_supervisor(Settings(cost_per_million_tokens=2.0), env=offline_env)
    await record(
        supervisor.folders.memory_db,
        [
            (TODAY, SAM, TAVERN, 400_000, 100_000),
            (TODAY, ALEX, None, 200_000, 50_000),
            (TODAY - timedelta(days=1), SAM, TAVERN, 900_000, 100_000),
            (TODAY - timedelta(days=10), ROBIN, INN, 250_000, 50_000),
            (TODAY - timedelta(days=40), ROBIN, INN, 5_000_000, 0),  # before the 30 days: not counted
        ],
    )
    window = await open_window(supervisor)
    window._servers = [ServerInfo(TAVERN, "Tavern", ())]  # as if connected: the Tavern has a name
    page = await show_usage(window)

    assert page.total.text() == f"Today (UTC): {number(750_000)} tokens"
    assert page.period_total.text() == f"{number(2_050_000)} tokens in all."
    assert not page.empty.isVisibleTo(page) and page.details.isVisibleTo(page)
    # The cost, at the price as saved (and then as edited on the Behaviour page).
    assert page.cost.isVisibleTo(page)
    assert page.cost.text() == f"Cost: {money(1.5)} today, {money(4.1)} over 30 days (at 2 per 1M tokens)."

    # One bar a day, oldest first, today last; heights follow the counts.
    bars = page.chart.bars()
    assert len(bars) == 30
    assert [bar.value for bar in bars][-1] == 750_000 and bars[-2].value == 1_000_000
    assert bars[-11].value == 300_000
    assert sum(bar.value for bar in bars) == 2_050_000
    long_today = QtCore.QLocale().toString(QtCore.QDate(2026, 5, 3), QtCore.QLocale.FormatType.LongFormat)
    assert bars[-1].text == f"{long_today}: {number(750_000)} tokens"
    heights = [rect.height() for rect in page.chart.bar_rects()]
    assert heights[-2] > heights[-1] > heights[-11] > 0
    assert all(height == 0 for index, height in enumerate(heights) if index not in (29, 28, 19))
    assert page.chart.bar_at(page.chart.bar_rects()[28].center()) == 28  # what a tooltip names
    assert number_locale().groupSeparator() in number(750_000)  # even in the C locale
    assert page.chart.accessibleName() == "Tokens a day, last 30 days (UTC)"
    assert "the most on" in page.chart.accessibleDescription()
    # The keyboard reads the bars out (the chart's text alternative), as does the tooltip.
    page.chart.setFocus()
    page.chart.set_current(29)
    assert page.chart_note.text() == bars[-1].text == page.chart.accessibleDescription()
    page.chart.set_current(-1)

    # Servers: a known name, an ID the bot cannot name, direct messages.
    assert table_rows(page.server_table) == [
        ["Tavern", number(500_000), number(1_500_000)],
        [str(INN), "0", number(300_000)],
        ["Direct messages", number(250_000), number(250_000)],
    ]
    assert table_rows(page.user_table) == [
        [str(SAM), number(500_000), number(1_500_000)],
        [str(ROBIN), "0", number(300_000)],
        [str(ALEX), number(250_000), number(250_000)],
    ]
    shoot(window, "usage", tmp_path)

    window.behaviour.cost.setValue(0.5)  # as edited, before saving
    assert page.cost.text().startswith(f"Cost: {money(0.375)} today")
    window.behaviour.cost.setValue(0)  # 0: money is not shown
    assert not page.cost.isVisibleTo(page)

    # Refresh reads again.
    await record(supervisor.folders.memory_db, [(TODAY, SAM, TAVERN, 1_000, 0)])
    page.refresh_button.click()
    assert page.last_task is not None
    await page.last_task
    assert page.total.text() == f"Today (UTC): {number(751_000)} tokens"
    assert page.status.text().startswith("As of ") and page.status.text().endswith(" UTC.")


async def test_nothing_counted_yet(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str], tmp_path: Path
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    database = supervisor.folders.memory_db
    page = await show_usage(window)  # no database yet
    assert page.empty.isVisibleTo(page) and page.empty.text() == EMPTY
    assert not page.details.isVisibleTo(page)
    assert page.total.text() == "Today (UTC): 0 tokens"

    await record(database, [])  # a database with no usage in it yet
    page.refresh()
    assert page.last_task is not None
    await page.last_task
    assert page.empty.isVisibleTo(page) and not page.details.isVisibleTo(page)
    shoot(window, "usage-empty", tmp_path)


async def test_an_unreadable_database_is_named_not_a_traceback(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    supervisor = await make_supervisor(env=offline_env)
    window = await open_window(supervisor)
    database = supervisor.folders.memory_db
    database.unlink(missing_ok=True)
    database.mkdir(parents=True)  # a folder where the file should be
    page = await show_usage(window)
    assert str(database.name) in page.status.text()
    assert not page.details.isVisibleTo(page) and not page.empty.isVisibleTo(page)
    assert page.refresh_button.isEnabled()
