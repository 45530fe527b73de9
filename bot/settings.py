"""Validated settings, saved as JSON; and the effective config the bot runs with.

`Settings` is the one place user choices live. It never holds secrets: those
go through `bot.secrets.SecretStore`. `effective_config` merges settings,
secrets and `FAMILIAR_*` environment overrides into what the bot actually
uses; the overrides are never written back to disk.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .atomic import atomic_write_bytes, json_bytes
from .folders import Folders
from .secrets import Secrets, SecretStore, SecretStoreError
from .strict_json import JsonProblem, find_problem, parse_json_bytes

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3

DEFAULT_DISCORD_API_BASE = "https://discord.com/api/v10"
DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"

ENV_DISCORD_TOKEN = "FAMILIAR_DISCORD_TOKEN"
ENV_DISCORD_API_BASE = "FAMILIAR_DISCORD_API_BASE"
ENV_OPENAI_BASE_URL = "FAMILIAR_OPENAI_BASE_URL"
ENV_OPENAI_API_KEY = "FAMILIAR_OPENAI_API_KEY"
ENV_MODEL = "FAMILIAR_MODEL"
ENV_CHARACTER = "FAMILIAR_CHARACTER"
ENV_SHARD_COUNT = "FAMILIAR_SHARD_COUNT"
ENV_SHARD_IDS = "FAMILIAR_SHARD_IDS"

# A shard count, or "auto": Discord's recommendation (GET /gateway/bot).
ShardCount = int | Literal["auto"]

# The old bot's placeholder for "no token yet"; migrating it would make the
# app look configured and fail with an auth error instead.
_V1_PLACEHOLDERS = frozenset({"YOUR_DISCORD_BOT_TOKEN", "YOUR_OPENAI_API_KEY"})


# Field metadata key: what a change of the value takes besides using the new value.
TAKES = "takes"
# A new connection to Discord (the token, the API base, the shards).
RECONNECT = "reconnect"
# A new model client (where the model is, its key, its name, the request timeout).
NEW_MODEL = "new model"
# Field metadata key: how the settings window shows the field (`ui`, read back by `field_ui`).
UI = "ui"

# The settings window's pages that edit settings.
SettingsPage = Literal["connection", "characters", "lorebooks", "presets", "behaviour"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name Qt's lupdate looks for
    """Mark a window's text for translation without Qt (bot/ never imports it): lupdate reads this
    file too, and the window translates the text under `context`, the class name of the page
    that shows it (so the translations made while the text lived in that page still apply).

    lupdate gives translators every `#:` comment above a marked text, so the comments above the
    fields here are plain `#` ones."""
    return text


@dataclass(frozen=True)
class FieldUi:
    """How the settings window shows a field, described once here: the page builds the row from it.

    The texts are English, marked with QT_TRANSLATE_NOOP under the page's context.
    """

    page: SettingsPage
    group: str  # the section of the page, by the key the page lays out
    label: str  # the row's label ("&" before the Alt+letter)
    help: str = ""  # a line under the field
    text: str = ""  # a switch's own words beside its box (the label then names the row)
    choices: dict[str, str] = field(default_factory=dict)  # a choice's value -> its words
    unit: str = ""  # after a number (" s")
    zero: str = ""  # what 0 means, shown instead of it ("No limit")
    decimals: int = 2  # of a fractional number
    step: float = 1  # of a number's arrows


def ui(
    page: SettingsPage,
    group: str,
    label: str,
    help: str = "",
    *,
    text: str = "",
    choices: dict[str, str] | None = None,
    unit: str = "",
    zero: str = "",
    decimals: int = 2,
    step: float = 1,
    takes: str | None = None,
) -> dict[str, Any]:
    """A field's `json_schema_extra`: where and how the window shows it (`FieldUi`), and what a
    change takes (`TAKES`). Plain JSON, so the model's JSON schema carries it too."""
    described = FieldUi(page, group, label, help, text, choices or {}, unit, zero, decimals, step)
    extra: dict[str, Any] = {UI: dataclasses.asdict(described)}
    if takes is not None:
        extra[TAKES] = takes
    return extra


def field_ui(name: str, model: type[BaseModel] | None = None) -> FieldUi | None:
    """How the window shows setting `name` (of `model`, default Settings); None: on no page."""
    extra = (model or Settings).model_fields[name].json_schema_extra
    described = extra.get(UI) if isinstance(extra, dict) else None
    return FieldUi(**described) if isinstance(described, dict) else None  # type: ignore[arg-type]


class SettingsError(Exception):
    """Settings that cannot be used; the message names the file and the field.

    Raised instead of silently starting on defaults, so the user's file is
    never overwritten by a save of defaults. The app shell shows `str(err)`.
    """

    def __init__(
        self, message: str, path: Path | None = None, field: str | None = None, value: str | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.field = field
        self.value = value  # the rejected value, where it is safe to show (an environment URL)


def _check_http_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// URL")
    return value.strip().rstrip("/")


class Settings(BaseModel):
    """The user's choices. Each one the window edits says once, in its `ui` metadata, where it is
    shown and in which words; the pages build their rows from that (desktop/settings/field_rows.py)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    discord_api_base: str = Field(
        default=DEFAULT_DISCORD_API_BASE,
        json_schema_extra=ui(
            "connection",
            "advanced",
            QT_TRANSLATE_NOOP("ConnectionPage", "Discord &API base"),
            QT_TRANSLATE_NOOP("ConnectionPage", "Only for Discord-compatible servers; changing it reconnects the bot."),
        ),
    )
    openai_base_url: str = Field(
        default=DEFAULT_OPENAI_BASE_URL,
        json_schema_extra=ui("connection", "model", QT_TRANSLATE_NOOP("ConnectionPage", "Base &URL")),
    )
    model: str = Field(
        default="gpt-4o-mini",
        min_length=1,
        json_schema_extra=ui("connection", "model", QT_TRANSLATE_NOOP("ConnectionPage", "Mo&del")),
    )
    request_timeout: float = Field(
        default=60.0,
        ge=1,
        le=600,
        json_schema_extra=ui(
            "connection",
            "advanced",
            QT_TRANSLATE_NOOP("ConnectionPage", "Model request &timeout"),
            decimals=0,
            takes=NEW_MODEL,
        ),
    )
    character_id: str = Field(
        default="default",
        min_length=1,
        json_schema_extra=ui("characters", "who", QT_TRANSLATE_NOOP("CharactersPage", "De&fault character")),
    )
    # Channel (or thread) id -> its cast, the characters who speak there, first one first.
    # A channel not listed has the default character alone.
    channel_casts: dict[str, list[str]] = Field(
        default_factory=dict,
        json_schema_extra=ui("characters", "who", QT_TRANSLATE_NOOP("CharactersPage", "Casts per &channel")),
    )
    preset_id: str = Field(
        default="balanced",
        min_length=1,
        json_schema_extra=ui(
            "presets",
            "in use",
            QT_TRANSLATE_NOOP("PresetsPage", "Preset &in use"),
            QT_TRANSLATE_NOOP("PresetsPage", "The bot and the chat preview use this one."),
        ),
    )
    reply_to_mentions: bool = Field(
        default=True,
        json_schema_extra=ui(
            "behaviour",
            "reply",
            QT_TRANSLATE_NOOP("BehaviourPage", "Reply"),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "When someone @&mentions the bot"),
        ),
    )
    reply_to_replies: bool = Field(
        default=True,
        json_schema_extra=ui(
            "behaviour",
            "reply",
            QT_TRANSLATE_NOOP("BehaviourPage", "Reply"),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "When someone &replies to one of its messages"),
        ),
    )
    reply_in_dms: bool = Field(
        default=True,
        json_schema_extra=ui(
            "behaviour",
            "reply",
            QT_TRANSLATE_NOOP("BehaviourPage", "Reply"),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "In &direct messages"),
        ),
    )
    always_reply_channels: list[int] = Field(
        default_factory=list,
        json_schema_extra=ui(
            "behaviour",
            "reply",
            QT_TRANSLATE_NOOP("BehaviourPage", "&Always reply in"),
            QT_TRANSLATE_NOOP("BehaviourPage", "Channels where every message gets an answer, trigger or not."),
        ),
    )
    allowed_guilds: list[int] = Field(  # empty = all
        default_factory=list,
        json_schema_extra=ui("behaviour", "where", QT_TRANSLATE_NOOP("BehaviourPage", "Only in &servers")),
    )
    allowed_channels: list[int] = Field(  # empty = all
        default_factory=list,
        json_schema_extra=ui("behaviour", "where", QT_TRANSLATE_NOOP("BehaviourPage", "Only in &channels")),
    )
    user_cooldown_seconds: float = Field(
        default=0.0,
        ge=0,
        le=3600,
        json_schema_extra=ui(
            "behaviour",
            "pace",
            QT_TRANSLATE_NOOP("BehaviourPage", "Per-user &cooldown"),
            QT_TRANSLATE_NOOP("BehaviourPage", "After answering someone, wait this long before answering them again."),
            unit=QT_TRANSLATE_NOOP("BehaviourPage", " s"),
            zero=QT_TRANSLATE_NOOP("BehaviourPage", "No cooldown"),
            decimals=0,
        ),
    )
    notifications: bool = Field(
        default=True,
        json_schema_extra=ui(
            "behaviour",
            "app",
            QT_TRANSLATE_NOOP("BehaviourPage", "Notifications"),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "&Notify me when the bot goes offline, comes back, or needs me"),
        ),
    )
    start_at_login: bool = Field(
        default=False,
        json_schema_extra=ui(
            "behaviour",
            "app",
            QT_TRANSLATE_NOOP("BehaviourPage", "Start at login"),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "Start Familiar when I &log in"),
        ),
    )
    # How a character comes alive (SillyTavern's behaviour where it has one).
    greeting_mode: Literal["first", "random", "off"] = Field(  # first_mes, or any of the greetings
        default="first",
        json_schema_extra=ui(
            "behaviour",
            "character",
            QT_TRANSLATE_NOOP("BehaviourPage", "&Greeting"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage",
                "What the character says first in a channel where it has not spoken yet, or after a /reset.",
            ),
            choices={
                "first": QT_TRANSLATE_NOOP("BehaviourPage", "First greeting"),
                "random": QT_TRANSLATE_NOOP("BehaviourPage", "A random greeting"),
                "off": QT_TRANSLATE_NOOP("BehaviourPage", "No greeting"),
            },
        ),
    )
    show_reasoning: bool = Field(  # a reasoning model's thoughts, as a spoiler above the answer
        default=False,
        json_schema_extra=ui(
            "behaviour",
            "character",
            QT_TRANSLATE_NOOP("BehaviourPage", "Reasoning"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage", "Reasoning models think before they answer. Off: only the answer is posted."
            ),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "Show the model's reasoning (as a s&poiler)"),
        ),
    )
    send_images: Literal["auto", "on", "off"] = Field(  # auto: on, until a model says it cannot
        default="auto",
        json_schema_extra=ui(
            "behaviour",
            "character",
            QT_TRANSLATE_NOOP("BehaviourPage", "Send &images to the model"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage",
                "Auto: pictures people post go to the model, until it answers that it cannot take "
                "images; then it gets a short note instead.",
            ),
            choices={
                "auto": QT_TRANSLATE_NOOP("BehaviourPage", "Auto"),
                "on": QT_TRANSLATE_NOOP("BehaviourPage", "On"),
                "off": QT_TRANSLATE_NOOP("BehaviourPage", "Off"),
            },
        ),
    )
    max_images: int = Field(  # per reply, newest first
        default=4,
        ge=0,
        le=16,
        json_schema_extra=ui(
            "behaviour",
            "character",
            QT_TRANSLATE_NOOP("BehaviourPage", "Images &per reply"),
            QT_TRANSLATE_NOOP("BehaviourPage", "At most this many pictures, newest first."),
            zero=QT_TRANSLATE_NOOP("BehaviourPage", "None"),
        ),
    )
    lorebook_scan_depth: int = Field(  # when the lorebook sets none
        default=4,
        ge=1,
        le=100,
        json_schema_extra=ui(
            "behaviour",
            "lore",
            QT_TRANSLATE_NOOP("BehaviourPage", "Scan &depth"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage", "How many recent messages are searched for lorebook keys (when a lorebook sets none)."
            ),
            unit=QT_TRANSLATE_NOOP("BehaviourPage", " messages"),
        ),
    )
    lorebook_budget_percent: int = Field(  # of the context, when it sets none
        default=25,
        ge=1,
        le=100,
        json_schema_extra=ui(
            "behaviour",
            "lore",
            QT_TRANSLATE_NOOP("BehaviourPage", "&Budget"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage", "The most room lorebook entries may take in the prompt (when a lorebook sets none)."
            ),
            unit=QT_TRANSLATE_NOOP("BehaviourPage", " % of the context"),
        ),
    )
    global_lorebooks: list[str] = Field(  # standalone lorebook ids, for every character
        default_factory=list,
        json_schema_extra=ui(
            "lorebooks",
            "where",
            QT_TRANSLATE_NOOP("LorebooksPage", "Where it is used"),
            QT_TRANSLATE_NOOP(
                "LorebooksPage",
                "A character's own lorebook (in its card) is always used for it; the ones chosen here come "
                "after it. Changes here are kept when you press Save.",
            ),
        ),
    )
    character_lorebooks: dict[str, list[str]] = Field(  # character id -> lorebook ids
        default_factory=dict,
        json_schema_extra=ui("lorebooks", "where", QT_TRANSLATE_NOOP("LorebooksPage", "Where it is used")),
    )
    # How characters speak in Discord.
    use_webhooks: bool = Field(  # as themselves (name and avatar), where the bot may manage webhooks
        default=True,
        json_schema_extra=ui(
            "behaviour",
            "cast",
            QT_TRANSLATE_NOOP("BehaviourPage", "Name and avatar"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage",
                "Each character posts under its own name and avatar through a channel webhook. Needs "
                "the Manage Webhooks permission (the invite link asks for it); in direct messages, and "
                "where it is missing, the bot account posts.",
            ),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "Speak as the character (&webhooks)"),
        ),
    )
    stream_replies: bool = Field(  # post at once and edit as the model writes
        default=True,
        json_schema_extra=ui(
            "behaviour",
            "cast",
            QT_TRANSLATE_NOOP("BehaviourPage", "Streaming"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage",
                "The reply appears at once and grows as the model writes (edited at most once a second).",
            ),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "S&tream replies"),
        ),
    )
    mention_answered_by: Literal["first", "last"] = (
        Field(  # a mention naming nobody: first of the cast, or last to speak
            default="first",
            json_schema_extra=ui(
                "behaviour",
                "cast",
                QT_TRANSLATE_NOOP("BehaviourPage", "A m&ention that names no one is answered by"),
                choices={
                    "first": QT_TRANSLATE_NOOP("BehaviourPage", "The channel's first character"),
                    "last": QT_TRANSLATE_NOOP("BehaviourPage", "The character who spoke last"),
                },
            ),
        )
    )
    characters_talk: bool = Field(  # a character's reply naming another cast member is answered by it
        default=False,
        json_schema_extra=ui(
            "behaviour",
            "cast",
            QT_TRANSLATE_NOOP("BehaviourPage", "Between characters"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage", "A character's reply that names another character of the channel is answered by it."
            ),
            text=QT_TRANSLATE_NOOP("BehaviourPage", "Let characters tal&k to each other"),
        ),
    )
    character_chain_limit: int = Field(  # replies in a row without a human message
        default=3,
        ge=1,
        le=20,
        json_schema_extra=ui(
            "behaviour",
            "cast",
            QT_TRANSLATE_NOOP("BehaviourPage", "Replies in a row without a &human"),
            QT_TRANSLATE_NOOP("BehaviourPage", "Then the characters wait until someone writes."),
        ),
    )
    # Who may use the bot (user and role ids; an empty allow-list means everyone). The
    # application's owner is always allowed; blocked wins over allowed.
    allowed_users: list[int] = Field(
        default_factory=list,
        json_schema_extra=ui("behaviour", "who", QT_TRANSLATE_NOOP("BehaviourPage", "All&owed people")),
    )
    blocked_users: list[int] = Field(
        default_factory=list,
        json_schema_extra=ui("behaviour", "who", QT_TRANSLATE_NOOP("BehaviourPage", "Blocked people")),
    )
    allowed_roles: list[int] = Field(
        default_factory=list,
        json_schema_extra=ui("behaviour", "who", QT_TRANSLATE_NOOP("BehaviourPage", "Allowed roles")),
    )
    blocked_roles: list[int] = Field(
        default_factory=list,
        json_schema_extra=ui("behaviour", "who", QT_TRANSLATE_NOOP("BehaviourPage", "Blocked roles")),
    )
    dm_policy: Literal["everyone", "allowed_users", "nobody"] = Field(  # who may DM the bot
        default="allowed_users",
        json_schema_extra=ui(
            "behaviour",
            "who",
            QT_TRANSLATE_NOOP("BehaviourPage", "Direct messages &from"),
            choices={
                "everyone": QT_TRANSLATE_NOOP("BehaviourPage", "Everyone"),
                "allowed_users": QT_TRANSLATE_NOOP("BehaviourPage", "Only allowed people (and the bot's owner)"),
                "nobody": QT_TRANSLATE_NOOP("BehaviourPage", "Nobody (but the owner)"),
            },
        ),
    )
    admin_roles: list[int] = Field(  # may use /character set, /cast, /reset besides Manage Server
        default_factory=list,
        json_schema_extra=ui(
            "behaviour",
            "who",
            QT_TRANSLATE_NOOP("BehaviourPage", "Admin roles"),
            QT_TRANSLATE_NOOP(
                "BehaviourPage", "Can use /character set, /cast and /reset, besides people with Manage Server."
            ),
        ),
    )
    # How much: tokens per UTC day (0 = no limit), and an optional price to show money.
    daily_token_limit_per_user: int = Field(
        default=0,
        ge=0,
        json_schema_extra=ui(
            "behaviour",
            "much",
            QT_TRANSLATE_NOOP("BehaviourPage", "Per person a day"),
            unit=QT_TRANSLATE_NOOP("BehaviourPage", " tokens"),
            zero=QT_TRANSLATE_NOOP("BehaviourPage", "No limit"),
            step=10_000,
        ),
    )
    daily_token_limit_per_server: int = Field(
        default=0,
        ge=0,
        json_schema_extra=ui(
            "behaviour",
            "much",
            QT_TRANSLATE_NOOP("BehaviourPage", "Per ser&ver a day"),
            unit=QT_TRANSLATE_NOOP("BehaviourPage", " tokens"),
            zero=QT_TRANSLATE_NOOP("BehaviourPage", "No limit"),
            step=10_000,
        ),
    )
    daily_token_limit_total: int = Field(
        default=0,
        ge=0,
        json_schema_extra=ui(
            "behaviour",
            "much",
            QT_TRANSLATE_NOOP("BehaviourPage", "In total a day"),
            unit=QT_TRANSLATE_NOOP("BehaviourPage", " tokens"),
            zero=QT_TRANSLATE_NOOP("BehaviourPage", "No limit"),
            step=10_000,
        ),
    )
    cost_per_million_tokens: float = Field(
        default=0.0,
        ge=0,
        le=10_000,
        json_schema_extra=ui(
            "behaviour",
            "much",
            QT_TRANSLATE_NOOP("BehaviourPage", "Cost per 1M tokens"),
            QT_TRANSLATE_NOOP("BehaviourPage", "In your currency, to show what the tokens cost on the Usage page."),
            zero=QT_TRANSLATE_NOOP("BehaviourPage", "Not shown"),
            decimals=3,
            step=0.1,
        ),
    )
    # Discord's gateway sharding, for bots in thousands of servers (FAMILIAR_SHARD_COUNT/IDS override
    # them). None: one connection, no sharding. shard_ids empty: every shard of the count. Not in the
    # window: big bots run headless (settings.json or the variables).
    shard_count: ShardCount | None = None
    shard_ids: list[int] = Field(default_factory=list)

    @field_validator("shard_count")
    @classmethod
    def _shard_count(cls, value: ShardCount | None) -> ShardCount | None:
        if isinstance(value, int) and value < 1:
            raise ValueError('must be 1 or more, or "auto"')
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        problem = shard_problem(self.shard_count, self.shard_ids)
        if problem is not None:
            raise ValueError(f"shard_ids {problem}")
        return self

    @field_validator("schema_version")
    @classmethod
    def _current_version(cls, value: int) -> int:
        # Older files go through migrate() first; a model never holds another version.
        if value != SCHEMA_VERSION:
            raise ValueError(f"must be {SCHEMA_VERSION}")
        return value

    @field_validator("discord_api_base", "openai_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return _check_http_url(value)


# -- migration --------------------------------------------------------------


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """The old bot's flat config.json keys -> v2 names. Inline secrets stay in
    `raw` here; `load_settings` moves them into the secret store."""
    out = dict(raw)
    for old, new in (("openai_api_base", "openai_base_url"), ("model_name", "model")):
        if old in out:
            value = out.pop(old)
            out.setdefault(new, value)
    out["schema_version"] = 2
    return out


def _v2_to_v3(raw: dict[str, Any]) -> dict[str, Any]:
    """One character per channel (`channel_characters`) -> a cast per channel (`channel_casts`)."""
    out = dict(raw)
    single = out.pop("channel_characters", None)
    if isinstance(single, dict):
        casts = {
            channel: [character] if isinstance(character, str) else character for channel, character in single.items()
        }
        out.setdefault("channel_casts", casts)
    elif single is not None:
        out.setdefault("channel_casts", single)  # not a mapping: validation names the field
    out["schema_version"] = 3
    return out


# MIGRATIONS[n] upgrades a version-n dict to version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}

_INLINE_SECRET_KEYS = ("discord_token", "openai_api_key")


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Upgrade a settings dict step by step to SCHEMA_VERSION (returns a new dict).

    No `schema_version` means the old bot's layout (v1). A newer version than
    this app knows raises SettingsError: the file belongs to a newer Familiar
    and must not be rewritten by this one.
    """
    version = raw.get("schema_version", 1)
    shown = repr(version) if len(repr(version)) <= 40 else repr(version)[:37] + "..."  # a huge value, bounded
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SettingsError(f"field 'schema_version': must be a whole number >= 1, got {shown}", field="schema_version")
    if version > SCHEMA_VERSION:
        raise SettingsError(
            f"field 'schema_version': version {shown} was written by a newer Familiar; "
            f"this one understands up to version {SCHEMA_VERSION}. Update Familiar.",
            field="schema_version",
        )
    out = dict(raw)
    while version < SCHEMA_VERSION:
        out = MIGRATIONS[version](out)
        version = out["schema_version"]
    return out


# -- load / save ------------------------------------------------------------


def load_settings(folders: Folders, secret_store: SecretStore | None = None) -> Settings:
    """Read settings.json; defaults if it is missing.

    - Not JSON / not an object (bad syntax, not UTF-8, nested deeper than
      any settings file, a number too long to read): moved aside to
      `settings.json.corrupt-<time>` (never deleted), error logged, defaults
      returned.
    - Parseable but invalid, unknown fields, a value JSON cannot save (NaN,
      a lone surrogate) or a newer version: SettingsError naming the file and
      field; the file is left untouched.
    - Old versions are migrated; secrets found inline (v1) are moved to
      `secret_store` and the file is rewritten at once without them.
    """
    path = folders.settings_file
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read: {exc.strerror or exc}", path=path) from exc

    try:
        raw = parse_json_bytes(data)
        if not isinstance(raw, dict):
            raise JsonProblem(f"is a JSON {type(raw).__name__}, not an object")
    except JsonProblem as exc:
        _set_aside(path, exc)
        return Settings()

    _check_saveable(raw, path)  # before anything is migrated or moved to the secret store
    try:
        migrated = migrate(raw)
    except SettingsError as exc:
        raise SettingsError(f"{path}: {exc}", path=path, field=exc.field) from None

    inline = {key: migrated.pop(key) for key in _INLINE_SECRET_KEYS if key in migrated}
    settings = _validate(migrated, path)
    _check_saveable(settings.model_dump(), path)  # a value the validators coerced ("nan" -> NaN)

    if migrated != raw or inline:
        if inline:
            _move_inline_secrets(folders, inline, secret_store, path)
        # Rewrite now so the plain-text secret doesn't wait for the next save.
        save_settings(folders, settings)
        log.info("Migrated %s from schema version %s to %s", path, raw.get("schema_version", 1), SCHEMA_VERSION)
    return settings


def save_settings(folders: Folders, settings: Settings) -> None:
    """Atomic: a crash mid-save leaves the previous file intact.

    Raises SettingsError (before writing) for a value JSON cannot hold, which
    only settings built without validation can have.
    """
    # Python mode first: JSON mode would quietly write NaN as null.
    _check_saveable(settings.model_dump(), folders.settings_file)
    data = settings.model_dump(mode="json")
    data["schema_version"] = SCHEMA_VERSION
    atomic_write_bytes(folders.settings_file, json_bytes(data))


def _set_aside(path: Path, problem: JsonProblem) -> None:
    """Move an unreadable settings file out of the way (never delete it) and say so."""
    try:
        aside = _move_aside(path)
    except OSError as exc:
        raise SettingsError(
            f"{path} is not valid settings JSON: {_describe_parse_error(problem)}; "
            f"and it could not be moved aside: {exc.strerror or exc}",
            path=path,
        ) from None
    # Only the error position/type: the file may hold an inline token.
    log.error(
        "%s is not valid settings JSON: %s; moved it to %s and started with defaults",
        path,
        _describe_parse_error(problem),
        aside.name,
    )


def _check_saveable(value: dict[str, Any], path: Path) -> None:
    """SettingsError naming the field if `value` holds something JSON cannot save.

    Only the field name and the kind of problem: the value may be an inline token.
    """
    problem = find_problem(value)
    if problem is not None:
        field = problem.where or "(file)"
        top = problem.path[0] if problem.path else None
        raise SettingsError(
            f"{path}: field '{field}' {problem.reason}", path=path, field=top if isinstance(top, str) else None
        )


def _validate(raw: dict[str, Any], path: Path) -> Settings:
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = []
        first_field = None
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]) or "(file)"
            first_field = first_field or name
            message = "unknown setting" if error["type"] == "extra_forbidden" else error["msg"]
            problems.append(f"field '{name}': {message}")
        raise SettingsError(f"{path}: " + "; ".join(problems), path=path, field=first_field) from None


def _move_inline_secrets(folders: Folders, inline: dict[str, Any], store: SecretStore | None, path: Path) -> None:
    found = {
        key: value.strip()
        for key, value in inline.items()
        if isinstance(value, str) and value.strip() and value.strip() not in _V1_PLACEHOLDERS
    }
    if not found:
        return
    store = store or SecretStore(folders)
    try:
        current = store.load()
        # The store wins where it already has a value: it was set by this app,
        # later than the old bot's file.
        merged = Secrets(
            discord_token=current.discord_token or found.get("discord_token"),
            openai_api_key=current.openai_api_key or found.get("openai_api_key"),
        )
        store.save(merged)  # before rewriting settings.json, so a failure loses nothing
    except SecretStoreError as exc:  # its message never holds a value
        raise SettingsError(
            f"{path}: the {' and '.join(sorted(found))} in this file could not be moved to the secret store "
            f"({exc}); the file was left as it is",
            path=path,
            field=sorted(found)[0],
        ) from None
    log.info("Moved %s from %s to %s", " and ".join(sorted(found)), path.name, store.backend_name)


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():  # two corrupt files in one second: keep both
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    os.replace(path, target)
    return target


def _describe_parse_error(exc: JsonProblem) -> str:
    """A clause about the file; reasons never quote it (it may hold an inline token)."""
    return f"it {exc.reason}"


# -- effective config -------------------------------------------------------


@dataclass(frozen=True)
class EffectiveConfig:
    """What the bot runs with: settings + secrets + FAMILIAR_* overrides.

    A value whose change takes more than using it (a new connection to Discord, a new model
    client) says so in its metadata (`TAKES`); the supervisor reads it through `changes_take`.
    """

    settings: Settings
    discord_token: str | None = field(repr=False, metadata={TAKES: RECONNECT})
    discord_api_base: str = field(metadata={TAKES: RECONNECT})
    openai_base_url: str = field(metadata={TAKES: NEW_MODEL})
    openai_api_key: str | None = field(repr=False, metadata={TAKES: NEW_MODEL})
    model: str = field(metadata={TAKES: NEW_MODEL})
    #: FAMILIAR_CHARACTER as given (a card file or a saved id/name); the supervisor resolves it.
    character_reference: str | None = None
    #: Gateway sharding (FAMILIAR_SHARD_COUNT/IDS or the saved settings): None is one plain
    #: connection; "auto" is Discord's recommended count; `shard_ids` empty means all of them.
    shard_count: ShardCount | None = field(default=None, metadata={TAKES: RECONNECT})
    shard_ids: tuple[int, ...] = field(default=(), metadata={TAKES: RECONNECT})
    overridden: frozenset[str] = frozenset()  # field names set by the environment (for the UI)
    #: Environment overrides that were set but not usable (only with strict=False);
    #: the saved value is used in their place, and the app shows the error.
    env_errors: tuple[SettingsError, ...] = ()

    @property
    def is_configured(self) -> bool:
        return bool(self.discord_token)

    @property
    def secret_values(self) -> tuple[str, ...]:
        """Registered with `bot.redact` by the supervisor whenever it loads the config."""
        return tuple(v for v in (self.discord_token, self.openai_api_key) if v)


def changes_take(old: EffectiveConfig | None, new: EffectiveConfig) -> set[str]:
    """What going from `old` to `new` takes besides using the new values: RECONNECT and/or NEW_MODEL,
    from the `TAKES` metadata of EffectiveConfig's fields and Settings' fields. Everything else
    (who answers, how, limits...) is read at each reply and takes nothing more."""
    if old is None:
        return {RECONNECT, NEW_MODEL}
    takes: set[str] = set()
    for value in dataclasses.fields(EffectiveConfig):
        need = value.metadata.get(TAKES)
        if need is not None and getattr(old, value.name) != getattr(new, value.name):
            takes.add(need)
    for name, info in Settings.model_fields.items():
        extra = info.json_schema_extra
        need = extra.get(TAKES) if isinstance(extra, dict) else None
        if isinstance(need, str) and getattr(old.settings, name) != getattr(new.settings, name):
            takes.add(need)
    return takes


def effective_config(
    settings: Settings, secrets: Secrets, env: Mapping[str, str] = os.environ, *, strict: bool = True
) -> EffectiveConfig:
    """Merge; an env variable that is set and non-empty wins over the saved value.

    An unusable value raises `SettingsError` naming the variable, or, with
    `strict=False`, is recorded in `env_errors` and the saved value is used:
    the desktop app still starts and shows the sentence at the field.
    """
    overridden: set[str] = set()
    errors: list[SettingsError] = []

    def pick(name: str, env_var: str, saved: str | None, check: Callable[[str], str] | None = None) -> str | None:
        value = (env.get(env_var) or "").strip()
        if not value:
            return saved
        if check is not None:
            try:
                value = check(value)
            except ValueError as exc:
                error = SettingsError(_env_sentence(env_var, value, str(exc)), field=name, value=value)
                if strict:
                    raise error from None
                errors.append(error)
                overridden.add(name)  # still the environment's field: shown locked, with the error
                return saved
        overridden.add(name)
        return value

    token = pick("discord_token", ENV_DISCORD_TOKEN, secrets.discord_token)
    api_base = pick("discord_api_base", ENV_DISCORD_API_BASE, settings.discord_api_base, _check_http_url)
    base_url = pick("openai_base_url", ENV_OPENAI_BASE_URL, settings.openai_base_url, _check_http_url)
    api_key = pick("openai_api_key", ENV_OPENAI_API_KEY, secrets.openai_api_key)
    model = pick("model", ENV_MODEL, settings.model)
    character = pick("character_id", ENV_CHARACTER, None)
    shard_count, shard_ids = _pick_shards(settings, env, overridden, errors, strict)
    assert api_base is not None and base_url is not None and model is not None  # saved values are never None
    return EffectiveConfig(
        settings=settings,
        discord_token=token or None,
        discord_api_base=api_base,
        openai_base_url=base_url,
        openai_api_key=api_key or None,
        model=model,
        character_reference=character,
        shard_count=shard_count,
        shard_ids=tuple(shard_ids),
        overridden=frozenset(overridden),
        env_errors=tuple(errors),
    )


def _pick_shards(
    settings: Settings, env: Mapping[str, str], overridden: set[str], errors: list[SettingsError], strict: bool
) -> tuple[ShardCount | None, list[int]]:
    """FAMILIAR_SHARD_COUNT and FAMILIAR_SHARD_IDS over the saved shard settings, checked together."""
    count: ShardCount | None = settings.shard_count
    ids: list[int] = list(settings.shard_ids)

    def refuse(env_var: str, name: str, value: str, problem: str) -> None:
        error = SettingsError(_env_sentence(env_var, value, problem, url=False), field=name, value=value)
        if strict:
            raise error
        errors.append(error)
        overridden.add(name)

    raw_count = (env.get(ENV_SHARD_COUNT) or "").strip()
    raw_ids = (env.get(ENV_SHARD_IDS) or "").strip()
    try:
        if raw_count:
            count = _parse_shard_count(raw_count)
            overridden.add("shard_count")
            if not raw_ids:
                ids = []  # a new count from the environment: the saved ids belonged to the old one
    except ValueError as exc:
        refuse(ENV_SHARD_COUNT, "shard_count", raw_count, str(exc))
        return settings.shard_count, list(settings.shard_ids)
    try:
        if raw_ids:
            ids = _parse_shard_ids(raw_ids)
            overridden.add("shard_ids")
    except ValueError as exc:
        refuse(ENV_SHARD_IDS, "shard_ids", raw_ids, str(exc))
        return settings.shard_count, list(settings.shard_ids)
    problem = shard_problem(count, ids)
    if problem is not None:
        shown = raw_ids or ",".join(map(str, ids))
        if count is None or count == "auto":
            refuse(ENV_SHARD_IDS, "shard_ids", shown, f"needs {ENV_SHARD_COUNT} set to a number of shards")
        else:
            refuse(ENV_SHARD_IDS, "shard_ids", shown, f"does not fit {ENV_SHARD_COUNT}={count}: shard ids {problem}")
        return settings.shard_count, list(settings.shard_ids)
    return count, ids


def shard_problem(count: ShardCount | None, ids: list[int] | tuple[int, ...]) -> str | None:
    """Why shard ids do not fit the count (a clause), or None. discord.py needs a number with ids."""
    if not ids:
        return None
    if count is None or count == "auto":
        return "need shard_count set to a number of shards"
    wrong = [shard for shard in ids if not 0 <= shard < count]
    if wrong:
        return f"go from 0 to {count - 1} for {count} shards ({wrong[0]} does not)"
    if len(set(ids)) != len(ids):
        return "name each shard once"
    return None


def _parse_shard_count(value: str) -> ShardCount:
    if value.lower() == "auto":
        return "auto"
    try:
        count = int(value)
    except ValueError:
        raise ValueError("must be a whole number of shards (1 or more) or auto") from None
    if count < 1:
        raise ValueError("must be a whole number of shards (1 or more) or auto")
    return count


def _parse_shard_ids(value: str) -> list[int]:
    try:
        ids = [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError:
        raise ValueError("must be shard numbers separated by commas (for example 0,1)") from None
    if not ids or any(shard < 0 for shard in ids):
        raise ValueError("must be shard numbers separated by commas (for example 0,1)")
    return ids


def _env_sentence(env_var: str, value: str, problem: str, *, url: bool = True) -> str:
    """Only URL and shard variables are checked, so the value is safe to quote (it is never a secret)."""
    shown = value if len(value) <= 80 else value[:77] + "..."
    hint = f" (for example http://{shown})" if url and "://" not in value else ""
    return (
        f"The environment variable {env_var} is '{shown}', which {problem.replace('must be', 'is not')}"
        f"{hint}; fix or unset it."
    )
