"""`familiar --headless` as a real subprocess: env-only configuration, real signals, clean exits."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import UNCLEAN, bot_env
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.process import LoggedProcess

pytestmark = pytest.mark.slow


async def start_headless(env: dict[str, str], *options: str) -> LoggedProcess:
    return await LoggedProcess.start(["-m", "bot", "--headless", *options], env)


def assert_only_log_lines(lines: list[str]) -> None:
    """Nothing but formatted log lines: no traceback, no warning about unclosed resources."""
    text = "\n".join(lines)
    assert "Traceback" not in text, text
    for marker in UNCLEAN:
        assert marker not in text, text
    for line in lines:
        # "2026-11-28 12:00:00,000 INFO    name: message"
        assert line[:4].isdigit() and line[4] == "-", f"not a log line: {line!r}"


@pytest.fixture
async def headless(tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel):
    started: list[LoggedProcess] = []

    async def start(*options: str) -> LoggedProcess:
        app = await start_headless(bot_env(tmp_path / "home", fake_discord, fake_model), *options)
        started.append(app)
        return app

    yield start
    for app in started:
        await app.kill()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_env_only_headless_answers_a_mention_then_exits_cleanly_on_signal(
    signum: int, headless, fake_discord: FakeDiscord, fake_model: FakeModel, tmp_path: Path
) -> None:
    app = await headless()
    await app.wait_for_line("→ connected")
    general = fake_discord.guild.channel("general")
    fake_model.reply = "Hi alice! I'm Familiar."
    said = await fake_discord.user_says(general, fake_discord.alice, "hello bot", mentions_bot=True)
    [reply] = await fake_discord.wait_for_replies(said, timeout=10)
    assert reply.content == "Hi alice! I'm Familiar."
    # A new channel: the default character opened it with its greeting first (not a reply).
    greeting, _ = fake_discord.sent
    assert greeting.message_reference is None and "Hi alice! I'm Familiar." in greeting.content
    assert greeting.content.startswith("*A small glowing familiar blinks awake")

    started = time.monotonic()
    app.process.send_signal(signum)
    assert await app.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    # The gateway was closed by the client (1000, or 4000 as discord.py 2.7 sends on close()).
    assert set(fake_discord.client_close_codes) <= {1000, 4000} and fake_discord.client_close_codes
    assert_only_log_lines(app.lines)
    log_text = (tmp_path / "home" / "logs" / "familiar.log").read_text()
    for state in ("→ connecting", "→ connected", "→ stopping", "→ stopped"):
        assert state in log_text
    # Secrets never reach the log.
    assert fake_discord.token not in log_text and (fake_model.api_key or "sk-") not in log_text


async def test_start_up_objects_are_frozen_out_of_collections_before_the_first_connection(
    headless, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    # bot/gc_freeze.py: modules, discord.py, pydantic and the model client (the openai SDK's
    # ~50,000 objects among them) are frozen once the supervisor has started; the connection's
    # objects, which a reconnect turns into garbage, are made after.
    app = await headless("--log-level", "DEBUG")
    await app.wait_for_line("→ connected")
    [frozen] = [i for i, line in enumerate(app.lines) if "start-up objects left out of garbage collections" in line]
    count = int(app.lines[frozen].rsplit(": ", 1)[1].split()[0])
    assert count > 100_000, app.lines[frozen]
    [connecting] = [i for i, line in enumerate(app.lines) if "→ connecting" in line]
    assert connecting > frozen, app.lines[frozen : connecting + 1]
    app.process.send_signal(signal.SIGINT)
    assert await app.wait(timeout=10) == 0
    assert_only_log_lines(app.lines)


async def test_shutdown_with_a_generation_in_flight_is_fast_and_clean(
    headless, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    app = await headless()
    await app.wait_for_line("→ connected")
    fake_model.hold()
    general = fake_discord.guild.channel("general")
    await fake_discord.user_says(general, fake_discord.alice, "think hard", mentions_bot=True)
    await fake_model.wait_for_requests(1, timeout=10)
    started = time.monotonic()
    app.process.send_signal(signal.SIGINT)
    assert await app.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    fake_model.release()
    assert_only_log_lines(app.lines)


async def test_a_second_sigint_exits_at_once_with_130(
    headless, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    app = await headless()
    await app.wait_for_line("→ connected")
    # Make the shutdown slow: a reply is being sent and Discord rate-limits it for a while.
    fake_discord.fail_rest("POST", r"/channels/\d+/messages$", 429, times=1, retry_after=30)
    general = fake_discord.guild.channel("general")
    await fake_discord.user_says(general, fake_discord.alice, "hello", mentions_bot=True)
    await fake_discord.wait_for(
        lambda: any(c.method == "POST" and c.path.endswith("/messages") for c in fake_discord.calls), timeout=10
    )
    app.process.send_signal(signal.SIGINT)
    await app.wait_for_line("shutting down")
    app.process.send_signal(signal.SIGINT)
    assert await app.wait(timeout=5) == 130
    assert "Traceback" not in "\n".join(app.lines)


async def test_version_and_no_qt_in_the_bot() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--version", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    from bot import __version__

    assert process.returncode == 0 and out.decode().strip() == f"familiar {__version__}"

    code = (
        "import sys, bot.cli, bot.headless, bot.supervisor, bot.client, bot.llm, bot.settings, bot.characters;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qasync', 'shiboken6', 'desktop'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    assert process.returncode == 0, out.decode()


async def test_catch_up_across_a_process_restart_answers_each_missed_message_once(
    headless, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    general = fake_discord.guild.channel("general")
    first = await headless()
    await first.wait_for_line("→ connected")
    answered = await fake_discord.user_says(general, fake_discord.alice, "before the restart", mentions_bot=True)
    await fake_discord.wait_for_replies(answered, timeout=10)
    first.process.send_signal(signal.SIGTERM)
    assert await first.wait(timeout=10) == 0

    # While the bot is down: two messages for it, one chatter, one for someone else.
    bob = fake_discord.add_user("bob")
    missed_1 = await fake_discord.user_says(general, bob, "are you awake?", mentions_bot=True)
    await fake_discord.user_says(general, fake_discord.alice, "just chatting")
    missed_2 = await fake_discord.user_says(general, fake_discord.alice, "hello again", mentions_bot=True)

    second = await headless()
    await second.wait_for_line("→ connected")
    for missed in (missed_1, missed_2):
        await fake_discord.wait_for_replies(missed, timeout=15)
    await second.wait_for_line("Catching up on 2")
    references = [int(s.message_reference["message_id"]) for s in fake_discord.sent if s.message_reference]
    assert references == [int(answered["id"]), int(missed_1["id"]), int(missed_2["id"])]
    # The catch-up fed the chatter to the model as context too.
    assert any("just chatting" in m["content"] for m in fake_model.completions[-1]["messages"])
    second.process.send_signal(signal.SIGINT)
    assert await second.wait(timeout=10) == 0
    assert len(fake_discord.sent) == 4  # the greeting, once, and three answers
    assert_only_log_lines(first.lines + second.lines)


async def test_python_m_bot_runs_only_the_headless_bot_and_points_to_the_tray_app() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2 and "`familiar`" in err.decode() and "python -m desktop" in err.decode()
