"""Start-up with something wrong: a sentence and exit 2 for what the user must fix, and
nothing lost or crashed for damaged files, which are set aside.

`familiar --headless` runs as a real subprocess; its whole output must be log
lines (no traceback).
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from bot.memory import MemoryStore
from bot.settings import Settings
from bot.supervisor import State
from tests.conftest import SupervisorFactory, bot_env, wait_for_state
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel
from tests.integration.test_headless import assert_only_log_lines, start_headless
from tests.process import LoggedProcess
from tests.processes import HOLD_LOCK, NOBODY, second_process, shared_temp_folder

pytestmark = pytest.mark.slow


async def exits_with_a_sentence(env: dict[str, str], expected: str, *, code: int = 2) -> list[str]:
    app = await start_headless(env)
    try:
        assert await app.wait(timeout=20) == code, "\n".join(app.lines)
    finally:
        await app.kill()
    errors = [line for line in app.lines if " ERROR " in line]
    assert len(errors) == 1 and expected in errors[0], "\n".join(app.lines)
    assert_only_log_lines(app.lines)
    return app.lines


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "case", ["no_token", "openai_base_url", "discord_api_base", "invalid_setting", "shard_count", "shard_ids"]
)
async def test_a_configuration_the_user_must_fix_exits_2_with_one_sentence(
    case: str, tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    env = bot_env(tmp_path / "home", fake_discord, fake_model)
    if case == "no_token":
        env.pop("FAMILIAR_DISCORD_TOKEN")
        expected = "No bot token: set FAMILIAR_DISCORD_TOKEN"
    elif case == "openai_base_url":
        env["FAMILIAR_OPENAI_BASE_URL"] = "localhost:11434"
        expected = "FAMILIAR_OPENAI_BASE_URL is 'localhost:11434', which is not an http:// or https:// URL"
    elif case == "discord_api_base":
        env["FAMILIAR_DISCORD_API_BASE"] = "discord-api-here"
        expected = "FAMILIAR_DISCORD_API_BASE is 'discord-api-here'"
    elif case == "shard_count":
        env["FAMILIAR_SHARD_COUNT"] = "two"
        expected = "FAMILIAR_SHARD_COUNT is 'two', which is not a whole number of shards (1 or more) or auto"
    elif case == "shard_ids":
        env["FAMILIAR_SHARD_COUNT"], env["FAMILIAR_SHARD_IDS"] = "3", "2,3"
        expected = "FAMILIAR_SHARD_IDS is '2,3', which does not fit FAMILIAR_SHARD_COUNT=3"
    else:
        settings = tmp_path / "home" / "config" / "settings.json"
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"schema_version": 2, "request_timeout": 0}))
        expected = "field 'request_timeout'"
    await exits_with_a_sentence(env, expected)
    assert fake_discord.gateway_connects == 0


async def test_a_database_locked_by_another_program_exits_2_naming_it(
    tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    env = bot_env(tmp_path / "home", fake_discord, fake_model)
    database = tmp_path / "home" / "data" / "memory.sqlite3"
    database.parent.mkdir(parents=True)
    await (await MemoryStore.open(database)).close()
    async with second_process(HOLD_LOCK, str(database), "write-transaction", ready="locked") as holder:
        await exits_with_a_sentence(env, f"is locked by another program (pid {holder.pid}: ")
    assert fake_discord.gateway_connects == 0


async def test_a_folder_where_the_database_belongs_exits_2_and_is_left_alone(
    tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    env = bot_env(tmp_path / "home", fake_discord, fake_model)
    database = tmp_path / "home" / "data" / "memory.sqlite3"
    (database / "something-of-the-users").mkdir(parents=True)
    await exits_with_a_sentence(env, "it is a folder, not a file")
    assert (database / "something-of-the-users").is_dir()


_HEADLESS_AS_NOBODY = f"""
import os, sys
# Everything is imported while still root: as nobody the interpreter's own files are out of reach.
import concurrent.futures.thread
import bot.cli, bot.headless, bot.supervisor
os.setgroups([])
os.setgid({NOBODY})
os.setuid({NOBODY})
sys.exit(bot.cli.main(["--headless"]))
"""


async def test_a_home_folder_that_cannot_be_read_exits_2_naming_it_and_its_permissions(
    fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    with shared_temp_folder() as shared:
        home = shared / "home"
        (home / "data").mkdir(parents=True)
        home.chmod(0o000)
        env = bot_env(home, fake_discord, fake_model)
        # Root reads through any mode bits: then the bot runs as `nobody`, for whom they apply.
        args = ["-c", _HEADLESS_AS_NOBODY] if os.geteuid() == 0 else ["-m", "bot", "--headless"]
        app = await LoggedProcess.start(args, env)
        try:
            assert await app.wait(timeout=20) == 2, "\n".join(app.lines)
        finally:
            await app.kill()
    [sentence] = [line for line in app.lines if " ERROR " in line]
    assert str(home) in sentence and "permission denied" in sentence and "mode 0000" in sentence, app.lines
    assert_only_log_lines(app.lines)


async def test_damaged_files_are_set_aside_and_the_bot_answers(
    tmp_path: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "config").mkdir(parents=True)
    (home / "data" / "memory.sqlite3").write_bytes(b"this is not a database at all" * 100)
    (home / "config" / "settings.json").write_text(nested(100_000))  # RecursionError in json.loads
    app = await start_headless(bot_env(home, fake_discord, fake_model))
    try:
        await app.wait_for_line("→ connected", timeout=20)
        said = await fake_discord.user_says(
            fake_discord.guild.channel("general"), fake_discord.alice, "still ok?", mentions_bot=True
        )
        await fake_discord.wait_for_replies(said, timeout=10)
        app.process.send_signal(signal.SIGINT)
        assert await app.wait(timeout=10) == 0
    finally:
        await app.kill()
    assert len(list((home / "data").glob("memory.sqlite3.corrupt-*"))) == 1
    assert len(list((home / "config").glob("settings.json.corrupt-*"))) == 1
    assert any(" ERROR " in line and "memory.sqlite3" in line and "moved it to" in line for line in app.lines)
    assert any(" ERROR " in line and "settings.json" in line for line in app.lines)
    assert_only_log_lines(app.lines)


async def test_a_selected_character_whose_file_is_damaged_falls_back_to_the_default(
    make_supervisor: SupervisorFactory, home: Path, fake_discord: FakeDiscord, fake_model: FakeModel
) -> None:
    characters = home / "data" / "characters"
    characters.mkdir(parents=True)
    (characters / "deep.json").write_text(
        '{"spec": "chara_card_v2", "data": {"name": "Deep", "extensions": ' + nested(50_000) + "}}"
    )
    supervisor = await make_supervisor(Settings(character_id="deep"))
    await wait_for_state(supervisor, State.CONNECTED)
    said = await fake_discord.user_says(
        fake_discord.guild.channel("general"), fake_discord.alice, "who are you?", mentions_bot=True
    )
    await fake_discord.wait_for_replies(said, timeout=10)
    system = fake_model.completions[-1]["messages"][0]["content"]
    assert "You are Familiar" in system
    assert (characters / "deep.json").exists(), "the damaged file is left in place"
