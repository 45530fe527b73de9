"""Data files shipped with Familiar (icons, default character, presets)."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a shipped file; works from a source tree, a wheel and PyInstaller.

    Why a plain `Path` rather than `importlib.resources.files`: every caller
    wants a real file (Qt icons, Pillow, json), and Familiar is never run
    from a zip, so the package folder is always on disk.
    """
    return _ROOT.joinpath(*parts)
