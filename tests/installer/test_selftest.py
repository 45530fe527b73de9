"""`familiar --self-test` from source: what the packaged-app checks run, proved here first."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import selftest
from installer import project

CHECKS = ("modules", "qt plugins", "resources", "default character", "tray", "settings window", "memory store")


def test_self_test_passes_and_says_what_it_checked(tmp_path: Path) -> None:
    env = {**os.environ, "FAMILIAR_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    env.pop("QT_QPA_PLATFORM", None)  # it must pick offscreen by itself
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        cwd=project.REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for name in CHECKS:
        assert any(line.startswith(f"ok   {name}: ") for line in lines), (name, result.stdout)
    assert lines[-1] == f"self-test passed ({len(CHECKS)} checks)"
    assert "Traceback" not in result.stderr
    # Its temporary FAMILIAR_HOME is gone; the real one only got the log file.
    assert not list((tmp_path / "home" / "data").glob("memory*"))


def test_a_missing_resource_fails_and_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "resources"
    shutil.copytree(project.REPO_ROOT / "resources", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "icons" / "dark" / "tray-error.svg").unlink()
    monkeypatch.setattr(selftest, "resource_path", lambda *parts: copy.joinpath(*parts))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # run() sets these; monkeypatch restores them
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    out = io.StringIO()
    assert selftest.run(out) == 1
    text = out.getvalue()
    failed = [line for line in text.splitlines() if line.startswith("FAIL")]
    assert len(failed) == 1 and failed[0].startswith("FAIL resources: missing resource(s): ")
    assert str(copy / "icons" / "dark" / "tray-error.svg") in failed[0]
    assert text.splitlines()[-1] == "self-test FAILED: resources"


def test_a_module_that_does_not_import_fails_and_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = selftest.importlib.import_module

    def broken(name: str, package: str | None = None) -> object:
        if name == "bot.memory":
            raise ImportError("libsqlite3.so.0: cannot open shared object file")
        return real(name, package)

    monkeypatch.setattr(selftest.importlib, "import_module", broken)
    with pytest.raises(selftest.CheckFailed, match=r"module bot\.memory does not import: ImportError: libsqlite3"):
        selftest.check_modules()
