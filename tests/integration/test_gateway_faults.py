"""Fault injection on the Discord side: the supervisor's states, attempts and recovery."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.supervisor import AUTH_MESSAGE, INTENTS_MESSAGE, ErrorKind, Snapshot, State, Supervisor
from tests.conftest import SupervisorFactory, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


def record_states(supervisor: Supervisor) -> list[State]:
    states: list[State] = []

    def observe(snapshot: Snapshot) -> None:
        if not states or states[-1] is not snapshot.state:
            states.append(snapshot.state)

    supervisor.subscribe(observe)
    return states


async def connected(make_supervisor: SupervisorFactory, **options: object) -> tuple[Supervisor, list[State]]:
    supervisor = await make_supervisor(**options)
    states = record_states(supervisor)
    await wait_for_state(supervisor, State.CONNECTED)
    return supervisor, states


def replies_to(fake: FakeDiscord) -> dict[int, int]:
    """How many replies each user message got."""
    counts: dict[int, int] = {}
    for sent in fake.sent:
        if sent.message_reference:
            key = int(sent.message_reference["message_id"])
            counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.parametrize(
    "fault",
    ["abort", "close_4000", "op7_reconnect", "invalid_session_resumable"],
)
async def test_drops_that_resume(
    fault: str, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor, states = await connected(make_supervisor)
    general = fake_discord.guild.channel("general")
    started = time.monotonic()
    if fault == "abort":
        await fake_discord.abort_gateway()
    elif fault == "close_4000":
        await fake_discord.close_gateway(4000)
    elif fault == "op7_reconnect":
        await fake_discord.send_reconnect()
    else:
        await fake_discord.send_invalid_session(True)
    await fake_discord.wait_for_resume(1, timeout=10)
    await wait_for_state(supervisor, State.CONNECTED)
    said = await fake_discord.user_says(general, fake_discord.alice, "still there?", mentions_bot=True)
    await fake_discord.wait_for_sent(1)
    assert time.monotonic() - started < 8
    assert fake_discord.identify_count == 1, "a RESUME, not a new session"
    assert fake_discord.resume_count == 1
    assert replies_to(fake_discord) == {int(said["id"]): 1}
    assert states == [State.STOPPED, State.CONNECTING, State.CONNECTED, State.RECONNECTING, State.CONNECTED]


async def test_messages_sent_while_the_gateway_was_down_are_replayed_and_answered(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor, states = await connected(make_supervisor)
    general = fake_discord.guild.channel("general")
    await fake_discord.stop_listening()
    await wait_for_state(supervisor, State.RECONNECTING)
    missed = [
        await fake_discord.user_says(general, fake_discord.alice, f"while you were away {i}", mentions_bot=True)
        for i in range(3)
    ]
    started = time.monotonic()
    await fake_discord.start_listening()
    await fake_discord.wait_for_resume(1, timeout=15)
    await wait_for_state(supervisor, State.CONNECTED, timeout=15)
    await fake_discord.wait_for_sent(3, timeout=10)
    assert time.monotonic() - started < 15
    assert fake_discord.identify_count == 1
    assert replies_to(fake_discord) == {int(m["id"]): 1 for m in missed}
    # Answered oldest first.
    answered = [int(s.message_reference["message_id"]) for s in fake_discord.sent if s.message_reference]
    assert answered == [int(m["id"]) for m in missed]
    assert State.RECONNECTING in states and states[-1] is State.CONNECTED


async def test_invalid_session_starts_a_new_session_and_catches_up(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor, _ = await connected(make_supervisor)
    general = fake_discord.guild.channel("general")
    await fake_discord.stop_listening()
    fake_discord.sessions_invalid_on_resume = True
    missed = await fake_discord.user_says(general, fake_discord.alice, "hello? anyone?", mentions_bot=True)
    await fake_discord.start_listening()
    await fake_discord.wait_for_identify(2, timeout=15)
    await wait_for_state(supervisor, State.CONNECTED, timeout=15)
    [reply] = await fake_discord.wait_for_sent(1, timeout=10)
    assert int(reply.message_reference["message_id"]) == int(missed["id"])
    await asyncio.wait_for(supervisor.client.wait_drained(), 5)  # type: ignore[union-attr]
    assert replies_to(fake_discord) == {int(missed["id"]): 1}


async def test_first_connection_is_retried_until_the_server_is_back(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await fake_discord.stop_listening()
    supervisor = await make_supervisor()
    states = record_states(supervisor)
    retrying = await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.attempt >= 3, timeout=15)
    assert retrying.next_retry_at is not None and retrying.last_error
    await fake_discord.start_listening()
    snapshot = await wait_for_state(supervisor, State.CONNECTED, timeout=15)
    assert snapshot.attempt == 0 and snapshot.last_error is None
    assert states.count(State.ERROR) == 0


@pytest.mark.parametrize("status", [503, 500])
async def test_server_errors_at_login_are_retried(
    status: int, make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    """503 raises at once in discord.py 2.7 (we retry); 500 is retried inside discord.py first."""
    fake_discord.fail_rest("GET", r"^/users/@me$", status, times=2 if status == 503 else 1)
    supervisor = await make_supervisor()
    states = record_states(supervisor)
    await wait_for_state(supervisor, State.CONNECTED, timeout=30)
    assert State.ERROR not in states
    if status == 503:
        assert State.RECONNECTING in states
    assert fake_discord.identify_count == 1


async def test_gateway_down_but_rest_up_hits_the_first_connect_quirk_and_recovers(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    """discord.py 2.7 raises AttributeError('...sequence') when the very first gateway connect fails."""
    fake_discord.reject_gateway_connections = True
    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.attempt >= 2, timeout=15)
    assert fake_discord.rejected_gateway_connects >= 2
    assert supervisor.snapshot.last_error == "could not reach the Discord gateway"
    fake_discord.reject_gateway_connections = False
    await wait_for_state(supervisor, State.CONNECTED, timeout=15)


@pytest.mark.parametrize(
    ("code", "kind", "message"),
    [
        (4004, ErrorKind.AUTH, AUTH_MESSAGE),
        (4014, ErrorKind.INTENTS, INTENTS_MESSAGE),
        (4010, ErrorKind.CONFIG, None),
        (4011, ErrorKind.CONFIG, None),
        (4012, ErrorKind.CONFIG, None),
        (4013, ErrorKind.CONFIG, None),
    ],
)
async def test_fatal_close_codes_are_never_retried(
    code: int,
    kind: ErrorKind,
    message: str | None,
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
) -> None:
    fake_discord.reject_identify_with(code)
    supervisor = await make_supervisor()
    snapshot = await wait_for_state(supervisor, State.ERROR)
    assert snapshot.error_kind is kind
    if message:
        assert snapshot.last_error == message
    assert str(code) in (snapshot.last_error or "") or message
    # It stays in error: no second IDENTIFY however long we wait (bounded here by a
    # condition that must NOT come true).
    with pytest.raises(TimeoutError):
        await fake_discord.wait_for_identify(2, timeout=1.0)
    assert supervisor.snapshot.state is State.ERROR
    # Until the user asks to reconnect.
    fake_discord.reject_identify_with(None)
    supervisor.reconnect_now()
    await wait_for_state(supervisor, State.CONNECTED)


async def test_intents_error_names_the_exact_fix(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    fake_discord.allowed_privileged_intents = 0
    supervisor = await make_supervisor()
    snapshot = await wait_for_state(supervisor, State.ERROR)
    assert snapshot.error_kind is ErrorKind.INTENTS
    assert "Developer Portal → your app → Bot → enable Message Content Intent" in (snapshot.last_error or "")


async def test_rejected_token_at_login_is_an_auth_error_until_settings_change(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel, home
) -> None:
    from tests.conftest import bot_env

    env = bot_env(home, fake_discord, fake_model)
    env["FAMILIAR_DISCORD_TOKEN"] = "not-the-token"
    supervisor = await make_supervisor(env=env)
    snapshot = await wait_for_state(supervisor, State.ERROR)
    assert snapshot.error_kind is ErrorKind.AUTH
    logins = [c for c in fake_discord.calls if c.path == "/users/@me"]
    assert len(logins) == 1
    with pytest.raises(TimeoutError):
        await fake_discord.wait_for(
            lambda: len([c for c in fake_discord.calls if c.path == "/users/@me"]) > 1, timeout=1.0
        )
    assert fake_discord.identify_count == 0

    # A settings change with the right token reconnects on its own.
    from bot.secrets import Secrets

    supervisor._env.pop("FAMILIAR_DISCORD_TOKEN")  # the user fixed it in Settings instead
    await supervisor.apply_settings(supervisor.settings, Secrets(discord_token=fake_discord.token))
    await wait_for_state(supervisor, State.CONNECTED)


async def test_zombie_connection_is_detected_and_reconnected(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    # discord.py's own receive timeout is pushed out of the way so the watchdog is what acts.
    from bot.discord_compat import fast_client_options

    supervisor, _ = await connected(
        make_supervisor,
        client_options={**fast_client_options(heartbeat_timeout=30), "reidentify_delay": 0},
    )
    fake_discord.stop_heartbeat_acks()
    started = time.monotonic()
    await wait_for_state(supervisor, State.RECONNECTING, timeout=10)
    fake_discord.resume_heartbeat_acks()
    await fake_discord.wait_for_resume(1, timeout=10)
    await wait_for_state(supervisor, State.CONNECTED, timeout=10)
    # 2 × the 0.5 s heartbeat interval, plus the watchdog's tick and a loaded machine.
    assert time.monotonic() - started < 6


async def test_rest_429_and_500_on_send_are_retried_and_the_reply_arrives(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    await connected(make_supervisor)
    general = fake_discord.guild.channel("general")
    fake_discord.fail_rest("POST", r"/channels/\d+/messages$", 429, times=1, retry_after=0.2)
    said = await fake_discord.user_says(general, fake_discord.alice, "first", mentions_bot=True)
    await fake_discord.wait_for_sent(1, timeout=10)
    fake_discord.fail_rest("POST", r"/channels/\d+/messages$", 500, times=1)
    said2 = await fake_discord.user_says(general, fake_discord.alice, "second", mentions_bot=True)
    await fake_discord.wait_for_sent(2, timeout=15)
    fake_discord.fail_rest("POST", r"/channels/\d+/messages$", 503, times=2)
    said3 = await fake_discord.user_says(general, fake_discord.alice, "third", mentions_bot=True)
    await fake_discord.wait_for_sent(3, timeout=15)
    assert replies_to(fake_discord) == {int(said["id"]): 1, int(said2["id"]): 1, int(said3["id"]): 1}


async def test_a_reply_that_cannot_be_sent_is_logged_and_kept(
    make_supervisor: SupervisorFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    caplog: pytest.LogCaptureFixture,
) -> None:
    supervisor, _ = await connected(make_supervisor)
    general = fake_discord.guild.channel("general")
    fake_discord.fail_rest("POST", r"/channels/\d+/messages$", 503, times=None)
    fake_model.reply = "A reply worth keeping."
    await fake_discord.user_says(general, fake_discord.alice, "hello", mentions_bot=True)
    from bot.delivery import SEND_ATTEMPTS

    def posts() -> int:
        return sum(1 for c in fake_discord.calls if c.method == "POST" and c.path.endswith("/messages"))

    await fake_discord.wait_for(lambda: posts() >= SEND_ATTEMPTS, timeout=10, what="every send attempt")
    await asyncio.wait_for(supervisor.client.wait_drained(), 10)  # type: ignore[union-attr]
    assert posts() == SEND_ATTEMPTS
    fake_discord.clear_rest_failures()
    undelivered = await supervisor.brain.memory.undelivered()  # type: ignore[union-attr]
    assert [(channel, turn.content) for channel, turn in undelivered] == [(general.id, "A reply worth keeping.")]
    assert any(str(general.id) in r.getMessage() and "kept in memory" in r.getMessage() for r in caplog.records)


async def test_pause_resume_and_reconnect_now(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor, states = await connected(make_supervisor)
    supervisor.pause()
    await wait_for_state(supervisor, State.PAUSED)
    await fake_discord.wait_disconnected(timeout=5)
    with pytest.raises(TimeoutError):
        await fake_discord.wait_for_identify(2, timeout=0.5)
    supervisor.resume()
    await wait_for_state(supervisor, State.CONNECTED)
    assert fake_discord.identify_count == 2

    supervisor.reconnect_now()
    await fake_discord.wait_for_identify(3, timeout=10)
    await wait_for_state(supervisor, State.CONNECTED)
    assert states.count(State.PAUSED) == 1


async def test_reconnect_now_skips_a_long_backoff_wait(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    from bot.backoff import Backoff

    await fake_discord.stop_listening()
    supervisor = await make_supervisor(backoff=Backoff(30.0, 60.0, local_cap=60.0, rng=lambda low, high: high))
    waiting = await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.next_retry_at is not None)
    assert waiting.next_retry_at is not None and waiting.next_retry_at - time.time() > 20
    await fake_discord.start_listening()
    started = time.monotonic()
    supervisor.reconnect_now()
    await wait_for_state(supervisor, State.CONNECTED)
    assert time.monotonic() - started < 5


async def test_new_token_in_settings_reconnects_and_unrelated_changes_do_not(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    supervisor, _ = await connected(make_supervisor)
    assert supervisor.settings is not None
    await supervisor.apply_settings(supervisor.settings.model_copy(update={"user_cooldown_seconds": 5.0}), None)
    with pytest.raises(TimeoutError):
        await fake_discord.wait_for_identify(2, timeout=0.5)
    assert supervisor.brain.settings.user_cooldown_seconds == 5.0  # type: ignore[union-attr]


async def test_a_late_heartbeat_acknowledgement_is_explained_not_just_reported(
    make_supervisor: SupervisorFactory, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    """discord.py says "Can't keep up ... behind" past 10 s; the log says whose side the delay was on."""
    # discord.py only complains when the ACK comes more than 10 s after the LATEST heartbeat,
    # so heartbeats must be further apart than that (Discord's own interval is about 41 s).
    fake_discord.heartbeat_interval_ms = 10_500
    fake_discord.heartbeat_ack_delay = 10.2
    seen = LineCatcher("heartbeat")
    logging.getLogger().addHandler(seen)
    try:
        supervisor, _ = await connected(make_supervisor)
        line = await asyncio.wait_for(seen.first, 30)
    finally:
        logging.getLogger().removeHandler(seen)
        fake_discord.heartbeat_ack_delay = 0.0
    assert line.startswith("Discord acknowledged a heartbeat 10.") and "event loop was not blocked" in line
    assert supervisor.snapshot.state is State.CONNECTED


class LineCatcher(logging.Handler):
    """Resolves `first` with the first discord.gateway log line containing `text`."""

    def __init__(self, text: str) -> None:
        super().__init__(logging.DEBUG)
        self.text = text
        self.first: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._loop = asyncio.get_running_loop()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name == "discord.gateway" and self.text in message:
            # discord.py logs this from its keep-alive thread or the loop: hop onto the loop.
            self._loop.call_soon_threadsafe(lambda: self.first.done() or self.first.set_result(message))
