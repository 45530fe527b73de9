"""Names and the version every package format shares, read from one place.

The version is `[project].version` in pyproject.toml: the same string pip puts
in the package metadata (what `familiar --version` reads), the .deb control
file, the Inno Setup script (passed as `/DMyAppVersion`) and the Info.plist.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = REPO_ROOT / "pyproject.toml"
DIST_DIR = REPO_ROOT / "dist"
BUILD_DIR = REPO_ROOT / "build"
BUNDLE_DIR = DIST_DIR / "Familiar"  # the one-dir bundle (COLLECT name)
ICON_SVG = REPO_ROOT / "resources" / "icons" / "familiar.svg"
DESKTOP_FILE = REPO_ROOT / "resources" / "familiar.desktop"

DIST_NAME = "familiar"  # the Python distribution and the Debian package
APP_NAME = "Familiar"
#: Same id as the LaunchAgent label in desktop/autostart.py.
BUNDLE_ID = "app.familiar.Familiar"
#: Inno Setup AppId: fixed forever, or upgrades become second installs.
WINDOWS_APP_ID = "{5C1B7E52-8A6F-4D0B-9F3E-2B7C64A1D9E8}"
#: Created by the frozen app on Windows (installer/rthooks), checked by the installer.
WINDOWS_MUTEX = "FamiliarRunning"
MAINTAINER = "Familiar developers <familiar@example.invalid>"  # set before publishing
DESCRIPTION = "A Discord bot that plays AI characters, run from your system tray."

_VERSION = re.compile(r"^\d+(\.\d+){1,3}([.-]?(a|b|rc|dev|post)\d*)*$")


def version() -> str:
    """`[project].version` of pyproject.toml (never a dynamic version: we need it without installing)."""
    with PYPROJECT.open("rb") as handle:
        value = tomllib.load(handle)["project"]["version"]
    if not isinstance(value, str) or not _VERSION.match(value):
        raise ValueError(f"pyproject.toml: unexpected version {value!r}")
    return value


def exe_name(platform: str = sys.platform) -> str:
    """The executable inside the bundle: `familiar` on Linux (like the command), `Familiar(.exe)` elsewhere."""
    if platform == "win32":
        return "Familiar.exe"
    if platform == "darwin":
        return "Familiar"
    return "familiar"
