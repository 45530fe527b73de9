"""Behaviour: when the bot replies, where it may, who may use it, how often and how much (daily
token limits), how the character comes across (greeting, reasoning, images, lorebooks), how
characters speak in Discord (webhooks, streaming, talking to each other), and the app's own switches."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6 import QtCore, QtWidgets

from bot.checks import ServerInfo

from ..i18n import QT_TRANSLATE_NOOP
from .field_rows import FieldRows
from .form import add_row, hint_label, line_edit, new_form, scrolled
from .id_picker import IdListEditor, channel_choices, server_choices
from .page import Loaded, Page

log = logging.getLogger(__name__)

# How long "Commands will be synced again now." stays (it describes a moment, not the present);
# a plain comment: lupdate would give a `#:` one to the translators of the next text.
RESYNC_NOTE_MS = 6000


class BehaviourPage(Page):
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Behaviour")

    def __init__(self, resync: Callable[[], None] | None = None) -> None:
        """`resync`: asks the running bot to sync its slash commands again (None: not offered)."""
        super().__init__()
        self._resync = resync
        self._connected = False
        # The switches, choices and numbers are built from their fields (bot/settings.py says the
        # words); the names here are the ones the window and the tests use.
        self.rows = rows = FieldRows(self, "behaviour")
        self.reply_to_mentions = rows.check("reply_to_mentions")
        self.reply_to_replies = rows.check("reply_to_replies")
        self.reply_in_dms = rows.check("reply_in_dms")
        self.dm_policy = rows.combo("dm_policy")
        self.cooldown = rows.double_spin("user_cooldown_seconds")
        self.limit_per_user = rows.spin("daily_token_limit_per_user")
        self.limit_per_server = rows.spin("daily_token_limit_per_server")
        self.limit_total = rows.spin("daily_token_limit_total")
        self.cost = rows.double_spin("cost_per_million_tokens")
        self.greeting = rows.combo("greeting_mode")
        self.show_reasoning = rows.check("show_reasoning")
        self.send_images = rows.combo("send_images")
        self.max_images = rows.spin("max_images")
        self.scan_depth = rows.spin("lorebook_scan_depth")
        self.lore_budget = rows.spin("lorebook_budget_percent")
        self.use_webhooks = rows.check("use_webhooks")
        self.stream_replies = rows.check("stream_replies")
        self.mention_answered_by = rows.combo("mention_answered_by")
        self.characters_talk = rows.check("characters_talk")
        self.chain_limit = rows.spin("character_chain_limit")
        self.chain_limit.setEnabled(False)
        self.characters_talk.toggled.connect(self.chain_limit.setEnabled)
        self.notifications = rows.check("notifications")
        self.start_at_login = rows.check("start_at_login")

        self.always_reply_channels = IdListEditor(
            "channel", self.tr("No channel: the bot only answers when a trigger above applies.")
        )
        self.allowed_guilds = IdListEditor("server", self.tr("Empty: every server the bot is in."))
        self.allowed_channels = IdListEditor("channel", self.tr("Empty: every channel it can see."))
        # Who may use the bot: people and roles are typed as IDs (the bot cannot list them all).
        self.allowed_users = IdsOnlyListEditor(
            "person", self.tr("Empty: everyone who is not blocked."), self.tr("Allowed people")
        )
        self.blocked_users = IdsOnlyListEditor("person", self.tr("No one is blocked."), self.tr("Blocked people"))
        self.allowed_roles = IdsOnlyListEditor("role", self.tr("Empty: any role."), self.tr("Allowed roles"))
        self.blocked_roles = IdsOnlyListEditor("role", self.tr("No role is blocked."), self.tr("Blocked roles"))
        self.admin_roles = IdsOnlyListEditor(
            "role", self.tr("None: only people with Manage Server (and the bot's owner)."), self.tr("Admin roles")
        )
        for name, editor in self._id_lists().items():
            rows.custom(name, editor, field=editor.picker)
            editor.changed.connect(self.mark_changed)

        self.resync_button = QtWidgets.QPushButton(self.tr("Re-s&ync commands"))
        self.resync_button.clicked.connect(self.resync_commands)
        self.resync_button.setEnabled(resync is not None)
        self.resync_note = QtWidgets.QLabel()  # empty but for a few seconds after a click
        self.resync_note.setWordWrap(True)
        self._resync_timer = QtCore.QTimer(self)
        self._resync_timer.setSingleShot(True)
        self._resync_timer.setInterval(RESYNC_NOTE_MS)
        self._resync_timer.timeout.connect(lambda: self.resync_note.setText(""))
        # Which limits are reached now (from the running bot); hidden while none is.
        self.limits_hit = QtWidgets.QLabel()
        self.limits_hit.setWordWrap(True)
        self.limits_hit.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.limits_hit.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.limits_hit.setAccessibleName(self.tr("Daily limits reached"))
        self.limits_hit.hide()
        # Where the bot lacks Manage Webhooks (from the running bot); hidden while there is none.
        self.webhooks_missing = QtWidgets.QLabel()
        self.webhooks_missing.setWordWrap(True)
        self.webhooks_missing.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.webhooks_missing.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.webhooks_missing_box = QtWidgets.QWidget()
        missing_layout = QtWidgets.QVBoxLayout(self.webhooks_missing_box)
        missing_layout.setContentsMargins(0, 4, 0, 0)
        missing_layout.setSpacing(2)
        missing_layout.addWidget(self.webhooks_missing)
        missing_layout.addWidget(
            hint_label(
                self.tr("Re-invite the bot with the link on the Connection page, or give its role Manage Webhooks.")
            )
        )
        self.webhooks_missing_box.hide()

        # ----- layout: a box per section; each section's fields in the model's order -----
        triggers = new_form()
        rows.add_group(triggers, "reply")
        where = new_form()
        rows.add_group(where, "where")
        self.live_note = QtWidgets.QLabel()
        self.live_note.setWordWrap(True)
        where.addRow(self.live_note)
        who = new_form()
        who.addRow(
            hint_label(
                self.tr(
                    "Empty allowed lists mean everyone. Blocked wins. "
                    "The bot's owner (from the Discord application) is always allowed."
                )
            )
        )
        self.ids_note = hint_label(
            self.tr(
                "People and roles are typed as IDs (in Discord: Settings → Advanced → Developer Mode, then "
                "right-click → Copy ID: on a person, or on a role under Server Settings → Roles)."
            )
        )
        who.addRow(self.ids_note)
        rows.add_group(who, "who")
        resync_row = QtWidgets.QWidget()
        resync_layout = QtWidgets.QHBoxLayout(resync_row)
        resync_layout.setContentsMargins(0, 0, 0, 0)
        resync_layout.addWidget(self.resync_button)
        resync_layout.addWidget(self.resync_note, 1)  # beside the button: the row keeps its height
        add_row(
            who,
            self.tr("Slash commands"),
            resync_row,
            field=self.resync_button,
            hint=self.tr(
                "Discord's slash commands are synced by themselves when they change; use this if they look out of date."
            ),
        )
        pace = new_form()
        rows.add_group(pace, "pace")
        much = new_form()
        limits_hint = self.tr(
            "Limits count tokens per UTC day; when one is reached the bot says it is resting until midnight UTC."
        )
        much.addRow(hint_label(limits_hint))
        rows.add_group(much, "much")
        much.addRow(self.limits_hit)
        character = new_form()
        rows.add_group(character, "character")
        cast = new_form()
        rows.add_group(cast, "cast", below={"use_webhooks": [self.webhooks_missing_box]})
        lore = new_form()
        rows.add_group(lore, "lore")
        app = new_form()
        rows.add_group(app, "app")

        body = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(body)
        for title, form in (
            (self.tr("When to reply"), triggers),
            (self.tr("Where"), where),
            (self.tr("Who may use the bot"), who),
            (self.tr("Pace"), pace),
            (self.tr("How much"), much),
            (self.tr("Character"), character),
            (self.tr("Characters in Discord"), cast),
            (self.tr("Lorebooks"), lore),
            (self.tr("App"), app),
        ):
            box = QtWidgets.QGroupBox(title)
            box.setLayout(form)
            layout.addWidget(box)
        layout.addStretch(1)
        self._body = body
        self.scroll_area = scrolled(body)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

    def _id_lists(self) -> dict[str, IdListEditor]:
        """The lists of ids, by settings field: the page loads and reads them itself."""
        return {
            "always_reply_channels": self.always_reply_channels,
            "allowed_guilds": self.allowed_guilds,
            "allowed_channels": self.allowed_channels,
            "allowed_users": self.allowed_users,
            "blocked_users": self.blocked_users,
            "allowed_roles": self.allowed_roles,
            "blocked_roles": self.blocked_roles,
            "admin_roles": self.admin_roles,
        }

    def ensure_visible(self, widget: QtWidgets.QWidget) -> None:
        """Scroll so that the group holding `widget` starts at the top (as far as the page allows)."""
        box = widget
        parent = box.parentWidget()
        while parent is not None and parent is not self._body:
            box, parent = parent, parent.parentWidget()
        self.scroll_area.verticalScrollBar().setValue(box.y())

    def load(self, loaded: Loaded) -> None:
        self.rows.load(loaded.settings)
        self.set_servers(loaded.servers)
        for name, editor in self._id_lists().items():
            editor.set_values(getattr(loaded.settings, name))

    def set_servers(self, servers: list[ServerInfo]) -> None:
        """Offer the live servers and channels in the pickers (values are left alone)."""
        channels = channel_choices(servers)
        self.always_reply_channels.set_choices(channels)
        self.allowed_channels.set_choices(channels)
        self.allowed_guilds.set_choices(server_choices(servers))
        self.live_note.setText(
            self.tr(
                "The lists offer the %n server(s) the bot is in now; you can also type an ID "
                "(in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID).",
                "",
                len(servers),
            )
            if servers
            else self.tr(
                "Connect the bot to pick servers and channels from a list, or type IDs "
                "(in Discord: Settings → Advanced → Developer Mode, then right-click → Copy ID)."
            )
        )

    def set_limits_hit(self, lines: Sequence[str]) -> None:
        """The daily limits reached now, one sentence each ("Daily limit for server Tavern reached;
        resting until 00:00 UTC"); hidden when none is."""
        self.limits_hit.setText("\n".join(lines))
        self.limits_hit.setVisible(bool(lines))

    def set_connected(self, connected: bool) -> None:
        """Whether the bot is connected: a re-sync happens now, or when it next connects."""
        self._connected = connected

    def resync_commands(self) -> None:
        """Ask the bot to sync its slash commands again; say so for a few seconds."""
        if self._resync is None:
            return
        self._resync()
        log.info("Slash commands: a re-sync was asked for from the settings window")
        self.resync_note.setText(
            self.tr("Commands will be synced again now.")
            if self._connected
            else self.tr("Commands will be synced again when the bot connects.")
        )
        self._resync_timer.start()

    def set_webhooks_missing(self, labels: Sequence[str]) -> None:
        """List the channels ("#general (Tavern)") where the bot lacks Manage Webhooks; hidden when none."""
        self.webhooks_missing.setText(
            self.tr("Without Manage Webhooks (characters speak there as the bot): {channels}").format(
                channels=", ".join(labels)
            )
        )
        self.webhooks_missing_box.setVisible(bool(labels))

    def contribute(self, data: dict[str, Any]) -> None:
        self.rows.contribute(data)
        for name, editor in self._id_lists().items():
            data[name] = editor.values()


class IdsOnlyListEditor(IdListEditor):
    """A list of people or roles by ID. The bot cannot list them, so an ID is shown as it is
    (not as "not seen by the bot"), and the field asks for an ID."""

    def __init__(self, noun: str, empty_means: str, name: str) -> None:
        super().__init__(noun, empty_means)
        self.items.setAccessibleName(name)
        self.picker.setAccessibleName(self._words.id_to_add.format(list=name))
        line_edit(self.picker).setPlaceholderText(self._words.type_id)

    def add(self) -> None:
        if self.picker.count() == 0 and self.picker.chosen_id() is None:
            self._say(self._words.not_typed)  # there is no list to pick from
            return
        super().add()

    def _refresh(self) -> None:
        super()._refresh()
        for row, ident in enumerate(self._ids):
            item = self.items.item(row)
            if ident not in self._names and item is not None:
                item.setText(str(ident))
