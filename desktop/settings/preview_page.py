"""Chat preview: talk to a character, or a cast of several, with a preset and the model as typed, without Discord.

The prompt is built by `bot.prompt.build_prompt`, the function the bot uses,
with the settings as edited (lorebooks, greeting, reasoning, who answers), so
what you see here is what the channel would get. It behaves like the bot: the
character greets first, a reasoning model's thoughts never pass for its
answer, and under the conversation it says which lorebook entries the last
reply used. With several characters in the cast it is a group chat as in a
channel with a cast (`bot.cast`): the characters a message names answer it in
the order named (naming no one, the first, or whoever spoke last), each with
its own card, lorebooks and greeting, and with "Let characters talk to each
other" a reply naming another character is answered by it, up to the chain
limit. Every turn shows its speaker's avatar and name, as Discord shows a
character's webhook messages, and its words in Discord's Markdown
(`discord_markdown`: bold, underline, spoilers you click to reveal, subtext,
quotes, code), streamed replies included. Nothing is saved: the conversation
lives in this page only.

It opens on the saved default character and preset in use, and follows them
when they are saved anew, until the user picks others here.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from PySide6 import QtCore, QtGui, QtWidgets

from bot import redact
from bot.cast import Member, next_in_chain, responders
from bot.characters import Character, CharacterNotFound
from bot.checks import MissingInput
from bot.llm import ModelClient, ModelStreamCut
from bot.lorebook import Activation, FiredEntry
from bot.lorebooks import LorebookStore, attached_lorebooks
from bot.macros import render
from bot.memory import Turn
from bot.presets import Preset, request_params
from bot.prompt import Prompt, build_prompt, choose_greeting, macro_context
from bot.reasoning import PLACEHOLDER, ReasoningSplitter
from bot.settings import Settings
from bot.world_info import Placement

from .. import i18n
from ..i18n import QT_TRANSLATE_NOOP, translate
from ..tasks import UiTasks
from . import avatars
from .busy import NetworkAction
from .discord_markdown import SPOILER_SCHEME, Theme, theme_for, to_html
from .form import add_row, hint_label, new_form
from .page import Page

log = logging.getLogger(__name__)

#: (base URL, key, model, timeout) as typed on the Connection page.
ModelAccess = Callable[[], tuple[str, str | None, str, float]]
#: A character's avatar PNG by id (None: it has none), e.g. `CharacterStore.avatar_bytes`.
AvatarSource = Callable[[str], bytes | None]

#: The avatar beside each turn and in the cast list, in device-independent pixels.
AVATAR_SIZE = 32
CAST_ICON_SIZE = 24
#: Image resources of the conversation: "avatar:character/<id>" and "avatar:person/<name>".
AVATAR_SCHEME = "avatar"
CAST_HINT = QT_TRANSLATE_NOOP(
    "PreviewPage",
    "Tick characters to make a group chat: your message is answered by the characters it names, "
    "in the order named; naming no one, by the first (or whoever spoke last, as set on the Behaviour page).",
)

USER_COLOUR = "#2e7d32"
BOT_COLOUR = "#1565c0"
#: Discord's tag beside the name of a bot's or a webhook's message (a character speaking).
APP_TAG_BACKGROUND = "#5865f2"
QUIET_COLOUR = "#757575"  # reasoning and notes: there, but not the answer
LORE_PLACEHOLDER = QT_TRANSLATE_NOOP(
    "PreviewPage",
    "After a reply, this lists the lorebook entries it used, and the ones that matched but were left out.",
)
#: The text column of a turn starts after the avatar; notes above a turn line up with it.
TEXT_INDENT = AVATAR_SIZE + 8

_PLACES = {
    Placement.BEFORE_CHAR: QT_TRANSLATE_NOOP("PreviewPage", "before the character's description"),
    Placement.AFTER_CHAR: QT_TRANSLATE_NOOP("PreviewPage", "after the character's description"),
    Placement.BEFORE_EXAMPLES: QT_TRANSLATE_NOOP("PreviewPage", "before the example dialogues"),
    Placement.AFTER_EXAMPLES: QT_TRANSLATE_NOOP("PreviewPage", "after the example dialogues"),
}


def where_it_went(entry: FiredEntry) -> str:
    if entry.placement == Placement.AT_DEPTH:
        depth = entry.depth or 0
        if depth == 0:
            spot = translate("PreviewPage", "after the last message")
        else:
            spot = translate("PreviewPage", "%n message(s) from the end", None, depth)
        role = entry.role or "system"
        if role == "system":
            return translate("PreviewPage", "in the chat, {spot}, as a system message").format(spot=spot)
        if role == "user":
            return translate("PreviewPage", "in the chat, {spot}, as a user message").format(spot=spot)
        if role == "assistant":
            return translate("PreviewPage", "in the chat, {spot}, as an assistant message").format(spot=spot)
        return translate("PreviewPage", "in the chat, {spot}, as a {role} message").format(spot=spot, role=role)
    if entry.placement == Placement.OUTLET:
        return translate("PreviewPage", "in an outlet (only where a card writes {{outlet::…}})")
    place = _PLACES.get(entry.placement)
    return translate("PreviewPage", place) if place else str(entry.placement)


def why_it_fired(entry: FiredEntry) -> str:
    """Constant, a key, a key and a secondary key, or a decorator: in words, with the keys found."""
    if entry.reason == "constant":
        reason = translate("PreviewPage", "always on")
    elif entry.reason == "decorator":
        reason = translate("PreviewPage", "switched on by @@activate")
    else:
        keys = _quoted(entry.keys) or translate("PreviewPage", "a key")
        reason = translate("PreviewPage", "matched {keys}").format(keys=keys)
        if entry.secondary_keys:
            reason = translate(
                "PreviewPage", "{reason} and the secondary key(s) {keys}", None, len(entry.secondary_keys)
            ).format(reason=reason, keys=_quoted(entry.secondary_keys))
    if entry.step:
        reason = translate("PreviewPage", "{reason} in the text of another entry").format(reason=reason)
    return reason


def _quoted(keys: tuple[str, ...]) -> str:
    return ", ".join(f"“{key}”" for key in keys)


def lore_html(lore: Activation) -> str:
    """The lorebook entries of one reply, for the panel under the conversation."""
    if not lore.fired and not lore.dropped:
        none = translate("PreviewPage", "No lorebook entry matched the last reply.")
        return f'<p style="color:{QUIET_COLOUR}">{html.escape(none)}</p>'
    parts: list[str] = []
    if lore.fired:
        used = ""
        if lore.budget:
            used = " " + translate("PreviewPage", "(about {used} of {budget} tokens)").format(
                used=i18n.number(lore.tokens_used), budget=i18n.number(lore.budget)
            )
        title = translate("PreviewPage", "Used for the last reply: {count}").format(count=len(lore.fired))
        parts.append(f"<p><b>{html.escape(title)}</b>{html.escape(used)}</p>")
        goes = translate("PreviewPage", "goes {where}.")
        parts.extend(_entry_html(entry, goes.format(where=where_it_went(entry))) for entry in lore.fired)
    if lore.dropped:
        title = translate("PreviewPage", "Matched but left out: {count}").format(count=len(lore.dropped))
        parts.append(f'<p style="margin-top:8px"><b>{html.escape(title)}</b></p>')
        left_out = translate("PreviewPage", "left out: {reason}.")
        parts.extend(_entry_html(entry, left_out.format(reason=entry.dropped)) for entry in lore.dropped)
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


def round_avatar(data: bytes, size: int, ratio: float = 1.0) -> QtGui.QImage | None:
    """The picture cut to a centred square and drawn as a disc, `size` px at `ratio` (None: not an image).

    QImage and QPainter on a QImage may be used from any thread: call it off the loop.
    """
    edge = max(1, round(size * ratio))
    scaled = avatars.read_image(data, edge, QtCore.Qt.AspectRatioMode.KeepAspectRatioByExpanding)
    if scaled is None:
        return None
    square = scaled.copy((scaled.width() - edge) // 2, (scaled.height() - edge) // 2, edge, edge)
    result = QtGui.QImage(edge, edge, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    result.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(result)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(QtGui.QBrush(square))  # a textured disc: smooth edges, unlike a clip path
    painter.drawEllipse(QtCore.QRectF(0, 0, edge, edge))
    painter.end()
    result.setDevicePixelRatio(ratio)
    return result


def avatar_url(character_id: str | None, name: str) -> str:
    """The document resource of a speaker's avatar: its character's, else a placeholder for the name."""
    if character_id:
        return f"{AVATAR_SCHEME}:character/{quote(character_id, safe='')}"
    return f"{AVATAR_SCHEME}:person/{quote(name, safe='')}"


class PreviewPage(Page):
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Chat preview")

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
        avatar_source: AvatarSource | None = None,
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
        self._avatar_source = avatar_source
        self._rng = random.Random()
        self.history: list[Turn] = []
        self.replies: dict[int, _Reply] = {}  # history index -> reasoning shown above that bot turn
        #: What the greeting shown was chosen from: (character id, mode, user, the card's greetings).
        self.greeting: tuple[object, ...] | None = None
        self.last_prompt: Prompt | None = None  # what the last reply was built from (observable)
        self.deltas = 0  # text pieces received in the last reply (streaming, observable)
        self._partial = ""
        self._thinking = ""
        self._speaking: Character | None = None  # whose reply is streaming
        self._tail: QtGui.QTextTable | None = None  # the turn the streaming reply grows in
        self._revealed: dict[int, set[int]] = {}  # history index -> spoilers clicked open in that turn
        self._theme = Theme()
        #: The saved default character and preset in use, and whether the user picked others here.
        self._saved_choice: tuple[str | None, str | None] = (None, None)
        self._own_character = False
        self._own_preset = False
        self._epoch = 0  # a Clear during a reply makes that reply's end leave the conversation alone
        self._others: set[str] = set()  # ids ticked in the cast list (kept while the first one changes)
        #: Character id -> (its avatar PNG, decoded as a disc); placeholders by name.
        self._pictures: dict[str, tuple[bytes | None, QtGui.QImage | None]] = {}
        self._placeholders: dict[tuple[str, float], QtGui.QImage] = {}
        self.avatar_task: asyncio.Task[None] | None = None  # the latest avatar load (tests await it)
        self._avatars_again = False  # asked for while a load ran: that load looks once more

        self.character = QtWidgets.QComboBox()
        self.character.currentIndexChanged.connect(lambda _i: self._on_first_changed())
        self.character.activated.connect(lambda _i: setattr(self, "_own_character", True))  # the user's pick
        self.cast_list = _CastList()
        self.cast_list.setAccessibleName(self.tr("Others in the cast"))
        self.cast_list.setAccessibleDescription(
            self.tr("Tick the characters who join the first one in the conversation")
        )
        self.cast_list.itemChanged.connect(self._on_cast_item)
        self.preset = QtWidgets.QComboBox()
        self.preset.activated.connect(lambda _i: setattr(self, "_own_preset", True))
        self.user_name = QtWidgets.QLineEdit(self.tr("You"))
        self.user_name.editingFinished.connect(self.greet)
        self.model_note = QtWidgets.QLabel()
        self.model_note.setWordWrap(True)
        self.transcript = QtWidgets.QTextBrowser()
        self.transcript.setAccessibleName(self.tr("Conversation"))
        self.transcript.setOpenLinks(False)
        self.transcript.anchorClicked.connect(self._on_link)
        self.transcript.setPlaceholderText(self.tr("Say something to try the character. Nothing here goes to Discord."))
        self.lore = QtWidgets.QTextBrowser()
        self.lore.setAccessibleName(self.tr("Lorebook entries of the last reply"))
        self.lore.setOpenLinks(False)
        # A word-wrapped line above the box, not a placeholder: Qt draws a placeholder on one line,
        # and the translations are longer than the box is wide.
        self.lore_hint = QtWidgets.QLabel(self.tr(LORE_PLACEHOLDER))
        self.lore_hint.setWordWrap(True)
        self.lore_hint.setForegroundRole(QtGui.QPalette.ColorRole.PlaceholderText)
        self.input = QtWidgets.QPlainTextEdit()
        self.input.setTabChangesFocus(True)
        self.input.setPlaceholderText(self.tr("Your message (Ctrl+Enter sends)"))
        self.input.setMaximumHeight(self.input.fontMetrics().lineSpacing() * 4 + 12)
        self.send_button = QtWidgets.QPushButton(self.tr("&Send"))
        self.send_button.setDefault(False)
        self.send_button.clicked.connect(self.send)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QtGui.QShortcut(QtGui.QKeySequence(keys), self.input, self.send)
        self.action = NetworkAction(tasks, self.send_button, "familiar-preview", self.tr("The character is typing…"))
        self.action.focus_after = self.input  # after a reply, back to typing the next message
        self.regenerate_button = QtWidgets.QPushButton(self.tr("&Regenerate"))
        self.regenerate_button.clicked.connect(self.regenerate)
        self.clear_button = QtWidgets.QPushButton(self.tr("C&lear"))
        self.clear_button.clicked.connect(self.clear)
        self.action.finished.connect(lambda _ok: self._refresh_buttons())
        self.action.finished.connect(lambda _ok: self.greet())  # after a Clear that cancelled a reply

        top = new_form()
        add_row(top, self.tr("&Character"), self.character)
        add_row(top, self.tr("&Others in the cast"), self.cast_list, below=[hint_label(self.tr(CAST_HINT))])
        add_row(top, self.tr("&Preset"), self.preset)
        add_row(top, self.tr("Your &name"), self.user_name)
        top.addRow(self.model_note)
        add_row(top, self.tr("&Message"), self.input)
        row = self.action.row(self.regenerate_button, self.clear_button)
        # The send button first: row() put it after the leading widgets.
        row.removeWidget(self.send_button)
        row.insertWidget(0, self.send_button)
        lore_title = QtWidgets.QLabel(self.tr("&Lorebook entries"))
        lore_title.setBuddy(self.lore)
        lore_box = QtWidgets.QWidget()
        lore_layout = QtWidgets.QVBoxLayout(lore_box)
        lore_layout.setContentsMargins(0, 0, 0, 0)
        lore_layout.setSpacing(2)  # title, hint and box read as one
        lore_layout.addWidget(lore_title)
        lore_layout.addWidget(self.lore_hint)
        lore_layout.addWidget(self.lore)
        # Small minimums: at 200 % on a laptop screen the page must still fit (the splitter lets
        # the user give either part more room).
        lines = self.transcript.fontMetrics().lineSpacing()
        self.transcript.setMinimumHeight(max(lines * 3, AVATAR_SIZE + lines))
        self.lore.setMinimumHeight(lines)  # the hint above says what comes there
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
        """Fill the pickers from the other pages (names as edited); select `character_id` and
        `preset_id` if given, else keep what is selected."""
        blocked = self.character.blockSignals(True)
        _fill(self.character, self._characters(), character_id)
        self.character.blockSignals(blocked)
        _fill(self.preset, self._presets(), preset_id)
        self._fill_cast()
        self._show_icons()
        self.greet()
        self._load_avatars_soon()

    def follow_saved(self, character_id: str | None, preset_id: str | None) -> None:
        """The saved default character and preset in use, chosen here unless the user picked
        others in this page since they were saved (a choice saved anew is followed again)."""
        old_character, old_preset = self._saved_choice
        self._saved_choice = (character_id, preset_id)
        if character_id != old_character:
            self._own_character = False
        if preset_id != old_preset:
            self._own_preset = False
        self.refresh_choices(
            None if self._own_character else character_id,
            None if self._own_preset else preset_id,
        )

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # Qt override
        self.refresh_choices()  # names as edited since (a preset renamed on the Presets page)
        base_url, _key, model, _timeout = self._model_access()
        self.model_note.setText(
            self.tr("Model: {model} at {url}, as typed on the Connection page.").format(
                model=model or self.tr("(none)"), url=base_url or self.tr("(no base URL)")
            )
        )
        # The greeting and reasoning settings may have changed on the Behaviour page.
        self.greet()
        self._render(streaming=self.action.running)
        self._load_avatars_soon()  # an avatar may have been changed on the Characters page
        super().showEvent(event)

    def _on_first_changed(self) -> None:
        self._fill_cast()
        self.greet()
        self._load_avatars_soon()

    def _fill_cast(self) -> None:
        """Every other character, ticked if chosen (the first one is the Character picker's)."""
        first = self.character.currentData()
        blocked = self.cast_list.blockSignals(True)
        self.cast_list.clear()
        for ident, label in self._characters():
            if ident == first:
                continue
            item = QtWidgets.QListWidgetItem(self._icon(ident, label), label)
            item.setData(QtCore.Qt.ItemDataRole.UserRole, ident)
            item.setFlags(
                QtCore.Qt.ItemFlag.ItemIsEnabled
                | QtCore.Qt.ItemFlag.ItemIsSelectable
                | QtCore.Qt.ItemFlag.ItemIsUserCheckable
            )
            checked = ident in self._others
            item.setCheckState(QtCore.Qt.CheckState.Checked if checked else QtCore.Qt.CheckState.Unchecked)
            self.cast_list.addItem(item)
        self.cast_list.blockSignals(blocked)

    def _on_cast_item(self, item: QtWidgets.QListWidgetItem) -> None:
        ident = str(item.data(QtCore.Qt.ItemDataRole.UserRole))
        if item.checkState() == QtCore.Qt.CheckState.Checked:
            self._others.add(ident)
        else:
            self._others.discard(ident)
        self._load_avatars_soon()

    def set_cast(self, ids: Sequence[str]) -> None:
        """Make `ids` the cast, first one first (the others in the list's order)."""
        if ids:
            self.character.setCurrentIndex(max(0, self.character.findData(ids[0])))
        self._others = set(ids[1:])
        self._fill_cast()
        self._load_avatars_soon()

    def cast_ids(self) -> list[str]:
        """The cast's character ids: the Character picker's first, then those ticked in the list."""
        first = self.character.currentData()
        ids = [str(first)] if first is not None else []
        for row in range(self.cast_list.count()):
            item = self.cast_list.item(row)
            if item is not None and item.checkState() == QtCore.Qt.CheckState.Checked:
                ids.append(str(item.data(QtCore.Qt.ItemDataRole.UserRole)))
        return list(dict.fromkeys(ids))

    def _cast(self) -> list[Character]:
        found = (self._character(ident) for ident in self.cast_ids())
        return [character for character in found if character is not None]

    # ----- conversation -----

    def greet(self) -> None:
        """Open an empty conversation with the first character's greeting, as the bot does in a new channel.

        Only while nobody has said anything: then a change of character, name or
        greeting setting shows the greeting that now applies. The other characters
        greet when they first answer (`_greet_speakers`).
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
        self._revealed.clear()
        self.greeting = key
        text = choose_greeting(character, mode, self._rng) if character is not None else None
        if character is not None and text is not None:
            self.history.append(self._greeting_turn(character, text))
        self._render()

    def _greeting_turn(self, character: Character, text: str) -> Turn:
        ctx = macro_context(character, user=self._user())
        return Turn(
            author_id=None,
            author_name=character.name,
            content=render(text, ctx),
            is_bot=True,
            character_id=character.id,
        )

    def _greet_speakers(self, speakers: Sequence[Character], before: int) -> None:
        """Greet with each speaker who has not spoken yet, before the message it answers (as the bot does)."""
        mode = self._settings().greeting_mode
        spoken = {turn.character_id for turn in self.history if turn.is_bot}
        for speaker in speakers:
            text = choose_greeting(speaker, mode, self._rng) if speaker.id not in spoken else None
            if text is not None:
                self.history.insert(before, self._greeting_turn(speaker, text))
                before += 1
                spoken.add(speaker.id)

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.action.running:
            return
        speakers = self._responders(text)
        self._greet_speakers(speakers, len(self.history))
        self.history.append(Turn(author_id=1, author_name=self._user(), content=text, is_bot=False))
        self.input.clear()
        self._reply(speakers, chain=True, user=self._user())

    def regenerate(self) -> None:
        """Ask the last reply's character again (a message left unanswered: whoever it calls)."""
        if self.action.running or not self.history or not any(not turn.is_bot for turn in self.history):
            return
        last = self.history[-1]
        if not last.is_bot:
            speakers = self._responders(last.content)
            self._greet_speakers(speakers, len(self.history) - 1)
            self._reply(speakers, chain=True, user=self._user())
            return
        speaker = self._character(last.character_id) if last.character_id else None
        cast = self._cast()
        speaker = speaker or (cast[0] if cast else None)
        self.replies.pop(len(self.history) - 1, None)
        self._revealed.pop(len(self.history) - 1, None)
        self.history.pop()
        answered = self.history[-1]
        user = answered.author_name if answered.is_bot else self._user()
        self._reply([speaker] if speaker is not None else [], chain=False, user=user)

    def clear(self) -> None:
        self._epoch += 1
        self.action.cancel()
        self.history.clear()
        self.replies.clear()
        self._revealed.clear()
        self.greeting = None
        self._partial = ""
        self._thinking = ""
        self._speaking = None
        self.last_prompt = None
        self.action.say("")
        self.lore.clear()
        self.greet()
        self._render()

    def _responders(self, text: str) -> list[Character]:
        """Who of the cast answers a message of the user's (`bot.cast.responders`, as in a channel with a cast)."""
        cast = self._cast()
        settings = self._settings()
        last = next((turn.character_id for turn in reversed(self.history) if turn.is_bot and turn.character_id), None)
        chosen = responders(
            text,
            [Member.of(character) for character in cast],
            explicit_cast=True,
            addressed=True,  # everything typed here is for the characters, as in a DM
            last_speaker=last,
            mention_answered_by=settings.mention_answered_by,
        )
        by_id = {character.id: character for character in cast}
        return [by_id[member.id] for member in chosen]

    def _reply(self, speakers: list[Character], *, chain: bool, user: str) -> None:
        self._partial = ""
        self._thinking = ""
        self.deltas = 0
        self._speaking = speakers[0] if speakers else None
        self._render(streaming=True)
        self.action.start(self._converse(speakers, chain=chain, user=user), lambda _text: None)
        self._refresh_buttons()

    async def _converse(self, speakers: list[Character], *, chain: bool, user: str) -> str:
        """Each speaker in turn; then, if characters talk to each other, the chain their replies start."""
        settings = self._settings()
        epoch = self._epoch
        preset = self._preset(str(self.preset.currentData()))
        base_url, key, model, timeout = self._model_access()
        if not speakers or preset is None:
            raise MissingInput(self.tr("Pick a character and a preset first."))
        if not base_url or not model:
            raise MissingInput(self.tr("Fill in the model server and model on the Connection page first."))
        redact.register_secret(key)
        client = ModelClient(base_url, key, model, timeout=timeout)
        cast = self._cast()
        text = ""
        async with client:
            for speaker in speakers:
                text = await self._speak(
                    client, speaker, _others(speaker, cast), preset, settings, user=user, epoch=epoch
                )
                if epoch != self._epoch:
                    return text
            if chain and settings.characters_talk and len(cast) > 1:
                text = await self._chain(client, cast, speakers[-1], text, preset, settings, epoch=epoch)
        return text

    async def _chain(
        self,
        client: ModelClient,
        cast: list[Character],
        speaker: Character,
        reply: str,
        preset: Preset,
        settings: Settings,
        *,
        epoch: int,
    ) -> str:
        """Characters answering each other: the member a reply names answers it, up to the chain limit."""
        limit = settings.character_chain_limit
        members = [Member.of(character) for character in cast]
        by_id = {character.id: character for character in cast}
        chain = 1
        while True:
            nxt = next_in_chain(reply, Member.of(speaker), members, chain=chain, limit=limit)
            if nxt is None:
                if chain >= limit:
                    log.info("Chat preview: the characters stopped after %d replies in a row", chain)
                return reply
            answered, speaker = speaker, by_id[nxt.id]
            reply = await self._speak(
                client, speaker, _others(speaker, cast), preset, settings, user=answered.name, epoch=epoch
            )
            if epoch != self._epoch:
                return reply
            chain += 1

    async def _speak(
        self,
        client: ModelClient,
        character: Character,
        others: list[Character],
        preset: Preset,
        settings: Settings,
        *,
        user: str,
        epoch: int,
    ) -> str:
        """One character's reply, streamed into the conversation; returns its answer."""
        splitter = ReasoningSplitter()
        self._speaking = character
        self._partial = ""
        self._thinking = ""
        self.deltas = 0
        self._render(streaming=True)
        try:
            prompt = await self._build(character, preset, settings, others=others, user=user)
            self.last_prompt = prompt
            self.lore.setHtml(lore_html(prompt.lore))
            stream = client.stream_deltas(prompt.messages, request_params(preset))
            async with contextlib.aclosing(stream) as deltas:
                async for delta in deltas:
                    splitter.feed_reasoning(delta.reasoning)
                    if delta.text:
                        self.deltas += 1
                    self._show_partial(splitter.feed_text(delta.text), splitter.thinking or bool(delta.reasoning))
        except ModelStreamCut:
            if epoch == self._epoch:
                self._keep_partial(splitter, self.tr("(the model stopped mid-reply)"), character)
            raise
        except BaseException:
            if epoch == self._epoch:
                self._keep_partial(splitter, self.tr("(stopped)"), character)
            raise
        split = splitter.finish()
        if epoch != self._epoch:
            return split.answer
        self.history.append(
            Turn(
                author_id=None,
                author_name=character.name,
                content=split.answer or PLACEHOLDER,
                is_bot=True,
                character_id=character.id,
            )
        )
        if split.reasoning:
            self.replies[len(self.history) - 1] = _Reply(split.reasoning)
        self._partial = ""
        self._thinking = ""
        self._render()
        return split.answer

    async def _build(
        self, character: Character, preset: Preset, settings: Settings, *, others: list[Character], user: str
    ) -> Prompt:
        """The bot's prompt for this conversation, built off the loop (lorebooks are files and CPU work)."""
        history = list(self.history)
        store = self._lorebooks
        group = tuple(member.name for member in (character, *others)) if others else ()

        def work() -> Prompt:
            books = attached_lorebooks(store, character.id, settings) if store is not None else []
            ctx = macro_context(character, user=user, group=group)
            return build_prompt(
                character, preset, history, user=user, settings=settings, lorebooks=books, ctx=ctx, others=others
            )

        return await asyncio.to_thread(work)

    def _keep_partial(self, splitter: ReasoningSplitter, note: str, character: Character) -> None:
        """Keep what arrived before a cancel or a cut, like the bot does in Discord (thoughts stay out)."""
        split = splitter.finish()
        if split.answer:
            self.history.append(
                Turn(
                    author_id=None,
                    author_name=character.name,
                    content=f"{split.answer} {note}",
                    is_bot=True,
                    character_id=character.id,
                )
            )
            if split.reasoning:
                self.replies[len(self.history) - 1] = _Reply(split.reasoning)
        self._partial = ""
        self._thinking = ""
        self._render()

    # ----- avatars -----

    def _load_avatars_soon(self) -> None:
        if self._avatar_source is None:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # not on the loop (the window is being built): the next show loads them
        if self.avatar_task is not None and not self.avatar_task.done():
            self._avatars_again = True  # the running load looks again once done: one at a time
            return
        self.avatar_task = self._tasks.spawn(self._load_avatars_until_current(), "familiar-preview-avatars")

    async def _load_avatars_until_current(self) -> None:
        while True:
            self._avatars_again = False
            await self.load_avatars()
            if not self._avatars_again:
                return

    async def load_avatars(self) -> None:
        """Read and decode the avatars of the cast and of everyone who spoke, off the loop; redraw if one changed."""
        source = self._avatar_source
        if source is None:
            return
        ids = dict.fromkeys([*self.cast_ids(), *(turn.character_id for turn in self.history if turn.character_id)])
        ratio = self.transcript.devicePixelRatioF()
        changed = False
        for ident in ids:
            if ident is None:
                continue
            data = await asyncio.to_thread(_read_avatar, source, ident)
            known = self._pictures.get(ident)
            if known is not None and known[0] == data:
                continue
            image = await asyncio.to_thread(round_avatar, data, AVATAR_SIZE, ratio) if data else None
            self._pictures[ident] = (data, image)
            changed = True
        if changed:
            self._show_icons()
            self._render(streaming=self.action.running)

    def _avatar_image(self, character_id: str | None, name: str) -> QtGui.QImage:
        picture = self._pictures.get(character_id) if character_id else None
        if picture is not None and picture[1] is not None:
            return picture[1]
        ratio = self.transcript.devicePixelRatioF()
        key = (name, ratio)
        if key not in self._placeholders:
            self._placeholders[key] = avatars.placeholder(name, AVATAR_SIZE, ratio).toImage()
        return self._placeholders[key]

    def _icon(self, ident: str, name: str) -> QtGui.QIcon:
        return QtGui.QIcon(QtGui.QPixmap.fromImage(self._avatar_image(ident, name)))

    def _show_icons(self) -> None:
        """The avatars beside the names in the Character picker and the cast list."""
        for index in range(self.character.count()):
            ident = self.character.itemData(index)
            if ident is not None:
                self.character.setItemIcon(
                    index, self._icon(str(ident), self._name(str(ident), self.character.itemText(index)))
                )
        # A new icon is an itemChanged too: not a tick to react to (that would load the avatars again).
        blocked = self.cast_list.blockSignals(True)
        for row in range(self.cast_list.count()):
            item = self.cast_list.item(row)
            if item is not None:
                ident = str(item.data(QtCore.Qt.ItemDataRole.UserRole))
                item.setIcon(self._icon(ident, self._name(ident, item.text())))
        self.cast_list.blockSignals(blocked)

    def _name(self, ident: str, label: str) -> str:
        """A character's name (the pickers' labels may say more, "(from FAMILIAR_CHARACTER)")."""
        character = self._character(ident)
        return character.name if character is not None else label

    # ----- drawing -----

    def _render(self, streaming: bool = False) -> None:
        show_reasoning = self._settings().show_reasoning
        self._theme = theme_for(self.transcript.palette())
        blocks = []
        speakers: dict[str, tuple[str | None, str]] = {}  # url -> (character id, name)
        for index, turn in enumerate(self.history):
            reply = self.replies.get(index)
            if show_reasoning and reply is not None and reply.reasoning:
                blocks.append(_reasoning_block(index, reply))
            character_id = turn.character_id if turn.is_bot else None
            url = avatar_url(character_id, turn.author_name)
            speakers[url] = (character_id, turn.author_name)
            body = to_html(
                turn.content,
                theme=self._theme,
                spoiler_link=functools.partial(_spoiler_link, index),
                revealed=self._revealed.get(index, ()),
            )
            blocks.append(_block(turn.author_name, body, turn.is_bot, url))
        if streaming:
            if self._thinking:
                style = f"color:{QUIET_COLOUR}; margin-left:{TEXT_INDENT}px"
                blocks.append(f'<p style="{style}"><i>{html.escape(self._thinking)}</i></p>')
            speaker = self._speaking or self._current_character()
            ident, name = (speaker.id, speaker.name) if speaker is not None else (None, self.character.currentText())
            url = avatar_url(ident, name)
            speakers[url] = (ident, name)
            blocks.append(_block(name, to_html(self._partial, theme=self._theme), True, url))
        document = self.transcript.document()
        for url, (ident, name) in speakers.items():
            document.addResource(
                QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(url), self._avatar_image(ident, name)
            )
        self.transcript.setHtml("".join(blocks))
        self._tail = _last_turn(document) if streaming else None
        self._scroll_to_end()
        self._refresh_buttons()

    def _show_partial(self, visible: str, thinking: bool) -> None:
        """Show the answer so far; it only shrinks when a `</think>` reveals thoughts (then redraw)."""
        note = self.tr("(thinking…)") if thinking and not visible else ""
        if visible.startswith(self._partial) and note == self._thinking and self._tail is not None:
            if visible != self._partial:
                # Only the growing turn is drawn again: its Markdown may change with every piece
                # (a closing ** makes bold), the rest of the conversation does not.
                self._partial = visible
                _replace_words(self._tail, to_html(visible, theme=self._theme))
                self._scroll_to_end()
            return
        self._partial, self._thinking = visible, note
        self._render(streaming=True)

    def _on_link(self, url: QtCore.QUrl) -> None:
        """A click on a reply's "Thoughts" line folds or unfolds them; on a spoiler, reveals it (as
        in Discord, for good); on a link, opens it in the browser."""
        if url.scheme() == SPOILER_SCHEME:
            turn, _dot, number = url.path().partition(".")
            if turn.isdigit() and number.isdigit():
                self._revealed.setdefault(int(turn), set()).add(int(number))
                bar = self.transcript.verticalScrollBar()
                position = bar.value()
                self._render(streaming=self.action.running)
                bar.setValue(position)
            return
        if url.scheme() in ("http", "https"):
            QtGui.QDesktopServices.openUrl(url)
            return
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
        return self.user_name.text().strip() or self.tr("You")

    def transcript_text(self) -> str:
        """What the conversation shows, as text: "Name: words" a turn, notes on lines of their own."""
        lines: list[str] = []
        frames = self.transcript.document().rootFrame().begin()
        while not frames.atEnd():
            frame = frames.currentFrame()
            if isinstance(frame, QtGui.QTextTable):
                lines.append(_turn_text(frame))
            else:
                text = _plain(frames.currentBlock().text())
                if text:
                    lines.append(text)
            frames += 1
        return "\n".join(lines)

    def lore_text(self) -> str:
        return self.lore.toPlainText()


class _CastList(QtWidgets.QListWidget):
    """Characters side by side with their avatars and tick boxes, wrapping onto a second row (then scrolling)."""

    ROWS = 2

    def __init__(self) -> None:
        super().__init__()
        self.setFlow(QtWidgets.QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.setSpacing(2)
        self.setIconSize(QtCore.QSize(CAST_ICON_SIZE, CAST_ICON_SIZE))
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)

    def _row_height(self) -> int:
        return max(CAST_ICON_SIZE, self.fontMetrics().lineSpacing()) + 2 * self.spacing() + 4

    def sizeHint(self) -> QtCore.QSize:  # Qt override
        """As tall as its rows (one, or two when they wrap), not the list's usual dozen."""
        rows = 1
        if self.count():
            last = self.visualItemRect(self.item(self.count() - 1))
            first = self.visualItemRect(self.item(0))
            rows = 1 if last.top() <= first.top() else self.ROWS
        return QtCore.QSize(super().sizeHint().width(), self._row_height() * rows + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QtCore.QSize:  # Qt override
        return QtCore.QSize(super().minimumSizeHint().width(), self._row_height() + 2 * self.frameWidth())

    def updateGeometries(self) -> None:  # Qt override: after the items are laid out (wrapping may change)
        super().updateGeometries()
        self.updateGeometry()


def _others(speaker: Character, cast: Sequence[Character]) -> list[Character]:
    return [member for member in cast if member.id != speaker.id]


def _read_avatar(source: AvatarSource, ident: str) -> bytes | None:
    try:
        return source(ident)
    except (OSError, CharacterNotFound) as error:
        log.debug("No avatar for %r in the chat preview: %s", ident, error)
        return None


def _block(name: str, body: str, is_bot: bool, avatar: str) -> str:
    """One turn as Discord shows it: the avatar, the speaker's name (a character's tagged APP, as
    a webhook's message is), the words (`body`, HTML) under it."""
    colour = BOT_COLOUR if is_bot else USER_COLOUR
    tag = (
        f' <span style="background-color:{APP_TAG_BACKGROUND}; color:#ffffff; font-size:small">{_APP_TAG}</span>'
        if is_bot
        else ""
    )
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:6px; margin-bottom:2px"><tr>'
        f'<td width="{TEXT_INDENT}" valign="top"><img src="{avatar}" width="{AVATAR_SIZE}" height="{AVATAR_SIZE}" '
        f'alt="{html.escape(name)}"></td>'
        f'<td valign="top"><p style="margin:0"><b style="color:{colour}">{html.escape(name)}</b>{tag}</p>'
        f"{body or '<p style=margin:0></p>'}</td></tr></table>"
    )


#: The tag's text, padded inside its coloured box (and taken off again in `_turn_text`).
_APP_TAG = "\u00a0APP\u00a0"


def _spoiler_link(turn: int, number: int) -> str:
    """The link of a hidden spoiler: which turn, which of its spoilers."""
    return f"{SPOILER_SCHEME}:{turn}.{number}"


def _last_turn(document: QtGui.QTextDocument) -> QtGui.QTextTable | None:
    """The last turn's table (a streaming reply grows in it)."""
    tables = [frame for frame in document.rootFrame().childFrames() if isinstance(frame, QtGui.QTextTable)]
    return tables[-1] if tables else None


def _replace_words(turn: QtGui.QTextTable, body: str) -> None:
    """Put `body` (HTML) in place of a turn's words, under its name line."""
    cell = turn.cellAt(0, 1)
    cursor = QtGui.QTextCursor(cell.firstCursorPosition())
    cursor.setPosition(cell.firstCursorPosition().block().next().position())
    cursor.setPosition(cell.lastCursorPosition().position(), QtGui.QTextCursor.MoveMode.KeepAnchor)
    cursor.insertHtml(body)


def _turn_text(table: QtGui.QTextTable) -> str:
    """A turn's name and words as "Name: words"."""
    cell = table.cellAt(0, 1)
    block = cell.firstCursorPosition().block()
    last = cell.lastCursorPosition().block().blockNumber()
    texts: list[str] = []
    while block.isValid() and block.blockNumber() <= last:
        text = block.text()
        if not texts:  # the name line: the name, without its tag
            text = text.removesuffix(_APP_TAG).rstrip(" ")
        texts.append(_plain(text))
        block = block.next()
    name, words = (texts[0], "\n".join(texts[1:])) if texts else ("", "")
    return f"{name}: {words}"


def _plain(text: str) -> str:
    """A block's text as toPlainText() gives it (line breaks and non-breaking spaces as such)."""
    return text.replace("\u2028", "\n").replace("\u00a0", " ").replace("\ufffc", "")


def _reasoning_block(index: int, reply: _Reply) -> str:
    """The model's thoughts, greyed and folded unless opened (the Discord spoiler's counterpart)."""
    words = len(reply.reasoning.split())
    arrow = "▾" if reply.expanded else "▸"
    if reply.expanded:
        words_text = translate("PreviewPage", "The model's reasoning (%n word(s); click to hide)", None, words)
    else:
        words_text = translate("PreviewPage", "The model's reasoning (%n word(s); click to show)", None, words)
    link = f'<a href="reasoning:{index}" style="color:{QUIET_COLOUR}">{arrow} {html.escape(words_text)}</a>'
    body = ""
    if reply.expanded:
        body = "<br><i>" + html.escape(reply.reasoning.strip()).replace("\n", "<br>") + "</i>"
    return f'<p style="color:{QUIET_COLOUR}; margin-left:{TEXT_INDENT}px">{link}{body}</p>'


def _fill(combo: QtWidgets.QComboBox, choices: list[tuple[str, str]], wanted: str | None) -> None:
    current = wanted or combo.currentData()
    blocked = combo.blockSignals(True)
    combo.clear()
    for ident, label in choices:
        combo.addItem(label, ident)
    index = combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(blocked)
