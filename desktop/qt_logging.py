"""Qt's own messages (qWarning & co.) into `logging`, so stderr holds only log lines."""

from __future__ import annotations

import logging

from PySide6 import QtCore

log = logging.getLogger("qt")

_LEVELS = {
    QtCore.QtMsgType.QtDebugMsg: logging.DEBUG,
    QtCore.QtMsgType.QtInfoMsg: logging.INFO,
    QtCore.QtMsgType.QtWarningMsg: logging.WARNING,
    QtCore.QtMsgType.QtCriticalMsg: logging.ERROR,
    QtCore.QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handler(kind: QtCore.QtMsgType, context: QtCore.QMessageLogContext, message: str) -> None:
    category = getattr(context, "category", None)
    prefix = f"[{category}] " if category and category != "default" else ""
    log.log(_LEVELS.get(kind, logging.WARNING), "%s%s", prefix, message)


def route_qt_messages() -> None:
    """Install before the QApplication exists: Qt warns early (platform plugin, XDG_RUNTIME_DIR)."""
    QtCore.qInstallMessageHandler(_handler)
