"""Settings-window fixtures: a window on a real supervisor (fake Discord and model servers).

Async tests here run on the app's qasync loop (see tests/desktop/conftest.py):
wait with `wait_until` or by awaiting the window's tasks, never `qtbot.wait*`.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from PySide6 import QtWidgets

from bot.supervisor import State, Supervisor
from desktop.settings.window import SettingsWindow
from desktop.tasks import UiTasks
from tests.conftest import SupervisorFactory, bot_env
from tests.desktop.conftest import wait_until
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.openai_server import FakeModel

#: Where the lead looks at the screenshots (each test also keeps its own copy under tmp_path).
SCREENS = Path("/tmp/familiar-screens")

WindowFactory = Callable[[Supervisor], Awaitable[SettingsWindow]]


@pytest.fixture(autouse=True)
def file_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring in these tests: the 0600 file fallback, deterministic and local."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


@pytest.fixture
async def open_window(make_supervisor: SupervisorFactory) -> AsyncIterator[WindowFactory]:
    """Open a settings window on a supervisor and wait until it shows the saved state.

    Depends on make_supervisor so the windows are torn down before the supervisors.
    """
    created: list[tuple[SettingsWindow, UiTasks]] = []

    async def make(supervisor: Supervisor) -> SettingsWindow:
        await settled(supervisor)
        tasks = UiTasks()
        window = SettingsWindow(supervisor, supervisor.folders, tasks)
        created.append((window, tasks))
        window.open()
        await loaded(window)
        return window

    yield make
    for window, tasks in created:
        await tasks.close()
        window.dispose()
        window.deleteLater()


@pytest.fixture
def offline_env(home: Path, fake_discord: FakeDiscord, fake_model: FakeModel) -> dict[str, str]:
    """The bot's environment without a token: the model server is there, Discord is not used.

    For tests of the pages alone. A connected bot's watchdog wakes every few tenths of a
    second, and pytest-qt processes Qt events between a test and its teardown, when the
    loop is not running: a bot that is not connected has nothing to wake up then.
    """
    env = bot_env(home, fake_discord, fake_model)
    del env["FAMILIAR_DISCORD_TOKEN"]
    return env


#: States the supervisor stays in until something happens.
SETTLED = (State.CONNECTED, State.NOT_CONFIGURED, State.ERROR, State.PAUSED)


async def settled(supervisor: Supervisor, timeout: float = 10) -> None:
    """Wait until the bot is not in the middle of connecting.

    Why: pytest-qt processes Qt events between a test and its teardown, when the
    qasync loop is not running; a discord.py task stepping then fails with
    "no running event loop". Tests end in a settled state.
    """

    def done() -> bool:
        snapshot = supervisor.snapshot
        # Connected comes at READY; the server list (what pickers show) a moment later.
        return snapshot.state in SETTLED and (snapshot.state is not State.CONNECTED or snapshot.servers_known)

    await wait_until(done, timeout, what="a settled bot")


async def loaded(window: SettingsWindow) -> None:
    task = window._load_task
    assert task is not None
    await task


def shoot(widget: QtWidgets.QWidget, name: str, folder: Path) -> Path:
    """Save a screenshot under the test's tmp folder and copy it to SCREENS."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    # Layouts settle on posted events; deliver them (no nested loop) so the picture is not stale.
    QtWidgets.QApplication.sendPostedEvents()
    assert widget.grab().save(str(path)), f"could not save {path}"
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / path.name)
    return path
