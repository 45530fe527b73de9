"""The headless systemd template unit: `systemd-analyze verify` clean (the source file and the one a .deb
ships), the lines the README promises, and the example environment file the .deb ships with it."""

from __future__ import annotations

import re
import shutil
import subprocess
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


def fake_package_tree(root: Path) -> Path:
    """What `deb.stage` puts in a package, minus the bundle: a stub executable, the command link, the unit."""
    executable = root / verify_unit.BUNDLE_EXECUTABLE.relative_to("/")
    executable.parent.mkdir(parents=True)
    executable.write_text("#!/bin/sh\nexit 0\n")
    executable.chmod(0o755)
    command = root / deb.COMMAND.relative_to("/")
    command.parent.mkdir(parents=True)
    command.symlink_to(verify_unit.BUNDLE_EXECUTABLE)
    return root


def build_fake_deb(root: Path, out: Path) -> Path:
    (root / "DEBIAN").mkdir(exist_ok=True)
    (root / "DEBIAN" / "control").write_text(
        deb.control_text("0.0.1", "all", ["libc6"], deb.installed_size_kib(root)), encoding="utf-8"
    )
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Znone", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


def test_the_package_stages_the_unit_and_its_example_environment_file(tmp_path: Path) -> None:
    root = fake_package_tree(tmp_path / "root")
    deb.stage_headless_unit(root)
    shipped = root / verify_unit.SHIPPED.relative_to("/")
    assert Path("/usr/lib/systemd/system/familiar-headless@.service") == verify_unit.SHIPPED
    assert shipped.read_bytes() == UNIT.read_bytes()  # shipped as written: what CI verifies is what runs
    example = root / deb.EXAMPLES_DIR.relative_to("/") / "familiar-headless.env"
    assert example.read_bytes() == deb.ENV_EXAMPLE.read_bytes()
    assert "/usr/share/doc/familiar/examples/familiar-headless.env" in UNIT.read_text()  # the unit points to it


def test_the_example_environment_file_sets_what_headless_needs_and_nothing_unknown() -> None:
    lines = [line.strip() for line in deb.ENV_EXAMPLE.read_text().splitlines()]
    active = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    commented = [line.lstrip("#").split("=", 1)[0] for line in lines if re.match(r"#FAMILIAR_\w+=", line)]
    assert set(active) == {
        "FAMILIAR_DISCORD_TOKEN",
        "FAMILIAR_OPENAI_BASE_URL",
        "FAMILIAR_OPENAI_API_KEY",
        "FAMILIAR_MODEL",
    }
    assert active["FAMILIAR_DISCORD_TOKEN"] == "" and active["FAMILIAR_OPENAI_API_KEY"] == ""  # no secret in a doc file
    assert set(commented) == {"FAMILIAR_CHARACTER", "FAMILIAR_SHARD_COUNT", "FAMILIAR_SHARD_IDS"}
    assert "FAMILIAR_HOME" not in active  # the unit sets it per instance


def test_the_package_refuses_a_unit_whose_program_it_does_not_install(tmp_path: Path) -> None:
    root = fake_package_tree(tmp_path / "root")
    elsewhere = tmp_path / UNIT.name
    elsewhere.write_text(UNIT.read_text().replace("ExecStart=/usr/bin/familiar", "ExecStart=/usr/local/bin/familiar"))
    with pytest.raises(deb.DebError, match="/usr/local/bin/familiar"):
        deb.stage_headless_unit(root, elsewhere)
    (root / deb.COMMAND.relative_to("/")).unlink()
    (root / deb.COMMAND.relative_to("/")).symlink_to("/opt/familiar/gone")  # a dangling link is no program
    with pytest.raises(deb.DebError, match="/usr/bin/familiar"):
        deb.stage_headless_unit(root)


@needs_analyze
@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb (Debian's dpkg) is not installed")
def test_the_unit_a_deb_ships_verifies_and_a_deb_without_it_fails(tmp_path: Path) -> None:
    root = fake_package_tree(tmp_path / "root")
    deb.stage_headless_unit(root)
    package = build_fake_deb(root, tmp_path / "familiar_0.0.1_all.deb")
    assert verify_unit.verify_deb(package) == (0, "")
    assert verify_unit.main(["--deb", str(package)]) == 0

    (root / verify_unit.SHIPPED.relative_to("/")).unlink()
    without = build_fake_deb(root, tmp_path / "without.deb")
    code, said = verify_unit.verify_deb(without)
    assert code != 0 and str(verify_unit.SHIPPED) in said


def test_the_unit_runs_the_installed_familiar_headless_with_its_own_home_and_env_file() -> None:
    found = directives(UNIT.read_text())
    assert found["ExecStart"] == ["/usr/bin/familiar --headless"]
    # What the .deb installs: /usr/bin/familiar, a link into /opt/familiar.
    assert Path("/usr/bin/familiar") == deb.COMMAND and "/usr/bin/familiar" in (deb.__doc__ or "")
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
