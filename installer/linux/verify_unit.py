"""Check the headless systemd template unit with `systemd-analyze verify`, as it will be installed.

Why a root of its own: `verify` fails on an ExecStart binary that is not there, and the
.deb's /usr/bin/familiar is not installed on a build machine. The unit is copied, with
an instance filled in (``familiar-headless@0.service``), into a scratch root next to a
stub /usr/bin/familiar and a copy of the system's own units (sysinit.target etc.), and
verified there with ``--root``. Bad values are only warnings to systemd-analyze (exit 0),
so any output at all counts as a failure.

    python -m installer.linux.verify_unit      # exit 0 when clean; the problems on stderr otherwise
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

UNIT = Path(__file__).with_name("familiar-headless@.service")
INSTANCE = "0"
#: Where the system's own unit files are (Debian: /usr/lib/systemd/system, /lib is a link to /usr/lib).
SYSTEM_UNITS = Path("/usr/lib/systemd/system")
#: What the .deb installs (installer/linux/deb.py: a symlink into /opt/familiar).
EXECUTABLE = "usr/bin/familiar"


def instance_name(unit: Path = UNIT, instance: str = INSTANCE) -> str:
    return unit.name.replace("@.", f"@{instance}.")


def verify(unit: Path = UNIT, instance: str = INSTANCE) -> tuple[int, str]:
    """(exit code, everything systemd-analyze said) for the unit with `instance` filled in."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        raise FileNotFoundError("systemd-analyze is not installed (Debian: apt-get install systemd)")
    with tempfile.TemporaryDirectory(prefix="familiar-unit-") as scratch:
        root = Path(scratch)
        units = root / "etc" / "systemd" / "system"
        units.mkdir(parents=True)
        shutil.copy(unit, units / instance_name(unit, instance))
        stub = root / EXECUTABLE
        stub.parent.mkdir(parents=True)
        stub.write_text("#!/bin/sh\nexit 0\n")
        stub.chmod(0o755)
        if SYSTEM_UNITS.is_dir():
            shutil.copytree(SYSTEM_UNITS, root / SYSTEM_UNITS.relative_to("/"), symlinks=True)
        result = subprocess.run(
            [analyze, "verify", f"--root={root}", instance_name(unit, instance)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    said = (result.stdout + result.stderr).replace(scratch, "")
    return result.returncode, said.strip()


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    code, said = verify()
    if code != 0 or said:
        log.error("systemd-analyze verify %s failed (exit %d):\n%s", instance_name(), code, said)
        return 1
    log.info("systemd-analyze verify %s: clean", instance_name())
    return 0


if __name__ == "__main__":
    sys.exit(main())
