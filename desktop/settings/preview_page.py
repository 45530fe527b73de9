"""Chat preview: talk to a character with a preset and the model as typed, without Discord.

The prompt is built by `bot.prompt.build_prompt`, the function the bot uses,
with the settings as edited (lorebooks, greeting, reasoning), so what you see
here is what the channel would get. It behaves like the bot: the character
greets first, a reasoning model's thoughts never pass for its answer, and
under the conversation it says which lorebook entries the last reply used.
Nothing is saved: the conversation lives in this page only.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets

from bot import redact
from bot.characters import Character
from bot.checks import MissingInput
from bot.llm import ModelClient, ModelStreamCut
from bot.lorebook import Activation, FiredEntry
from bot.world_info import Placement
from bot.lorebooks import LorebookStore, attached_lorebooks
from bot.macros import render
from bot.memory import Turn
from bot.presets import Preset, request_params
from bot.prompt import Prompt, build_prompt, choose_greeting, macro_context
from bot.reasoning import PLACEHOLDER, ReasoningSplitter
from bot.settings import Settings

from ..tasks import UiTasks
from .busy import NetworkAction
from .form import add_row, new_form
from .page import Page

log = logging.getLogger(__name__)

#: (base URL, key, model, timeout) as typed on the Connection page.
ModelAccess = Callable[[], tuple[str, str | None, str, float]]

USER_COLOUR = "#2e7d32"
BOT_COLOUR = "#1565c0"
QUIET_COLOUR = "#757575"  # reasoning and notes: there, but not the answer
LORE_PLACEHOLDER = "After a reply, this lists the lorebook entries it used, and the ones that matched but were left out."

_PLACES = {
    Placement.BEFORE_CHAR: "before the character's description",
    Placement.AFTER_CHAR: "after the character's description",
    Placement.BEFORE_EXAMPLES: "before the example dialogues",
    Placement.AFTER_EXAMPLES: "after the example dialogues",
}


def where_it_went(entry: FiredEntry) -> str:
    if entry.placement == Placement.AT_DEPTH:
        depth = entry.depth or 0
        spot = "after the last message" if depth == 0 else f"{depth} message{'' if depth == 1 else 's'} from the end"
        return f"in the chat, {spot}, as a {entry.role or 'system'} message"
    if entry.placement == Placement.OUTLET:
        return "in an outlet (only where a card writes {{outlet::…}})"
    return _PLACES.get(entry.placement, str(entry.placement))


def why_it_fired(entry: FiredEntry) -> str:
    """Constant, a key, a key and a secondary key, or a decorator: in words, with the keys found."""
    if entry.reason == "constant":
        reason = "always on"
    elif entry.reason == "decorator":
        reason = "switched on by @@activate"
    else:
        reason = f"matched {_quoted(entry.keys) or 'a key'}"
        if entry.secondary_keys:
            reason += f" and the secondary key{'' if len(entry.secondary_keys) == 1 else 's'} {_quoted(entry.secondary_keys)}"
    if entry.step:
        reason += " in the text of another entry"
    return reason


def _quoted(keys: tuple[str, ...]) -> str:
    return ", ".join(f"“{key}”" for key in keys)


def lore_html(lore: Activation) -> str:
    """The lorebook entries of one reply, for the panel under the conversation."""
    if not lore.fired and not lore.dropped:
        return f'<p style="color:{QUIET_COLOUR}">No lorebook entry matched the last reply.</p>'
    parts: list[str] = []
    if lore.fired:
        used = f" (about {lore.tokens_used} of {lore.budget} tokens)" if lore.budget else ""
        parts.append(f"<p><b>Used for the last reply: {len(lore.fired)}</b>{html.escape(used)}</p>")
        parts.extend(_entry_html(entry, f"goes {where_it_went(entry)}.") for entry in lore.fired)
    if lore.dropped:
        parts.append(f'<p style="margin-top:8px"><b>Matched but left out: {len(lore.dropped)}</b></p>')
        parts.extend(_entry_html(entry, f"left out: {entry.dropped}.") for entry in lore.dropped)
    return "".join(parts)


def _entry_html(entry: FiredEntry, outcome: str) -> str:
    """• **label** (book): why; where it went (or why it was left out)."""
    book = f" ({entry.book})" if entry.book else ""
    return (
        f'<p style="margin:0 0 0 12px">• <b>{html.escape(entry.label)}</b>{html.escape(book)}: '
        f"{html.escape(why_it_fired(entry))}; {html.escape(outcome)}</p>"
    )


@dataclass
class _Reply:
    """What a bot turn showed besides its answer."""

    reasoning: str = ""
    expanded: bool = False


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
        settings: Callable[[], Settings] = Settings,
        lorebooks: LorebookStore | None = None,
    ) -> None:
        super().__init__()
        self._tasks = tasks
        self._model_access = model_access
        self._characters = characters
        self._character = character
        self._presets = presets
        self._preset = preset
        self._settings = settings
        self._lorebooks = lorebooks
        self._rng = random.Random()
        self.history: list[Turn] = []
        self.replies: dict[int, _Reply] = {}  # history index -> reasoning shown above that bot turn
        #: What the greeting shown was chosen from: (character id, mode, user, the card's greetings).
        self.greeting: tuple[object, ...] | None = None
        self.last_prompt: Prompt | None = None  # what the last reply was built from (observable)
        self.deltas = 0  # text pieces received in the last reply (streaming, observable)
        self._partial = ""
        self._thinking = ""
        self._epoch = 0  # a Clear during a reply makes that reply's end leave the conversation alone

        self.character = QtWidgets.QComboBox()
        self.character.currentIndexChanged.connect(lambda _i: self.greet())
        self.preset = QtWidgets.QComboBox()
        self.user_name = QtWidgets.QLineEdit("You")
        self.user_name.editingFinished.connect(self.greet)
        self.model_note = QtWidgets.QLabel()
        self.model_note.setWordWrap(True)
        self.transcript = QtWidgets.QTextBrowser()
        self.transcript.setAccessibleName("Conversation")
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._on_link)
        self.transcript.setPlaceholderText("Say something to try the character. Nothing here goes to Discord.")
        self.lore = QtWidgets.QTextBrowser()
        self.lore.setAccessibleName("Lorebook entries of the last reply")
        self.lore.setOpenLinks(False)
        self.lore.setPlaceholderText(LORE_PLACEHOLDER)
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
        self.action.finished.connect(lambda _ok: self.greet())  # after a Clear that cancelled a reply

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
        lore_title = QtWidgets.QLabel("&Lorebook entries")
        lore_title.setBuddy(self.lore)
        lore_box = QtWidgets.QWidget()
        lore_layout = QtWidgets.QVBoxLayout(lore_box)
        lore_layout.setContentsMargins(0, 0, 0, 0)
        lore_layout.addWidget(lore_title)
        lore_layout.addWidget(self.lore)
        # Small minimums: at 200 % on a laptop screen the page must still fit (the splitter lets
        # the user give either part more room).
        lines = self.transcript.fontMetrics().lineSpacing()
        self.transcript.setMinimumHeight(lines * 3)
        self.lore.setMinimumHeight(lines * 2)
        self.split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.transcript)
        self.split.addWidget(lore_box)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.action.result)
        layout.addWidget(self.split, 1)
        self._refresh_buttons()

    # ----- choices follow the other pages -----

    def refresh_choices(self, character_id: str | None = None, preset_id: str | None = None) -> None:
        blocked = self.character.blockSignals(True)
        _fill(self.character, self._characters(), character_id)
        self.character.blockSignals(blocked)
        _fill(self.preset, self._presets(), preset_id)
        self.greet()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # Qt override
        base_url, _key, model, _timeout = self._model_access()
        self.model_note.setText(f"Model: {model or '(none)'} at {base_url or '(no base URL)'}, as typed on the Connection page.")
        # The greeting and reasoning settings may have changed on the Behaviour page.
        self.greet()
        self._render(streaming=self.action.running)
        super().showEvent(event)

    # ----- conversation -----

    def greet(self) -> None:
        """Open an empty conversation with the character's greeting, as the bot does in a new channel.

        Only while nobody has said anything: then a change of character, name or
        greeting setting shows the greeting that now applies.
        """
        if self.action.running or any(not turn.is_bot for turn in self.history):
            return
        character = self._current_character()
        mode = self._settings().greeting_mode
        key = None
        if character is not None:
            key = (character.id, mode, self._user(), character.first_mes, tuple(character.alternate_greetings))
        if key == self.greeting and self.greeting is not None:
            return  # the same greeting applies (a random one is not drawn again)
        self.history.clear()
        self.replies.clear()
        self.greeting = key
        text = choose_greeting(character, mode, self._rng) if character is not None else None
        if character is not None and text is not None:
            ctx = macro_context(character, user=self._user())
            self.history.append(Turn(author_id=None, author_name=character.name, content=render(text, ctx), is_bot=True))
        self._render()

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
        while self.history and self.history[-1].is_bot and any(not turn.is_bot for turn in self.history):
            self.replies.pop(len(self.history) - 1, None)
            self.history.pop()
        if self.history and not self.history[-1].is_bot:
            self._reply()

    def clear(self) -> None:
        self._epoch += 1
        self.action.cancel()
        self.history.clear()
        self.replies.clear()
        self.greeting = None
        self._partial = ""
        self._thinking = ""
        self.last_prompt = None
        self.action.say("")
        self.lore.clear()
        self.greet()
        self._render()

    def _reply(self) -> None:
        self._partial = ""
        self._thinking = ""
        self.deltas = 0
        self._render(streaming=True)
        self.action.start(self._stream(), lambda _text: None)
        self._refresh_buttons()

    async def _stream(self) -> str:
        splitter = ReasoningSplitter()
        settings = self._settings()
        epoch = self._epoch
        try:
            character = self._current_character()
            preset = self._preset(str(self.preset.currentData()))
            base_url, key, model, timeout = self._model_access()
            if character is None or preset is None:
                raise MissingInput("Pick a character and a preset first.")
            if not base_url or not model:
                raise MissingInput("Fill in the model server and model on the Connection page first.")
            redact.register_secret(key)
            prompt = await self._build(character, preset, settings)
            self.last_prompt = prompt
            self.lore.setHtml(lore_html(prompt.lore))
            client = ModelClient(base_url, key, model, timeout=timeout)
            stream = client.stream_deltas(prompt.messages, request_params(preset))
            async with client, contextlib.aclosing(stream) as deltas:
                async for delta in deltas:
                    splitter.feed_reasoning(delta.reasoning)
                    if delta.text:
                        self.deltas += 1
                    self._show_partial(splitter.feed_text(delta.text), splitter.thinking or bool(delta.reasoning))
        except ModelStreamCut:
            if epoch == self._epoch:
                self._keep_partial(splitter, "(the model stopped mid-reply)")
            raise
        except BaseException:
            if epoch == self._epoch:
                self._keep_partial(splitter, "(stopped)")
            raise
        split = splitter.finish()
        if epoch != self._epoch:
            return split.answer
        self.history.append(
            Turn(author_id=None, author_name=character.name, content=split.answer or PLACEHOLDER, is_bot=True)
        )
        if split.reasoning:
            self.replies[len(self.history) - 1] = _Reply(split.reasoning)
        self._partial = ""
        self._thinking = ""
        self._render()
        return self.history[-1].content

    async def _build(self, character: Character, preset: Preset, settings: Settings) -> Prompt:
        """The bot's prompt for this conversation, built off the loop (lorebooks are files and CPU work)."""
        history = list(self.history)
        user = self._user()
        store = self._lorebooks

        def work() -> Prompt:
            books = attached_lorebooks(store, character.id, settings) if store is not None else []
            ctx = macro_context(character, user=user)
            return build_prompt(character, preset, history, user=user, settings=settings, lorebooks=books, ctx=ctx)

        return await asyncio.to_thread(work)

    def _keep_partial(self, splitter: ReasoningSplitter, note: str) -> None:
        """Keep what arrived before a cancel or a cut, like the bot does in Discord (thoughts stay out)."""
        split = splitter.finish()
        if split.answer:
            name = self.character.currentText()
            self.history.append(Turn(author_id=None, author_name=name, content=f"{split.answer} {note}", is_bot=True))
            if split.reasoning:
                self.replies[len(self.history) - 1] = _Reply(split.reasoning)
        self._partial = ""
        self._thinking = ""
        self._render()

    # ----- drawing -----

    def _render(self, streaming: bool = False) -> None:
        show_reasoning = self._settings().show_reasoning
        blocks = []
        for index, turn in enumerate(self.history):
            reply = self.replies.get(index)
            if show_reasoning and reply is not None and reply.reasoning:
                blocks.append(_reasoning_block(index, reply))
            blocks.append(_block(turn.author_name, turn.content, turn.is_bot))
        if streaming:
            if self._thinking:
                blocks.append(f'<p style="color:{QUIET_COLOUR}"><i>{html.escape(self._thinking)}</i></p>')
            blocks.append(_block(self.character.currentText(), self._partial, True))
        self.transcript.setHtml("".join(blocks))
        self._scroll_to_end()
        self._refresh_buttons()

    def _show_partial(self, visible: str, thinking: bool) -> None:
        """Show the answer so far; it only shrinks when a `</think>` reveals thoughts (then redraw)."""
        note = "(thinking…)" if thinking and not visible else ""
        if visible.startswith(self._partial) and note == self._thinking:
            added, self._partial = visible[len(self._partial):], visible
            if added:
                cursor = self.transcript.textCursor()
                cursor.movePosition(QtGui.QTextCursor.MoveOperation.End)
                cursor.insertText(added, QtGui.QTextCharFormat())  # plain, not the speaker's bold
                self._scroll_to_end()
            return
        self._partial, self._thinking = visible, note
        self._render(streaming=True)

    def _on_link(self, url: QtCore.QUrl) -> None:
        """A click on a reply's "Thoughts" line folds or unfolds them."""
        if url.scheme() == "reasoning" and url.path().isdigit():
            reply = self.replies.get(int(url.path()))
            if reply is not None:
                reply.expanded = not reply.expanded
                bar = self.transcript.verticalScrollBar()
                position = bar.value()
                self._render()
                bar.setValue(position)

    def _scroll_to_end(self) -> None:
        bar = self.transcript.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _refresh_buttons(self) -> None:
        busy = self.action.running
        self.regenerate_button.setEnabled(not busy and any(not t.is_bot for t in self.history))
        self.clear_button.setEnabled(bool(self.history) or busy)  # with a random greeting: draw another

    def _current_character(self) -> Character | None:
        ident = self.character.currentData()
        return self._character(str(ident)) if ident is not None else None

    def _user(self) -> str:
        return self.user_name.text().strip() or "You"

    def transcript_text(self) -> str:
        return self.transcript.toPlainText()

    def lore_text(self) -> str:
        return self.lore.toPlainText()


def _block(name: str, text: str, is_bot: bool) -> str:
    colour = BOT_COLOUR if is_bot else USER_COLOUR
    body = html.escape(text).replace("\n", "<br>")
    return f'<p><b style="color:{colour}">{html.escape(name)}:</b>&nbsp;{body}</p>'


def _reasoning_block(index: int, reply: _Reply) -> str:
    """The model's thoughts, greyed and folded unless opened (the Discord spoiler's counterpart)."""
    words = len(reply.reasoning.split())
    arrow = "▾" if reply.expanded else "▸"
    link = (
        f'<a href="reasoning:{index}" style="color:{QUIET_COLOUR}">{arrow} The model\'s reasoning '
        f'({words} word{"" if words == 1 else "s"}; click to {"hide" if reply.expanded else "show"})</a>'
    )
    body = ""
    if reply.expanded:
        body = "<br><i>" + html.escape(reply.reasoning.strip()).replace("\n", "<br>") + "</i>"
    return f'<p style="color:{QUIET_COLOUR}">{link}{body}</p>'


def _fill(combo: QtWidgets.QComboBox, choices: list[tuple[str, str]], wanted: str | None) -> None:
    current = wanted or combo.currentData()
    blocked = combo.blockSignals(True)
    combo.clear()
    for ident, label in choices:
        combo.addItem(label, ident)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(blocked)
