"""Behaviour: when the bot replies, where it may, who may use it, how often and how much (daily
token limits), how the character comes across (greeting, reasoning, images, lorebooks), how
characters speak in Discord (webhooks, streaming, talking to each other), and the app's own switches."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from annotated_types import Ge
from PySide6 import QtCore, QtWidgets

from bot.checks import ServerInfo
from bot.settings import Settings

from ..i18n import QT_TRANSLATE_NOOP, translate
from .form import add_row, connect_changed, hint_label, line_edit, new_form, scrolled
from .id_picker import IdListEditor, channel_choices, server_choices
from .page import Loaded, Page
from .ranges import field_range

log = logging.getLogger(__name__)

#: How long "Commands will be synced again now." stays (it describes a moment, not the present).
RESYNC_NOTE_MS = 6000
#: Who may send the bot direct messages (Settings.dm_policy).
DM_POLICIES = (
    (QT_TRANSLATE_NOOP("BehaviourPage", "Everyone"), "everyone"),
    (QT_TRANSLATE_NOOP("BehaviourPage", "Only allowed people (and the bot's owner)"), "allowed_users"),
    (QT_TRANSLATE_NOOP("BehaviourPage", "Nobody (but the owner)"), "nobody"),
)


class BehaviourPage(Page):
    title = QT_TRANSLATE_NOOP("SettingsWindow", "Behaviour")

    def __init__(self, resync: Callable[[], None] | None = None) -> None:
        """`resync`: asks the running bot to sync its slash commands again (None: not offered)."""
        super().__init__()
        self._resync = resync
        self._connected = False
        self.reply_to_mentions = QtWidgets.QCheckBox(self.tr("When someone @&mentions the bot"))
        self.reply_to_replies = QtWidgets.QCheckBox(self.tr("When someone &replies to one of its messages"))
        self.reply_in_dms = QtWidgets.QCheckBox(self.tr("In &direct messages"))
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
        self.dm_policy = QtWidgets.QComboBox()
        for label, policy in DM_POLICIES:
            self.dm_policy.addItem(self.tr(label), policy)
        self.admin_roles = IdsOnlyListEditor(
            "role", self.tr("None: only people with Manage Server (and the bot's owner)."), self.tr("Admin roles")
        )
        self.resync_button = QtWidgets.QPushButton(self.tr("Re-s&ync commands"))
        self.resync_button.clicked.connect(self.resync_commands)
        self.resync_button.setEnabled(resync is not None)
        self.resync_note = QtWidgets.QLabel()  # empty but for a few seconds after a click
        self.resync_note.setWordWrap(True)
        self._resync_timer = QtCore.QTimer(self)
        self._resync_timer.setSingleShot(True)
        self._resync_timer.setInterval(RESYNC_NOTE_MS)
        self._resync_timer.timeout.connect(lambda: self.resync_note.setText(""))
        # How much: tokens per UTC day, and a price per million tokens for the Usage page.
        self.limit_per_user = _limit_spin("daily_token_limit_per_user")
        self.limit_per_server = _limit_spin("daily_token_limit_per_server")
        self.limit_total = _limit_spin("daily_token_limit_total")
        self.cost = QtWidgets.QDoubleSpinBox()
        low, high = field_range(Settings, "cost_per_million_tokens")
        self.cost.setRange(low, high)
        self.cost.setDecimals(3)
        self.cost.setSingleStep(0.1)
        self.cost.setGroupSeparatorShown(True)
        self.cost.setSpecialValueText(self.tr("Not shown"))
        # Which limits are reached now (from the running bot); hidden while none is.
        self.limits_hit = QtWidgets.QLabel()
        self.limits_hit.setWordWrap(True)
        self.limits_hit.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.limits_hit.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.limits_hit.setAccessibleName(self.tr("Daily limits reached"))
        self.limits_hit.hide()
        self.cooldown = QtWidgets.QDoubleSpinBox()
        low, high = field_range(Settings, "user_cooldown_seconds")
        self.cooldown.setRange(low, high)
        self.cooldown.setDecimals(0)
        self.cooldown.setSuffix(self.tr(" s"))
        self.cooldown.setSpecialValueText(self.tr("No cooldown"))
        self.greeting = QtWidgets.QComboBox()
        for label, mode in (
            (self.tr("First greeting"), "first"),
            (self.tr("A random greeting"), "random"),
            (self.tr("No greeting"), "off"),
        ):
            self.greeting.addItem(label, mode)
        self.show_reasoning = QtWidgets.QCheckBox(self.tr("Show the model's reasoning (as a s&poiler)"))
        self.send_images = QtWidgets.QComboBox()
        for label, mode in ((self.tr("Auto"), "auto"), (self.tr("On"), "on"), (self.tr("Off"), "off")):
            self.send_images.addItem(label, mode)
        self.max_images = _int_spin("max_images")
        self.max_images.setSpecialValueText(self.tr("None"))
        self.scan_depth = _int_spin("lorebook_scan_depth")
        self.scan_depth.setSuffix(self.tr(" messages"))
        self.lore_budget = _int_spin("lorebook_budget_percent")
        self.lore_budget.setSuffix(self.tr(" % of the context"))
        self.use_webhooks = QtWidgets.QCheckBox(self.tr("Speak as the character (&webhooks)"))
        self.stream_replies = QtWidgets.QCheckBox(self.tr("S&tream replies"))
        self.mention_answered_by = QtWidgets.QComboBox()
        for label, mode in (
            (self.tr("The channel's first character"), "first"),
            (self.tr("The character who spoke last"), "last"),
        ):
            self.mention_answered_by.addItem(label, mode)
        self.characters_talk = QtWidgets.QCheckBox(self.tr("Let characters tal&k to each other"))
        self.chain_limit = _int_spin("character_chain_limit")
        self.chain_limit.setEnabled(False)
        self.characters_talk.toggled.connect(self.chain_limit.setEnabled)
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
        self.notifications = QtWidgets.QCheckBox(
            self.tr("&Notify me when the bot goes offline, comes back, or needs me")
        )
        self.start_at_login = QtWidgets.QCheckBox(self.tr("Start Familiar when I &log in"))

        for widget in (
            self.reply_to_mentions,
            self.reply_to_replies,
            self.reply_in_dms,
            self.cooldown,
            self.greeting,
            self.show_reasoning,
            self.send_images,
            self.max_images,
            self.scan_depth,
            self.lore_budget,
            self.use_webhooks,
            self.stream_replies,
            self.mention_answered_by,
            self.characters_talk,
            self.chain_limit,
            self.notifications,
            self.start_at_login,
            self.dm_policy,
            self.limit_per_user,
            self.limit_per_server,
            self.limit_total,
            self.cost,
        ):
            connect_changed(widget, self.mark_changed)
        for editor in (
            self.always_reply_channels,
            self.allowed_guilds,
            self.allowed_channels,
            self.allowed_users,
            self.blocked_users,
            self.allowed_roles,
            self.blocked_roles,
            self.admin_roles,
        ):
            editor.changed.connect(self.mark_changed)

        triggers = new_form()
        add_row(
            triggers,
            self.tr("Reply"),
            _stack(self.reply_to_mentions, self.reply_to_replies, self.reply_in_dms),
            field=self.reply_to_mentions,
            errors=self.errors,
            name="reply_to_mentions",
        )
        add_row(
            triggers,
            self.tr("&Always reply in"),
            self.always_reply_channels,
            field=self.always_reply_channels.picker,
            errors=self.errors,
            name="always_reply_channels",
            hint=self.tr("Channels where every message gets an answer, trigger or not."),
        )
        where = new_form()
        add_row(
            where,
            self.tr("Only in &servers"),
            self.allowed_guilds,
            field=self.allowed_guilds.picker,
            errors=self.errors,
            name="allowed_guilds",
        )
        add_row(
            where,
            self.tr("Only in &channels"),
            self.allowed_channels,
            field=self.allowed_channels.picker,
            errors=self.errors,
            name="allowed_channels",
        )
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
        add_row(
            who,
            self.tr("All&owed people"),
            self.allowed_users,
            field=self.allowed_users.picker,
            errors=self.errors,
            name="allowed_users",
        )
        add_row(
            who,
            self.tr("Blocked people"),
            self.blocked_users,
            field=self.blocked_users.picker,
            errors=self.errors,
            name="blocked_users",
        )
        add_row(
            who,
            self.tr("Allowed roles"),
            self.allowed_roles,
            field=self.allowed_roles.picker,
            errors=self.errors,
            name="allowed_roles",
        )
        add_row(
            who,
            self.tr("Blocked roles"),
            self.blocked_roles,
            field=self.blocked_roles.picker,
            errors=self.errors,
            name="blocked_roles",
        )
        add_row(who, self.tr("Direct messages &from"), self.dm_policy, errors=self.errors, name="dm_policy")
        add_row(
            who,
            self.tr("Admin roles"),
            self.admin_roles,
            field=self.admin_roles.picker,
            errors=self.errors,
            name="admin_roles",
            hint=self.tr("Can use /character set, /cast and /reset, besides people with Manage Server."),
        )
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
        add_row(
            pace,
            self.tr("Per-user &cooldown"),
            self.cooldown,
            errors=self.errors,
            name="user_cooldown_seconds",
            hint=self.tr("After answering someone, wait this long before answering them again."),
        )
        much = new_form()
        limits_hint = self.tr(
            "Limits count tokens per UTC day; when one is reached the bot says it is resting until midnight UTC."
        )
        much.addRow(hint_label(limits_hint))
        add_row(
            much,
            self.tr("Per person a day"),
            self.limit_per_user,
            errors=self.errors,
            name="daily_token_limit_per_user",
        )
        add_row(
            much,
            self.tr("Per ser&ver a day"),
            self.limit_per_server,
            errors=self.errors,
            name="daily_token_limit_per_server",
        )
        add_row(much, self.tr("In total a day"), self.limit_total, errors=self.errors, name="daily_token_limit_total")
        add_row(
            much,
            self.tr("Cost per 1M tokens"),
            self.cost,
            errors=self.errors,
            name="cost_per_million_tokens",
            hint=self.tr("In your currency, to show what the tokens cost on the Usage page."),
        )
        much.addRow(self.limits_hit)
        character = new_form()
        add_row(
            character,
            self.tr("&Greeting"),
            self.greeting,
            errors=self.errors,
            name="greeting_mode",
            hint=self.tr("What the character says first in a channel where it has not spoken yet, or after a /reset."),
        )
        add_row(
            character,
            self.tr("Reasoning"),
            self.show_reasoning,
            errors=self.errors,
            name="show_reasoning",
            hint=self.tr("Reasoning models think before they answer. Off: only the answer is posted."),
        )
        add_row(
            character,
            self.tr("Send &images to the model"),
            self.send_images,
            errors=self.errors,
            name="send_images",
            hint=self.tr(
                "Auto: pictures people post go to the model, until it answers that it cannot take "
                "images; then it gets a short note instead."
            ),
        )
        add_row(
            character,
            self.tr("Images &per reply"),
            self.max_images,
            errors=self.errors,
            name="max_images",
            hint=self.tr("At most this many pictures, newest first."),
        )
        cast = new_form()
        add_row(
            cast,
            self.tr("Name and avatar"),
            self.use_webhooks,
            errors=self.errors,
            name="use_webhooks",
            hint=self.tr(
                "Each character posts under its own name and avatar through a channel webhook. Needs "
                "the Manage Webhooks permission (the invite link asks for it); in direct messages, and "
                "where it is missing, the bot account posts."
            ),
            below=[self.webhooks_missing_box],
        )
        add_row(
            cast,
            self.tr("Streaming"),
            self.stream_replies,
            errors=self.errors,
            name="stream_replies",
            hint=self.tr("The reply appears at once and grows as the model writes (edited at most once a second)."),
        )
        add_row(
            cast,
            self.tr("A m&ention that names no one is answered by"),
            self.mention_answered_by,
            errors=self.errors,
            name="mention_answered_by",
        )
        add_row(
            cast,
            self.tr("Between characters"),
            self.characters_talk,
            errors=self.errors,
            name="characters_talk",
            hint=self.tr("A character's reply that names another character of the channel is answered by it."),
        )
        add_row(
            cast,
            self.tr("Replies in a row without a &human"),
            self.chain_limit,
            errors=self.errors,
            name="character_chain_limit",
            hint=self.tr("Then the characters wait until someone writes."),
        )
        lore = new_form()
        add_row(
            lore,
            self.tr("Scan &depth"),
            self.scan_depth,
            errors=self.errors,
            name="lorebook_scan_depth",
            hint=self.tr("How many recent messages are searched for lorebook keys (when a lorebook sets none)."),
        )
        add_row(
            lore,
            self.tr("&Budget"),
            self.lore_budget,
            errors=self.errors,
            name="lorebook_budget_percent",
            hint=self.tr("The most room lorebook entries may take in the prompt (when a lorebook sets none)."),
        )
        app = new_form()
        add_row(app, self.tr("Notifications"), self.notifications, errors=self.errors, name="notifications")
        add_row(app, self.tr("Start at login"), self.start_at_login, errors=self.errors, name="start_at_login")

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

    def ensure_visible(self, widget: QtWidgets.QWidget) -> None:
        """Scroll so that the group holding `widget` starts at the top (as far as the page allows)."""
        box = widget
        parent = box.parentWidget()
        while parent is not None and parent is not self._body:
            box, parent = parent, parent.parentWidget()
        self.scroll_area.verticalScrollBar().setValue(box.y())

    def load(self, loaded: Loaded) -> None:
        settings = loaded.settings
        self.reply_to_mentions.setChecked(settings.reply_to_mentions)
        self.reply_to_replies.setChecked(settings.reply_to_replies)
        self.reply_in_dms.setChecked(settings.reply_in_dms)
        self.cooldown.setValue(settings.user_cooldown_seconds)
        self.greeting.setCurrentIndex(max(0, self.greeting.findData(settings.greeting_mode)))
        self.show_reasoning.setChecked(settings.show_reasoning)
        self.send_images.setCurrentIndex(max(0, self.send_images.findData(settings.send_images)))
        self.max_images.setValue(settings.max_images)
        self.scan_depth.setValue(settings.lorebook_scan_depth)
        self.lore_budget.setValue(settings.lorebook_budget_percent)
        self.use_webhooks.setChecked(settings.use_webhooks)
        self.stream_replies.setChecked(settings.stream_replies)
        answered_by = self.mention_answered_by.findData(settings.mention_answered_by)
        self.mention_answered_by.setCurrentIndex(max(0, answered_by))
        self.characters_talk.setChecked(settings.characters_talk)
        self.chain_limit.setValue(settings.character_chain_limit)
        self.notifications.setChecked(settings.notifications)
        self.start_at_login.setChecked(settings.start_at_login)
        self.set_servers(loaded.servers)
        self.always_reply_channels.set_values(settings.always_reply_channels)
        self.allowed_guilds.set_values(settings.allowed_guilds)
        self.allowed_channels.set_values(settings.allowed_channels)
        self.allowed_users.set_values(settings.allowed_users)
        self.blocked_users.set_values(settings.blocked_users)
        self.allowed_roles.set_values(settings.allowed_roles)
        self.blocked_roles.set_values(settings.blocked_roles)
        self.dm_policy.setCurrentIndex(max(0, self.dm_policy.findData(settings.dm_policy)))
        self.admin_roles.set_values(settings.admin_roles)
        self.limit_per_user.setValue(settings.daily_token_limit_per_user)
        self.limit_per_server.setValue(settings.daily_token_limit_per_server)
        self.limit_total.setValue(settings.daily_token_limit_total)
        self.cost.setValue(settings.cost_per_million_tokens)

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
        data.update(
            reply_to_mentions=self.reply_to_mentions.isChecked(),
            reply_to_replies=self.reply_to_replies.isChecked(),
            reply_in_dms=self.reply_in_dms.isChecked(),
            always_reply_channels=self.always_reply_channels.values(),
            allowed_guilds=self.allowed_guilds.values(),
            allowed_channels=self.allowed_channels.values(),
            user_cooldown_seconds=self.cooldown.value(),
            greeting_mode=self.greeting.currentData(),
            show_reasoning=self.show_reasoning.isChecked(),
            send_images=self.send_images.currentData(),
            max_images=self.max_images.value(),
            lorebook_scan_depth=self.scan_depth.value(),
            lorebook_budget_percent=self.lore_budget.value(),
            use_webhooks=self.use_webhooks.isChecked(),
            stream_replies=self.stream_replies.isChecked(),
            mention_answered_by=self.mention_answered_by.currentData(),
            characters_talk=self.characters_talk.isChecked(),
            character_chain_limit=self.chain_limit.value(),
            notifications=self.notifications.isChecked(),
            start_at_login=self.start_at_login.isChecked(),
            allowed_users=self.allowed_users.values(),
            blocked_users=self.blocked_users.values(),
            allowed_roles=self.allowed_roles.values(),
            blocked_roles=self.blocked_roles.values(),
            dm_policy=self.dm_policy.currentData(),
            admin_roles=self.admin_roles.values(),
            daily_token_limit_per_user=self.limit_per_user.value(),
            daily_token_limit_per_server=self.limit_per_server.value(),
            daily_token_limit_total=self.limit_total.value(),
            cost_per_million_tokens=self.cost.value(),
        )


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


def _int_spin(name: str) -> QtWidgets.QSpinBox:
    """A spin box over a whole-number setting, its range read from the settings model."""
    spin = QtWidgets.QSpinBox()
    low, high = field_range(Settings, name)
    spin.setRange(int(low), int(high))
    return spin


def _limit_spin(name: str) -> QtWidgets.QSpinBox:
    """A daily token limit: 0 is "No limit"; no upper bound in the model, so the spin box's own."""
    spin = QtWidgets.QSpinBox()
    low = next((meta.ge for meta in Settings.model_fields[name].metadata if isinstance(meta, Ge)), 0)
    spin.setRange(int(low), 2_000_000_000)  # type: ignore[call-overload]
    spin.setSingleStep(10_000)
    spin.setGroupSeparatorShown(True)
    spin.setSuffix(translate("BehaviourPage", " tokens"))
    spin.setSpecialValueText(translate("BehaviourPage", "No limit"))
    return spin


def _stack(*widgets: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box
