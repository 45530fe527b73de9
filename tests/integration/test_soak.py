"""The soak, CI-sized: seeded rounds of every fault with mentions in between; 0 lost, 0 answered twice.

The long version (hundreds of rounds, the bot as a real headless process) is
`python -m tests.benchmarks.bench_soak`; its figures are in the README.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.settings import Settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import MANAGE_WEBHOOKS, FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.soak import FAULTS, Soak

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("seed", "personas"),
    [(1, False), (2, True)],
    ids=["bot-account", "streamed-webhooks"],
)
async def test_soak_loses_nothing_and_answers_nothing_twice(
    seed: int, personas: bool, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    thread = await fake_discord.add_thread(fake_discord.guild.channel("general"), "quest", author=fake_discord.alice)
    # Replies take a little while, so faults land mid-reply too; streamed, longer than the first
    # post's grace (FIRST_POST_GRACE), so each reply is posted early and then edited.
    fake_model.chunk_delay = 0.08 if personas else 0.01
    if personas:  # as users run it: characters speak through webhooks, replies stream in
        await fake_discord.set_bot_permissions(fake_discord.guild, MANAGE_WEBHOOKS)
    supervisor = await make_supervisor(Settings(stream_replies=personas), catch_up_retry_delay=0.2)
    await wait_for_state(supervisor, State.CONNECTED)
    soak = Soak(
        fake_discord,
        seed=seed,
        user=fake_discord.alice,
        channels=[fake_discord.guild.channel("general"), fake_discord.guild.channel("random"), thread],
        outage=(0.2, 0.8),
    )

    async def settle() -> None:
        await asyncio.wait_for(supervisor.wait_caught_up(), 30)
        if supervisor.client is not None:
            await asyncio.wait_for(supervisor.client.wait_drained(), 30)

    result = await soak.run(40, settle=settle, answer_timeout=60)
    assert set(result.faults) >= set(FAULTS) - {"close_1001"} or len(result.faults) >= 10, result.faults
    assert (result.lost, result.doubled) == ([], []), result.summary()
    if personas:
        assert fake_discord.webhook_sends and fake_discord.webhook_edits, "the soak went through webhooks and edits"
