"""Check the headless systemd template unit with `systemd-analyze verify`, as the .deb installs it.

Why a root of its own: `verify` fails on an ExecStart binary that is not there, and the
.deb's /usr/bin/familiar is not installed on a build machine. So the unit is verified in a
scratch root holding a copy of the system's own units (sysinit.target etc.) and the unit at
the place the .deb gives it (/usr/lib/systemd/system/familiar-headless@.service), with an
instance filled in (``familiar-headless@0.service``), through ``--root``. Two variants:

- the source file (`verify`), next to a stub /opt/familiar/familiar and the .deb's
  /usr/bin/familiar link to it;
- the shipped file (`verify_deb`): the unit, /usr/bin/familiar and what it points to,
  taken out of a built .deb, so a .deb that lost the unit, moved it or ships a unit whose
  ExecStart it does not install fails here.

Bad values are only warnings to systemd-analyze (exit 0), so any output at all counts as a failure.

    python -m installer.linux.verify_unit                   # the source unit
    python -m installer.linux.verify_unit --deb dist/familiar_<version>_<arch>.deb
    # exit 0 when clean; the problems on stderr otherwise
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from installer import project
from installer.linux import deb

log = logging.getLogger(__name__)

UNIT = deb.HEADLESS_UNIT
#: Where the .deb installs it.
SHIPPED = deb.UNIT_DIR / UNIT.name
INSTANCE = "0"
#: Where the system's own unit files are (Debian: /usr/lib/systemd/system, /lib is a link to /usr/lib).
SYSTEM_UNITS = Path("/usr/lib/systemd/system")
#: What the .deb installs: /usr/bin/familiar, a symlink to the bundle's executable.
EXECUTABLE = deb.COMMAND
BUNDLE_EXECUTABLE = deb.INSTALL_DIR / project.exe_name("linux")


def instance_name(unit: Path = UNIT, instance: str = INSTANCE) -> str:
    return unit.name.replace("@.", f"@{instance}.")


def verify(unit: Path = UNIT, instance: str = INSTANCE) -> tuple[int, str]:
    """(exit code, everything systemd-analyze said) for the source unit, installed as the .deb installs it."""
    with _scratch_root() as root:
        target = root / SHIPPED.parent.relative_to("/") / unit.name
        shutil.copyfile(unit, target)
        stub = root / BUNDLE_EXECUTABLE.relative_to("/")
        stub.parent.mkdir(parents=True)
        stub.write_text("#!/bin/sh\nexit 0\n")
        stub.chmod(0o755)
        link = root / EXECUTABLE.relative_to("/")
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(BUNDLE_EXECUTABLE)
        return _analyze(root, instance_name(unit, instance))


def verify_deb(package: Path, instance: str = INSTANCE) -> tuple[int, str]:
    """The same for the unit a built .deb ships, with the executable it runs taken from the same .deb."""
    with _scratch_root() as root:
        try:
            missing = extract(package, root, [SHIPPED, EXECUTABLE, BUNDLE_EXECUTABLE])
        except tarfile.TarError as error:
            return 1, f"{package}: no data archive to read ({error})"
        if missing:
            return 1, f"{package.name} does not ship {', '.join(str(p) for p in missing)}"
        return _analyze(root, instance_name(SHIPPED, instance))


def extract(package: Path, root: Path, paths: list[Path]) -> list[Path]:
    """Extract `paths` (absolute, as installed: files or symlinks) of a .deb under `root`, reading its
    data archive as a stream; returns those it does not hold."""
    wanted = {str(p.relative_to("/")): p for p in paths}
    with subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(package)], stdout=subprocess.PIPE) as dpkg:
        assert dpkg.stdout is not None
        with tarfile.open(fileobj=dpkg.stdout, mode="r|") as archive:
            for member in archive:
                name = member.name.removeprefix("./")
                if name not in wanted or not (member.isfile() or member.issym()):
                    continue
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if member.issym():
                    target.symlink_to(member.linkname)
                else:
                    source = archive.extractfile(member)
                    assert source is not None
                    with source, target.open("wb") as out:
                        shutil.copyfileobj(source, out)
                    target.chmod(member.mode & 0o777)
                del wanted[name]
                if not wanted:
                    break
        dpkg.kill()  # when it is not done yet: the rest of the archive is not needed
    return list(wanted.values())


@contextlib.contextmanager
def _scratch_root() -> Iterator[Path]:
    if shutil.which("systemd-analyze") is None:
        raise FileNotFoundError("systemd-analyze is not installed (Debian: apt-get install systemd)")
    with tempfile.TemporaryDirectory(prefix="familiar-unit-") as scratch:
        root = Path(scratch)
        units = root / SYSTEM_UNITS.relative_to("/")
        if SYSTEM_UNITS.is_dir():  # without ours, should this machine have the .deb installed
            shutil.copytree(SYSTEM_UNITS, units, symlinks=True, ignore=shutil.ignore_patterns(UNIT.name))
        units.mkdir(parents=True, exist_ok=True)
        yield root


def _analyze(root: Path, name: str) -> tuple[int, str]:
    analyze = shutil.which("systemd-analyze")
    assert analyze is not None  # checked by _scratch_root
    result = subprocess.run(
        [analyze, "verify", f"--root={root}", name], capture_output=True, text=True, timeout=60, check=False
    )
    said = (result.stdout + result.stderr).replace(str(root), "")
    return result.returncode, said.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m installer.linux.verify_unit", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--deb", type=Path, help="verify the unit this built .deb ships instead of the source file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    what = f"{instance_name()} from {args.deb.name}" if args.deb else instance_name()
    code, said = verify_deb(args.deb) if args.deb else verify()
    if code != 0 or said:
        log.error("systemd-analyze verify %s failed (exit %d):\n%s", what, code, said)
        return 1
    log.info("systemd-analyze verify %s: clean", what)
    return 0


if __name__ == "__main__":
    sys.exit(main())
