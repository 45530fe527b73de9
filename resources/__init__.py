"""Data files shipped with Familiar (icons, default character, presets, the .desktop file)."""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    """The folder holding this package's data, from source, a wheel or a PyInstaller bundle.

    PyInstaller copies the data to `<sys._MEIPASS>/resources/` (see installer/familiar.spec);
    everywhere else the files sit next to this module.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent


_ROOT = _root()


def resource_path(*parts: str) -> Path:
    """Path of a shipped file; works from a source tree, a wheel and PyInstaller.

    Why a plain `Path` rather than `importlib.resources.files`: every caller
    wants a real file (Qt icons, Pillow, json), and Familiar is never run
    from a zip, so the package folder is always on disk.
    """
    return _ROOT.joinpath(*parts)
