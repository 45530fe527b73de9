"""Chat preview: talk to a character with a preset and the model as typed, without Discord.

The prompt is built by `bot.prompt.build_messages`, the same function the bot
uses, so what you see here is what the channel would get. Nothing is saved:
the conversation lives in this page only.
"""

from __future__ import annotations

import contextlib
import html
import logging
from collections.abc import AsyncGenerator, Callable
from typing import cast

from PySide6 import QtGui, QtWidgets

from bot import redact
from bot.characters import Character
from bot.checks import MissingInput
from bot.llm import ModelClient, ModelStreamCut
from bot.memory import Turn
from bot.presets import Preset, request_params
from bot.prompt import build_messages

from ..tasks import UiTasks
from .busy import NetworkAction
from .form import add_row, new_form
from .page import Page

log = logging.getLogger(__name__)

#: (base URL, key, model, timeout) as typed on the Connection page.
ModelAccess = Callable[[], tuple[str, str | None, str, float]]


class PreviewPage(Page):
    title = "Chat preview"

    def __init__(
        self,
        tasks: UiTasks,
        model_access: ModelAccess,
        characters: Callable[[], list[tuple[str, str]]],
        character: Callable[[str], Character | None],
        presets: Callable[[], list[tuple[str, str]]],
        preset: Callable[[str], Preset | None],
    ) -> None:
        super().__init__()
        self._model_access = model_access
        self._characters = characters
        self._character = character
        self._presets = presets
        self._preset = preset
        self.history: list[Turn] = []
        self.deltas = 0  # text pieces received in the last reply (streaming, observable)
        self._partial = ""

        self.character = QtWidgets.QComboBox()
        self.preset = QtWidgets.QComboBox()
        self.user_name = QtWidgets.QLineEdit("You")
        self.model_note = QtWidgets.QLabel()
        self.model_note.setWordWrap(True)
        self.transcript = QtWidgets.QTextBrowser()
        self.transcript.setAccessibleName("Conversation")
        self.transcript.setOpenLinks(False)
        self.transcript.setPlaceholderText("Say something to try the character. Nothing here goes to Discord.")
        self.input = QtWidgets.QPlainTextEdit()
        self.input.setTabChangesFocus(True)
        self.input.setPlaceholderText("Your message (Ctrl+Enter sends)")
        self.input.setMaximumHeight(self.input.fontMetrics().lineSpacing() * 4 + 12)
        self.send_button = QtWidgets.QPushButton("&Send")
        self.send_button.setDefault(False)
        self.send_button.clicked.connect(self.send)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QtGui.QShortcut(QtGui.QKeySequence(keys), self.input, self.send)
        self.action = NetworkAction(tasks, self.send_button, "familiar-preview", "The character is typing…")
        self.regenerate_button = QtWidgets.QPushButton("&Regenerate")
        self.regenerate_button.clicked.connect(self.regenerate)
        self.clear_button = QtWidgets.QPushButton("C&lear")
        self.clear_button.clicked.connect(self.clear)
        self.action.finished.connect(lambda _ok: self._refresh_buttons())

        top = new_form()
        add_row(top, "&Character", self.character)
        add_row(top, "&Preset", self.preset)
        add_row(top, "Your &name", self.user_name)
        top.addRow(self.model_note)
        add_row(top, "&Message", self.input)
        row = self.action.row(self.regenerate_button, self.clear_button)
        # The send button first: row() put it after the leading widgets.
        row.removeWidget(self.send_button)
        row.insertWidget(0, self.send_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.action.result)
        layout.addWidget(self.transcript, 1)
        self._refresh_buttons()

    # ----- choices follow the other pages -----

    def refresh_choices(self, character_id: str | None = None, preset_id: str | None = None) -> None:
        _fill(self.character, self._characters(), character_id)
        _fill(self.preset, self._presets(), preset_id)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # Qt override
        base_url, _key, model, _timeout = self._model_access()
        self.model_note.setText(f"Model: {model or '(none)'} at {base_url or '(no base URL)'}, as typed on the Connection page.")
        super().showEvent(event)

    # ----- conversation -----

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.action.running:
            return
        self.history.append(Turn(author_id=1, author_name=self._user(), content=text, is_bot=False))
        self.input.clear()
        self._reply()

    def regenerate(self) -> None:
        if self.action.running:
            return
        while self.history and self.history[-1].is_bot:
            self.history.pop()
        if self.history:
            self._reply()

    def clear(self) -> None:
        self.action.cancel()
        self.history.clear()
        self._partial = ""
        self.action.say("")
        self._render()

    def _reply(self) -> None:
        self._partial = ""
        self.deltas = 0
        self._render(streaming=True)
        self.action.start(self._stream(), lambda _text: None)
        self._refresh_buttons()

    async def _stream(self) -> str:
        try:
            character = self._character(str(self.character.currentData()))
            preset = self._preset(str(self.preset.currentData()))
            base_url, key, model, timeout = self._model_access()
            if character is None or preset is None:
                raise MissingInput("Pick a character and a preset first.")
            if not base_url or not model:
                raise MissingInput("Fill in the model server and model on the Connection page first.")
            redact.register_secret(key)
            messages = build_messages(character, preset, self.history, user=self._user())
            client = ModelClient(base_url, key, model, timeout=timeout)
            stream = cast(AsyncGenerator[str, None], client.stream(messages, request_params(preset)))
            async with client, contextlib.aclosing(stream) as deltas:
                async for delta in deltas:
                    self._partial += delta
                    self.deltas += 1
                    self._append(delta)
        except ModelStreamCut:
            self._keep_partial("(the model stopped mid-reply)")
            raise
        except BaseException:
            self._keep_partial("(stopped)")
            raise
        self.history.append(Turn(author_id=None, author_name=character.name, content=self._partial, is_bot=True))
        self._partial = ""
        self._render()
        return self.history[-1].content

    def _keep_partial(self, note: str) -> None:
        """Keep what arrived before a cancel or a cut, like the bot does in Discord."""
        if self._partial:
            name = self.character.currentText()
            self.history.append(Turn(author_id=None, author_name=name, content=f"{self._partial} {note}", is_bot=True))
        self._partial = ""
        self._render()

    # ----- drawing -----

    def _render(self, streaming: bool = False) -> None:
        blocks = [_block(turn.author_name, turn.content, turn.is_bot) for turn in self.history]
        if streaming:
            blocks.append(_block(self.character.currentText(), "", True))
        self.transcript.setHtml("".join(blocks))
        self._scroll_to_end()
        self._refresh_buttons()

    def _append(self, delta: str) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
        cursor.insertText(delta, QtGui.QTextCharFormat())  # plain, not the speaker's bold
        self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _refresh_buttons(self) -> None:
        busy = self.action.running
        self.regenerate_button.setEnabled(not busy and any(not t.is_bot for t in self.history))
        self.clear_button.setEnabled(bool(self.history) or busy)

    def _user(self) -> str:
        return self.user_name.text().strip() or "You"

    def transcript_text(self) -> str:
        return self.transcript.toPlainText()


def _block(name: str, text: str, is_bot: bool) -> str:
    colour = "#1565c0" if is_bot else "#2e7d32"
    body = html.escape(text).replace("\n", "<br>")
    return f'<p><b style="color:{colour}">{html.escape(name)}:</b>&nbsp;{body}</p>'


def _fill(combo: QtWidgets.QComboBox, choices: list[tuple[str, str]], wanted: str | None) -> None:
    current = wanted or combo.currentData()
    blocked = combo.blockSignals(True)
    combo.clear()
    for ident, label in choices:
        combo.addItem(label, ident)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(blocked)
