"""Slash commands and reply buttons in Discord, with the real discord.py client and the fake server.

What the user sees is the fake's record of each interaction (`reply_text`, ephemeral
or not) and the channel's messages; what the bot did to its settings is read back
from `settings.json`.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.folders import Folders
from bot.settings import Settings, load_settings
from bot.supervisor import State, Supervisor
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import MANAGE_GUILD, MANAGE_WEBHOOKS, FakeDiscord, User
from tests.fakes.openai_server import FakeModel
from tests.integration.test_character_alive import save_character

COMMANDS = {"character", "cast", "reset", "regenerate", "status", "help"}


async def synced(make_supervisor: SupervisorFactory, fake: FakeDiscord, settings: Settings | None = None) -> Supervisor:
    """A connected bot whose commands reached Discord."""
    supervisor = await make_supervisor(settings or Settings())
    await wait_for_state(supervisor, State.CONNECTED)
    await fake.wait_for(lambda: any(s.scope == "global" for s in fake.command_syncs), 10, "the command sync")
    return supervisor


async def admin(fake: FakeDiscord) -> User:
    """alice, with a role that has Manage Server."""
    guild = fake.guild  # type: ignore[attr-defined]
    role = fake.add_role(guild, "Moderators", permissions=MANAGE_GUILD)
    await fake.give_role(guild, fake.alice, role)  # type: ignore[attr-defined]
    return fake.alice  # type: ignore[attr-defined,no-any-return]


def saved(home: Path) -> Settings:
    return load_settings(Folders.resolve({"FAMILIAR_HOME": str(home)}))


async def run(fake: FakeDiscord, where: Any, user: User, command: str, **options: Any) -> tuple[str, bool]:
    """Run a slash command; (what the user sees, whether only they see it)."""
    payload = await fake.slash(where, user, command, options or None)
    text = await fake.wait_for_reply(payload)
    return text, fake.record_of(payload).ephemeral


# ----- sync -----


async def test_commands_are_synced_once_and_not_on_every_reconnect(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await synced(make_supervisor, fake_discord)
    (sync,) = fake_discord.command_syncs
    assert {c["name"] for c in sync.commands} == COMMANDS and sync.status == 200
    by_name = {c["name"]: c for c in sync.commands}
    assert by_name["cast"]["default_member_permissions"] == str(MANAGE_GUILD)
    assert by_name["reset"]["default_member_permissions"] == str(MANAGE_GUILD)
    assert by_name["character"].get("default_member_permissions") in (None, "")
    for _ in range(2):
        identified = fake_discord.identify_count
        supervisor.reconnect_now()
        await fake_discord.wait_for_identify(identified + 1)
        await wait_for_state(supervisor, State.CONNECTED)
    assert supervisor.client is not None
    await asyncio.sleep(0)  # the sync task, if any, has been started by the READY handler
    assert len(fake_discord.command_syncs) == 1, "two reconnects, one sync"
    # The settings window's button syncs again on request.
    supervisor.resync_commands()
    await fake_discord.wait_for(lambda: len(fake_discord.command_syncs) == 2, 10, "a forced sync")


async def test_with_allowed_servers_commands_go_to_each_server_and_dms_keep_theirs(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    guild = fake_discord.guild  # type: ignore[attr-defined]
    await synced(make_supervisor, fake_discord, Settings(allowed_guilds=[guild.id]))
    await fake_discord.wait_for(lambda: len(fake_discord.command_syncs) == 2, 10, "the server's sync")
    scopes = {s.scope: {c["name"] for c in s.commands} for s in fake_discord.command_syncs}
    assert scopes[guild.id] == COMMANDS
    assert scopes["global"] == {"reset", "regenerate", "status", "help"}  # what works in DMs, for DMs only
    (global_sync,) = [s for s in fake_discord.command_syncs if s.scope == "global"]
    assert all(c.get("contexts") == [1] for c in global_sync.commands)


# ----- characters and casts -----


async def test_character_commands_list_inform_and_set_the_channels_character(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_character(home, id="bram", name="Bram", description="An innkeeper.", creator_notes="Best with ale.")
    alice = await admin(fake_discord)
    await synced(make_supervisor, fake_discord)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    text, private = await run(fake_discord, general, alice, "character list")
    assert private and "**Bram**" in text and "Familiar" in text
    choices = await fake_discord.autocomplete(general, alice, "character set", {"name": "br"}, focused="name")
    assert choices == [{"name": "Bram", "value": "bram"}]
    text, private = await run(fake_discord, general, alice, "character set", name="bram")
    assert not private and text == "Bram speaks in this channel now."
    assert saved(home).channel_casts == {str(general.id): ["bram"]}
    info = await fake_discord.slash(general, alice, "character info")
    record = await fake_discord.wait_for_response(info)
    embed = (record.original or {}).get("embeds", [{}])[0]
    assert embed.get("title") == "Bram" and "Best with ale." in str(embed.get("fields"))
    # The bot now answers as Bram there.
    fake_model.reply = lambda body: "Bram here." if "An innkeeper." in str(body["messages"][0]) else "someone else"
    question = await fake_discord.user_says(general, alice, "who are you?", mentions_bot=True)
    (answer,) = await fake_discord.wait_for_answers(question)
    assert answer.message["content"].endswith("Bram here.")


async def test_admin_commands_are_hidden_or_refused_in_words_to_others(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_character(home, id="bram", name="Bram")
    bob = fake_discord.add_user("bob")
    supervisor = await synced(make_supervisor, fake_discord)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    text, private = await run(fake_discord, general, bob, "character set", name="Bram")
    assert (text, private) == ("Only server admins can choose the character.", True)
    for hidden in ("cast add", "reset"):  # Manage Server by default: Discord does not even offer them to bob
        with pytest.raises(LookupError):
            await fake_discord.slash(general, bob, hidden, {"name": "Bram"} if hidden == "cast add" else None)
    # With admin roles set, everyone sees them, and the bot refuses whoever has neither.
    guild = fake_discord.guild  # type: ignore[attr-defined]
    helpers = fake_discord.add_role(guild, "Helpers")
    await supervisor.update_settings(lambda s: s.model_copy(update={"admin_roles": [helpers.id]}))
    supervisor.resync_commands()
    await fake_discord.wait_for(lambda: len(fake_discord.command_syncs) == 2, 10, "the new command set")
    for command, options, said in (
        ("cast add", {"name": "Bram"}, "Only server admins can change the cast."),
        ("reset", {}, "Only server admins can reset the conversation."),
    ):
        text, private = await run(fake_discord, general, bob, command, **options)
        assert (text, private) == (said, True)
    assert saved(home).channel_casts == {}
    await fake_discord.give_role(guild, bob, helpers)
    text, _ = await run(fake_discord, general, bob, "cast add", name="Bram")
    assert text == "Bram joins the cast here."


async def test_cast_commands_add_list_and_remove_members(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_character(home, id="bram", name="Bram")
    save_character(home, id="cara", name="Cara")
    alice = await admin(fake_discord)
    await synced(make_supervisor, fake_discord)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    text, _ = await run(fake_discord, general, alice, "cast list")
    assert "Familiar" in text and "default" in text
    assert (await run(fake_discord, general, alice, "cast add", name="Bram"))[0] == "Bram joins the cast here."
    assert (await run(fake_discord, general, alice, "cast add", name="cara"))[0] == "Cara joins the cast here."
    assert saved(home).channel_casts == {str(general.id): ["default", "bram", "cara"]}
    text, private = await run(fake_discord, general, alice, "cast add", name="Cara")
    assert private and text == "Cara is already in this channel's cast."
    assert (await run(fake_discord, general, alice, "cast remove", name="Familiar"))[
        0
    ] == "Familiar leaves the cast here."
    text, _ = await run(fake_discord, general, alice, "cast list")
    assert text == "Speaking here: **Bram**, **Cara**"
    text, private = await run(fake_discord, general, alice, "character set", name="Zed")
    assert private and "No character called “Zed”" in text


async def test_reset_starts_a_new_conversation_and_the_cast_greets_again(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_character(home, id="bram", name="Bram", first_mes="*Bram looks up.* Welcome, {{user}}!")
    alice = await admin(fake_discord)
    supervisor = await synced(make_supervisor, fake_discord, Settings(character_id="bram", greeting_mode="first"))
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    question = await fake_discord.user_says(general, alice, "hello", mentions_bot=True)
    await fake_discord.wait_for_answers(question)
    assert supervisor.brain is not None and supervisor.client is not None
    await supervisor.client.wait_drained()
    assert len(await supervisor.brain.memory.history(general.id)) == 3  # greeting, question, answer
    text, private = await run(fake_discord, general, alice, "reset")
    assert (text, private) == ("A new conversation starts here.", False)
    await fake_discord.wait_for(lambda: len(fake_discord.sent) == 3, 10, "the greeting again")
    assert fake_discord.sent[-1].content == "*Bram looks up.* Welcome, alice!"
    greeted = fake_discord.sent[-1].message_id
    for _ in range(500):  # the greeting is remembered right after Discord took it
        history = await supervisor.brain.memory.history(general.id)
        if history:
            break
        await asyncio.sleep(0.02)
    assert [(t.message_id, t.content) for t in history] == [(greeted, "*Bram looks up.* Welcome, alice!")]


async def test_status_and_help_answer_only_the_asker(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await synced(make_supervisor, fake_discord)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    question = await fake_discord.user_says(general, fake_discord.alice, "hi", mentions_bot=True)  # type: ignore[attr-defined]
    await fake_discord.wait_for_answers(question)
    assert supervisor.client is not None
    await supervisor.client.wait_drained()
    text, private = await run(fake_discord, general, fake_discord.alice, "status")  # type: ignore[attr-defined]
    assert private and "**Model:** fake-model" in text and "**Speaking here:** Familiar" in text
    assert "**Preset:** Balanced" in text and "**Connected for:**" in text and "**Replies:**" in text
    used = fake_model.usages[-1]["total_tokens"]
    assert f"**Tokens today:** {used:,} (you {used:,}, this server {used:,})" in text
    text, private = await run(fake_discord, general, fake_discord.alice, "help")  # type: ignore[attr-defined]
    assert private and "/character" in text and "/regenerate" in text


async def test_a_slash_command_still_answers_after_a_gateway_drop_and_resume(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await synced(make_supervisor, fake_discord)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    await fake_discord.abort_gateway()
    await fake_discord.wait_for_resume(1)
    text, private = await run(fake_discord, general, fake_discord.alice, "help")  # type: ignore[attr-defined]
    assert private and "/reset" in text


# ----- reply buttons -----


def answers_in_turn(model: FakeModel) -> None:
    """Each model call answers "Answer one", "Answer two", ..."""
    words = iter(["one", "two", "three", "four", "five", "six"])
    model.reply = lambda body: f"Answer {next(words)}"


def shown(fake: FakeDiscord, message_id: int) -> str:
    found = fake._find_message(message_id)
    assert found is not None
    return str(found[1].get("content"))


def labels(fake: FakeDiscord, message_id: int) -> dict[str, Any]:
    """custom_id action -> (label or emoji, disabled), e.g. {"prev": ("◀", True), "count": ("1/1", True)}."""
    out: dict[str, Any] = {}
    for button in fake.buttons(message_id):
        action = str(button["custom_id"]).split(":")[1]
        out[action] = ((button["emoji"] or {}).get("name") or button["label"], button["disabled"])
    return out


async def press(fake: FakeDiscord, message_id: int, action: str, user: User) -> dict[str, Any]:
    (button,) = [b for b in fake.buttons(message_id) if str(b["custom_id"]).split(":")[1] == action]
    payload = await fake.press(message_id, str(button["custom_id"]), user)
    await fake.wait_for_response(payload)
    return payload


async def test_buttons_regenerate_and_swipe_the_newest_reply_and_memory_follows(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await synced(make_supervisor, fake_discord)
    assert supervisor.brain is not None and supervisor.client is not None
    memory = supervisor.brain.memory
    alice = fake_discord.alice  # type: ignore[attr-defined]
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    answers_in_turn(fake_model)
    question = await fake_discord.user_says(general, alice, "tell me", mentions_bot=True)
    (reply,) = await fake_discord.wait_for_answers(question)
    await fake_discord.wait_for(lambda: bool(fake_discord.buttons(reply.message_id)), 10, "the buttons")
    assert labels(fake_discord, reply.message_id) == {
        "prev": ("◀", True),
        "count": ("1/1", True),
        "next": ("▶", False),
        "regen": ("🔄", False),
        "delete": ("🗑", False),
    }

    async def bot_turns() -> list[str]:
        await supervisor.client.wait_drained()  # type: ignore[union-attr]
        return [t.content for t in await memory.history(general.id) if t.is_bot]

    async def memory_holds(expected: list[str], timeout: float = 10) -> bool:
        # The buttons come with the final edit; memory follows a moment later.
        deadline = asyncio.get_running_loop().time() + timeout
        # A poll on purpose: memory has no change notification to wait on; the deadline bounds it.
        while (turns := await bot_turns()) != expected and asyncio.get_running_loop().time() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        return turns == expected

    await press(fake_discord, reply.message_id, "regen", alice)
    await fake_discord.wait_for(lambda: labels(fake_discord, reply.message_id)["count"][0] == "2/2", 10, "2/2")
    assert shown(fake_discord, reply.message_id) == "Answer two" and await memory_holds(["Answer two"])
    assert labels(fake_discord, reply.message_id)["prev"] == ("◀", False)
    # The new prompt ended where the old reply began: it never saw "Answer one".
    assert "Answer one" not in str(fake_model.completions[-1]["messages"])

    await press(fake_discord, reply.message_id, "prev", alice)
    await fake_discord.wait_for(lambda: labels(fake_discord, reply.message_id)["count"][0] == "1/2", 10, "1/2")
    assert shown(fake_discord, reply.message_id) == "Answer one" and await memory_holds(["Answer one"])
    await press(fake_discord, reply.message_id, "next", alice)
    await fake_discord.wait_for(lambda: labels(fake_discord, reply.message_id)["count"][0] == "2/2", 10, "2/2 again")
    assert shown(fake_discord, reply.message_id) == "Answer two" and len(fake_model.completions) == 2
    # ▶ past the last alternative writes a new one, as in SillyTavern.
    await press(fake_discord, reply.message_id, "next", alice)
    await fake_discord.wait_for(lambda: labels(fake_discord, reply.message_id)["count"][0] == "3/3", 10, "3/3")
    assert shown(fake_discord, reply.message_id) == "Answer three"
    # /regenerate does the same for the channel's newest reply.
    text, private = await run(fake_discord, general, alice, "regenerate")
    assert (text, private) == ("Here is a new reply.", True)
    assert shown(fake_discord, reply.message_id) == "Answer four" and await bot_turns() == ["Answer four"]
    assert len(fake_discord.sent) == 1, "every alternative lives in the same message"

    # An older reply is history: its buttons refuse in words.
    later = await fake_discord.user_says(general, alice, "and then?", mentions_bot=True)
    (newer,) = await fake_discord.wait_for_answers(later)
    await fake_discord.wait_for(lambda: bool(fake_discord.buttons(newer.message_id)), 10, "the buttons")
    payload = await press(fake_discord, reply.message_id, "regen", alice)
    await fake_discord.wait_for(lambda: bool(fake_discord.record_of(payload).followups), 10, "the refusal")
    refusal = fake_discord.record_of(payload).followups[0]
    assert refusal["content"] == "Only the newest reply in this channel can be changed." and refusal["flags"] & 64


async def test_delete_is_for_the_person_answered_and_admins_and_the_reply_stays_answered(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await synced(make_supervisor, fake_discord)
    assert supervisor.brain is not None
    alice = fake_discord.alice  # type: ignore[attr-defined]
    bob = fake_discord.add_user("bob")
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    question = await fake_discord.user_says(general, alice, "say something", mentions_bot=True)
    (reply,) = await fake_discord.wait_for_answers(question)
    await fake_discord.wait_for(lambda: bool(fake_discord.buttons(reply.message_id)), 10, "the buttons")
    payload = await press(fake_discord, reply.message_id, "delete", bob)
    record = fake_discord.record_of(payload)
    assert record.ephemeral and "Only the person who was answered" in fake_discord.reply_text(payload)
    await press(fake_discord, reply.message_id, "delete", alice)
    await fake_discord.wait_for(lambda: (general.id, reply.message_id) in fake_discord.deleted, 10, "the deletion")
    memory = supervisor.brain.memory
    for _ in range(500):  # the button's handler forgets the reply once Discord deleted it
        if await memory.was_answered(int(question["id"])) and not await memory.reply_rows(int(question["id"])):
            break
        await asyncio.sleep(0.02)
    assert [t for t in await memory.history(general.id) if t.is_bot] == []
    assert await memory.was_answered(int(question["id"])), "a catch-up must not answer it again"


async def test_buttons_work_after_a_restart_and_on_a_characters_webhook_message(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await fake_discord.set_bot_permissions(fake_discord.guild, MANAGE_WEBHOOKS)  # type: ignore[attr-defined]
    first = await synced(make_supervisor, fake_discord)
    alice = fake_discord.alice  # type: ignore[attr-defined]
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    answers_in_turn(fake_model)
    question = await fake_discord.user_says(general, alice, "hello", mentions_bot=True)
    (reply,) = await fake_discord.wait_for_answers(question)
    assert reply.webhook_id is not None
    await fake_discord.wait_for(lambda: bool(fake_discord.buttons(reply.message_id)), 10, "the buttons")
    await first.shutdown(5)
    second = await make_supervisor(Settings())
    await wait_for_state(second, State.CONNECTED)
    await press(fake_discord, reply.message_id, "regen", alice)
    await fake_discord.wait_for(lambda: labels(fake_discord, reply.message_id)["count"][0] == "2/2", 10, "2/2")
    assert shown(fake_discord, reply.message_id).endswith("\nAnswer two")  # under the link line
    assert shown(fake_discord, reply.message_id).startswith("-# ↪ [alice:")
    assert len(fake_discord.command_syncs) == 1, "the restart found the commands synced already"
