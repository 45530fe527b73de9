"""A refused custom Discord API base is named, in the same words, by the status line and by Test token (issue 14).

A new user's bot said "network unreachable" for a typo'd custom API base, and
named nothing; Test token worded the same failure well. Both now say
"Can't reach Discord at <API base>: the connection was refused".
"""

from __future__ import annotations

import socket

from bot.supervisor import State
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.settings.conftest import WindowFactory


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_status_line_and_test_token_name_the_refused_api_base(
    make_supervisor: SupervisorFactory, open_window: WindowFactory, offline_env: dict[str, str]
) -> None:
    api_base = f"http://127.0.0.1:{closed_port()}/api/v10"
    env = {**offline_env, "FAMILIAR_DISCORD_TOKEN": "some-token", "FAMILIAR_DISCORD_API_BASE": api_base}
    supervisor = await make_supervisor(env=env)
    expected = f"Can't reach Discord at {api_base}: the connection was refused"
    retrying = await wait_for_state(supervisor, State.RECONNECTING, predicate=lambda s: s.last_error is not None)
    assert retrying.last_error == expected
    supervisor.pause()  # a settled bot for the window (and the teardown)
    await wait_for_state(supervisor, State.PAUSED)

    window = await open_window(supervisor)
    page = window.connection
    page.test_token_button.click()
    assert page.token_action.task is not None
    await page.token_action.task
    assert page.token_action.result.text() == expected + "."
    assert page.token_action.result.error
