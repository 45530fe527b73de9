"""The recent log, kept in memory for the Logs page.

A logging handler may be called from any thread (asyncio.to_thread workers,
aiosqlite, the keyring probe), so it only appends to a bounded deque; the
Logs page drains it from a timer on the GUI thread. Redaction is installed on
the handler like on the app's own handlers, so the page never shows a secret.
"""

from __future__ import annotations

import collections
import itertools
import logging
import threading
from dataclasses import dataclass

from bot.logging_setup import LOG_FORMAT
from bot.redact import default_filter, install_on_handler

#: Lines kept (as many as the Logs page's view holds); older ones are in the log file.
CAPACITY = 10_000


@dataclass(frozen=True)
class Line:
    serial: int
    level: int
    text: str


class LogBuffer(logging.Handler):
    """A root-logger handler remembering the last `CAPACITY` formatted records."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter(LOG_FORMAT))
        install_on_handler(self, default_filter())
        self._lines: collections.deque[Line] = collections.deque(maxlen=capacity)
        self._serial = 0
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)
            return
        with self._guard:
            self._serial += 1
            self._lines.append(Line(self._serial, record.levelno, text))

    def since(self, serial: int, limit: int | None = None) -> list[Line]:
        """Lines newer than `serial` (all kept lines for 0), oldest first; at most `limit` of them.

        Serials are consecutive, so the first wanted line is found by arithmetic, not a scan.
        """
        with self._guard:
            if not self._lines:
                return []
            newer = min(len(self._lines), max(0, self._lines[-1].serial - serial))
            start = len(self._lines) - newer
            stop = len(self._lines) if limit is None else min(len(self._lines), start + limit)
            return list(itertools.islice(self._lines, start, stop))

    def attach(self) -> None:
        root = logging.getLogger()
        if self not in root.handlers:
            root.addHandler(self)

    def detach(self) -> None:
        logging.getLogger().removeHandler(self)
