"""What every settings page has in common, and what the window loads for them.

A page shows part of the saved state (`load`), writes its settings fields
into the dict the window validates (`contribute`), and marks its own fields
when validation fails (`show_errors`). Pages that edit their own files
(characters, presets) also `check` and `save_own` them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6 import QtCore, QtWidgets

from bot.characters import Character
from bot.checks import ServerInfo
from bot.presets import Preset
from bot.secrets import Secrets
from bot.settings import Settings

from .form import FieldErrors


@dataclass(frozen=True)
class Loaded:
    """The saved state, read off the loop once per load."""

    settings: Settings
    secrets: Secrets
    characters: list[Character]
    presets: list[Preset]
    servers: list[ServerInfo] = field(default_factory=list)  # live, when connected
    overridden: frozenset[str] = frozenset()  # fields the environment overrides


class Page(QtWidgets.QWidget):
    changed = QtCore.Signal()
    #: Sidebar text.
    title = ""

    def __init__(self) -> None:
        super().__init__()
        self.errors = FieldErrors()
        self._loading = False

    # ----- for the window -----

    def load(self, loaded: Loaded) -> None:
        """Show the saved state (called inside `loading()`)."""

    def contribute(self, data: dict[str, Any]) -> None:
        """Write this page's settings fields into `data` (a Settings dump)."""

    def show_errors(self, errors: dict[str, str]) -> QtWidgets.QWidget | None:
        return self.errors.show({k: v for k, v in errors.items() if k in set(self.errors.names())})

    def settings_fields(self) -> set[str]:
        return set(self.errors.names())

    def check(self) -> QtWidgets.QWidget | None:
        """Validate what this page saves itself; the first invalid widget, or None."""
        return None

    async def save_own(self) -> None:
        """Save what this page keeps outside settings.json (after `check` passed)."""

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        """Programmatic changes inside this block do not count as user edits."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def mark_changed(self) -> None:
        if not self._loading:
            self.changed.emit()
