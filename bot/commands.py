"""Slash commands and reply buttons, with discord.py's own `app_commands`.

What a server member can do from Discord (names and options are a contract):
`/character set|list|info`, `/cast add|remove|list`, `/reset`, `/regenerate`,
`/status`, `/help`; and on every reply in a server, buttons: ◀ ▶ (earlier and
later alternatives, "2/3"), 🔄 Regenerate, 🗑 Delete.

Why it is built this way:
- The commands change settings through the supervisor (`CommandHooks.change_settings`),
  which saves `settings.json` and applies it like a save in the settings window: the
  bot never keeps a second copy of the truth.
- Buttons are `DynamicItem`s: their custom id carries everything a press needs
  (action, answered message, the alternative shown), so they keep working after a
  restart without a view registry. What they change is the newest reply only, as
  in SillyTavern: an older reply is history the conversation went on from.
- Discord rate-limits command syncs, so the command set is synced only when it
  changed: its payload's hash is kept per application and scope (`SyncRecord`).
- Admin commands (`/cast`, `/reset`) carry Manage Server as their default member
  permission, so Discord shows them only to server admins, who can re-assign them
  in its Integrations page. With `admin_roles` set, Discord cannot know those roles,
  so the commands are shown to everyone and the bot refuses, in words, whoever has
  neither Manage Server nor such a role. `/character set` shares its top-level
  command with `list` and `info`, which everyone may use (Discord sets default
  permissions per top-level command), so it always checks for itself.
- Every answer to a refused or failed interaction is an ephemeral sentence; work
  that may take longer than Discord's 3 seconds is deferred first.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands
from discord.app_commands import locale_str

from .access import decide, is_admin
from .atomic import atomic_write_bytes, json_bytes
from .characters import Character
from .delivery import TRANSIENT_ERRORS, describe
from .i18n import (
    DEFAULT_LANGUAGE,
    N_,
    catalog,
    language,
    languages,
    number,
    plural,
    translate,
)
from .settings import Settings

if TYPE_CHECKING:
    from .client import FamiliarClient

log = logging.getLogger(__name__)

#: Autocomplete shows at most this many characters (Discord's own limit is 25).
AUTOCOMPLETE_CHOICES = 25
#: A button's custom id: what to do, to which reply (the message it answers), showing which alternative.
BUTTON_ID = r"familiar:(?P<action>prev|next|regen|delete):(?P<answered>[0-9]+):(?P<shown>[0-9]+)"
#: The disabled "2/3" between them (`CountLabel`).
COUNT_ID = r"familiar:count:(?P<answered>[0-9]+)"

SettingsChange = Callable[[Settings], Settings]
#: What a sync may meet besides Discord's answers: the network, and (RuntimeError) a session closed under it.
SYNC_FAILURES: tuple[type[BaseException], ...] = (*TRANSIENT_ERRORS, RuntimeError)


@dataclass
class CommandHooks:
    """What the commands need from the supervisor (the client lives shorter than it)."""

    change_settings: Callable[[SettingsChange], Awaitable[Settings]]
    sync_record: SyncRecord
    connected_since: Callable[[], float | None] = lambda: None


# ----- sync once per change -----


@dataclass
class SyncRecord:
    """The hash of the command set last synced, per application and scope, in a small JSON file."""

    path: Path
    _data: dict[str, str] = field(default_factory=dict)
    _loaded: bool = False

    def synced(self, key: str) -> str | None:
        self._load()
        return self._data.get(key)

    def remember(self, key: str, digest: str) -> None:
        self._load()
        self._data[key] = digest
        self._write()

    def keys(self, prefix: str) -> list[str]:
        self._load()
        return [key for key in self._data if key.startswith(prefix)]

    def drop(self, key: str) -> None:
        self._load()
        if self._data.pop(key, None) is not None:
            self._write()

    def _write(self) -> None:
        try:
            atomic_write_bytes(self.path, json_bytes(self._data))
        except OSError as error:  # the next start syncs once more; nothing else is lost
            log.warning("Could not remember the command sync in %s: %s", self.path, error)

    def forget(self) -> None:
        """The next connection syncs every scope again (the settings window's Re-sync button)."""
        self._load()
        self._data.clear()
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("Could not remove %s: %s", self.path, error)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            log.warning("Ignoring %s (%s); commands will be synced again", self.path, error)
            return
        if isinstance(data, dict):
            self._data = {str(k): str(v) for k, v in data.items()}


def command_digest(payload: Sequence[dict[str, Any]]) -> str:
    """A stable hash of a command set as Discord receives it."""
    canonical = json.dumps(sorted(payload, key=lambda c: str(c.get("name"))), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# ----- finding characters by name -----


def find_character(characters: Sequence[Character], wanted: str) -> Character | None:
    """A saved character by id or name (or nickname), any case. Never a file path."""
    key = wanted.strip().casefold()
    for character in characters:
        if key in (character.id.casefold(), character.name.casefold()):
            return character
    for character in characters:
        if character.nickname and character.nickname.casefold() == key:
            return character
    return None


def _channel_key(interaction: discord.Interaction) -> str:
    return str(interaction.channel_id)


# ----- in whose language (bot.i18n) -----


def _mine(interaction: discord.Interaction) -> str:
    """The asker's Discord language: for what only they see (ephemeral answers)."""
    return str(interaction.locale)


def _here(interaction: discord.Interaction) -> str:
    """The server's language: for what the channel sees (in a DM, the asker's)."""
    return str(interaction.guild_locale or interaction.locale)


class CommandTranslator(app_commands.Translator):
    """The commands' and options' descriptions in Discord's languages (names stay English:
    they are the contract, and people share them as they are)."""

    KEEP = (
        app_commands.TranslationContextLocation.command_name,
        app_commands.TranslationContextLocation.group_name,
        app_commands.TranslationContextLocation.parameter_name,
        app_commands.TranslationContextLocation.choice_name,
    )

    async def load(self) -> None:
        # The catalogs are small files, read once: in a worker thread, not on the event loop.
        await asyncio.to_thread(lambda: [catalog(lang) for lang in languages()])

    async def translate(
        self, string: locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        if context.location in self.KEEP or language(locale) == DEFAULT_LANGUAGE:
            return None
        translated = translate(string.message, locale)
        return translated if translated != string.message else None


# ----- the reply buttons -----


class ReplyButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=BUTTON_ID):
    """◀ ▶ 🔄 🗑 under a reply; persistent (the custom id says everything)."""

    LOOK: ClassVar[dict[str, tuple[str, str]]] = {
        "prev": ("◀", "Earlier alternative"),
        "next": ("▶", "Later alternative (or a new one)"),
        "regen": ("🔄", "Regenerate"),
        "delete": ("🗑", "Delete this reply"),
    }

    def __init__(self, action: str, answered: int, shown: int, *, disabled: bool = False) -> None:
        emoji, _ = self.LOOK[action]
        style = discord.ButtonStyle.danger if action == "delete" else discord.ButtonStyle.secondary
        super().__init__(
            discord.ui.Button(
                style=style, emoji=emoji, disabled=disabled, custom_id=f"familiar:{action}:{answered}:{shown}"
            )
        )
        self.action, self.answered, self.shown = action, answered, shown

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button[discord.ui.View], match: re.Match[str]
    ) -> ReplyButton:
        return cls(match["action"], int(match["answered"]), int(match["shown"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        commands: Commands | None = getattr(interaction.client, "commands", None)
        if commands is None:
            await _say(interaction, translate(N_("The bot is restarting; try again in a moment."), _mine(interaction)))
            return
        commands.track(interaction)
        decision = commands.access(interaction)
        if not decision.allowed:
            await _say(interaction, translate(decision.reason, _mine(interaction)))
            return
        await commands.on_button(interaction, self.action, self.answered, self.shown)


class CountLabel(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=COUNT_ID):
    """The "2/3" between ◀ and ▶: a disabled button no one can press.

    A DynamicItem only so that every item of `reply_buttons` is one. discord.py 2.7.1
    (`ViewStore.add_view`) keeps a view that has any plain button with a custom id in its
    store, by message id, until the view times out, and ours never do: a view and its
    buttons held for good for every reply sent (~5 KB each: 16 MB over 3,000 replies).
    A view of DynamicItems only is dispatched by custom-id pattern and not kept at all.
    """

    def __init__(self, answered: int, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label, disabled=True, custom_id=f"familiar:count:{answered}", style=discord.ButtonStyle.secondary
            )
        )
        self.answered = answered

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button[discord.ui.View], match: re.Match[str]
    ) -> CountLabel:
        return cls(int(match["answered"]), item.label)


def reply_buttons(answered: int, shown: int, count: int) -> discord.ui.View:
    """The buttons under a reply showing alternative `shown` of `count`.

    All DynamicItems (see `CountLabel`), so discord.py keeps nothing per reply.
    """
    view = discord.ui.View(timeout=None)
    view.add_item(ReplyButton("prev", answered, shown, disabled=shown <= 0))
    view.add_item(CountLabel(answered, f"{shown + 1}/{count}"))
    view.add_item(ReplyButton("next", answered, shown))
    view.add_item(ReplyButton("regen", answered, shown))
    view.add_item(ReplyButton("delete", answered, shown))
    return view


async def _say(interaction: discord.Interaction, text: str) -> None:
    """An ephemeral sentence, whether or not the interaction was answered already."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as error:
        log.warning("Could not answer an interaction: %s", error)


# ----- the command tree -----


class FamiliarTree(app_commands.CommandTree["FamiliarClient"]):
    """Refuses people the access rules leave out, and answers errors in words."""

    def __init__(self, client: FamiliarClient, commands: Commands) -> None:
        super().__init__(client)
        self._commands = commands

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        self._commands.track(interaction)
        decision = self._commands.access(interaction)
        if not decision.allowed:
            log.debug("Refused an interaction of %s: %s", interaction.user.id, decision.reason)
            await _say(interaction, translate(decision.reason, _mine(interaction)))
        return decision.allowed

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CheckFailure):
            # Ours are marked English sentences (AdminOnly); discord.py's own stay as they are.
            await _say(
                interaction, translate(str(error) or N_("You cannot use this command here."), _mine(interaction))
            )
            return
        log.error("Command /%s failed", getattr(interaction.command, "qualified_name", "?"), exc_info=error)
        await _say(
            interaction,
            translate(N_("Something went wrong with that command; it is in the bot's log."), _mine(interaction)),
        )


class AdminOnly(app_commands.CheckFailure):
    """Refused for not being a server admin; the message is a marked English sentence (translated when said)."""


class Commands:
    """The slash commands and buttons of one client (lives as long as it)."""

    def __init__(self, client: FamiliarClient, hooks: CommandHooks) -> None:
        self.client = client
        self.hooks = hooks
        self.tree = FamiliarTree(client, self)
        self._sync_lock = asyncio.Lock()
        self._guild_scopes: list[int] = []
        self._running: set[asyncio.Task[Any]] = set()  # interactions being handled (discord.py's tasks)
        self._register()
        client.add_dynamic_items(ReplyButton)

    def track(self, interaction: discord.Interaction | None = None) -> None:
        """Note the interaction task running now, so a shutdown can end it before memory closes,
        and the asker's Discord language, for notices in their DMs."""
        if interaction is not None:
            self.client.replier.remember_locale(interaction.user.id, interaction.locale)
        task = asyncio.current_task()
        if task is not None and task not in self._running:
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def cancel(self) -> None:
        """End the interactions still being handled (shutdown, reconnect)."""
        running = [task for task in self._running if task is not asyncio.current_task()]
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)

    # ----- who may -----

    def access(self, interaction: discord.Interaction) -> Any:
        user = interaction.user
        roles = [role.id for role in getattr(user, "roles", [])]
        return decide(
            self.client.brain.settings,
            user_id=user.id,
            role_ids=roles,
            in_dm=interaction.guild_id is None,
            owner_ids=self.client.owner_ids(),
        )

    def is_admin(self, interaction: discord.Interaction) -> bool:
        user = interaction.user
        permissions = interaction.permissions.value if interaction.guild_id is not None else 0
        return is_admin(
            self.client.brain.settings,
            permissions=permissions,
            role_ids=[role.id for role in getattr(user, "roles", [])],
            user_id=user.id,
            owner_ids=self.client.owner_ids(),
        )

    def _require_admin(self, interaction: discord.Interaction, refusal: str) -> None:
        """`refusal`: the marked sentence said to anyone else."""
        if not self.is_admin(interaction):
            raise AdminOnly(refusal)

    # ----- sync -----

    def _register(self) -> list[int]:
        """Put the commands in the tree for the settings now; returns the servers they go to directly.

        With no allowed servers, every command is global (servers and DMs). With some, the
        commands go to each allowed server directly (available at once there) and the
        global set keeps only what works in DMs, so no server lists a command twice.
        """
        self.tree.clear_commands(guild=None)
        for guild_id in self._guild_scopes:
            self.tree.clear_commands(guild=discord.Object(guild_id))
        guilds = list(dict.fromkeys(self.client.brain.settings.allowed_guilds))
        self._guild_scopes = guilds
        for command in self._build():
            if guilds:
                if not command.guild_only:
                    command.allowed_contexts = app_commands.AppCommandContext(guild=False, dm_channel=True)
                    self.tree.add_command(command)
                for guild_id in guilds:
                    self.tree.add_command(self._copy(command), guild=discord.Object(guild_id))
            else:
                self.tree.add_command(command)
        return guilds

    def _copy(self, command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> Any:
        """A fresh copy for one server's scope (a command object belongs to one parent)."""
        fresh = {c.name: c for c in self._build()}[command.name]
        fresh.allowed_contexts = None
        return fresh

    async def sync_if_changed(self, *, force: bool = False) -> None:
        """Sync each scope whose command set changed since it was last synced (all with `force`)."""
        async with self._sync_lock:
            application_id = self.client.application_id
            if application_id is None:
                return
            record = self.hooks.sync_record
            if self.tree.translator is None:  # descriptions in Discord's languages (names stay English)
                await self.tree.set_translator(CommandTranslator())
            guilds = self._register()
            # The record is a small file written with fsync: its I/O goes to a worker thread.
            synced_guilds = await asyncio.to_thread(record.keys, f"{application_id}:guild:")
            gone = [int(key.rsplit(":", 1)[1]) for key in synced_guilds]
            scopes: list[int | None] = [None, *guilds, *(g for g in gone if g not in guilds)]
            for guild_id in scopes:
                where = discord.Object(guild_id) if guild_id is not None else None
                payload = await self._payload(where)
                key = f"{application_id}:global" if guild_id is None else f"{application_id}:guild:{guild_id}"
                digest = command_digest(payload)
                if not force and record.synced(key) == digest:
                    continue
                try:
                    await self.tree.sync(guild=where)
                except SYNC_FAILURES as error:
                    # Discord refusing the set is worth a warning; a network or server hiccup is not
                    # (the next connection tries again), and neither is a client closing under it.
                    refused = isinstance(error, discord.HTTPException) and 400 <= error.status < 500
                    level = logging.WARNING if refused else logging.DEBUG if self.client.is_closed() else logging.INFO
                    log.log(
                        level,
                        "Could not sync the slash commands (%s); trying again at the next connection",
                        describe(error),
                    )
                    return
                if payload or guild_id is None:
                    await asyncio.to_thread(record.remember, key, digest)
                else:
                    await asyncio.to_thread(record.drop, key)  # a server no longer allowed: commands removed
                log.info(
                    "Synced %d slash commands with Discord (%s)",
                    len(payload),
                    "global" if guild_id is None else f"server {guild_id}",
                )

    async def _payload(self, where: discord.abc.Snowflake | None) -> list[dict[str, Any]]:
        """A scope's commands as `tree.sync` sends them, translations included (so a changed
        translation is a changed command set)."""
        translator = self.tree.translator
        commands = self.tree.get_commands(guild=where)
        if translator is None:
            return [command.to_dict(self.tree) for command in commands]
        return [await command.get_translated_payload(self.tree, translator) for command in commands]

    # ----- the commands -----

    def _build(self) -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
        # Discord shows /cast and /reset only to Manage Server (admins can re-assign them in Integrations);
        # with admin roles set, everyone sees them and the bot itself refuses people who are neither.
        admin_roles = bool(self.client.brain.settings.admin_roles)
        admins_only = None if admin_roles else discord.Permissions(manage_guild=True)
        # Descriptions are `locale_str`s: CommandTranslator gives Discord them in its languages.
        character = app_commands.Group(
            name="character", description=locale_str("The character who speaks in this channel"), guild_only=True
        )
        cast = app_commands.Group(
            name="cast",
            description=locale_str("The characters who speak together in this channel"),
            guild_only=True,
            default_permissions=admins_only,
        )

        @character.command(name="set", description=locale_str("Make one character speak in this channel"))
        @app_commands.describe(name=locale_str("A saved character's name or id"))
        async def character_set(interaction: discord.Interaction, name: str) -> None:
            self._require_admin(interaction, N_("Only server admins can choose the character."))
            chosen = await self._character(interaction, name)
            if chosen is None:
                return
            key = _channel_key(interaction)
            await self.hooks.change_settings(
                lambda s: s.model_copy(update={"channel_casts": {**s.channel_casts, key: [chosen.id]}})
            )
            await interaction.response.send_message(
                translate(N_("{name} speaks in this channel now."), _here(interaction), name=chosen.name)
            )

        @character.command(name="list", description=locale_str("The saved characters"))
        async def character_list(interaction: discord.Interaction) -> None:
            characters = await asyncio.to_thread(self.client.brain.characters.list)
            here = {c.id for c in (await self._cast_here(interaction))[0]}
            mine = _mine(interaction)
            lines = [
                translate(N_("- **{name}** (here)"), mine, name=c.name) if c.id in here else f"- **{c.name}**"
                for c in characters
            ]
            await interaction.response.send_message(
                "\n".join(lines) or translate(N_("No characters saved."), mine), ephemeral=True
            )

        @character.command(name="info", description=locale_str("About a character"))
        @app_commands.describe(name=locale_str("A saved character's name or id (default: the one speaking here)"))
        async def character_info(interaction: discord.Interaction, name: str | None = None) -> None:
            if name is None:
                chosen: Character | None = (await self._cast_here(interaction))[0][0]
            else:
                chosen = await self._character(interaction, name)
            if chosen is None:
                return
            embed = discord.Embed(title=chosen.name, description=_clip(chosen.description, 1000) or None)
            mine = _mine(interaction)
            if chosen.creator_notes:
                embed.add_field(
                    name=translate(N_("Creator's notes"), mine), value=_clip(chosen.creator_notes, 1000), inline=False
                )
            if chosen.creator:
                embed.set_footer(text=translate(N_("By {creator}"), mine, creator=chosen.creator))
            avatar = await asyncio.to_thread(self.client.replier.avatar, chosen)
            files = []
            if avatar:
                files.append(discord.File(io.BytesIO(avatar), filename="avatar.png"))
                embed.set_thumbnail(url="attachment://avatar.png")
            await interaction.response.send_message(embed=embed, files=files, ephemeral=True)

        @character_set.autocomplete("name")
        @character_info.autocomplete("name")
        async def character_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            return await self._choices(current)

        @cast.command(name="add", description=locale_str("Add a character to this channel's cast"))
        @app_commands.describe(name=locale_str("A saved character's name or id"))
        async def cast_add(interaction: discord.Interaction, name: str) -> None:
            if admin_roles:
                self._require_admin(interaction, N_("Only server admins can change the cast."))
            chosen = await self._character(interaction, name)
            if chosen is None:
                return
            members = [c.id for c in (await self._cast_here(interaction))[0]]
            if chosen.id in members:
                await _say(
                    interaction,
                    translate(N_("{name} is already in this channel's cast."), _mine(interaction), name=chosen.name),
                )
                return
            key = _channel_key(interaction)
            await self.hooks.change_settings(
                lambda s: s.model_copy(update={"channel_casts": {**s.channel_casts, key: [*members, chosen.id]}})
            )
            await interaction.response.send_message(
                translate(N_("{name} joins the cast here."), _here(interaction), name=chosen.name)
            )

        @cast.command(name="remove", description=locale_str("Remove a character from this channel's cast"))
        @app_commands.describe(name=locale_str("A cast member's name or id"))
        async def cast_remove(interaction: discord.Interaction, name: str) -> None:
            if admin_roles:
                self._require_admin(interaction, N_("Only server admins can change the cast."))
            members, _ = await self._cast_here(interaction)
            chosen = find_character(members, name)
            if chosen is None:
                await _say(
                    interaction,
                    translate(N_("No one called “{name}” is in this channel's cast."), _mine(interaction), name=name),
                )
                return
            rest = [c.id for c in members if c.id != chosen.id]
            key = _channel_key(interaction)

            def without(s: Settings) -> Settings:
                casts = {**s.channel_casts}
                if rest:
                    casts[key] = rest
                else:
                    casts.pop(key, None)  # the default character speaks again
                return s.model_copy(update={"channel_casts": casts})

            await self.hooks.change_settings(without)
            await interaction.response.send_message(
                translate(N_("{name} leaves the cast here."), _here(interaction), name=chosen.name)
            )

        @cast.command(name="list", description=locale_str("Who speaks in this channel"))
        async def cast_list(interaction: discord.Interaction) -> None:
            members, explicit = await self._cast_here(interaction)
            names = ", ".join(f"**{c.name}**" for c in members)
            said = (
                N_("Speaking here: {names}")
                if explicit
                else N_("Speaking here: {names} (the default character; add others with /cast add)")
            )
            await interaction.response.send_message(translate(said, _mine(interaction), names=names), ephemeral=True)

        @cast_add.autocomplete("name")
        @cast_remove.autocomplete("name")
        async def cast_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            return await self._choices(current)

        @app_commands.command(name="reset", description=locale_str("Start a new conversation in this channel"))
        async def reset(interaction: discord.Interaction) -> None:
            if interaction.guild_id is not None and admin_roles:
                self._require_admin(interaction, N_("Only server admins can reset the conversation."))
            channel = interaction.channel
            if not isinstance(channel, discord.abc.Messageable):
                await _say(interaction, translate(N_("There is no conversation to reset here."), _mine(interaction)))
                return
            await self.client.brain.memory.reset(interaction.channel_id or 0)
            await interaction.response.send_message(
                translate(N_("A new conversation starts here."), _here(interaction))
            )
            members, _ = await self._cast_here(interaction)
            for member in members:  # the cast greets again, as in a new chat
                await self.client.replier.greet(
                    channel, member, user=interaction.user.display_name, occasion=interaction.id
                )

        @app_commands.command(name="regenerate", description=locale_str("Ask again for the last reply in this channel"))
        async def regenerate(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            said = await self.client.swipes.regenerate(interaction.channel_id or 0)
            said = translate(said or N_("Here is a new reply."), _mine(interaction))
            await interaction.followup.send(said, ephemeral=True)

        @app_commands.command(name="status", description=locale_str("How the bot is doing"))
        async def status(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(await self._status(interaction), ephemeral=True)

        @app_commands.command(name="help", description=locale_str("What this bot does and its commands"))
        async def help_(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(await self._help(interaction), ephemeral=True)

        reset.default_permissions = admins_only
        return [character, cast, reset, regenerate, status, help_]

    async def _cast_here(self, interaction: discord.Interaction) -> tuple[list[Character], bool]:
        """The cast of the interaction's channel (reads small files: in a thread)."""
        channel = interaction.channel
        if not isinstance(channel, discord.abc.Messageable):
            return [await asyncio.to_thread(self.client.default_character)], False
        return await asyncio.to_thread(self.client.cast_for, channel)

    async def _character(self, interaction: discord.Interaction, name: str) -> Character | None:
        characters = await asyncio.to_thread(self.client.brain.characters.list)
        chosen = find_character(characters, name)
        if chosen is None:
            await _say(
                interaction,
                translate(
                    N_("No character called “{name}”. /character list shows them."), _mine(interaction), name=name
                ),
            )
        return chosen

    async def _choices(self, current: str) -> list[app_commands.Choice[str]]:
        characters = await asyncio.to_thread(self.client.brain.characters.list)
        typed = current.casefold()
        matching = [c for c in characters if typed in c.name.casefold() or typed in c.id.casefold()]
        return [app_commands.Choice(name=c.name[:100], value=c.id) for c in matching[:AUTOCOMPLETE_CHOICES]]

    async def _status(self, interaction: discord.Interaction) -> str:
        client = self.client
        settings = client.brain.settings
        members, _ = await self._cast_here(interaction)
        preset = await asyncio.to_thread(client.preset)
        locale = _mine(interaction)
        lines = [
            translate(N_("**Model:** {model}"), locale, model=client.brain.model.model),
            translate(N_("**Speaking here:** {names}"), locale, names=", ".join(m.name for m in members)),
            translate(N_("**Preset:** {preset}"), locale, preset=preset.name),
        ]
        latencies = sorted(client.replier.latencies)
        if latencies:
            median = latencies[len(latencies) // 2]
            lines.append(
                plural(
                    N_("**Replies:** {median} s (median of the last {count})"),
                    N_("**Replies:** {median} s (median of the last {count})"),
                    len(latencies),
                    locale,
                    median=number(median, locale, places=1),
                )
            )
        usage = await client.usage_today(interaction.user.id, interaction.guild_id)
        if usage is not None:
            mine, server, total = usage
            if interaction.guild_id is not None:
                said = N_("**Tokens today:** {total} (you {mine}, this server {server})")
            else:
                said = N_("**Tokens today:** {total} (you {mine})")
            lines.append(translate(said, locale, total=total, mine=mine, server=server))
        since = self.hooks.connected_since()
        if since is not None:
            lines.append(
                translate(N_("**Connected for:** {duration}"), locale, duration=_duration(time.time() - since, locale))
            )
        if settings.dm_policy == "nobody":
            lines.append(translate(N_("Direct messages are closed."), locale))
        return "\n".join(lines)

    async def _help(self, interaction: discord.Interaction) -> str:
        members, _ = await self._cast_here(interaction)
        names = ", ".join(m.name for m in members)
        locale = _mine(interaction)
        return "\n".join(
            [
                translate(
                    N_(
                        "I play AI characters. Here: **{names}**. "
                        "Mention me, reply to a character, or call one by name."
                    ),
                    locale,
                    names=names,
                ),
                "",
                translate(N_("**/character** set · list · info: who speaks in this channel"), locale),
                translate(N_("**/cast** add · remove · list: several characters in one channel"), locale),
                translate(
                    N_("**/reset**: a new conversation here · **/regenerate**: ask again for the last reply"), locale
                ),
                translate(N_("**/status**: model, characters, usage · **/help**: this"), locale),
                translate(N_("Under a reply: ◀ ▶ other alternatives, 🔄 regenerate, 🗑 delete."), locale),
            ]
        )

    # ----- buttons -----

    async def on_button(self, interaction: discord.Interaction, action: str, answered: int, shown: int) -> None:
        client = self.client
        channel_id = interaction.channel_id or 0
        mine = _mine(interaction)  # what the swipes say is marked English, for the presser alone
        if action == "delete":
            if not (interaction.user.id == await client.brain.memory.author_of(answered) or self.is_admin(interaction)):
                await _say(
                    interaction,
                    translate(N_("Only the person who was answered, or a server admin, can delete this reply."), mine),
                )
                return
            await interaction.response.defer(ephemeral=True, thinking=False)
            said = await client.swipes.delete(channel_id, answered)
            if said:
                await _say(interaction, translate(said, mine))
            return
        await interaction.response.defer()  # edits can take a moment; the buttons stay
        if action == "prev":
            said = await client.swipes.show(channel_id, answered, shown - 1)
        elif action == "next":
            said = await client.swipes.show(channel_id, answered, shown + 1, past_end_regenerates=True)
        else:
            said = await client.swipes.regenerate(channel_id, answered=answered)
        if said:
            await _say(interaction, translate(said, mine))


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _duration(seconds: float, locale: object | None = None) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return translate(N_("{days} d {hours} h"), locale, days=days, hours=hours)
    if hours:
        return translate(N_("{hours} h {minutes} min"), locale, hours=hours, minutes=minutes)
    if minutes:
        return translate(N_("{minutes} min"), locale, minutes=minutes)
    return translate(N_("{seconds} s"), locale, seconds=int(seconds))
