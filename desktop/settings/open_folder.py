"""Open a folder in the desktop's file manager, or say where it is when that cannot be done.

`QDesktopServices.openUrl` only answers False where no file manager is registered
(a bare window manager, a minimal install): the user then gets the path to copy,
not a button that does nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .. import tray as tray_module
from ..i18n import translate

log = logging.getLogger(__name__)


def open_folder(folder: Path) -> str | None:
    """Show `folder` in the file manager: None once done, else the sentence to show instead."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("Could not create the folder %s: %s", folder, error)
        return translate("OpenFolder", "Could not create the folder {folder}: {error}.").format(
            folder=folder, error=error.strerror or error
        )
    if tray_module.open_folder(folder):
        return None
    log.warning("Could not open the folder %s with a file manager", folder)
    return translate(
        "OpenFolder", "No file manager is set up to open folders on this computer. The folder is: {folder}"
    ).format(folder=folder)
