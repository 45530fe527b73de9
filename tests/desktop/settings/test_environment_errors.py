"""A FAMILIAR_* variable with an unusable value: the app starts, says so in the tray and at the field."""

from __future__ import annotations

from pathlib import Path

from bot.supervisor import ErrorKind, State
from desktop.status import present
from tests.conftest import SupervisorFactory, bot_env, wait_for_state
from tests.desktop.settings.conftest import WindowFactory, shoot
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel


async def test_a_bad_base_url_in_the_environment_is_shown_at_its_field_and_in_the_tray(
    make_supervisor: SupervisorFactory,
    open_window: WindowFactory,
    fake_discord: FakeDiscord,
    fake_model: FakeModel,
    home: Path,
    tmp_path: Path,
) -> None:
    env = bot_env(home, fake_discord, fake_model)
    env["FAMILIAR_OPENAI_BASE_URL"] = "localhost:11434"
    supervisor = await make_supervisor(env=env)
    snapshot = await wait_for_state(supervisor, State.ERROR)
    assert snapshot.error_kind is ErrorKind.CONFIG
    sentence = (
        "The environment variable FAMILIAR_OPENAI_BASE_URL is 'localhost:11434', which is not an http:// or "
        "https:// URL (for example http://localhost:11434); fix or unset it."
    )
    assert snapshot.last_error == sentence
    presentation = present(snapshot, snapshot.since)
    assert presentation.icon == "error" and presentation.status == "Settings problem: see Settings"
    assert "FAMILIAR_OPENAI_BASE_URL" in presentation.tooltip  # the tooltip's second line, cut to fit
    assert fake_discord.identify_count == 0, "nothing connects with a configuration the user must fix"

    window = await open_window(supervisor)
    page = window.connection
    assert page.errors.message("openai_base_url") == sentence
    assert page.base_url.isReadOnly() and page.base_url.text() == "localhost:11434"  # what the variable says
    assert sentence in window.message.text()
    window.show_page(page)
    shoot(window, "environment-error", tmp_path)

    # The user's own fields still save: the variable's error does not block them.
    page.timeout.setValue(42)
    assert await window.save_now()
    assert page.errors.message("openai_base_url") == sentence
