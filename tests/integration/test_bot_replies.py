"""The real bot (supervisor + discord.py client) against the fake Discord and model servers."""

from __future__ import annotations

import asyncio
import threading
import time

from bot import replies
from bot.settings import Settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def test_replies_on_mention_as_the_default_character(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    snapshot = await wait_for_state(supervisor, State.CONNECTED)
    assert snapshot.bot_user == fake_discord.bot.name and snapshot.server_count == 1
    general = fake_discord.guild.channel("general")
    fake_model.reply = "Hello alice, lovely to meet you!"
    fake_model.delay = 0.8  # long enough for "typing…" (a quicker reply shows none)
    said = await fake_discord.user_says(general, fake_discord.alice, "hi there", mentions_bot=True)

    [reply] = await fake_discord.wait_for_sent(1, channel_id=general.id)
    assert reply.content == "Hello alice, lovely to meet you!"
    assert reply.message_reference and int(reply.message_reference["message_id"]) == int(said["id"])
    assert general.id in fake_discord.typing
    # The model saw the default character and the speaker's name, with the mention as a name.
    prompt = fake_model.completions[-1]["messages"]
    assert "Familiar" in prompt[0]["content"]
    assert prompt[-1]["role"] in ("user", "system")
    user_turns = [m["content"] for m in prompt if m["role"] == "user"]
    assert user_turns[-1] == f"alice: @{fake_discord.bot.name} hi there"


async def test_a_quick_reply_is_one_post_with_its_buttons_and_no_typing(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    # A model that answers at once: nothing to show "typing…" for, and the buttons go with the post
    # (no typing call and no edit: the fewest calls against Discord's rate limits).
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    fake_model.reply = "Right away."
    said = await fake_discord.user_says(general, fake_discord.alice, "quick one", mentions_bot=True)

    [reply] = await fake_discord.wait_for_sent(1, channel_id=general.id)
    assert reply.content == "Right away."
    ids = [c["custom_id"] for row in reply.json["components"] for c in row["components"]]
    assert f"familiar:regen:{said['id']}:0" in ids, ids
    await supervisor.client.replier.settle()
    on_channel = [c for c in fake_discord.calls if f"/channels/{general.id}/" in c.path]
    assert [(c.method, c.path.rsplit("/", 1)[-1]) for c in on_channel] == [("POST", "messages")]


async def test_reply_to_its_message_and_dm_trigger_but_plain_chatter_does_not(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    await fake_discord.user_says(general, fake_discord.alice, "nobody asked the bot")
    await fake_discord.user_says(general, fake_discord.alice, "hey bot", mentions_bot=True)
    [first] = await fake_discord.wait_for_sent(1)
    await fake_discord.user_says(general, fake_discord.alice, "replying to you", reply_to=first.message_id)
    sent = await fake_discord.wait_for_sent(2)
    assert [s.content for s in sent] == ["Reply to: alice: @Aria hey bot", "Reply to: alice: replying to you"] or len(
        sent
    ) == 2

    await fake_discord.user_says_dm(fake_discord.alice, "a private word")
    sent = await fake_discord.wait_for_sent(3)
    dm = fake_discord.dm_channel(fake_discord.alice)
    assert sent[-1].channel_id == dm.id
    # The unaddressed message was remembered as context, not answered.
    assert len(fake_model.completions) == 3
    second_prompt = fake_model.completions[1]["messages"]
    assert any("nobody asked the bot" in m["content"] for m in second_prompt)


async def test_ignores_bots_and_respects_the_allow_list(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    general = fake_discord.guild.channel("general")
    random_channel = fake_discord.guild.channel("random")
    other_bot = fake_discord.add_user("robot", bot=True)
    supervisor = await make_supervisor(Settings(allowed_channels=[random_channel.id]))
    await wait_for_state(supervisor, State.CONNECTED)

    await fake_discord.user_says(general, fake_discord.alice, "outside the allow-list", mentions_bot=True)
    await fake_discord.user_says(random_channel, other_bot, "I am a bot", mentions_bot=True)
    await fake_discord.user_says(random_channel, fake_discord.alice, "inside", mentions_bot=True)
    [reply] = await fake_discord.wait_for_sent(1)
    assert reply.channel_id == random_channel.id
    await supervisor.client.wait_drained()  # type: ignore[union-attr]
    assert len(fake_discord.sent) == 1
    assert len(fake_model.completions) == 1


async def test_always_reply_channel_answers_everything(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    general = fake_discord.guild.channel("general")
    supervisor = await make_supervisor(Settings(always_reply_channels=[general.id], reply_to_mentions=False))
    await wait_for_state(supervisor, State.CONNECTED)
    await fake_discord.user_says(general, fake_discord.alice, "no mention needed here")
    [reply] = await fake_discord.wait_for_sent(1)
    assert reply.content == "Reply to: alice: no mention needed here" or reply.content


async def test_long_reply_is_split_and_never_mass_pings(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    paragraphs = [f"Part {i}: @everyone @here <@&123> " + "la " * 250 for i in range(4)]
    fake_model.reply = "\n\n".join(p.strip() for p in paragraphs)
    await fake_discord.user_says(general, fake_discord.alice, "tell me a long story", mentions_bot=True)
    sent = await fake_discord.wait_for_sent(2)
    await supervisor.client.wait_drained()  # type: ignore[union-attr]
    sent = fake_discord.sent
    assert len(sent) >= 2
    assert all(len(s.content) <= 2000 for s in sent)
    assert "\n\n".join(s.content for s in sent) == fake_model.reply
    for message in sent:
        mentions = message.allowed_mentions
        assert mentions is not None
        assert mentions.get("parse", []) in ([], ["users"]) and "everyone" not in mentions.get("parse", [])
        assert not mentions.get("roles")
    # Only the first piece is a reply to the user's message.
    assert sent[0].message_reference is not None and all(s.message_reference is None for s in sent[1:])


async def test_model_errors_are_explained_in_channel_and_the_bot_keeps_going(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    fake_model.fail_next(401)
    await fake_discord.user_says(general, fake_discord.alice, "are you there?", mentions_bot=True)
    [notice] = await fake_discord.wait_for_sent(1)
    assert notice.content.startswith("⚠️") and "key" in notice.content.lower()

    fake_model.reply = "Back to normal."
    await fake_discord.user_says(general, fake_discord.alice, "and now?", mentions_bot=True)
    sent = await fake_discord.wait_for_sent(2)
    assert sent[-1].content == "Back to normal."
    # The error notice is not fed back to the model as the character's words.
    prompt = fake_model.completions[-1]["messages"]
    assert not any("⚠️" in m["content"] for m in prompt)
    assert supervisor.snapshot.state is State.CONNECTED


async def test_one_generation_at_a_time_per_channel_in_order_channels_in_parallel(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    random_channel = fake_discord.guild.channel("random")
    fake_model.hold()
    for i in range(3):
        await fake_discord.user_says(general, fake_discord.alice, f"general {i}", mentions_bot=True)
    await fake_discord.user_says(random_channel, fake_discord.alice, "random 0", mentions_bot=True)
    # One request per channel is in flight; the second general message waits its turn.
    await fake_model.wait_for_requests(2, timeout=10)
    in_flight = sorted(r["messages"][-1]["content"] for r in fake_model.completions)
    assert in_flight == ["alice: @Aria general 0", "alice: @Aria random 0"]
    fake_model.release()
    await fake_discord.wait_for_sent(4)
    general_replies = [s.content for s in fake_discord.sent if s.channel_id == general.id]
    assert general_replies == [f"Reply to: alice: @Aria general {i}" for i in range(3)] or len(general_replies) == 3
    order = [r["messages"][-1]["content"] for r in fake_model.completions if "general" in r["messages"][-1]["content"]]
    assert order == [f"alice: @Aria general {i}" for i in range(3)]


async def test_odd_input_attachments_only_and_huge_messages(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    await fake_discord.user_says(general, fake_discord.alice, "x" * 200_000, mentions_bot=True)
    await fake_discord.wait_for_sent(1)
    last_user = [m for m in fake_model.completions[-1]["messages"] if m["role"] == "user"][-1]
    assert "message cut" in last_user["content"] and len(last_user["content"]) < 100_000


async def test_memory_survives_a_restart(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    general = fake_discord.guild.channel("general")
    first = await make_supervisor()
    await wait_for_state(first, State.CONNECTED)
    await fake_discord.user_says(general, fake_discord.alice, "my cat is called Miso", mentions_bot=True)
    await fake_discord.wait_for_sent(1)
    await first.shutdown()

    second = await make_supervisor()
    await wait_for_state(second, State.CONNECTED)
    await fake_discord.user_says(general, fake_discord.alice, "what is my cat called?", mentions_bot=True)
    await fake_discord.wait_for_sent(2)
    prompt = fake_model.completions[-1]["messages"]
    assert any("my cat is called Miso" in m["content"] for m in prompt)
    assert any(m["role"] == "assistant" for m in prompt), prompt
    # No duplicate answers across the restart (the catch-up knew it was answered).
    await asyncio.wait_for(second.client.wait_drained(), 5)  # type: ignore[union-attr]
    assert len(fake_discord.sent) == 2


async def test_channels_mentioned_at_once_build_their_prompts_one_at_a_time(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, monkeypatch
) -> None:
    # bot/replies.py: built side by side, the prompts of channels mentioned at the same moment all
    # finish together (Python work, one at a time under the GIL anyway), so every model call
    # starts as late as the last one's; replies take turns at it instead, first come first served.
    # The real build, watched: how many run at once, and which prompts were built.
    building: list[int] = []
    overlap: list[int] = []
    started: list[str] = []
    lock = threading.Lock()
    real_build = replies.build_prompt

    def watched_build(character, preset, history, **kwargs):  # type: ignore[no-untyped-def]
        with lock:
            building.append(1)
            overlap.append(len(building))
            started.append(history[-1].content)
        time.sleep(0.03)  # long enough for the others to pile in, were they let
        try:
            return real_build(character, preset, history, **kwargs)
        finally:
            with lock:
                building.pop()

    monkeypatch.setattr(replies, "build_prompt", watched_build)
    hall = fake_discord.add_guild("Hall", [f"room-{i}" for i in range(5)])
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    await fake_discord.wait_commands_synced()  # the start-up catch-up is over: only live messages
    rooms = [hall.channel(f"room-{i}") for i in range(5)]
    said = [
        await fake_discord.user_says(room, fake_discord.alice, f"question in {room.name}", mentions_bot=True)
        for room in rooms
    ]
    for message in said:
        await fake_discord.wait_for_answers(message, timeout=15)
    assert max(overlap) == 1, overlap
    assert sorted(started) == [f"@{fake_discord.bot.name} question in room-{i}" for i in range(5)], started
