"""The recent log, kept in memory for the Logs page.

A logging handler may be called from any thread (asyncio.to_thread workers,
aiosqlite, the keyring probe), so it only appends to a bounded deque; the
Logs page drains it from a timer on the GUI thread. Redaction is installed on
the handler like on the app's own handlers, so the page never shows a secret.
"""

from __future__ import annotations

import collections
import logging
import threading
from dataclasses import dataclass

from bot.logging_setup import LOG_FORMAT
from bot.redact import default_filter, install_on_handler

#: Lines kept; older ones are in the log file.
CAPACITY = 5000


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

    def since(self, serial: int) -> list[Line]:
        """Lines newer than `serial` (all kept lines for 0)."""
        with self._guard:
            return [line for line in self._lines if line.serial > serial]

    def attach(self) -> None:
        root = logging.getLogger()
        if self not in root.handlers:
            root.addHandler(self)

    def detach(self) -> None:
        logging.getLogger().removeHandler(self)
