"""A small bar chart painted with QPainter (QtCharts is not part of the app's Qt).

Each bar has a value, a short axis label and a sentence that describes it
("Sunday, 3 May 2026: 12,345 tokens"). The sentence is the bar's tooltip and,
for keyboard and screen-reader users, the chart's accessible description once
the bar is selected with the arrow keys (Home and End jump to the ends); the
chart's accessible name says what it shows and its description sums it up
while no bar is selected. Values on the axis are formatted with QLocale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets


@dataclass(frozen=True)
class Bar:
    value: int
    label: str  # under the axis, when there is room: "3/5"
    text: str  # the whole story: "Sunday, 3 May 2026: 12,345 tokens"


def number_locale() -> QtCore.QLocale:
    """The user's locale, with thousands separators even where it leaves them out by default
    (the C locale): token counts run into the millions."""
    locale = QtCore.QLocale()
    locale.setNumberOptions(locale.numberOptions() & ~QtCore.QLocale.NumberOption.OmitGroupSeparator)
    return locale


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1): the top of the axis."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


class BarChart(QtWidgets.QWidget):
    """Vertical bars with a value axis on the left and labels under the bars."""

    #: The text of the bar selected with the keyboard ("" when none is).
    current_changed = QtCore.Signal(str)

    def __init__(self, name: str, summary: str = "") -> None:
        super().__init__()
        self._bars: list[Bar] = []
        self._current = -1
        self._summary = summary
        self.setAccessibleName(name)
        self.setAccessibleDescription(summary)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred)

    # ----- data -----

    def set_bars(self, bars: Sequence[Bar], summary: str = "") -> None:
        self._bars = list(bars)
        self._summary = summary
        self._current = -1
        self.setAccessibleDescription(summary)
        self.setToolTip("")
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    @property
    def current(self) -> int:
        return self._current

    def set_current(self, index: int) -> None:
        """Select a bar (-1: none); its sentence becomes the chart's accessible description."""
        index = max(-1, min(index, len(self._bars) - 1))
        if index == self._current:
            return
        self._current = index
        text = self._bars[index].text if index >= 0 else ""
        self.setAccessibleDescription(text or self._summary)
        self.update()
        self.current_changed.emit(text)

    # ----- geometry -----

    def sizeHint(self) -> QtCore.QSize:  # Qt override
        metrics = self.fontMetrics()
        return QtCore.QSize(metrics.averageCharWidth() * 60, metrics.lineSpacing() * 12)

    def minimumSizeHint(self) -> QtCore.QSize:  # Qt override
        metrics = self.fontMetrics()
        return QtCore.QSize(metrics.averageCharWidth() * 24, metrics.lineSpacing() * 7)

    def axis_top(self) -> int:
        """The value at the top of the axis."""
        return nice_ceiling(max((bar.value for bar in self._bars), default=0))

    def _plot(self) -> QtCore.QRect:
        """Where the bars go: right of the value labels, above the date labels."""
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(self._number(value)) for value in (0, self.axis_top()))
        half = metrics.height() // 2
        left = widest + metrics.averageCharWidth() * 2
        bottom = metrics.height() + 6
        return QtCore.QRect(left, half + 2, max(1, self.width() - left - 4), max(1, self.height() - bottom - half - 2))

    def bar_rects(self) -> list[QtCore.QRectF]:
        """Each bar's rectangle in widget coordinates (a zero value: zero height, on the axis)."""
        if not self._bars:
            return []
        plot = self._plot()
        slot = plot.width() / len(self._bars)
        gap = min(slot * 0.25, 6.0) if slot >= 4 else 0.0
        top = self.axis_top()
        rects = []
        for index, bar in enumerate(self._bars):
            height = plot.height() * bar.value / top
            if bar.value > 0:
                height = max(height, 2.0)  # a small day is still seen, not lost under the axis
            rects.append(
                QtCore.QRectF(
                    plot.left() + index * slot + gap / 2, plot.bottom() + 1 - height, max(1.0, slot - gap), height
                )
            )
        return rects

    def bar_at(self, point: QtCore.QPointF) -> int:
        """The bar whose column (its whole height) holds `point`, or -1."""
        plot = self._plot()
        if not self._bars or not plot.left() <= point.x() < plot.right() + 1:
            return -1
        index = int((point.x() - plot.left()) / (plot.width() / len(self._bars)))
        return index if 0 <= index < len(self._bars) else -1

    # ----- painting -----

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # Qt override
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        palette = self.palette()
        metrics = self.fontMetrics()
        plot = self._plot()
        text_colour = palette.color(QtGui.QPalette.ColorRole.WindowText)
        grid = QtGui.QColor(text_colour)
        grid.setAlpha(50)

        # Value axis: 0, half and the top, with faint grid lines.
        top = self.axis_top()
        for value in (0, top // 2, top) if top > 1 else (0, top):
            y = plot.bottom() - round(plot.height() * value / top)
            painter.setPen(grid if value else text_colour)
            painter.drawLine(plot.left(), y, plot.right(), y)
            painter.setPen(text_colour)
            label = self._number(value)
            box = QtCore.QRect(0, y - metrics.height() // 2, plot.left() - metrics.averageCharWidth(), metrics.height())
            painter.drawText(box, QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter, label)

        # Bars: today's (the last) in the highlight colour, the others a softer shade of it.
        highlight = palette.color(QtGui.QPalette.ColorRole.Highlight)
        soft = QtGui.QColor(highlight)
        soft.setAlpha(150)
        rects = self.bar_rects()
        for index, rect in enumerate(rects):
            painter.fillRect(rect, highlight if index == len(rects) - 1 else soft)
            if index == self._current:
                pen = QtGui.QPen(text_colour, 2, QtCore.Qt.PenStyle.DotLine)
                painter.setPen(pen)
                column = QtCore.QRectF(rect.left() - 1, plot.top(), rect.width() + 2, plot.height() + 1)
                painter.drawRect(column)

        # Labels under the bars, as many as fit without overlapping, always the last one.
        painter.setPen(text_colour)
        slot = plot.width() / max(1, len(self._bars))
        widest = max((metrics.horizontalAdvance(bar.label) for bar in self._bars), default=0)
        every = max(1, math.ceil((widest + metrics.averageCharWidth() * 2) / max(slot, 1.0)))
        last = len(self._bars) - 1
        shown = [i for i in range(last, -1, -every)]
        for index in shown:
            centre = plot.left() + (index + 0.5) * slot
            width = metrics.horizontalAdvance(self._bars[index].label)
            left = min(max(0.0, centre - width / 2), self.width() - width)
            under = QtCore.QRectF(left, plot.bottom() + 4, width + 1, metrics.height())
            painter.drawText(under, QtCore.Qt.AlignmentFlag.AlignCenter, self._bars[index].label)

        if self.hasFocus():
            option = QtWidgets.QStyleOptionFocusRect()
            option.initFrom(self)
            self.style().drawPrimitive(QtWidgets.QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self)
        painter.end()

    @staticmethod
    def _number(value: int) -> str:
        return number_locale().toString(value)

    # ----- mouse and keyboard -----

    def event(self, event: QtCore.QEvent) -> bool:  # Qt override
        if event.type() == QtCore.QEvent.Type.ToolTip and isinstance(event, QtGui.QHelpEvent):
            index = self.bar_at(QtCore.QPointF(event.pos()))
            if index >= 0:
                QtWidgets.QToolTip.showText(event.globalPos(), self._bars[index].text, self)
            else:
                QtWidgets.QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # Qt override
        if not self._bars:
            super().keyPressEvent(event)
            return
        key = event.key()
        last = len(self._bars) - 1
        if key == QtCore.Qt.Key.Key_Left:
            self.set_current(last if self._current < 0 else max(0, self._current - 1))
        elif key == QtCore.Qt.Key.Key_Right:
            self.set_current(last if self._current < 0 else min(last, self._current + 1))
        elif key == QtCore.Qt.Key.Key_Home:
            self.set_current(0)
        elif key == QtCore.Qt.Key.Key_End:
            self.set_current(last)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # Qt override
        index = self.bar_at(event.position())
        if index >= 0:
            self.set_current(index)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:  # Qt override
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:  # Qt override
        self.update()
        super().focusOutEvent(event)
