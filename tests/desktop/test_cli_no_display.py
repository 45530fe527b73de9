"""`familiar` on a machine without a desktop: one line pointing to --headless, exit 2 (issue 14).

Qt used to abort (exit 134) with its xcb plugin message, which sends nobody to
`familiar --headless`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import NO_DESKTOP, no_desktop
from tests.desktop.conftest import REPO_ROOT

DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def without_display(home: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in DISPLAY_VARIABLES}
    return {**env, "FAMILIAR_HOME": str(home), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def test_the_tray_app_says_there_is_no_desktop_and_points_to_headless(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop"],
        env=without_display(tmp_path / "home"),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [NO_DESKTOP]
    assert "no desktop found" in done.stderr and "familiar --headless" in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "home").exists()  # it stopped before touching anything


def test_version_and_headless_need_no_desktop(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop", *args],
            env=without_display(tmp_path / "home"),
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("familiar ")
    headless = run("--headless")  # no token: its own exit 2, naming the variable to set
    assert headless.returncode == 2 and "FAMILIAR_DISCORD_TOKEN" in headless.stderr
    assert "no desktop found" not in headless.stderr


@pytest.mark.parametrize(
    ("env", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen:configfile=/tmp/screens.json"}, "linux", False),
        ({"QT_QPA_PLATFORM": "vnc"}, "linux", False),
        ({"QT_QPA_PLATFORM": "minimal"}, "freebsd14", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", True),
        ({"DISPLAY": ""}, "linux", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_what_counts_as_no_desktop(env: dict[str, str], platform: str, missing: bool) -> None:
    assert no_desktop(env, platform) is missing
