"""Slash commands, autocomplete and buttons: the real discord.py client (with a real
``app_commands.CommandTree`` and ``discord.ui`` views) against the fake's interactions.

These tests pin the fake's interaction API (tests/fakes/discord_server.py, "Interactions")
and what discord.py 2.7.1 does with it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from bot.discord_compat import fast_client_options
from tests.fakes.discord_server import (
    ALL_PERMISSIONS,
    EPHEMERAL,
    LOADING,
    MANAGE_GUILD,
    MANAGE_WEBHOOKS,
    CommandSync,
    FakeDiscord,
    Guild,
    User,
)

log = logging.getLogger(__name__)

TIMEOUT = 10.0
#: FAKE_INTERACTIONS_REPEAT=5 runs every test five times (a flakiness check; once by default).
REPEAT = int(os.environ.get("FAKE_INTERACTIONS_REPEAT", "1"))


@pytest.fixture(autouse=True, params=range(REPEAT), ids=lambda run: f"run{run}")
def repeat(request: pytest.FixtureRequest) -> int:
    return int(request.param)


class Tree(app_commands.CommandTree[discord.Client]):
    """Keeps every error; a failed check is answered like a bot would (ephemeral, once)."""

    def __init__(self, client: discord.Client) -> None:
        super().__init__(client)
        self.errors: list[app_commands.AppCommandError] = []

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        self.errors.append(error)
        if isinstance(error, app_commands.CheckFailure) and not interaction.response.is_done():
            await interaction.response.send_message(f"Not allowed: {error}", ephemeral=True)
        elif not isinstance(error, app_commands.CheckFailure):
            log.info("command failed: %r", error)


class PanelView(discord.ui.View):
    """A persistent view (timeout=None, fixed custom_ids): it works across restarts via add_view."""

    def __init__(self, *, paused: bool = False) -> None:
        super().__init__(timeout=None)
        self.pause.disabled = paused

    @discord.ui.button(label="Pause", emoji="⏸️", custom_id="familiar:pause", style=discord.ButtonStyle.danger)
    async def pause(self, interaction: discord.Interaction, button: discord.ui.Button[PanelView]) -> None:
        content = f"Paused by {interaction.user.name}"
        await interaction.response.edit_message(content=content, view=PanelView(paused=True))

    @discord.ui.button(label="Status", custom_id="familiar:status")
    async def status(self, interaction: discord.Interaction, button: discord.ui.Button[PanelView]) -> None:
        await interaction.response.defer()  # type 6 for a component: nothing visible changes yet
        await interaction.edit_original_response(content="Status: all quiet")  # edits the panel itself


class RollButton(discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=r"roll:(?P<sides>\d+)"):
    """A DynamicItem: its state lives in the custom_id, so any message carrying one works."""

    def __init__(self, sides: int) -> None:
        super().__init__(discord.ui.Button(label=f"Roll d{sides}", custom_id=f"roll:{sides}"))
        self.sides = sides

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RollButton:
        return cls(int(match["sides"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"{interaction.user.name} rolls a d{self.sides}", ephemeral=True)


class CommandBot(discord.Client):
    """A client with a real CommandTree: the commands the tests run, and what they observed."""

    def __init__(self, guild_id: int, *, members: bool = False) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = members
        options: dict[str, Any] = dict(fast_client_options())
        super().__init__(intents=intents, **options)
        self.tree = Tree(self)
        self.seen: list[Any] = []  # whatever the commands want the test to check
        self.outcomes: asyncio.Queue[Any] = asyncio.Queue()  # results of slow or failing calls
        self.gate = asyncio.Event()  # commands that wait for the test
        self.messages: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.ready = asyncio.Event()
        add_commands(self, guild_id)

    async def setup_hook(self) -> None:
        self.add_view(PanelView())  # persistent: answers presses on panels from earlier runs
        self.add_dynamic_items(RollButton)

    async def on_ready(self) -> None:
        self.ready.set()

    async def on_message(self, message: discord.Message) -> None:
        await self.messages.put(message)

    async def next_message(self, predicate: Any = lambda m: True) -> discord.Message:
        async with asyncio.timeout(TIMEOUT):
            while True:
                message = await self.messages.get()
                if predicate(message):
                    return message


def add_commands(client: CommandBot, guild_id: int) -> None:
    tree = client.tree

    character = app_commands.Group(name="character", description="Who the bot plays")

    @character.command(name="set", description="Pick the character")
    @app_commands.describe(name="Who speaks", private="Only you see the answer")
    async def character_set(interaction: discord.Interaction, name: str, private: bool = False) -> None:
        await interaction.response.send_message(f"Now playing {name}", ephemeral=private)

    @character_set.autocomplete("name")
    async def character_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        client.seen.append(("autocomplete", current, interaction.namespace.private))
        names = ["Aria", "Arthur", "Bram"]
        return [app_commands.Choice(name=n, value=n.lower()) for n in names if n.lower().startswith(current.lower())]

    admin = app_commands.Group(name="admin", description="Run the table")
    scene = app_commands.Group(name="scene", description="Scenes", parent=admin)

    @scene.command(name="start", description="Start a scene")
    async def scene_start(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        role: discord.Role,
        who: discord.Member,
        rounds: app_commands.Range[int, 1, 10],
        heat: float = 0.5,
    ) -> None:
        client.seen.append((channel, role, who, rounds, heat))
        await interaction.response.send_message(f"{channel.name}|{role.name}|{who.name}|{rounds}|{heat}")

    @tree.command(name="think", description="Take your time")
    @app_commands.choices(mode=[app_commands.Choice(name=m, value=m) for m in ("followup", "edit", "secret")])
    async def think(interaction: discord.Interaction, mode: str) -> None:
        await interaction.response.defer(thinking=True, ephemeral=mode == "secret")
        await client.gate.wait()
        if mode == "followup":
            await interaction.followup.send("first thought")  # fills the "thinking" message
            extra = await interaction.followup.send("second thought", ephemeral=True, wait=True)
            await client.outcomes.put(extra)
        else:
            await interaction.edit_original_response(content="done thinking")
            fetched = await interaction.original_response()
            if mode == "edit":
                await interaction.delete_original_response()
            await client.outcomes.put(fetched)

    @tree.command(name="panel", description="Show the control panel")
    async def panel(interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(RollButton(6))
        await interaction.response.send_message("Dice", view=view)

    @tree.command(name="narrate", description="Narrators only")
    @app_commands.checks.has_role("Narrator")
    async def narrate(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("The narrator speaks")

    @tree.command(name="configure", description="Needs Manage Server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def configure(interaction: discord.Interaction) -> None:
        client.seen.append(interaction.permissions.value)
        await interaction.response.send_message("Configured")

    @tree.command(name="moderate", description="Hidden by Discord from members without Manage Server")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def moderate(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Moderated")

    @tree.command(name="slow", description="Answers too late")
    async def slow(interaction: discord.Interaction) -> None:
        await client.gate.wait()
        try:
            await interaction.response.send_message("finally")
        except discord.HTTPException as exc:
            await client.outcomes.put(exc)

    @tree.command(name="twice", description="Answers twice at once")
    async def twice(interaction: discord.Interaction) -> None:
        early: Any
        try:
            await interaction.followup.send("too early")
        except discord.HTTPException as exc:
            early = exc
        results = await asyncio.gather(
            interaction.response.send_message("one"), interaction.response.send_message("two"), return_exceptions=True
        )
        try:
            await interaction.response.send_message("three")
        except discord.InteractionResponded as exc:
            late: Any = exc
        await client.outcomes.put((early, results, late))

    tree.add_command(character)
    tree.add_command(admin)

    @tree.command(name="tavern", description="Only in the Tavern", guild=discord.Object(guild_id))
    async def tavern(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Welcome to the Tavern")


@pytest.fixture
def guild(fake: FakeDiscord) -> Guild:
    return fake.add_guild("Tavern", ["general", "random"])


@pytest.fixture
def alice(fake: FakeDiscord) -> User:
    return fake.add_user("alice")


@asynccontextmanager
async def running(
    fake: FakeDiscord, guild: Guild, *, members: bool = False, sync: bool = True
) -> AsyncIterator[CommandBot]:
    """Start the client, wait for on_ready, sync its commands (global and ``guild``); always close."""
    client = CommandBot(guild.id, members=members)
    task = asyncio.create_task(client.start(fake.token))
    try:
        async with asyncio.timeout(TIMEOUT):
            await client.ready.wait()
        if sync:
            await client.tree.sync()
            await client.tree.sync(guild=discord.Object(guild.id))
        yield client
    finally:
        await client.close()
        await asyncio.wait_for(task, TIMEOUT)


async def test_command_sync_global_guild_and_validation(fake: FakeDiscord, guild: Guild) -> None:
    other = fake.add_guild("Elsewhere")
    async with running(fake, guild, sync=False) as client:
        synced = await client.tree.sync()
        names = ["think", "panel", "narrate", "configure", "moderate", "slow", "twice", "character", "admin"]
        assert [c.name for c in synced] == names
        assert [c.name for c in await client.tree.sync(guild=discord.Object(guild.id))] == ["tavern"]
        assert [(s.scope, [c["name"] for c in s.commands], s.status) for s in fake.command_syncs] == [
            ("global", names, 200),
            (guild.id, ["tavern"], 200),
        ]
        # ``commands``: what Discord answered (strings for permissions, ids); ``request``: what was sent.
        first = fake.command_syncs[0]
        assert isinstance(first, CommandSync) and first.commands == [c for c in fake.registered_commands()]
        sent = {c["name"]: c for c in first.request}
        assert sent["moderate"]["default_member_permissions"] == MANAGE_GUILD and "id" not in sent["moderate"]

        # GET answers what was registered, with ids and versions (snowflakes) as Discord keeps them.
        fetched = await client.tree.fetch_commands()
        assert [(c.id, c.name) for c in fetched] == [(c.id, c.name) for c in synced]
        [tavern] = await client.tree.fetch_commands(guild=discord.Object(guild.id))
        assert tavern.guild_id == guild.id and fake.registered_commands(guild)[0]["guild_id"] == str(guild.id)
        admin = fake.registered_commands()[-1]
        assert admin["options"][0] == {
            "name": "scene",
            "description": "Scenes",
            "type": 2,
            "options": [admin["options"][0]["options"][0]],
        }
        start = admin["options"][0]["options"][0]
        assert [o["name"] for o in start["options"]] == ["channel", "role", "who", "rounds", "heat"]
        moderate = next(c for c in fake.registered_commands() if c["name"] == "moderate")
        assert moderate["default_member_permissions"] == str(MANAGE_GUILD) and moderate["contexts"] == [0]

        # A re-sync keeps ids; a changed command keeps its id and gets a new version.
        before = {c["name"]: (c["id"], c["version"]) for c in fake.registered_commands()}
        payload = [c.to_dict(client.tree) for c in client.tree.get_commands()]
        payload[0]["description"] = "Take all the time you need"
        await client.http.bulk_upsert_global_commands(fake.application_id, payload)
        after = {c["name"]: (c["id"], c["version"]) for c in fake.registered_commands()}
        assert {n: v[0] for n, v in after.items()} == {n: v[0] for n, v in before.items()}
        assert [n for n in names if after[n][1] != before[n][1]] == ["think"]

        # Discord's validation: 400 with code 50035 and the field's path; the registry stays as it was.
        def command(name: str = "a", description: str = "x", **extra: Any) -> dict[str, Any]:
            return {"name": name, "description": description, **extra}

        def option(name: str, kind: int = 3, **extra: Any) -> dict[str, Any]:
            return {"type": kind, "name": name, "description": "o", **extra}

        bad_cases: list[tuple[list[dict[str, Any]], str]] = [
            ([command("Think")], "In 0.name: Command name is invalid"),
            ([command("think it")], "In 0.name: String value did not match validation regex."),
            ([command(), command(description="y")], "In 1.name: Application command names must be unique"),
            ([command(description="x" * 101)], "In 0.description: Must be between 1 and 100 in length."),
            ([command(description="")], "In 0.description: Must be between 1 and 100 in length."),
            ([command("x" * 33)], "In 0.name: Must be between 1 and 32 in length."),
            ([command(options=[option(f"o{i}") for i in range(26)])], "In 0.options: Must be 25 or fewer in length."),
            ([command(options=[option("o"), option("o", 4)])], "In 0.options.1.name: Option names must be unique"),
            (
                [command(options=[option("o"), option("p", required=True)])],
                "In 0.options.1.required: Required options must be placed before non-required options",
            ),
        ]
        for commands, message in bad_cases:
            with pytest.raises(discord.HTTPException) as refused:
                await client.http.bulk_upsert_global_commands(fake.application_id, commands)
            assert refused.value.status == 400 and refused.value.code == 50035, commands
            assert message in refused.value.text, refused.value.text
        assert fake.command_syncs[-1].status == 400 and len(fake.command_syncs) == 3 + len(bad_cases)
        assert {c["name"]: (c["id"], c["version"]) for c in fake.registered_commands()} == after

        # Single commands: create (201), overwrite by name (200), edit, delete.
        app = fake.application_id
        created = await client.http.upsert_guild_command(app, other.id, command("hello", "Hi"))
        again = await client.http.upsert_guild_command(app, other.id, command("hello", "Hello"))
        assert again["id"] == created["id"] and again["version"] != created["version"]
        edited = await client.http.edit_guild_command(app, other.id, created["id"], {"description": "Hey"})
        assert edited["description"] == "Hey" and fake.registered_commands(other) == [edited]
        await client.http.delete_guild_command(fake.application_id, other.id, created["id"])
        assert fake.registered_commands(other) == []
        with pytest.raises(discord.NotFound) as unknown:
            await client.http.get_guild_command(fake.application_id, other.id, created["id"])
        assert unknown.value.code == 10063
        assert fake.unknown_calls == []

        # The helper finds only what Discord would offer there.
        alice = fake.add_user("alice")
        with pytest.raises(LookupError):
            await fake.slash(other.channels[0], alice, "tavern")
        with pytest.raises(LookupError):
            await fake.slash("dm", alice, "moderate")  # guild_only: not in DMs


async def test_slash_subcommand_group_options_and_send_message(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    bard = fake.add_role(guild, "Bard")
    bob = fake.add_user("bob")
    general, random = guild.channel("general"), guild.channel("random")
    thread = await fake.add_thread(general, "plot")
    async with running(fake, guild) as client:
        # A group, a subcommand group and typed options, answered with a visible message.
        options = {"channel": random, "role": bard, "who": bob, "rounds": 3, "heat": 0.75}
        payload = await fake.slash(general, alice, "admin scene start", options)
        record = await fake.wait_for_response(payload)
        assert fake.reply_text(payload) == "random|Bard|bob|3|0.75"
        [(channel, role, who, rounds, heat)] = client.seen
        assert isinstance(channel, discord.TextChannel) and channel.id == random.id
        assert isinstance(role, discord.Role) and role.id == bard.id
        assert isinstance(who, discord.Member) and who.id == bob.id
        assert (rounds, heat) == (3, 0.75)

        # The payload has Discord's shape.
        assert payload["type"] == 2 and payload["version"] == 1 and payload["context"] == 0
        assert payload["guild_id"] == str(guild.id) and payload["channel"]["id"] == str(general.id)
        assert payload["member"]["user"]["id"] == str(alice.id) and payload["member"]["roles"] == []
        assert int(payload["member"]["permissions"]) == fake.permissions_in(general, alice)
        assert payload["app_permissions"] == str(fake.bot_permissions_in(general))
        assert payload["authorizing_integration_owners"] == {"0": str(guild.id)}
        assert payload["entitlements"] == [] and payload["locale"] == "en-US" and payload["guild_locale"] == "en-US"
        [group] = payload["data"]["options"]
        [sub] = group["options"]
        assert (group["type"], group["name"], sub["type"], sub["name"]) == (2, "scene", 1, "start")
        assert [(o["name"], o["type"], o["value"]) for o in sub["options"]] == [
            ("channel", 7, str(random.id)),
            ("role", 8, str(bard.id)),
            ("who", 6, str(bob.id)),
            ("rounds", 4, 3),
            ("heat", 10, 0.75),
        ]
        resolved = payload["data"]["resolved"]
        assert set(resolved) == {"channels", "roles", "users", "members"}
        assert resolved["members"][str(bob.id)]["permissions"] == str(fake.permissions_in(general, bob))

        # Not ephemeral: a real channel message from the bot, with the application as webhook_id.
        assert record.responses[0][0] == 4 and not record.ephemeral and record.responded_at is not None
        assert record.original is general.messages[-1] and record.original["type"] == 20
        echo = await client.next_message(lambda m: m.interaction_metadata is not None)
        assert echo.id == int(record.original["id"]) and echo.author.id == fake.bot.id
        metadata = echo.interaction_metadata
        assert echo.webhook_id == fake.application_id and metadata is not None and metadata.id == int(payload["id"])
        assert metadata.user.id == alice.id

        # Ephemeral: only in the record, never in history nor on the gateway.
        count = len(general.messages)
        secret = await fake.slash(general, alice, "character set", {"name": "Aria", "private": True}, locale="fr")
        record = await fake.wait_for_response(secret)
        assert record.ephemeral and fake.reply_text(secret) == "Now playing Aria"
        assert record.original is not None and record.original["flags"] & EPHEMERAL
        assert len(general.messages) == count and secret["locale"] == "fr"

        # In a thread: the answer lands there.
        in_thread = await fake.slash(thread, alice, "character set", {"name": "Arthur"})
        assert in_thread["channel"]["type"] == 11 and await fake.wait_for_reply(in_thread) == "Now playing Arthur"
        assert thread.messages[-1]["content"] == "Now playing Arthur"

        # In the bot's DMs: a user instead of a member, context 1.
        dm = await fake.slash("dm", alice, "character set", {"name": "Bram"})
        assert dm["context"] == 1 and "member" not in dm and dm["user"]["id"] == str(alice.id)
        assert "guild_id" not in dm and dm["channel"]["type"] == 1
        assert await fake.wait_for_reply(dm) == "Now playing Bram"
        assert fake.dm_channel(alice).messages[-1]["content"] == "Now playing Bram"

        # The helper refuses what Discord's client would not send.
        with pytest.raises(ValueError):
            await fake.slash(general, alice, "character set", {})  # name is required
        with pytest.raises(ValueError):
            await fake.slash(general, alice, "character set", {"name": "Aria", "mood": "grim"})
        with pytest.raises(ValueError):
            await fake.slash(general, alice, "admin scene start", dict(options, rounds=11))  # Range[int, 1, 10]
        with pytest.raises(ValueError):
            await fake.slash(general, alice, "admin")  # a group is not a command
        assert client.tree.errors == [] and fake.unknown_calls == []


async def test_defer_then_followups(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake, guild) as client:
        payload = await fake.slash(general, alice, "think", {"mode": "followup"})
        record = await fake.wait_for_response(payload)
        # Deferred: a loading message ("Aria is thinking...") is in the channel; nothing to read yet.
        assert record.responses == [(5, {})] and record.loading and fake.reply_text(record) == ""
        loading = general.messages[-1]
        assert loading is record.original and loading["flags"] & LOADING and loading["content"] == ""

        client.gate.set()
        # The first followup after a deferral fills the loading message, like Discord.
        assert await fake.wait_for_reply(payload) == "first thought"
        assert record.original is loading and not loading["flags"] & LOADING
        await fake.wait_for(lambda: len(record.followups) == 1, TIMEOUT, "the second followup")
        [extra] = record.followups
        assert extra["content"] == "second thought" and extra["flags"] & EPHEMERAL
        assert extra["interaction_metadata"]["original_response_message_id"] == loading["id"]
        assert general.messages[-1] is loading  # the ephemeral followup is not in history
        webhook_message = await asyncio.wait_for(client.outcomes.get(), TIMEOUT)
        assert isinstance(webhook_message, discord.WebhookMessage) and webhook_message.id == int(extra["id"])

        # Followups are edited and deleted through /messages/{id} of the interaction's webhook.
        await webhook_message.edit(content="second thought, revised")
        assert extra["content"] == "second thought, revised" and record.edits[-1][0] == extra["id"]
        await webhook_message.delete()
        assert fake.deleted == [(general.id, webhook_message.id)]
        # The token lives 15 minutes; after that Discord refuses it.
        fake.interaction_token_lifetime = 0.0
        with pytest.raises(discord.HTTPException) as expired:
            await webhook_message.edit(content="too late")
        assert expired.value.status == 401 and expired.value.code == 50027
        assert client.tree.errors == [] and fake.unknown_calls == []


async def test_defer_then_edit_original_response(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake, guild) as client:
        client.gate.set()
        payload = await fake.slash(general, alice, "think", {"mode": "edit"})
        record = await fake.wait_for_response(payload)
        # Edited, fetched (GET @original), then deleted by the command.
        fetched = await asyncio.wait_for(client.outcomes.get(), TIMEOUT)
        assert record.original_deleted
        assert isinstance(fetched, discord.InteractionMessage) and fetched.content == "done thinking"
        assert record.edits == [("@original", record.edits[0][1])] and record.edits[0][1]["content"] == "done thinking"
        assert fake.deleted == [(general.id, fetched.id)]
        assert all(m["id"] != str(fetched.id) for m in general.messages) and fake.reply_text(record) == ""

        # An ephemeral deferral stays ephemeral when edited.
        secret = await fake.slash(general, alice, "think", {"mode": "secret"})
        assert await fake.wait_for_reply(secret) == "done thinking"
        record = fake.record_of(secret)
        assert record.ephemeral and record.original is not None
        assert all(m["id"] != record.original["id"] for m in general.messages)
        assert client.tree.errors == []


async def test_autocomplete(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake, guild) as client:
        typed = {"name": "ar", "private": True}
        choices = await fake.autocomplete(general, alice, "character set", typed, focused="name")
        assert choices == [{"name": "Aria", "value": "aria"}, {"name": "Arthur", "value": "arthur"}]
        assert client.seen == [("autocomplete", "ar", True)]
        [record] = fake.interactions.values()
        assert record.type == 4 and record.responses[0][0] == 8 and record.choices == choices
        focused = record.payload["data"]["options"][0]["options"][0]
        assert focused == {"type": 3, "name": "name", "value": "ar", "focused": True}
        assert await fake.autocomplete("dm", alice, "character set", {"name": "b"}, focused="name") == [
            {"name": "Bram", "value": "bram"}
        ]
        with pytest.raises(ValueError):
            await fake.autocomplete(general, alice, "character set", {"private": True}, focused="private")


async def test_persistent_view_and_deferred_update(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake, guild) as client:
        channel = client.get_channel(general.id)
        assert isinstance(channel, discord.TextChannel)
        panel = await channel.send("Controls", view=PanelView())
        assert fake.buttons(panel.id) == [
            {
                "custom_id": "familiar:pause",
                "label": "Pause",
                "emoji": {"id": None, "name": "⏸️"},
                "disabled": False,
                "style": 4,
                "url": None,
            },
            {
                "custom_id": "familiar:status",
                "label": "Status",
                "emoji": None,
                "disabled": False,
                "style": 2,
                "url": None,
            },
        ]

        # The persistent view (added in setup_hook) answers with edit_message: type 7.
        payload = await fake.press(panel.id, "familiar:pause", alice)
        assert payload["type"] == 3 and payload["data"] == {"custom_id": "familiar:pause", "component_type": 2}
        assert payload["message"]["id"] == str(panel.id) and payload["message"]["components"]
        record = await fake.wait_for_response(payload)
        assert record.responses[0][0] == 7 and record.original is general.find(panel.id)
        stored = general.find(panel.id)
        assert stored is not None and stored["content"] == "Paused by alice" == fake.reply_text(payload)
        assert [b["disabled"] for b in fake.buttons(panel.id)] == [True, False]
        with pytest.raises(ValueError):
            await fake.press(panel.id, "familiar:pause", alice)  # disabled now
        with pytest.raises(LookupError):
            await fake.press(panel.id, "familiar:nothing", alice)

        # Deferred update (type 6) then an edit of @original: the panel itself changes.
        record = await fake.wait_for_response(await fake.press(panel.id, "familiar:status", alice))
        assert record.responses == [(6, {})] and record.original is general.find(panel.id)
        await fake.wait_for(lambda: record.edits != [], TIMEOUT, "the edit of @original")
        assert fake.reply_text(record) == "Status: all quiet"
        assert stored["content"] == "Status: all quiet"

        # A DynamicItem on an interaction response: an ephemeral answer to the press.
        dice = await fake.wait_for_response(await fake.slash(general, alice, "panel"))
        assert dice.original is not None and fake.buttons(dice.original["id"])[0]["custom_id"] == "roll:6"
        roll = await fake.wait_for_response(await fake.press(dice.original, "roll:6", alice))
        assert roll.ephemeral and fake.reply_text(roll) == "alice rolls a d6"
        assert roll.original is not None
        assert roll.original["interaction_metadata"]["interacted_message_id"] == dice.original["id"]
        assert client.tree.errors == [] and fake.unknown_calls == []


async def test_buttons_on_webhook_messages(fake: FakeDiscord, alice: User) -> None:
    hooks = fake.add_guild("Hooks", ["general"], bot_permissions=MANAGE_WEBHOOKS)
    general = hooks.channel("general")
    async with running(fake, hooks) as client:
        channel = client.get_channel(general.id)
        assert isinstance(channel, discord.TextChannel)
        hook = await channel.create_webhook(name="Narrator")
        view = discord.ui.View(timeout=None)
        view.add_item(RollButton(20))
        sent = await hook.send("Roll for initiative", view=view, wait=True)
        assert sent.webhook_id == hook.id and fake.buttons(sent.id)[0]["custom_id"] == "roll:20"
        record = await fake.wait_for_response(await fake.press(sent.id, "roll:20", alice))
        assert record.payload["message"]["webhook_id"] == str(hook.id)
        assert fake.reply_text(record) == "alice rolls a d20" and record.ephemeral
        # discord.py sends view=None with with_components=0: Discord still takes it from the app's own webhook.
        await hook.edit_message(sent.id, content="Initiative rolled", view=None)
        assert fake.buttons(sent.id) == []

        # Someone else's webhook may not carry buttons; without with_components the field is ignored.
        theirs = await fake.add_webhook(general, "Announcer", creator=alice)
        url = f"{fake.api_base}/webhooks/{theirs.id}/{theirs.token}"
        button = {"type": 1, "components": [{"type": 2, "style": 1, "label": "Hi", "custom_id": "hi"}]}
        async with aiohttp.ClientSession() as session:
            query = {"wait": "true", "with_components": "true"}
            async with session.post(url, params=query, json={"content": "x", "components": [button]}) as refused:
                assert refused.status == 400 and (await refused.json())["code"] == 50035
            query = {"wait": "true"}
            async with session.post(url, params=query, json={"content": "y", "components": [button]}) as ignored:
                assert ignored.status == 200 and (await ignored.json())["components"] == []
        with pytest.raises(ValueError):
            await fake.press(general.messages[-1], "hi", alice)  # not the bot's message anyway
        assert client.tree.errors == []


async def test_role_and_permission_gated_commands(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    narrator = fake.add_role(guild, "Narrator")
    owner = fake.add_user("owner")
    keep = fake.add_guild("Keep", ["hall"], owner=owner)
    general, random = guild.channel("general"), guild.channel("random")
    async with running(fake, guild, members=True) as client:
        await client.tree.sync(guild=discord.Object(keep.id))
        # Without the role: discord.py's check fails, the error handler answers.
        denied = await fake.slash(general, alice, "narrate")
        assert (await fake.wait_for_reply(denied)).startswith("Not allowed") and fake.record_of(denied).ephemeral
        assert isinstance(client.tree.errors[-1], app_commands.MissingRole)

        # give_role: member payloads carry the role id, the guild cache knows the role.
        await fake.give_role(guild, alice, narrator)
        allowed = await fake.slash(general, alice, "narrate")
        assert allowed["member"]["roles"] == [str(narrator.id)]
        assert await fake.wait_for_reply(allowed) == "The narrator speaks"
        member = client.get_guild(guild.id).get_member(alice.id)  # type: ignore[union-attr]
        assert member is not None and [r.name for r in member.roles] == ["@everyone", "Narrator"]  # GUILD_MEMBER_UPDATE
        said = await fake.user_says(general, alice, "hello", mentions_bot=True)
        assert said["member"]["roles"] == [str(narrator.id)]

        # Permissions: computed per channel with overwrites; a role added live (GUILD_ROLE_CREATE).
        denied = await fake.slash(general, alice, "configure")
        assert (await fake.wait_for_reply(denied)).startswith("Not allowed")
        steward = fake.add_role(guild, "Steward", MANAGE_GUILD)
        await fake.give_role(guild, alice, steward)
        allowed = await fake.slash(general, alice, "configure")
        assert int(allowed["member"]["permissions"]) & MANAGE_GUILD
        assert await fake.wait_for_reply(allowed) == "Configured"
        await fake.set_overwrite(random, deny=MANAGE_GUILD, target=steward)
        denied = await fake.slash(random, alice, "configure")
        assert (await fake.wait_for_reply(denied)).startswith("Not allowed")
        assert client.get_guild(guild.id).get_role(steward.id) is not None  # type: ignore[union-attr]

        # The owner has every permission.
        hall = keep.channel("hall")
        assert fake.permissions_in(hall, owner) == ALL_PERMISSIONS
        assert await fake.wait_for_reply(await fake.slash(hall, owner, "configure")) == "Configured"
        assert client.seen[-1] == ALL_PERMISSIONS

        # default_member_permissions: Discord does not even show the command to others.
        bob = fake.add_user("bob")
        with pytest.raises(LookupError):
            await fake.slash(general, bob, "moderate")
        assert await fake.wait_for_reply(await fake.slash(general, alice, "moderate")) == "Moderated"
        # ... unless a server admin allows it in Server Settings > Integrations (or denies a channel).
        await fake.set_command_permission(guild, "moderate", bob)
        assert await fake.wait_for_reply(await fake.slash(general, bob, "moderate")) == "Moderated"
        await fake.set_command_permission(guild, "moderate", general, allowed=False)
        with pytest.raises(LookupError):
            await fake.slash(general, bob, "moderate")


async def test_unacknowledged_interaction_times_out(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    fake.interaction_timeout = 0.3  # Discord's 3 s, shortened
    general = guild.channel("general")
    async with running(fake, guild) as client:
        payload = await fake.slash(general, alice, "slow")
        record = fake.record_of(payload)
        with pytest.raises(TimeoutError, match="not acknowledged"):
            await fake.wait_for_response(payload)
        assert record.timed_out and record.responses == []
        client.gate.set()
        late = await asyncio.wait_for(client.outcomes.get(), TIMEOUT)
        assert isinstance(late, discord.NotFound) and late.code == 10062
        assert record.rejected == [("callback 4", 10062)] and fake.reply_text(record) == ""


async def test_double_acknowledge_is_40060(fake: FakeDiscord, guild: Guild, alice: User) -> None:
    general = guild.channel("general")
    async with running(fake, guild) as client:
        payload = await fake.slash(general, alice, "twice")
        early, results, late = await asyncio.wait_for(client.outcomes.get(), TIMEOUT)
        # A followup before any callback: no webhook for the interaction yet.
        assert isinstance(early, discord.NotFound) and early.code == 10015
        # Two concurrent send_message calls both pass discord.py's local check; Discord refuses one.
        [refused] = [r for r in results if isinstance(r, BaseException)]
        assert isinstance(refused, discord.HTTPException) and refused.status == 400 and refused.code == 40060
        # A later one is refused by discord.py itself, without a request.
        assert isinstance(late, discord.InteractionResponded)
        record = fake.record_of(payload)
        assert len(record.responses) == 1 and fake.reply_text(record) in ("one", "two")
        assert record.rejected == [("POST followup", 10015), ("callback 4", 40060)]
        assert len([c for c in fake.calls if c.path.endswith("/callback")]) == 2
