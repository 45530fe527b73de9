"""The headless systemd template unit: `systemd-analyze verify` clean, and the lines the README promises."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from installer.linux import deb, verify_unit

UNIT = verify_unit.UNIT

needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (.ci/run installs the systemd package, so CI runs this)",
)


def directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@needs_analyze
def test_the_unit_with_an_instance_filled_in_verifies_without_a_word() -> None:
    code, said = verify_unit.verify()
    assert (code, said) == (0, "")


@needs_analyze
def test_verify_catches_a_bad_value_and_a_missing_executable(tmp_path: Path) -> None:
    """The check is sharp: a value systemd only warns about still fails it."""
    broken = tmp_path / UNIT.name
    broken.write_text(UNIT.read_text().replace("ProtectSystem=strict", "ProtectSystem=bogus"))
    code, said = verify_unit.verify(broken)
    assert "bogus" in said
    missing = tmp_path / "other" / UNIT.name
    missing.parent.mkdir()
    missing.write_text(UNIT.read_text().replace("/usr/bin/familiar", "/usr/bin/not-familiar"))
    code, said = verify_unit.verify(missing)
    assert code != 0 and "not-familiar" in said


def test_the_unit_runs_the_installed_familiar_headless_with_its_own_home_and_env_file() -> None:
    found = directives(UNIT.read_text())
    assert found["ExecStart"] == ["/usr/bin/familiar --headless"]
    # What the .deb installs: /usr/bin/familiar, a link into /opt/familiar.
    assert "/usr/bin/familiar" in (deb.__doc__ or "")
    assert found["EnvironmentFile"] == ["/etc/familiar/%i.env"]
    assert found["Environment"] == ["FAMILIAR_HOME=/var/lib/familiar/%i"]  # one home per instance
    assert found["StateDirectory"] == ["familiar/%i"] and found["ReadWritePaths"] == ["/var/lib/familiar/%i"]
    assert found["Restart"] == ["on-failure"] and float(found["RestartSec"][0]) > 0
    assert found["RestartPreventExitStatus"] == ["2"]  # a configuration error: restarting will not fix it
    assert found["KillSignal"] == ["SIGTERM"] and re.fullmatch(r"\d+", found["TimeoutStopSec"][0])
    for key, value in {
        "DynamicUser": "yes",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "ProtectKernelTunables": "yes",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "LockPersonality": "yes",
        "SystemCallFilter": "@system-service",
    }.items():
        assert found[key] == [value], key
