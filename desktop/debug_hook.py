"""`FAMILIAR_TEST_STATE_FILE`: what the tray shows, appended as JSON lines.

End-to-end tests drive a real `familiar` process and need to see its tray
(there may be no screen to look at). When the variable names a file, the
tray appends one line per change (`"event": "tray"`: state, icon, status
line, tooltip, whether and where the tray icon is visible) and one each time
its menu opens (`"event": "menu"`: where each item is on screen, so a test
can click it). Unset, nothing is written.
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
        value = (os.environ if env is None else env).get(ENV_STATE_FILE)
        return cls(Path(value)) if value else None

    def write(self, record: Mapping[str, Any]) -> None:
        # A few hundred bytes per state change: cheap enough for the loop thread.
        try:
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(dict(record), ensure_ascii=False) + "\n")
        except OSError as error:
            log.warning("Cannot write %s: %s", self.path, error)
