"""Testing seam: `FAMILIAR_TEST_STATE_FILE`, what the tray shows, appended as JSON lines.

Not a feature: unless that variable is set (nobody sets it but tests), `StateFile.from_env()`
returns None and nothing here runs or writes. It lives in the app, not in tests/, because the
tests it serves drive a real `familiar` process (tests/desktop/test_app_e2e.py, test_x11_tray.py,
test_gui_idle.py: `AppProcess` in tests/desktop/conftest.py) and need to see its tray where
there may be no screen to look at. When set, the tray appends one line per change
(`"event": "tray"`: state, icon, status line, tooltip, whether and where the tray icon is
visible) and one each time its menu opens (`"event": "menu"`: where each item is on screen,
so a test can click it).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_STATE_FILE = "FAMILIAR_TEST_STATE_FILE"


class StateFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> StateFile | None:
        """The file `FAMILIAR_TEST_STATE_FILE` names; None (the app's normal case) when it is unset."""
        value = (os.environ if env is None else env).get(ENV_STATE_FILE)
        return cls(Path(value)) if value else None

    def write(self, record: Mapping[str, Any]) -> None:
        # A few hundred bytes per state change: cheap enough for the loop thread.
        try:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(dict(record), ensure_ascii=False) + "\n")
        except OSError as error:
            log.warning("Cannot write %s: %s", self.path, error)
