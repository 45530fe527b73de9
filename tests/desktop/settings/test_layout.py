"""Keyboard and screen: every field is labelled and reachable; every page renders at 200 %."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import sys
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from bot.supervisor import State
from desktop.settings.window import SettingsWindow
from desktop.tasks import UiTasks
from tests.conftest import SupervisorFactory, wait_for_state
from tests.desktop.conftest import REPO_ROOT, wait_until
from tests.desktop.settings.conftest import SCREENS, WindowFactory

INPUTS = (
    QtWidgets.QLineEdit,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QComboBox,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QAbstractButton,
    QtWidgets.QListWidget,
    QtWidgets.QTableWidget,
    QtWidgets.QSlider,
)


def name_of(widget: QtWidgets.QWidget) -> str:
    """What a screen reader says for the widget: its accessible name, its text, or its label."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QtWidgets.QAbstractButton) and widget.text():
        return widget.text()
    return ""


async def test_every_field_has_a_label_and_tab_reaches_it(
    make_supervisor: SupervisorFactory, open_window: WindowFactory
) -> None:
    supervisor = await make_supervisor()
    window = await open_window(supervisor)
    buddies = {id(label.buddy()) for label in window.findChildren(QtWidgets.QLabel) if label.buddy() is not None}
    unnamed = []
    for page in window.pages:
        for widget in page.findChildren(QtWidgets.QWidget):
            inner = isinstance(widget.parent(), (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox, QtWidgets.QLineEdit))
            if not isinstance(widget, INPUTS) or inner or isinstance(widget, QtWidgets.QTabBar):
                continue
            if (
                isinstance(widget, QtWidgets.QAbstractButton)
                and widget.parent() is not None
                and isinstance(
                    widget.parent(), (QtWidgets.QScrollBar, QtWidgets.QAbstractScrollArea, QtWidgets.QTabBar)
                )
            ):
                continue
            if widget.objectName().startswith("qt_"):
                continue  # Qt's own parts (scroll area corners, tab scrollers)
            if not name_of(widget) and id(widget) not in buddies:
                unnamed.append(f"{page.title}: {type(widget).__name__}")
    assert not unnamed, unnamed

    # Tab order: from the sidebar, Tab walks into the page and reaches its fields.
    window.show_page(window.connection)
    window.activateWindow()
    chain = []
    widget: QtWidgets.QWidget | None = window.sidebar
    for _ in range(60):
        assert widget is not None
        widget = widget.nextInFocusChain()
        chain.append(widget)
    for field in (window.connection.token, window.connection.base_url, window.connection.model):
        assert field in chain or field.focusProxy() in chain, field.accessibleName()


async def test_every_page_renders_at_200_percent(tmp_path: Path) -> None:
    out = tmp_path / "screens"
    # A 1920×1080 screen (the offscreen platform reads its screens from a file): at 200 % that
    # is 960×540 logical pixels, a common laptop set-up.
    screens = tmp_path / "offscreen.json"
    screens.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
        "QT_SCALE_FACTOR": "2",
        "FAMILIAR_HOME": str(tmp_path / "home"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.desktop.settings.scaled_screens",
        str(out),
        cwd=REPO_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()[-3000:]
    info = json.loads(stdout.decode().strip().splitlines()[-1])
    assert info["ratio"] == 2.0
    width, height = info["size"]
    assert width <= 960 and height <= 540, info  # the window fits the screen...
    assert info["minimum"][0] <= width and info["minimum"][1] <= height, info  # ...with all its parts
    names = {"connection", "characters", "lorebooks", "presets", "behaviour", "usage", "chat-preview", "logs", "about"}
    assert set(info["shots"]) == names
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, (shot_width, shot_height) in info["shots"].items():
        assert (shot_width, shot_height) == (width * 2, height * 2)  # real 200 % pixels
        shutil.copy(out / f"{name}@2x.png", SCREENS / f"{name}@2x.png")
    assert QtCore.QSize(width, height).isValid()


async def test_a_window_deleted_without_dispose_stops_observing(
    make_supervisor: SupervisorFactory, caplog: pytest.LogCaptureFixture
) -> None:

    supervisor = await make_supervisor()
    await wait_for_state(supervisor, State.CONNECTED)
    tasks = UiTasks()
    window = SettingsWindow(supervisor, supervisor.folders, tasks)  # what --self-test does
    buffer = window.log_buffer
    gone: list[bool] = []
    window.destroyed.connect(lambda: gone.append(True))
    window.show()
    window.close()
    await tasks.close()
    window.deleteLater()
    await wait_until(lambda: bool(gone), what="window destroyed")
    assert buffer not in logging.getLogger().handlers
    supervisor.pause()  # a new snapshot: no observer left to touch the deleted window
    await wait_for_state(supervisor, State.PAUSED)
    assert not [r for r in caplog.records if "observer failed" in r.getMessage()]
