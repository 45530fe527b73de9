"""Icon files and the light/dark variant choice.

Tray icons live in `resources/icons/light/` (dark glyph, for light panels)
and `resources/icons/dark/` (light glyph, for dark panels). Each is a base
glyph plus a state emblem, drawn to stay legible at 16 px.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui

from resources import resource_path

ICON_DIR = resource_path("icons")
APP_ICON = ICON_DIR / "familiar.svg"


def tray_icon_path(name: str, dark_panel: bool) -> Path:
    return ICON_DIR / ("dark" if dark_panel else "light") / f"tray-{name}.svg"


@functools.cache
def tray_icon(name: str, dark_panel: bool) -> QtGui.QIcon:
    """Cached: the SVG is parsed once per (state, variant), not on every change."""
    icon = QtGui.QIcon(str(tray_icon_path(name, dark_panel)))
    if sys.platform == "darwin":
        # The macOS menu bar recolours template (mask) icons itself.
        icon.setIsMask(True)
    return icon


@functools.cache
def app_icon() -> QtGui.QIcon:
    return QtGui.QIcon(str(APP_ICON))


def panel_is_dark() -> bool:
    """Best guess at the panel's colour: the colour scheme, else the palette."""
    app = QtGui.QGuiApplication.instance()
    if sys.platform == "darwin" or not isinstance(app, QtGui.QGuiApplication):
        return False  # mask icons on macOS: the light-panel glyph is the template
    scheme = app.styleHints().colorScheme()
    if scheme == QtCore.Qt.ColorScheme.Dark:
        return True
    if scheme == QtCore.Qt.ColorScheme.Light:
        return False
    return app.palette().color(QtGui.QPalette.ColorRole.Window).lightness() < 128
