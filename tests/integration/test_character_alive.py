"""Cards behave as in SillyTavern: greetings, macros, depth prompts, reasoning, images, FAMILIAR_CHARACTER.

Against the fake Discord and model servers: what reached Discord (the fake's
`sent`) and what reached the model (the fake model's `completions`).
"""

from __future__ import annotations

import io
import json
import re
import signal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.characters import Character, CharacterStore, card_png
from bot.folders import Folders
from bot.settings import Settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory, bot_env, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.integration.test_headless import assert_only_log_lines, start_headless


def save_character(home: Path, **fields: Any) -> Character:
    store = CharacterStore(Folders.resolve({"FAMILIAR_HOME": str(home)}).characters)
    return store.save(Character(**fields))


def texts(message: dict[str, Any]) -> str:
    content = message["content"]
    return content if isinstance(content, str) else " ".join(p.get("text", "") for p in content)


def last_prompt(model: FakeModel) -> list[dict[str, Any]]:
    return model.completions[-1]["messages"]


# ----- greetings -----


@pytest.mark.parametrize("mode", ["first", "random"])
async def test_the_greeting_opens_a_new_channel_once_and_the_model_sees_it(
    mode: str, make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    greetings = ["*Bram looks up.* Welcome, {{user}}!", "*Bram waves at {{user}}.*", "*Bram nods.*"]
    save_character(home, id="bram", name="Bram", first_mes=greetings[0], alternate_greetings=greetings[1:])
    supervisor = await make_supervisor(Settings(character_id="bram", greeting_mode=mode))
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    fake_model.reply = "What brings you here?"
    first = await fake_discord.user_says(general, fake_discord.alice, "hello", mentions_bot=True)
    await fake_discord.wait_for_replies(first)
    greeting, answer = fake_discord.sent
    expected = [g.replace("{{user}}", "alice") for g in greetings]
    assert greeting.message_reference is None and answer.content == "What brings you here?"
    assert greeting.content == expected[0] if mode == "first" else greeting.content in expected
    # The model saw the greeting as the character's first turn, before the message it answers.
    conversation = [m for m in last_prompt(fake_model) if m["role"] != "system"]
    assert conversation == [
        {"role": "assistant", "content": greeting.content},
        {"role": "user", "content": "alice: @Aria hello"},
    ]
    second = await fake_discord.user_says(general, fake_discord.alice, "again", mentions_bot=True)
    await fake_discord.wait_for_replies(second)
    assert len(fake_discord.sent) == 3, "no second greeting in the same conversation"
    # A fresh conversation (the /reset of a later issue) greets again.
    assert supervisor.brain is not None and supervisor.client is not None
    await supervisor.client.wait_drained()
    await supervisor.brain.memory.reset(general.id)
    third = await fake_discord.user_says(general, fake_discord.alice, "new day", mentions_bot=True)
    await fake_discord.wait_for_replies(third)
    assert len(fake_discord.sent) == 5 and fake_discord.sent[3].message_reference is None


async def test_greetings_can_be_turned_off(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor(Settings(greeting_mode="off"))
    await wait_for_state(supervisor, State.CONNECTED)
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"), fake_discord.alice, "hi", mentions_bot=True
    )
    await fake_discord.wait_for_replies(said)
    assert len(fake_discord.sent) == 1


# ----- macros and depth prompts -----


async def test_macros_and_the_depth_prompt_reach_the_model(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_character(
        home,
        id="ida",
        name="Ida",
        description="{{char}} keeps the lighthouse. {{// a note for card authors }}It is {{weekday}}.",
        personality="{{random::calm::calm}}",
        scenario="{{user}} climbs the stairs.{{newline}}The lamp is lit.",
        system_prompt="Write as {{char}}. {{original}}",
        post_history_instructions="Keep it under {{roll:1d1}}00 words, {{user}}.",
        mes_example="<START>\n{{user}}: storm?\n{{char}}: Always.",
        extensions={"depth_prompt": {"prompt": "{{char}} is tired tonight.", "depth": 1, "role": "system"}},
    )
    supervisor = await make_supervisor(Settings(character_id="ida"))
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    for text in ("first", "second"):
        said = await fake_discord.user_says(general, fake_discord.alice, text, mentions_bot=True)
        await fake_discord.wait_for_replies(said)
    prompt = last_prompt(fake_model)
    system = prompt[0]["content"]
    assert system.startswith("Write as Ida. You are Ida, chatting with people in a Discord server.")
    assert re.search(r"Ida keeps the lighthouse\. It is (Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\.", system)
    assert "Ida's personality: calm" in system and "alice climbs the stairs.\nThe lamp is lit." in system
    assert "{{" not in json.dumps(prompt)
    assert {"role": "system", "content": "Example conversation:\nalice: storm?\nIda: Always."} in prompt
    assert prompt[-1] == {"role": "system", "content": "Keep it under 100 words, alice."}
    # The depth prompt sits one message before the end of the conversation.
    conversation = prompt[2:-1]
    assert conversation[-2] == {"role": "system", "content": "Ida is tired tonight."}
    assert conversation[-1]["content"] == "alice: @Aria second"


# ----- reasoning -----


@pytest.mark.parametrize("where", ["think_tags", "reasoning_field", "unclosed_think"])
async def test_reasoning_never_reaches_discord_nor_memory(
    where: str, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    if where == "think_tags":
        fake_model.reply = "<think>\nThe user greets me. I should greet back.\n</think>\n\nHello there!"
    elif where == "reasoning_field":
        fake_model.reasoning = "The user greets me. I should greet back."
        fake_model.reply = "Hello there!"
    else:
        fake_model.reply = "<think>The user greets me and I never stop thinking"
    general = fake_discord.guild.channel("general")
    said = await fake_discord.user_says(general, fake_discord.alice, "hi", mentions_bot=True)
    [reply] = await fake_discord.wait_for_replies(said)
    assert reply.content == ("…" if where == "unclosed_think" else "Hello there!")
    assert supervisor.brain is not None and supervisor.client is not None
    await supervisor.client.wait_drained()
    remembered = [turn.content for turn in await supervisor.brain.memory.history(general.id) if turn.is_bot]
    assert remembered == [reply.content]
    assert "greet back" not in json.dumps([s.content for s in fake_discord.sent])


async def test_reasoning_can_be_shown_as_a_spoiler_above_the_answer(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor(Settings(show_reasoning=True))
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.reasoning = "They said hi, so: hi | back."
    fake_model.reply = "Hello there!"
    general = fake_discord.guild.channel("general")
    said = await fake_discord.user_says(general, fake_discord.alice, "hi", mentions_bot=True)
    await fake_discord.wait_for(lambda: len(fake_discord.sent) == 2, what="the spoiler and the answer")
    spoiler, answer = fake_discord.sent
    assert spoiler.content == r"||They said hi, so: hi \| back.||" and int(
        spoiler.message_reference["message_id"]
    ) == int(said["id"])
    assert spoiler.allowed_mentions is not None and spoiler.allowed_mentions.get("parse") == []
    assert answer.content == "Hello there!"
    assert supervisor.brain is not None and supervisor.client is not None
    await supervisor.client.wait_drained()
    remembered = [turn.content for turn in await supervisor.brain.memory.history(general.id) if turn.is_bot]
    assert remembered == ["Hello there!"], "the model never reads its old reasoning back as the character's words"


# ----- images and files -----


def png(width: int = 2048, height: int = 1024, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def image_urls(message: dict[str, Any]) -> list[str]:
    content = message["content"]
    return [] if isinstance(content, str) else [p["image_url"]["url"] for p in content if p["type"] == "image_url"]


async def test_an_image_reaches_the_model_downscaled_and_a_text_file_inline(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    said = await fake_discord.user_says(
        general,
        fake_discord.alice,
        "what is this?",
        mentions_bot=True,
        attachments=[("red.png", png(), "image/png"), ("notes.md", b"# Notes\nbring snacks\n", "text/markdown")],
    )
    await fake_discord.wait_for_replies(said)
    user_turn = last_prompt(fake_model)[-1]
    [url] = image_urls(user_turn)
    assert url.startswith("data:image/")
    import base64

    with Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))) as image:
        assert max(image.size) == 1024
    assert "bring snacks" in texts(user_turn) and "notes.md" in texts(user_turn)
    # A later reply still shows the model that image (from the history), up to the limit.
    again = await fake_discord.user_says(general, fake_discord.alice, "and now?", mentions_bot=True)
    await fake_discord.wait_for_replies(again)
    prompt = last_prompt(fake_model)
    assert [len(image_urls(m)) for m in prompt if m["role"] == "user"] == [1, 0]


async def test_a_text_only_model_gets_the_request_again_without_images_and_is_remembered(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.text_only = True
    fake_model.reply = "I can only read text."
    general = fake_discord.guild.channel("general")
    said = await fake_discord.user_says(
        general, fake_discord.alice, "look", mentions_bot=True, attachments=[("red.png", png(64, 64), "image/png")]
    )
    [reply] = await fake_discord.wait_for_replies(said)
    assert reply.content == "I can only read text."
    assert fake_model.image_rejections == 1
    retried = last_prompt(fake_model)[-1]
    assert image_urls(retried) == [] and "red.png" in texts(retried)
    assert supervisor.brain is not None and supervisor.brain.model.text_only
    assert supervisor.snapshot.model_text_only, "published for the settings window"
    # Remembered: the next image is not even offered to this model.
    later = await fake_discord.user_says(
        general,
        fake_discord.alice,
        "this one?",
        mentions_bot=True,
        attachments=[("blue.png", png(64, 64, (0, 0, 200)), "image/png")],
    )
    await fake_discord.wait_for_replies(later)
    assert fake_model.image_rejections == 1
    assert sum("cannot take images" in r.getMessage() for r in caplog.records) == 1, "logged once"


async def test_images_can_be_turned_off(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor(Settings(send_images="off"))
    await wait_for_state(supervisor, State.CONNECTED)
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"),
        fake_discord.alice,
        "look",
        mentions_bot=True,
        attachments=[("red.png", png(64, 64), "image/png")],
    )
    await fake_discord.wait_for_replies(said)
    assert image_urls(last_prompt(fake_model)[-1]) == [] and not fake_discord.downloads


# ----- FAMILIAR_CHARACTER -----


@pytest.mark.parametrize("reference", ["png_file", "json_file", "saved_name"])
async def test_familiar_character_picks_the_default_character_of_a_headless_bot(
    reference: str, tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    home = tmp_path / "home"
    card = Character(name="Nyx", description="Nyx is a night owl.", first_mes="Hoo. Hello, {{user}}.")
    env = bot_env(home, fake_discord, fake_model)
    if reference == "png_file":
        path = tmp_path / "nyx.png"
        path.write_bytes(card_png(card))
        env["FAMILIAR_CHARACTER"] = str(path)
    elif reference == "json_file":
        path = tmp_path / "nyx.json"
        path.write_text(json.dumps({"spec": "chara_card_v2", "spec_version": "2.0", "data": card.model_dump()}))
        env["FAMILIAR_CHARACTER"] = str(path)
    else:
        save_character(home, **card.model_dump(exclude={"id"}))
        env["FAMILIAR_CHARACTER"] = "nyx"  # a saved character's name, any case
    app = await start_headless(env)
    try:
        await app.wait_for_line("→ connected", timeout=20)
        said = await fake_discord.user_says(
            fake_discord.guild.channel("general"), fake_discord.alice, "hoo?", mentions_bot=True
        )
        await fake_discord.wait_for_replies(said, timeout=10)
        assert fake_discord.sent[0].content == "Hoo. Hello, alice."
        assert "Nyx is a night owl." in last_prompt(fake_model)[0]["content"]
        app.process.send_signal(signal.SIGINT)
        assert await app.wait(timeout=10) == 0
    finally:
        await app.kill()
    assert_only_log_lines(app.lines)
    if reference != "saved_name":
        assert not (home / "data" / "characters" / "nyx.json").exists(), "a card file is used, not imported"


async def test_a_familiar_character_that_names_nothing_exits_2(
    tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    env = bot_env(tmp_path / "home", fake_discord, fake_model)
    env["FAMILIAR_CHARACTER"] = "Nobody At All"
    app = await start_headless(env)
    try:
        assert await app.wait(timeout=20) == 2
    finally:
        await app.kill()
    [line] = [line for line in app.lines if " ERROR " in line]
    assert "FAMILIAR_CHARACTER is 'Nobody At All'" in line and "no saved character" in line
    assert_only_log_lines(app.lines)
