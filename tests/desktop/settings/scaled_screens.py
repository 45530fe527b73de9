"""Render every settings page in a fresh process (QT_SCALE_FACTOR must be set before Qt starts).

    python -m tests.desktop.settings.scaled_screens OUT_DIR

Writes `<page>@<scale>x.png` per page and prints one JSON line describing the
window (logical size, minimum size, device pixel ratio) for the test to check.
The bot is not started: the window shows what is saved in FAMILIAR_HOME.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from bot.folders import Folders
from bot.supervisor import Supervisor
from desktop import compat
from desktop.settings.window import SettingsWindow
from desktop.tasks import UiTasks


async def main(out: Path) -> dict[str, object]:
    folders = Folders.resolve()
    folders.ensure()
    tasks = UiTasks()
    window = SettingsWindow(Supervisor(folders), folders, tasks)
    window.open()
    assert window._load_task is not None
    await window._load_task
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    shots = {}
    for page in window.pages:
        window.show_page(page)
        name = re.sub(r"\W+", "-", page.title.lower())
        path = out / f"{name}@{scale}x.png"
        image = window.grab()
        assert image.save(str(path))
        shots[name] = [image.width(), image.height()]
    info = {
        "ratio": window.devicePixelRatioF(),
        "size": [window.width(), window.height()],
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "shots": shots,
    }
    await tasks.close()
    window.dispose()
    return info


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    print(json.dumps(compat.run(lambda: main(folder))))
