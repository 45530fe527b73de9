"""One network action of a page: its button, a busy indicator, Cancel, and the outcome in words.

Every network call of the settings window (token test, model list, model
test, preview) goes through `NetworkAction`, so none can freeze the window,
each can be cancelled, and a failure shows its sentence rather than a
traceback. The coroutine runs on the app's qasync loop through `UiTasks`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6 import QtCore, QtWidgets

from bot.checks import CheckError
from bot.llm import ModelError

from ..tasks import UiTasks
from .status_line import StatusLine

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Errors whose `str()` is already a sentence for the user.
EXPECTED_ERRORS: tuple[type[BaseException], ...] = (CheckError, ModelError)


class NetworkAction(QtCore.QObject):
    """Runs one coroutine at a time for `button`; shows progress, Cancel and the result."""

    finished = QtCore.Signal(bool)  # True on success

    def __init__(self, tasks: UiTasks, button: QtWidgets.QAbstractButton, name: str, busy_text: str) -> None:
        super().__init__(button)
        self._tasks = tasks
        self._name = name
        self._busy_text = busy_text
        self.button = button
        self.task: asyncio.Task[Any] | None = None
        self._cancelled_by_user = False
        self._busy = False
        #: Where focus goes back to when the action ends, if it was on Cancel (default: the button).
        self.focus_after: QtWidgets.QWidget | None = None

        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 0)  # indeterminate: we never know how long a server takes
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(self.progress.fontMetrics().averageCharWidth() * 16)
        self.progress.setAccessibleName(busy_text)
        self.cancel_button = QtWidgets.QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel: {action}").format(action=busy_text))
        self.cancel_button.clicked.connect(self.cancel)
        self.result = StatusLine(hide_when_empty=True)
        self.result.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self._set_busy(False)

    # ----- layout -----

    def row(self, *leading: QtWidgets.QWidget) -> QtWidgets.QHBoxLayout:
        """`leading` widgets, the button, the busy bar and Cancel, left-aligned."""
        box = QtWidgets.QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        for widget in leading:
            box.addWidget(widget)
        box.addWidget(self.button)
        box.addWidget(self.progress)
        box.addWidget(self.cancel_button)
        box.addStretch(1)
        return box

    # ----- running -----

    @property
    def running(self) -> bool:
        """Busy from the click until the outcome is shown (`finished` sees False)."""
        return self._busy

    def start(
        self, coroutine: Coroutine[Any, Any, T], on_success: Callable[[T], str | None]
    ) -> asyncio.Task[Any] | None:
        """Run `coroutine`; `on_success(result)` returns the sentence to show (None: nothing)."""
        if self.running:
            coroutine.close()
            return self.task
        self._cancelled_by_user = False
        self._set_busy(True)  # at once, not at the task's first step: the click shows immediately
        self.say(self._busy_text)
        self.task = self._tasks.spawn(self._run(coroutine, on_success), self._name)
        if self.task is None:  # the app is closing
            self._set_busy(False)
            return None
        self.task.add_done_callback(lambda task: self._on_done(task, coroutine))
        return self.task

    def cancel(self) -> None:
        if self.running and self.task is not None:
            self._cancelled_by_user = True
            self.task.cancel()

    async def _run(self, coroutine: Coroutine[Any, Any, T], on_success: Callable[[T], str | None]) -> bool:
        ok = False
        try:
            result = await coroutine
        except asyncio.CancelledError:
            if not self._cancelled_by_user:
                raise  # the app is closing: let the cancellation through
            self.say(self.tr("Cancelled."))
        except EXPECTED_ERRORS as error:
            log.info("%s: %s", self._name, error)
            self.say(str(error), error=True)
        except Exception as error:
            log.exception("%s failed unexpectedly", self._name)
            self.say(
                self.tr("Unexpected problem ({error}); details are in the log.").format(
                    error=f"{type(error).__name__}: {error}"
                ),
                error=True,
            )
        else:
            ok = True
            self.say(on_success(result) or "")
        finally:
            self._set_busy(False)
        self.finished.emit(ok)
        return ok

    def _on_done(self, task: asyncio.Task[Any], coroutine: Coroutine[Any, Any, Any]) -> None:
        """A task cancelled before its first step never ran `_run`: tidy up for it."""
        if task.cancelled():
            coroutine.close()  # never awaited: close it so Python does not warn
            self._set_busy(False)
            if self._cancelled_by_user:
                self.say(self.tr("Cancelled."))

    def say(self, text: str, *, error: bool = False, fade: bool = False) -> None:
        """Show the outcome (`fade`: a passing confirmation, gone after a few seconds)."""
        self.result.say(text, error=error, fade=fade)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.button.setEnabled(not busy)
        if not busy and self.cancel_button.window().focusWidget() is self.cancel_button:
            # Cancel is about to hide: without this, focus would jump to whatever follows it
            # (after Test token, the invite link, all of it selected and scrolled to its end).
            (self.focus_after or self.button).setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.cancel_button.setFocus()  # Esc/Space cancels without hunting for it
