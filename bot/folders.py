"""Where Familiar keeps its settings, data and logs.

One place decides the folders so that `FAMILIAR_HOME` (tests, containers,
portable installs) can move all of them at once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Familiar"
HOME_ENV = "FAMILIAR_HOME"


@dataclass(frozen=True)
class Folders:
    config: Path
    data: Path
    logs: Path

    @classmethod
    def resolve(cls, env: Mapping[str, str] | None = None) -> Folders:
        env = os.environ if env is None else env
        home = env.get(HOME_ENV)
        if home:
            root = Path(home).expanduser()
            return cls(config=root / "config", data=root / "data", logs=root / "logs")
        return cls(
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def secrets_file(self) -> Path:
        return self.config / "secrets.json"

    @property
    def characters(self) -> Path:
        return self.data / "characters"

    @property
    def presets(self) -> Path:
        return self.data / "presets"

    @property
    def memory_db(self) -> Path:
        return self.data / "memory.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.logs / "familiar.log"

    def ensure(self) -> None:
        """Create every folder; cheap and idempotent."""
        for folder in (self.config, self.data, self.logs, self.characters, self.presets):
            folder.mkdir(parents=True, exist_ok=True)
