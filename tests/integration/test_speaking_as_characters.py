"""Characters speak as themselves: webhook personas, casts of several characters, streamed replies.

Against the fake Discord and model servers, with the real discord.py and openai
clients. What reached Discord is the fake's `webhook_sends` (persona messages),
`sent` (the bot account's) and their edits; what the model was asked is the
fake model's `completions`.
"""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.characters import CharacterStore
from bot.folders import Folders
from bot.memory import MemoryStore
from bot.replies import STREAM_CUT_NOTE
from bot.settings import Settings
from bot.splitting import split_reply
from bot.supervisor import State, Supervisor
from tests.conftest import SupervisorFactory, bot_env, wait_for_state
from tests.fakes.discord_server import DROP_CONNECTION, MANAGE_WEBHOOKS, FakeDiscord, SentMessage
from tests.fakes.openai_server import FakeModel
from tests.integration.test_character_alive import save_character

LINK_LINE = re.compile(r"^-# ↪ \[alice: “.*”\]\(https://discord\.com/channels/\d+/\d+/(\d+)\)\n")


def red_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def save_cast(home: Path) -> None:
    """Two characters whose cards the fake model can tell apart in a system prompt."""
    save_character(home, id="bram", name="Bram", description="BRAM-CARD: a gruff innkeeper.")
    save_character(home, id="cara", name="Cara", nickname="Cee", description="CARA-CARD: a bard.")


def speaker(body: dict[str, Any]) -> str:
    """Whose reply the prompt asks for (a group prompt lists the other members' cards too)."""
    system = " ".join(str(m["content"]) for m in body["messages"] if m["role"] == "system")
    found = re.search(r"Write only (\w+)'s next reply", system)
    return found.group(1) if found else "?"


def current(sent: SentMessage) -> str:
    """What the message shows now (the fake keeps edits in the stored message)."""
    return str(sent.message["content"])


async def idle(supervisor: Supervisor) -> None:
    assert supervisor.client is not None
    await supervisor.client.wait_drained()


async def settled(supervisor: Supervisor, fake: FakeDiscord, channel: Any) -> None:
    """Every event before now has been handled: a message nobody is asked to answer, once remembered,
    comes after them on the gateway (so a reply to the bot's own messages would have started)."""
    marker = await fake.user_says(channel, fake.alice, "(just listening)")  # type: ignore[attr-defined]
    assert supervisor.brain is not None
    memory = supervisor.brain.memory
    for _ in range(200):
        await idle(supervisor)
        if any(t.message_id == int(marker["id"]) for t in await memory.history(channel.id)):
            await idle(supervisor)
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the marker message was never remembered")


async def streaming_bot(make_supervisor: SupervisorFactory, **settings: Any) -> Supervisor:
    """A connected bot that streams its replies (the suite's default turns streaming off)."""
    supervisor = await make_supervisor(Settings(stream_replies=True, **settings))
    await wait_for_state(supervisor, State.CONNECTED)
    return supervisor


async def connected_with_webhooks(
    make_supervisor: SupervisorFactory, fake: FakeDiscord, settings: Settings, **options: Any
) -> Supervisor:
    await fake.set_bot_permissions(fake.guild, MANAGE_WEBHOOKS)  # type: ignore[attr-defined]
    supervisor = await make_supervisor(settings, **options)
    await wait_for_state(supervisor, State.CONNECTED)
    return supervisor


# ----- personas -----


async def test_a_reply_comes_through_the_characters_own_webhook_which_the_next_reply_reuses(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    bram = save_character(home, id="bram", name="Bram", description="An innkeeper.")
    CharacterStore(Folders.resolve({"FAMILIAR_HOME": str(home)}).characters).save(bram, red_png())
    supervisor = await connected_with_webhooks(make_supervisor, fake_discord, Settings(character_id="bram"))
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    fake_model.reply = "Welcome to the Prancing Pony."

    first = await fake_discord.user_says(general, fake_discord.alice, "a room, please", mentions_bot=True)  # type: ignore[attr-defined]
    (answer,) = await fake_discord.wait_for_answers(first)
    assert answer.webhook_id is not None and fake_discord.sent == []
    (webhook,) = fake_discord.webhooks_in(general)
    assert webhook.id == answer.webhook_id and webhook.name == "Bram"
    assert webhook.application_id == fake_discord.application_id
    assert webhook.avatar_data is not None
    assert Image.open(io.BytesIO(webhook.avatar_data)).convert("RGB").getpixel((5, 5)) == (200, 30, 30)
    # No reply arrow for a webhook: a small linked line names what it answers, pinging no one.
    link = LINK_LINE.match(current(answer))
    assert link is not None and int(link.group(1)) == int(first["id"]), current(answer)
    assert current(answer)[link.end() :] == "Welcome to the Prancing Pony."
    assert answer.message["author"]["username"] == "Bram"
    assert (answer.json.get("allowed_mentions") or {}).get("parse") in ([], ["users"])

    second = await fake_discord.user_says(general, fake_discord.alice, "and supper?", mentions_bot=True)  # type: ignore[attr-defined]
    (again,) = await fake_discord.wait_for_answers(second)
    assert again.webhook_id == webhook.id and len(fake_discord.webhooks_in(general)) == 1
    lookups = [c for c in fake_discord.calls if c.method == "GET" and c.path.endswith("/webhooks")]
    assert len(lookups) == 1, "the channel's webhooks are looked up once, not per message"

    # Memory holds the character's own turns, as the channel shows them (without the link line).
    await idle(supervisor)
    assert supervisor.brain is not None
    turns = [t for t in await supervisor.brain.memory.history(general.id) if t.is_bot]
    assert [(t.author_name, t.character_id, t.message_id, t.content) for t in turns] == [
        ("Bram", "bram", answer.message_id, "Welcome to the Prancing Pony."),
        ("Bram", "bram", again.message_id, "Welcome to the Prancing Pony."),
    ]
    # The model saw the character's earlier turn as its own.
    assert {"role": "assistant", "content": "Welcome to the Prancing Pony."} in fake_model.completions[-1]["messages"]


async def test_in_a_thread_the_character_speaks_through_the_parent_channels_webhook(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await connected_with_webhooks(make_supervisor, fake_discord, Settings())
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    thread = await fake_discord.add_thread(general, "side quest")
    question = await fake_discord.user_says(thread, fake_discord.alice, "over here", mentions_bot=True)  # type: ignore[attr-defined]
    (answer,) = await fake_discord.wait_for_answers(question)
    assert answer.webhook_id is not None and answer.channel_id == thread.id
    assert [w.id for w in fake_discord.webhooks_in(general)] == [answer.webhook_id]
    assert fake_discord.sent == []


async def test_without_manage_webhooks_the_bot_account_answers_and_the_channel_is_noted_once(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor = await make_supervisor(Settings())
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    for text in ("one", "two", "three"):
        question = await fake_discord.user_says(general, fake_discord.alice, text, mentions_bot=True)  # type: ignore[attr-defined]
        (reply,) = await fake_discord.wait_for_replies(question)
        assert reply.webhook_id is None and reply.content == f"Reply to: alice: @Aria {text}"
    assert fake_discord.webhook_sends == [] and fake_discord.webhooks_in(general) == []
    notes = [r for r in caplog.records if "Manage Webhooks" in r.getMessage()]
    assert len(notes) == 1 and "#general" in notes[0].getMessage(), [r.getMessage() for r in notes]
    assert supervisor.client is not None and general.id in supervisor.client.personas.missing_permission
    assert supervisor.snapshot.webhooks_missing == ("#general (Tavern)",)  # what the Behaviour page lists


async def test_with_webhooks_turned_off_the_bot_account_answers(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await connected_with_webhooks(make_supervisor, fake_discord, Settings(use_webhooks=False))
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    question = await fake_discord.user_says(general, fake_discord.alice, "hello", mentions_bot=True)  # type: ignore[attr-defined]
    (reply,) = await fake_discord.wait_for_replies(question)
    assert reply.webhook_id is None and fake_discord.webhooks_in(general) == []


# ----- casts -----


async def test_a_reply_to_a_characters_webhook_message_is_answered_by_that_character(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_cast(home)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    supervisor = await connected_with_webhooks(
        make_supervisor, fake_discord, Settings(channel_casts={str(general.id): ["bram", "cara"]})
    )
    fake_model.reply = lambda body: f"{speaker(body)} speaking."
    question = await fake_discord.user_says(general, fake_discord.alice, "Cee, play us a song")  # type: ignore[attr-defined]
    (cara,) = await fake_discord.wait_for_answers(question)
    assert current(cara).endswith("Cara speaking.") and cara.message["author"]["username"] == "Cara"
    # A reply to Cara's message names no one: Cara answers it, not Bram (the cast's first).
    follow = await fake_discord.user_says(general, fake_discord.alice, "another one!", reply_to=int(cara.message_id))  # type: ignore[attr-defined]
    (again,) = await fake_discord.wait_for_answers(follow)
    assert again.webhook_id == cara.webhook_id and current(again).endswith("Cara speaking.")
    await idle(supervisor)
    assert [speaker(body) for body in fake_model.completions] == ["Cara", "Cara"]


async def test_a_cast_answers_in_the_order_named_and_never_answers_its_own_messages(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_cast(home)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    supervisor = await connected_with_webhooks(
        make_supervisor, fake_discord, Settings(channel_casts={str(general.id): ["bram", "cara"]})
    )
    # Each reply names the other character: with talking off, nobody answers it.
    fake_model.reply = lambda body: "Bram, your turn." if speaker(body) == "Cara" else "Cara, what say you?"
    question = await fake_discord.user_says(general, fake_discord.alice, "cara and bram, who is taller?")  # type: ignore[attr-defined]
    first, second = await fake_discord.wait_for_answers(question, 2)
    assert first.message["author"]["username"] == "Cara" and second.message["author"]["username"] == "Bram"
    assert first.webhook_id != second.webhook_id
    await settled(supervisor, fake_discord, general)
    assert [speaker(body) for body in fake_model.completions] == ["Cara", "Bram"]
    assert len(fake_discord.webhook_sends) == 2
    # Bram saw the shared conversation with Cara's turn under her name, and the group listed.
    bram_prompt = fake_model.completions[1]["messages"]
    assert {"role": "user", "content": "Cara: Bram, your turn."} in bram_prompt
    system = " ".join(str(m["content"]) for m in bram_prompt if m["role"] == "system")
    assert "Cara" in system and "CARA-CARD" in system and "BRAM-CARD" in system


async def test_characters_talking_to_each_other_stop_at_the_chain_limit(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    save_cast(home)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    supervisor = await connected_with_webhooks(
        make_supervisor,
        fake_discord,
        Settings(channel_casts={str(general.id): ["bram", "cara"]}, characters_talk=True, character_chain_limit=3),
    )
    fake_model.reply = lambda body: "Bram, your turn." if speaker(body) == "Cara" else "Cara, what say you?"
    await fake_discord.user_says(general, fake_discord.alice, "Bram, start us off")  # type: ignore[attr-defined]
    await fake_discord.wait_for_webhook_sends(3)
    await settled(supervisor, fake_discord, general)
    assert [speaker(body) for body in fake_model.completions] == ["Bram", "Cara", "Bram"]
    assert [s.message["author"]["username"] for s in fake_discord.webhook_sends] == ["Bram", "Cara", "Bram"]
    # A human message starts a new chain.
    await fake_discord.user_says(general, fake_discord.alice, "Cee, and then?")  # type: ignore[attr-defined]
    await fake_discord.wait_for_webhook_sends(6)
    await settled(supervisor, fake_discord, general)
    assert [speaker(body) for body in fake_model.completions[3:]] == ["Cara", "Bram", "Cara"]
    assert len(fake_discord.webhook_sends) == 6


# ----- streaming -----


@pytest.mark.parametrize("webhooks", [False, True], ids=["bot-account", "webhook"])
async def test_a_slow_reply_streams_as_one_post_then_edits_ending_in_the_full_text(
    webhooks: bool, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    if webhooks:
        supervisor = await connected_with_webhooks(make_supervisor, fake_discord, Settings(stream_replies=True))
    else:
        supervisor = await make_supervisor(Settings(stream_replies=True))
        await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    words = [f"word{i}" for i in range(12)]
    fake_model.reply = " ".join(words) + "."
    fake_model.chunk_delay = 0.08  # about a second in all; the test's edit interval is 0.05 s
    question = await fake_discord.user_says(general, fake_discord.alice, "tell me slowly", mentions_bot=True)  # type: ignore[attr-defined]
    (answer,) = await fake_discord.wait_for_answers(question)
    await idle(supervisor)
    posts = fake_discord.webhook_sends if webhooks else fake_discord.sent
    edits = [
        e
        for e in (fake_discord.webhook_edits if webhooks else fake_discord.edits)
        if e.message_id == answer.message_id and e.content is not None  # not the one that adds the buttons
    ]
    assert len(posts) == 1 and answer.content is not None and len(answer.content) < len(current(answer))
    assert len(edits) >= 2, [e.content for e in edits]
    shown = current(answer)
    text = shown[LINK_LINE.match(shown).end() :] if webhooks else shown  # type: ignore[union-attr]
    assert text == fake_model.reply and edits[-1].content == shown
    assert supervisor.brain is not None
    (turn,) = [t for t in await supervisor.brain.memory.history(general.id) if t.is_bot]
    assert turn.content == fake_model.reply and turn.message_id == answer.message_id


async def test_a_long_streamed_reply_ends_as_two_messages_with_intact_code_fences(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await streaming_bot(make_supervisor)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    code = "\n".join(f"    total += step({i})  # keep going" for i in range(30))
    prose, ending = ("The spell, line by line. " * 66).strip(), ("And so it ends. " * 40).strip()
    reply = f"{prose}\n\n```python\n{code}\n```\n\n{ending}"
    assert 3300 <= len(reply) <= 3700 and reply.index("```") < 2000 < reply.rindex("```")
    fake_model.reply = reply
    fake_model.chunk_delay = 0.002
    question = await fake_discord.user_says(general, fake_discord.alice, "the whole spell", mentions_bot=True)  # type: ignore[attr-defined]
    await fake_discord.wait_for_replies(question)
    await idle(supervisor)
    shown = [current(s) for s in fake_discord.sent]
    assert shown == split_reply(reply) and len(shown) == 2
    for text in shown:
        assert len(text) <= 2000 and text.count("```") % 2 == 0, text
    assert "```python\n" + code + "\n```" in shown[1]


# ----- catch-up -----


async def test_a_catch_up_does_not_answer_again_what_a_characters_webhook_answered(
    make_supervisor: SupervisorFactory, tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    first = await connected_with_webhooks(make_supervisor, fake_discord, Settings())
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    question = await fake_discord.user_says(general, fake_discord.alice, "remember me?", mentions_bot=True)  # type: ignore[attr-defined]
    await fake_discord.wait_for_answers(question)
    await idle(first)
    await first.shutdown(5)
    # A new home (as if the database were lost): only Discord's history says it was answered.
    second = await make_supervisor(Settings(), env=bot_env(tmp_path / "other-home", fake_discord, fake_model))
    await wait_for_state(second, State.CONNECTED)
    assert second.client is not None
    await asyncio.wait_for(second.wait_caught_up(), 10)
    await idle(second)
    assert len(fake_model.completions) == 1 and len(fake_discord.answers_to(question)) == 1


async def test_a_streamed_reply_cut_by_the_model_keeps_what_was_written_and_the_note(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await streaming_bot(make_supervisor)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    fake_model.reply = "Once upon a time there was a very long story that never ended properly"
    fake_model.chunk_delay = 0.08
    fake_model.cut_stream_after(6)
    question = await fake_discord.user_says(general, fake_discord.alice, "a story", mentions_bot=True)  # type: ignore[attr-defined]
    (answer,) = await fake_discord.wait_for_replies(question)
    await idle(supervisor)
    assert len(fake_discord.sent) == 1
    assert current(answer) == f"Once upon a time there was\n\n{STREAM_CUT_NOTE}"
    assert supervisor.brain is not None
    (turn,) = [t for t in await supervisor.brain.memory.history(general.id) if t.is_bot]
    assert turn.content == current(answer)


async def test_reasoning_never_flashes_in_a_streamed_reply(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await streaming_bot(make_supervisor)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    fake_model.reply = "<think>The user wants a secret plan, so I will hide it.</think>Here is the answer you wanted."
    fake_model.chunk_delay = 0.1  # the answer streams for longer than the first post waits (FIRST_POST_GRACE)
    question = await fake_discord.user_says(general, fake_discord.alice, "think first", mentions_bot=True)  # type: ignore[attr-defined]
    (answer,) = await fake_discord.wait_for_replies(question)
    await idle(supervisor)
    everything = [answer.content or ""] + [e.content or "" for e in fake_discord.edits]
    assert len(fake_discord.edits) >= 1 and not any("secret" in text or "think" in text for text in everything)
    assert current(answer) == "Here is the answer you wanted."


async def test_shutdown_mid_stream_leaves_memory_holding_what_discord_shows(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await streaming_bot(make_supervisor)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    fake_model.reply = " ".join(f"word{i}" for i in range(200))
    fake_model.chunk_delay = 0.02
    question = await fake_discord.user_says(general, fake_discord.alice, "go on and on", mentions_bot=True)  # type: ignore[attr-defined]
    (answer,) = await fake_discord.wait_for_replies(question)
    await fake_discord.wait_for(lambda: len(fake_discord.edits) >= 2, 10, "two edits")
    await asyncio.wait_for(supervisor.shutdown(5), 10)
    shown = current(answer)
    assert shown.startswith("word0 word1") and not shown.endswith("word199")
    memory = await MemoryStore.open(supervisor.folders.memory_db)
    try:
        turns = [t for t in await memory.history(general.id) if t.is_bot]
    finally:
        await memory.close()
    assert [(t.message_id, t.content) for t in turns] == [(answer.message_id, shown)]


@pytest.mark.parametrize("webhooks", [False, True], ids=["bot-account", "webhook"])
async def test_a_streamed_post_that_landed_while_its_answer_was_lost_is_finished_not_posted_again(
    webhooks: bool, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    settings = Settings(stream_replies=True)
    if webhooks:
        supervisor = await connected_with_webhooks(make_supervisor, fake_discord, settings, catch_up_retry_delay=0.3)
    else:
        supervisor = await make_supervisor(settings, catch_up_retry_delay=0.3)
        await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    fake_model.reply = "Slowly, the tide turned and the boats came home."
    fake_model.chunk_delay = 0.1  # streams for longer than the first post waits: that post is partial
    posts = r"^/channels/\d+/messages$|^/webhooks/\d+/[^/]+$"
    # The first post reaches Discord but its answer is lost; every retry then fails.
    fake_discord.fail_rest("POST", posts, DROP_CONNECTION, processed=True)
    fake_discord.fail_rest("POST", posts, DROP_CONNECTION, times=None)
    # Nor can the channel be read: the webhook cannot look for its copy (execute has no nonce), so
    # it must not post blind; and the catch-up cannot finish the landed post before the reply has
    # been seen waiting in memory (it would, by an edit, within its 0.3 s retry delay).
    fake_discord.fail_rest("GET", r"^/channels/\d+/messages$", 503, times=None)
    question = await fake_discord.user_says(general, fake_discord.alice, "the tide?", mentions_bot=True)  # type: ignore[attr-defined]
    (landed,) = await fake_discord.wait_for_answers(question)
    assert supervisor.brain is not None
    memory = supervisor.brain.memory
    for _ in range(500):  # until the bot gives the post up: the reply waits in memory
        if await memory.pending_pieces(0):
            break
        await asyncio.sleep(0.02)
    else:
        raise AssertionError("the reply never went to memory as pending")
    posted = [c for c in fake_discord.calls if c.method == "POST" and re.search(posts, c.path)]
    assert len(posted) == (1 if webhooks else 4), "a webhook never posts again while it cannot look for its copy"
    assert current(landed) != "" and not current(landed).endswith("home.")
    fake_discord.clear_rest_failures()
    # The catch-up finds the post that landed (the bot's reply, or the webhook's message linking the
    # question) and finishes it by an edit, instead of posting the reply again.
    await fake_discord.wait_for(lambda: current(landed).endswith("boats came home."), 10, "the landed post finished")
    await asyncio.wait_for(supervisor.wait_caught_up(), 10)
    await idle(supervisor)
    assert [a.message_id for a in fake_discord.answers_to(question)] == [landed.message_id], [
        current(a) for a in fake_discord.answers_to(question)
    ]
    assert len(fake_model.completions) == 1
    assert supervisor.brain is not None
    assert await supervisor.brain.memory.pending_pieces(0) == []
    (turn,) = [t for t in await supervisor.brain.memory.history(general.id) if t.is_bot]
    assert turn.message_id == landed.message_id and turn.content == fake_model.reply
