"""Usage: the tokens the bot spent today and over the last 30 days, by server and by person.

The counts come from the history database (`bot.usage.read_report`), read in a
thread each time the page is shown or Refresh is pressed. Days are UTC days, as
the daily limits count them. With a price per million tokens (the Behaviour
page's "Cost per 1M tokens", as edited there), the page also says what the
tokens cost, in whatever currency that price is in.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from bot.checks import ServerInfo
from bot.usage import UsageReport, UsageUnavailable, read_report

from ..i18n import QT_TRANSLATE_NOOP, translate
from ..tasks import UiTasks
from .bar_chart import Bar, BarChart, number_locale
from .form import ERROR_COLOUR, heading, hint_label, scrolled
from .page import Page

log = logging.getLogger(__name__)

#: How many days the chart and the "Last 30 days" columns cover.
DAYS = 30
EMPTY = QT_TRANSLATE_NOOP("UsagePage", "No tokens counted yet.")
CHART_HINT = QT_TRANSLATE_NOOP(
    "UsagePage", "Point at a bar, or select the chart and use the arrow keys, to read its day and tokens."
)


def utc_today() -> date:
    return datetime.now(UTC).date()


def tokens_text(count: int) -> str:
    """'12,345 tokens' in the user's locale ('1 token'): the plural form chosen by the count,
    the number written with the locale's grouping (which `%n` leaves out)."""
    return translate("UsagePage", "{count} token(s)", None, count).format(count=number_locale().toString(count))


def money_text(amount: float) -> str:
    """An amount in the price's own (unnamed) currency: two decimals, '< 0.01' for crumbs."""
    locale = number_locale()
    if 0 < amount < 0.005:
        return f"< {locale.toString(0.01, 'f', 2)}"
    return locale.toString(amount, "f", 2)


def short_date_format(locale: QtCore.QLocale) -> str:
    """The locale's short date format without the year ("M/d", "dd.MM", "MM/dd"): axis labels."""
    if locale.language() == QtCore.QLocale.Language.C:
        return "d MMM"  # its short format is "d MM yyyy": "3 05" would puzzle anyone
    fmt = re.sub(r"y+", "", locale.dateFormat(QtCore.QLocale.FormatType.ShortFormat))
    fmt = re.sub(r"([^\w'])\1+", r"\1", fmt)  # "d//M" -> "d/M"
    return fmt.strip(" ,./-") or "d/M"


class UsagePage(Page):
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Usage")

    def __init__(
        self,
        tasks: UiTasks,
        db_path: Path,
        *,
        servers: Callable[[], Sequence[ServerInfo]] = list,
        cost_per_million: Callable[[], float] = lambda: 0.0,
        user_name: Callable[[int], str | None] = lambda _user_id: None,
    ) -> None:
        """`servers`: the live servers (for names); `cost_per_million`: the price as edited;
        `user_name`: a person's name if the running bot knows it."""
        super().__init__()
        self._tasks = tasks
        self._db_path = db_path
        self._servers = servers
        self._cost_per_million = cost_per_million
        self._user_name = user_name
        self._report: UsageReport | None = None
        self._day = utc_today()  # the "today" of the report shown
        #: Which UTC day is "today" (tests pin it).
        self.today: Callable[[], date] = utc_today
        self.last_task: asyncio.Task[Any] | None = None  # the latest refresh (tests await it)

        self.total = heading("")
        self.total.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.period_total = QtWidgets.QLabel()
        self.cost = QtWidgets.QLabel()
        self.cost.setWordWrap(True)
        self.cost.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QtWidgets.QPushButton(self.tr("&Refresh"))
        self.refresh_button.setToolTip(self.tr("Count again from the history database"))
        self.refresh_button.clicked.connect(self.refresh)
        self.empty = QtWidgets.QLabel(self.tr(EMPTY))
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.chart = BarChart(self.tr("Tokens a day, last %n days (UTC)", "", DAYS))
        self.chart_note = hint_label(self.tr(CHART_HINT))
        self.chart.current_changed.connect(lambda text: self.chart_note.setText(text or self.tr(CHART_HINT)))
        self.server_table = _table(self.tr("Tokens by server"), self.tr("Server"))
        self.user_table = _table(self.tr("Tokens by person (the most first)"), self.tr("Person"))

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.total, 1)
        top.addWidget(self.status, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.refresh_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        self.details = QtWidgets.QWidget()
        details = QtWidgets.QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(self.cost)
        chart_box = QtWidgets.QGroupBox(self.tr("Last %n days (UTC)", "", DAYS))
        chart_layout = QtWidgets.QVBoxLayout(chart_box)
        chart_layout.addWidget(self.period_total)
        chart_layout.addWidget(self.chart, 1)
        chart_layout.addWidget(self.chart_note)
        details.addWidget(chart_box)
        for title, table in ((self.tr("Servers"), self.server_table), (self.tr("People"), self.user_table)):
            box = QtWidgets.QGroupBox(title)
            box_layout = QtWidgets.QVBoxLayout(box)
            box_layout.addWidget(table)
            details.addWidget(box)

        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.details)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Tokens are what the model read and wrote for the bot's replies, counted per UTC day. "
                    "Daily limits and the price per 1M tokens are set on the Behaviour page."
                )
            )
        )
        layout.addStretch(1)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(body))
        self._show_report()

    # ----- reading -----

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the counts again (in a thread); one read at a time."""
        if self.last_task is not None and not self.last_task.done():
            return
        self._say(self.tr("Counting…"))
        self.refresh_button.setEnabled(False)
        self.last_task = self._tasks.spawn(self._refresh(), "familiar-usage-refresh")

    async def _refresh(self) -> None:
        today = self.today()
        path = self._db_path
        try:
            report = await asyncio.to_thread(read_report, path, today=today, days=DAYS)
        except UsageUnavailable as error:
            log.warning("Usage cannot be shown: %s", error)
            self._report = None
            self._show_report()
            self._say(str(error), error=True)
            return
        finally:
            self.refresh_button.setEnabled(True)
        self._report, self._day = report, today
        self._show_report()
        now = QtCore.QDateTime.currentDateTimeUtc().time()
        self._say(
            self.tr("As of {time} UTC.").format(
                time=QtCore.QLocale().toString(now, QtCore.QLocale.FormatType.ShortFormat)
            )
        )

    # ----- showing -----

    def refresh_names(self) -> None:
        """The live servers changed: show their names (without reading the counts again)."""
        if self._report is not None:
            self._fill_tables(self._report)

    def refresh_cost(self) -> None:
        """The price per 1M tokens may have been edited: say the cost again."""
        if self._report is not None:
            self._show_cost(self._report)

    def _show_report(self) -> None:
        report = self._report
        has_data = report is not None and (
            report.today_total > 0 or any(day.tokens for day in report.days) or bool(report.servers)
        )
        self.empty.setVisible(report is not None and not has_data)
        self.details.setVisible(has_data)
        if report is None:
            self.total.setText(self.tr("Today (UTC)"))
            return
        self.total.setText(self.tr("Today (UTC): {tokens}").format(tokens=tokens_text(report.today_total)))
        if not has_data:
            return
        self.period_total.setText(self.tr("{tokens} in all.").format(tokens=tokens_text(_period_total(report))))
        self._show_cost(report)
        self._show_chart(report)
        self._fill_tables(report)

    def _show_cost(self, report: UsageReport) -> None:
        price = self._cost_per_million()
        self.cost.setVisible(price > 0)
        if price > 0:
            shortest = QtCore.QLocale.FloatingPointPrecisionOption.FloatingPointShortest
            self.cost.setText(
                self.tr("Cost: {today} today, {period} over %n days (at {price} per 1M tokens).", "", DAYS).format(
                    today=money_text(report.today_total * price / 1e6),
                    period=money_text(_period_total(report) * price / 1e6),
                    price=number_locale().toString(price, "g", shortest),
                )
            )

    def _show_chart(self, report: UsageReport) -> None:
        tokens = {day.day: day.tokens for day in report.days}
        today = self._day
        locale = QtCore.QLocale()
        axis_format = short_date_format(locale)
        bars = []
        for back in range(DAYS - 1, -1, -1):
            day = today - timedelta(days=back)
            qdate = QtCore.QDate(day.year, day.month, day.day)
            count = tokens.get(day, 0)
            long_date = locale.toString(qdate, QtCore.QLocale.FormatType.LongFormat)
            bars.append(Bar(count, locale.toString(qdate, axis_format), f"{long_date}: {tokens_text(count)}"))
        busiest = max(bars, key=lambda bar: bar.value)
        summary = self.tr("{tokens} in %n days; the most on {day}.", "", DAYS).format(
            tokens=tokens_text(sum(bar.value for bar in bars)), day=busiest.text
        )
        self.chart.set_bars(bars, summary)
        self.chart_note.setText(self.tr(CHART_HINT))

    def _fill_tables(self, report: UsageReport) -> None:
        names = {server.id: server.name for server in self._servers()}
        _fill(
            self.server_table,
            [
                (
                    self.tr("Direct messages") if row.guild_id is None else names.get(row.guild_id, str(row.guild_id)),
                    row.today,
                    row.period,
                )
                for row in report.servers
            ],
        )
        people = []
        for row in report.top_users:
            name = self._user_name(row.user_id)
            people.append((f"{name} ({row.user_id})" if name else str(row.user_id), row.today, row.period))
        _fill(self.user_table, people)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.status.setVisible(bool(text))


def _period_total(report: UsageReport) -> int:
    return sum(day.tokens for day in report.days)


def _table(name: str, first_column: str) -> QtWidgets.QTableWidget:
    table = QtWidgets.QTableWidget(0, 3)
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(
        [first_column, translate("UsagePage", "Today"), translate("UsagePage", "Last %n days", None, DAYS)]
    )
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    table.setTabKeyNavigation(False)  # Tab leaves the table (arrow keys move inside it)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
    for column in (1, 2):
        header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return table


def _fill(table: QtWidgets.QTableWidget, rows: Sequence[tuple[str, int, int]]) -> None:
    """Rows of (name, today, period); the table is as tall as its rows (at most 10 shown)."""
    locale = number_locale()
    table.setRowCount(len(rows))
    right = QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
    for row, (name, today, period) in enumerate(rows):
        table.setItem(row, 0, QtWidgets.QTableWidgetItem(name))
        for column, value in ((1, today), (2, period)):
            item = QtWidgets.QTableWidgetItem(locale.toString(value))
            item.setTextAlignment(right)
            table.setItem(row, column, item)
    height = table.horizontalHeader().sizeHint().height() + table.frameWidth() * 2
    if rows:
        height += sum(table.rowHeight(row) for row in range(min(len(rows), 10)))
    else:
        height += table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height)
