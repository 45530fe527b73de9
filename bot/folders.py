"""Where Familiar keeps its settings, data and logs.

One place decides the folders so that `FAMILIAR_HOME` (tests, containers,
portable installs) can move all of them at once.

Errors for the user. Every file or folder Familiar needs but cannot use is a
`StorageError`; start-up code catches that one class (next to
`bot.settings.SettingsError`) and shows `str(error)`, which is always one
complete sentence naming the path: the tray tooltip, the settings banner and
headless's exit line (code 2) all use it as is.

- `FolderError` (here): a folder cannot be created, read or written, or
  `FAMILIAR_HOME` names a file. "Familiar cannot write to the folder
  /home/sam/.local/share/Familiar: permission denied (owner root, mode 0555)."
- `bot.memory.MemoryStoreError` and its subclasses: the history database
  (locked, unusable, damaged); see that module.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

try:
    import pwd
except ImportError:  # Windows: no user database; the numeric owner will do
    pwd = None  # type: ignore[assignment]

APP_NAME = "Familiar"
HOME_ENV = "FAMILIAR_HOME"

FolderAction = Literal["create", "read", "write", "use"]


class StorageError(Exception):
    """A file or folder Familiar needs cannot be used.

    `str(error)` is one sentence naming `path` and what is wrong with it, fit
    for a tray tooltip, a settings banner and a headless exit message.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class FolderError(StorageError):
    """A folder that cannot be created, read or written.

    Found by `Folders.ensure()` at start, not at the first save, so the user
    hears about it while they are looking and nothing is half-saved.
    """

    def __init__(self, folder: Path, action: FolderAction, reason: str) -> None:
        verb = {"create": "create", "read": "read", "write": "write to", "use": "use"}[action]
        super().__init__(f"Familiar cannot {verb} the folder {folder}: {reason}.", folder)
        self.action = action
        self.reason = reason


def describe_permissions(path: Path) -> str:
    """'owner root, mode 0700': what a user needs to see to fix a permission error."""
    try:
        info = os.stat(path)
    except OSError:
        return "its permissions cannot be read"
    owner = str(info.st_uid)
    if pwd is not None:
        with contextlib.suppress(KeyError):  # a uid with no name (containers): the number is the truth
            owner = pwd.getpwuid(info.st_uid).pw_name
    return f"owner {owner}, mode {stat.S_IMODE(info.st_mode):04o}"


def describe_os_error(error: OSError, where: Path) -> str:
    """The reason part of a sentence: permissions of `where` for a denial, the OS's words otherwise."""
    if isinstance(error, PermissionError):
        return f"permission denied ({describe_permissions(where)})"
    words = error.strerror or str(error)
    return words[:1].lower() + words[1:]


@dataclass(frozen=True)
class Folders:
    config: Path
    data: Path
    logs: Path
    home: Path | None = None  # FAMILIAR_HOME, when it chose the folders

    @classmethod
    def resolve(cls, env: Mapping[str, str] | None = None) -> Folders:
        env = os.environ if env is None else env
        home = env.get(HOME_ENV)
        if home:
            root = Path(home).expanduser()
            return cls(config=root / "config", data=root / "data", logs=root / "logs", home=root)
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
    def lorebooks(self) -> Path:
        return self.data / "lorebooks"

    @property
    def memory_db(self) -> Path:
        return self.data / "memory.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.logs / "familiar.log"

    def ensure(self) -> None:
        """Create every folder and prove each can be read and written; cheap and idempotent.

        Raises `FolderError`. Checks by doing (listing, creating a file)
        rather than by reading permission bits, which root, ACLs and
        read-only mounts make lie.
        """
        if self.home is not None and os.path.exists(self.home) and not os.path.isdir(self.home):
            raise FolderError(self.home, "use", f"it is a file, not a folder (set by {HOME_ENV})")
        for folder in (self.config, self.data, self.logs, self.characters, self.presets, self.lorebooks):
            _create(folder)
            _check_readable(folder)
            _check_writable(folder)


def _create(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # exist_ok only forgives an existing folder
        raise FolderError(folder, "use", "it is a file, not a folder") from None
    except NotADirectoryError:
        blocker = _first_file_in(folder)
        raise FolderError(folder, "create", f"{blocker} is a file, not a folder") from None
    except OSError as error:
        blocker = _nearest_existing(folder.parent)
        reason = describe_os_error(error, blocker)
        if isinstance(error, PermissionError):
            reason = f"permission denied in {blocker} ({describe_permissions(blocker)})"
        raise FolderError(folder, "create", reason) from None


def _check_readable(folder: Path) -> None:
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except OSError as error:
        raise FolderError(folder, "read", describe_os_error(error, folder)) from None


def _check_writable(folder: Path) -> None:
    try:
        fd, name = tempfile.mkstemp(prefix=".familiar-write-check-", dir=folder)
    except OSError as error:
        raise FolderError(folder, "write", describe_os_error(error, folder)) from None
    os.close(fd)
    with contextlib.suppress(OSError):  # left behind, but harmless and hidden; the folder did take a write
        os.unlink(name)


def _nearest_existing(path: Path) -> Path:
    """The closest ancestor that exists: the folder whose permissions refused a mkdir."""
    for candidate in (path, *path.parents):
        try:
            os.stat(candidate)
            return candidate
        except OSError:  # missing, or its own parent is not searchable: look further up
            continue
    return path


def _first_file_in(path: Path) -> Path:
    """The ancestor that is a file where a folder should be (a mkdir NotADirectoryError)."""
    for candidate in reversed((path, *path.parents)):
        if os.path.exists(candidate) and not os.path.isdir(candidate):
            return candidate
    return path
