"""Folders.ensure(): every folder created, readable and writable, or one clear FolderError.

Permission cases run in a child process that really lacks the permission:
the tests run as root, which reads and writes through any mode bits, so the
child drops to `nobody` with setuid before it tries (see `run_unprivileged`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.folders import HOME_ENV, FolderError, Folders, StorageError
from tests.processes import NOBODY, run_unprivileged, shared_temp_folder, this_user


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    with shared_temp_folder() as root:
        yield root


_ENSURE = """
try:
    bot.folders.Folders.resolve({"FAMILIAR_HOME": sys.argv[1]}).ensure()
except bot.folders.FolderError as error:
    print(json.dumps({"message": str(error), "action": error.action, "path": str(error.path)}))
else:
    print(json.dumps(None))
"""


def _assert_one_sentence(message: str) -> None:
    assert "\n" not in message and message.endswith(".") and message[0].isupper(), message


# ----- the plain cases -----


def test_ensure_creates_every_folder_and_is_idempotent(tmp_path: Path) -> None:
    folders = Folders.resolve({HOME_ENV: str(tmp_path / "home")})
    folders.ensure()
    folders.ensure()
    for folder in (folders.config, folders.data, folders.logs, folders.characters, folders.presets):
        assert folder.is_dir()
        assert not [p for p in folder.iterdir() if p.is_file()]  # the write check cleans up after itself


def test_home_that_is_a_file_is_named(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("my notes")
    with pytest.raises(FolderError) as caught:
        Folders.resolve({HOME_ENV: str(home)}).ensure()
    assert str(caught.value) == (
        f"Familiar cannot use the folder {home}: it is a file, not a folder (set by {HOME_ENV})."
    )
    assert isinstance(caught.value, StorageError) and caught.value.path == home
    assert home.read_text() == "my notes"


def test_a_file_where_a_folder_belongs_is_named_and_kept(tmp_path: Path) -> None:
    folders = Folders.resolve({HOME_ENV: str(tmp_path)})
    folders.config.write_text("not a folder")
    with pytest.raises(FolderError) as caught:
        folders.ensure()
    assert str(caught.value) == f"Familiar cannot use the folder {folders.config}: it is a file, not a folder."
    assert caught.value.action == "use"
    assert folders.config.read_text() == "not a folder"


def test_a_file_in_the_middle_of_the_path_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "Familiar"
    blocker.write_text("x")
    folders = Folders(config=blocker / "config", data=blocker / "data", logs=blocker / "logs")
    with pytest.raises(FolderError) as caught:
        folders.ensure()
    assert str(caught.value) == (
        f"Familiar cannot create the folder {blocker / 'config'}: {blocker} is a file, not a folder."
    )
    _assert_one_sentence(str(caught.value))


# ----- permissions, checked by a process that really lacks them -----


def test_the_unprivileged_child_really_is_refused(shared_tmp: Path) -> None:
    """The mechanism itself: the child is denied what root is not, and can do what nobody may."""
    secret = shared_tmp / "secret"
    secret.write_text("x")
    secret.chmod(0o000)  # denies the owner too: valid whether or not the child could drop root
    open_folder = shared_tmp / "open"
    open_folder.mkdir(mode=0o777)
    open_folder.chmod(0o777)
    result = run_unprivileged(
        """
        try:
            Path(sys.argv[1]).read_text()
            denied = False
        except PermissionError:
            denied = True
        Path(sys.argv[2], "made").write_text("y")
        print(json.dumps({"denied": denied, "uid": os.getuid()}))
        """,
        str(secret),
        str(open_folder),
    )
    assert result == {"denied": True, "uid": NOBODY if os.geteuid() == 0 else os.getuid()}
    assert (open_folder / "made").read_text() == "y"
    home = shared_tmp / "home"
    home.mkdir(mode=0o777)
    home.chmod(0o777)
    assert run_unprivileged(_ENSURE, str(home)) is None  # a home nobody may use passes


def test_home_that_cannot_be_written_names_it_and_its_permissions(shared_tmp: Path) -> None:
    home = shared_tmp / "home"
    home.mkdir()
    home.chmod(0o555)
    result = run_unprivileged(_ENSURE, str(home))
    assert result == {
        "message": f"Familiar cannot create the folder {home / 'config'}: permission denied in {home} "
        f"(owner {this_user()}, mode 0555).",
        "action": "create",
        "path": str(home / "config"),
    }


def test_data_folder_that_cannot_be_read_is_caught_at_start(shared_tmp: Path) -> None:
    home = shared_tmp / "home"
    folders = Folders.resolve({HOME_ENV: str(home)})
    folders.ensure()
    for folder in (home, folders.config, folders.logs):
        folder.chmod(0o777)
    (folders.characters / "aria.json").write_text("{}")
    folders.data.chmod(0o000)
    result = run_unprivileged(_ENSURE, str(home))
    assert result == {
        "message": f"Familiar cannot read the folder {folders.data}: permission denied "
        f"(owner {this_user()}, mode 0000).",
        "action": "read",
        "path": str(folders.data),
    }
    folders.data.chmod(0o755)
    assert (folders.characters / "aria.json").read_text() == "{}"


def test_data_folder_that_can_be_read_but_not_written_is_caught_at_start(shared_tmp: Path) -> None:
    """Not at the first save: a read-only data folder fails `ensure()` itself."""
    home = shared_tmp / "home"
    folders = Folders.resolve({HOME_ENV: str(home)})
    folders.ensure()
    for folder in (home, folders.config, folders.logs, folders.characters, folders.presets, folders.lorebooks):
        folder.chmod(0o777)
    folders.data.chmod(0o555)
    result = run_unprivileged(_ENSURE, str(home))
    assert isinstance(result, dict)
    assert result["action"] == "write"
    assert result["message"] == (
        f"Familiar cannot write to the folder {folders.data}: permission denied (owner {this_user()}, mode 0555)."
    )
    _assert_one_sentence(result["message"])
    assert sorted(p.name for p in folders.data.iterdir()) == ["characters", "lorebooks", "presets"]
