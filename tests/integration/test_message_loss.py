"""Nothing lost, nothing answered twice: the paths issue 9 found, each against the fakes.

Every test checks the same promise from the outside: each addressed message
gets exactly one reply in Discord (the fake's `replies_to`), whatever failed
on the way.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path

import pytest

from bot.backoff import Backoff
from bot.discord_compat import fast_client_options
from bot.supervisor import Snapshot, State, Supervisor
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import DROP_CONNECTION, FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.processes import HOLD_LOCK, second_process


def answered_once(fake: FakeDiscord, *messages: dict) -> bool:
    return all(len(fake.replies_to(message)) == 1 for message in messages)


async def wait_answered_once(fake: FakeDiscord, *messages: dict, timeout: float = 15) -> None:
    await fake.wait_for(lambda: answered_once(fake, *messages), timeout, f"{len(messages)} message(s) answered")


def timeline(supervisor: Supervisor) -> list[tuple[float, State]]:
    """(monotonic time, state) at every change of state."""
    seen: list[tuple[float, State]] = []

    def observe(snapshot: Snapshot) -> None:
        if not seen or seen[-1][1] is not snapshot.state:
            seen.append((time.monotonic(), snapshot.state))

    supervisor.subscribe(observe)
    return seen


# ----- 1. catch-up is owed until it succeeds -----


async def test_catch_up_that_met_a_dead_connection_runs_again_after_the_resume(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    """The connection drops between READY and discord.py's ready event, with REST down too:
    the catch-up cannot run then, and the next connection is a RESUME. It must still run."""
    general = fake_discord.guild.channel("general")
    missed = [
        await fake_discord.user_says(
            general, fake_discord.alice, f"said while you were stopped {i}", mentions_bot=True, dispatch=False
        )
        for i in range(3)
    ]
    outage_over = asyncio.Event()
    back_at: list[float] = []

    async def outage() -> None:
        await fake_discord.stop_listening()
        await asyncio.sleep(1.0)  # the outage itself; on_ready fires in the middle of it
        back_at.append(time.monotonic())
        await fake_discord.start_listening()
        outage_over.set()

    fake_discord.after_ready = outage
    supervisor = await make_supervisor(
        client_options={**fast_client_options(guild_ready_timeout=0.3), "reidentify_delay": 0}
    )
    states = timeline(supervisor)
    await asyncio.wait_for(outage_over.wait(), 10)
    await wait_answered_once(fake_discord, *missed)
    assert fake_discord.identify_count == 1 and fake_discord.resumed_count >= 1, "a RESUME, no new session"
    # The tray said "connected" at READY (the bot answers from then on), but not while it was offline:
    # what it showed when Discord came back was not "connected", and it said so again afterwards.
    before_back = [state for at, state in states if at < back_at[0]]
    assert before_back and before_back[-1] is not State.CONNECTED, states
    assert any(state is State.CONNECTED for at, state in states if at >= back_at[0])
    answered = [int(sent.message_reference["message_id"]) for sent in fake_discord.sent if sent.message_reference]
    assert answered == [int(m["id"]) for m in missed], "oldest first"


async def test_catch_up_that_failed_on_a_server_error_is_retried_while_connected(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    general = fake_discord.guild.channel("general")
    missed = await fake_discord.user_says(general, fake_discord.alice, "anyone?", mentions_bot=True, dispatch=False)
    fake_discord.fail_rest("GET", r"/channels/\d+/messages$", 503, times=2)
    supervisor = await make_supervisor(catch_up_retry_delay=0.2)
    await wait_for_state(supervisor, State.CONNECTED)
    await wait_answered_once(fake_discord, missed)
    history_reads = [c for c in fake_discord.calls if c.method == "GET" and c.path.endswith("/messages")]
    assert len(history_reads) >= 3


# ----- 2. a message handed to a worker is answered or stays owed -----


@pytest.mark.parametrize("status", [503, 500])
async def test_a_failing_typing_indicator_never_stops_or_delays_an_answer(
    status: int, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    # 503 fails at once; 500 makes discord.py itself retry for 25 s before it gives up.
    fake_discord.fail_rest("POST", r"/typing$", status, times=None)
    fake_model.delay = 0.8  # long enough for "typing…" (a quicker reply shows none)
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    started = time.monotonic()
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"), fake_discord.alice, "hi", mentions_bot=True
    )
    await wait_answered_once(fake_discord, said)
    assert time.monotonic() - started < 5
    assert any(c.path.endswith("/typing") for c in fake_discord.calls), "it did try to show typing"


async def test_a_reply_discord_kept_refusing_is_delivered_once_discord_is_back(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    from bot.delivery import SEND_ATTEMPTS

    supervisor = await make_supervisor(catch_up_retry_delay=0.3)
    await wait_for_state(supervisor, State.CONNECTED)
    fake_model.reply = "Worth the wait."
    fake_discord.fail_rest("POST", r"/channels/\d+/messages$", 503, times=None)
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"), fake_discord.alice, "hello?", mentions_bot=True
    )

    def posts() -> int:
        return sum(1 for c in fake_discord.calls if c.method == "POST" and c.path.endswith("/messages"))

    await fake_discord.wait_for(lambda: posts() >= SEND_ATTEMPTS, timeout=10, what="every send attempt")
    fake_discord.clear_rest_failures()
    await wait_answered_once(fake_discord, said)
    [reply] = fake_discord.replies_to(said)
    assert reply.content == "Worth the wait."
    assert len(fake_model.completions) == 1, "the reply was sent again, not generated again"
    assert supervisor.brain is not None
    await asyncio.wait_for(supervisor.wait_caught_up(), 10)
    assert await supervisor.brain.memory.pending_pieces(0) == []


async def test_a_reply_that_reached_discord_but_whose_answer_was_lost_is_not_posted_twice(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    fake_discord.fail_rest("POST", r"/channels/\d+/messages$", DROP_CONNECTION, processed=True)
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"), fake_discord.alice, "one reply please", mentions_bot=True
    )
    await fake_discord.wait_for(lambda: fake_discord.deduplicated_sends == 1, what="the retry with the same nonce")
    assert supervisor.client is not None
    await asyncio.wait_for(supervisor.client.wait_drained(), 10)
    assert len(fake_discord.replies_to(said)) == 1


async def test_a_database_locked_by_another_program_only_delays_the_answer(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor = await make_supervisor(catch_up_retry_delay=0.3)
    await wait_for_state(supervisor, State.CONNECTED)
    general = fake_discord.guild.channel("general")
    async with second_process(HOLD_LOCK, str(supervisor.folders.memory_db), "write-transaction", ready="locked"):
        said = await fake_discord.user_says(general, fake_discord.alice, "are you stuck?", mentions_bot=True)
        await fake_discord.wait_for(
            lambda: any(
                "stays owed" in r.getMessage() or "after the next catch-up" in r.getMessage() for r in caplog.records
            ),
            timeout=15,
            what="the worker giving the message back",
        )
        assert fake_discord.replies_to(said) == []
    await wait_answered_once(fake_discord, said, timeout=20)
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("bot.")), "one line, no traceback"


# ----- 4. DMs and threads said while the bot was stopped -----


async def test_dms_and_thread_messages_said_while_stopped_are_answered_at_start(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    first = await make_supervisor()
    await wait_for_state(first, State.CONNECTED)
    hello = await fake_discord.user_says_dm(fake_discord.alice, "hello in private")
    await wait_answered_once(fake_discord, hello)
    await first.shutdown()

    thread = await fake_discord.add_thread(
        fake_discord.guild.channel("general"), "side quest", author=fake_discord.alice
    )
    in_dm = await fake_discord.user_says_dm(fake_discord.alice, "are you back?", dispatch=False)
    in_thread = await fake_discord.user_says(thread, fake_discord.alice, "over here", mentions_bot=True, dispatch=False)
    second = await make_supervisor()
    await wait_for_state(second, State.CONNECTED)
    await wait_answered_once(fake_discord, hello, in_dm, in_thread)
    [dm_reply] = fake_discord.replies_to(in_dm)
    [thread_reply] = fake_discord.replies_to(in_thread)
    assert dm_reply.channel_id == fake_discord.dm_channel(fake_discord.alice).id
    assert thread_reply.channel_id == thread.id


# ----- 5. discord.py's reconnect delay starts short again after each success -----


async def test_reconnect_delay_resets_after_every_successful_connection(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor(backoff=Backoff(0.05, 0.2))
    await wait_for_state(supervisor, State.CONNECTED)
    first_attempts: list[int] = []
    for _ in range(4):
        await fake_discord.stop_listening()
        waiting = await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.next_retry_at is not None)
        first_attempts.append(waiting.attempt)
        # A few failed tries in each outage, so the exponent really grows inside it.
        await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.attempt >= 3)
        await fake_discord.start_listening()
        await wait_for_state(supervisor, State.CONNECTED, timeout=15)
    assert first_attempts == [1, 1, 1, 1]


# ----- 10. the token and the key never leave in a message -----


async def test_the_bot_token_and_the_model_key_are_never_sent_on(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    token, key = fake_discord.token, fake_model.api_key
    assert key
    fake_model.reply = f"Sure! The token is {token} and the key is {key}."
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"), fake_discord.alice, f"keep this safe: {token} / {key}", mentions_bot=True
    )
    await wait_answered_once(fake_discord, said)
    [reply] = fake_discord.replies_to(said)
    assert reply.content == "Sure! The token is [redacted] and the key is [redacted]."
    prompt = str(fake_model.completions[-1]["messages"])
    assert token not in prompt and key not in prompt and "keep this safe: [redacted] / [redacted]" in prompt
    assert supervisor.brain is not None
    remembered = str(await supervisor.brain.memory.history(fake_discord.guild.channel("general").id))
    assert token not in remembered and key not in remembered


# ----- 12. shutting down while discord.py waits to reconnect -----


async def test_shutdown_during_discord_pys_reconnect_wait_is_immediate_and_quiet(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A long wait, as after Discord's own errors (a refused connection alone retries within seconds).
    supervisor = await make_supervisor(backoff=Backoff(30.0, 60.0, local_cap=60.0, rng=lambda low, high: high))
    await wait_for_state(supervisor, State.CONNECTED)
    await fake_discord.stop_listening()
    waiting = await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.next_retry_at is not None)
    assert waiting.next_retry_at is not None and waiting.next_retry_at - time.time() > 20
    started = time.monotonic()
    await supervisor.shutdown(5)
    assert time.monotonic() - started < 1.0
    assert supervisor.snapshot.state is State.STOPPED
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("bot.")]


# ----- 13. leftovers of interrupted saves -----


async def test_leftover_temp_files_of_interrupted_saves_are_removed_at_start(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    old = config / ".settings.json.k2j4h9ab.tmp"
    fresh = config / ".settings.json.x8a1q3zz.tmp"  # perhaps a save in progress right now: left alone
    keep = config / "notes.tmp"
    for path in (old, fresh, keep):
        path.write_text("{")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(keep, (an_hour_ago, an_hour_ago))
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    assert not old.exists() and fresh.exists() and keep.exists()
