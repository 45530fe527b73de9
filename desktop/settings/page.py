"""What every settings page has in common, and what the window loads for them.

A page shows part of the saved state (`load`), writes its settings fields
into the dict the window validates (`contribute`), and marks its own fields
when validation fails (`show_errors`). Pages that edit their own files
(characters, presets) also `check` and `save_own` them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6 import QtCore, QtWidgets

from bot.characters import Character
from bot.checks import ServerInfo
from bot.presets import Preset
from bot.secrets import Secrets
from bot.settings import Settings
from bot.world_info import Lorebook

from .form import FieldErrors
from .status_line import StatusLine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    """The saved state, read off the loop once per load."""

    settings: Settings
    secrets: Secrets
    characters: list[Character]
    presets: list[Preset]
    servers: list[ServerInfo] = field(default_factory=list)  # live, when connected
    overridden: frozenset[str] = frozenset()  # fields the environment overrides
    lorebooks: list[Lorebook] = field(default_factory=list)  # the standalone ones
    #: FAMILIAR_CHARACTER as given, and the name of the character it chose (None if unusable).
    env_character: str | None = None
    env_character_name: str | None = None


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

    def after_save(self) -> None:
        """Everything was saved: drop messages that spoke of unsaved work."""

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


class StorePage(Page):
    """A page that edits its own files (characters, presets).

    File actions run as UI tasks, off the click handler, and end in a sentence
    on the page (`message`), never a traceback. Subclasses set `action_errors`
    and `action_name`, and lay out `self.message`.
    """

    #: Errors that mean "tell the user", not "a bug".
    action_errors: tuple[type[BaseException], ...] = (OSError,)
    #: Used in task names and log lines.
    action_name = "file"

    def __init__(self, tasks: Any) -> None:
        super().__init__()
        self._tasks = tasks
        self.message = StatusLine(hide_when_empty=True)
        self.last_task: asyncio.Task[Any] | None = None  # for tests: the latest file action

    def _run(self, coroutine: Coroutine[Any, Any, object], what: str) -> None:
        self.last_task = self._tasks.spawn(self._guarded(coroutine), f"familiar-{self.action_name}-{what}")

    async def _guarded(self, coroutine: Coroutine[Any, Any, object]) -> None:
        try:
            await coroutine
        except self.action_errors as error:
            log.warning("%s action failed: %s", self.action_name.capitalize(), error)
            self._say(str(error), error=True)

    def _say(self, text: str, *, error: bool = False, fade: bool = False) -> None:
        """`fade`: a passing confirmation ("Deleted …"), gone after a few seconds."""
        self.message.say(text, error=error, fade=fade)

    def after_save(self) -> None:
        # "Made …: change it, then Save", "New avatar: press Save": done now. Errors stay.
        if not self.message.error:
            self._say("")
