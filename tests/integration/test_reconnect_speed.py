"""Back fast: "connected" at READY, and within seconds of Discord returning after an outage.

Regression tests with wide margins (the figures are in `tests/benchmarks/bench_reconnect.py`
and the README): they use the product's own timings (discord.py's 2 s wait for the guild
list, the supervisor's 1 s / 60 s backoff), not the suite's fast ones.
"""

from __future__ import annotations

import asyncio
import time

from bot.backoff import Backoff
from bot.discord_compat import fast_client_options
from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def test_the_bot_is_connected_at_ready_not_after_discord_pys_guild_wait(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    options = {**fast_client_options(guild_ready_timeout=5.0), "reidentify_delay": 0, "edit_interval": 0.05}
    started = time.monotonic()
    supervisor = await make_supervisor(client_options=options)
    await wait_for_state(supervisor, State.CONNECTED, timeout=10)
    assert time.monotonic() - started < 2.5, "connected before discord.py's 5 s guild wait ended"
    # And it answers from then on.
    general = fake_discord.guild.channel("general")  # type: ignore[attr-defined]
    question = await fake_discord.user_says(general, fake_discord.alice, "already here?", mentions_bot=True)  # type: ignore[attr-defined]
    await fake_discord.wait_for_answers(question, timeout=10)


async def test_after_an_outage_the_bot_is_back_within_seconds_of_discord(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    # The product's policy (1 s doubling to 60 s), each wait drawn at its ceiling: waits of 1, 2, 4 s
    # would put the next try 3.5 s after Discord returns; on the short cap they are 1, 2, 2 s.
    supervisor = await make_supervisor(backoff=Backoff(1.0, 60.0, rng=lambda low, high: high))
    await wait_for_state(supervisor, State.CONNECTED)
    await fake_discord.stop_listening()  # connections refused: they never reach Discord
    await wait_for_state(supervisor, State.RECONNECTING)
    await asyncio.sleep(3.5)  # the outage
    back = time.monotonic()
    await fake_discord.start_listening()
    await wait_for_state(supervisor, State.CONNECTED, timeout=15)
    assert time.monotonic() - back < 3.0, "refused connections retry on the short cap (2 s)"
