"""A line of words about what just happened, which never outlives its truth.

A message either describes the present, and its owner replaces or clears it
when the present changes (the bot reconnected, the token was edited), or it
is a passing confirmation ("Saved.", "Invite link copied."), which fades on
its own after `FADE_SECONDS`. Errors stay until something replaces them: they
ask the user to act.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from .form import ERROR_COLOUR

#: How long a passing confirmation stays (long enough to read twice).
FADE_SECONDS = 10.0


class StatusLine(QtWidgets.QLabel):
    """A selectable, wrapping label with `say(text, error=, fade=)`."""

    def __init__(self, *, hide_when_empty: bool = False) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self._hide_when_empty = hide_when_empty
        self.error = False
        self._fade = QtCore.QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self.clear_message)
        if hide_when_empty:
            self.hide()

    def say(self, text: str, *, error: bool = False, fade: bool = False) -> None:
        self.setText(text)
        self.error = error and bool(text)
        self.setStyleSheet(f"color: {ERROR_COLOUR};" if self.error else "")
        if self._hide_when_empty:
            self.setVisible(bool(text))
        if fade and text:
            self._fade.start(round(FADE_SECONDS * 1000))
        else:
            self._fade.stop()

    def clear_message(self) -> None:
        self.say("")

    @property
    def fading(self) -> bool:
        """The message shown is a passing one, on its way out."""
        return self._fade.isActive()
