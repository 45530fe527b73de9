"""Fault injection on the model side: every failure gets a sentence in the channel, never silence."""

from __future__ import annotations

import pytest

from bot.replies import STREAM_CUT_NOTE
from bot.settings import Settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def ask(fake_discord: FakeDiscord, text: str, count: int) -> str:
    general = fake_discord.guild.channel("general")
    await fake_discord.user_says(general, fake_discord.alice, text, mentions_bot=True)
    sent = await fake_discord.wait_for_sent(count, timeout=15)
    return sent[-1].content or ""


@pytest.mark.parametrize(
    ("status", "words"),
    [(401, "key"), (404, "fake-model"), (500, "server"), (429, "rate limit")],
)
async def test_persistent_model_errors_are_explained_in_channel(
    status: int, words: str, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.fail_next(status, times=10)
    notice = await ask(fake_discord, "hello?", 1)
    assert notice.startswith("⚠️ ")
    assert words.lower() in notice.lower(), notice
    transient = status in (429, 500)
    assert len(fake_model.completions) == (3 if transient else 1)  # bounded retries, only for transient errors
    assert supervisor.snapshot.state is State.CONNECTED


async def test_a_rate_limited_model_is_retried_before_the_user_hears_of_it(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.fail_next(429, times=2, retry_after=0.05)
    fake_model.reply = "Sorry for the wait!"
    assert await ask(fake_discord, "hello?", 1) == "Sorry for the wait!"
    assert len(fake_model.completions) == 3


async def test_model_timeout_is_explained(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor(Settings(request_timeout=1))
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.delay = 5
    notice = await ask(fake_discord, "slow one", 1)
    assert notice.startswith("⚠️ ") and "too long" in notice.lower()


async def test_a_stream_cut_halfway_keeps_the_partial_reply_with_a_note(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.reply = "Once upon a time there was a very long story that never ended properly"
    fake_model.cut_stream_after(3)
    reply = await ask(fake_discord, "tell me a story", 1)
    assert reply.startswith("Once upon")
    assert reply.endswith(STREAM_CUT_NOTE)
    assert len(fake_model.completions) == 1  # text was already produced: no retry
