"""Build `familiar_<version>_<arch>.deb` from the one-dir bundle with dpkg-deb.

Layout:
  /opt/familiar/                    the bundle (PyInstaller one-dir)
  /usr/bin/familiar                 symlink to /opt/familiar/familiar
  /usr/share/applications/familiar.desktop   (resources/familiar.desktop; the menu entry)
  /usr/share/icons/hicolor/<size>/apps/familiar.png, scalable/apps/familiar.svg
  /usr/share/doc/familiar/copyright
  /usr/lib/systemd/system/familiar-headless@.service   (installer/linux: `familiar --headless` as a
                                    template service; nothing enabled, no maintainer script)
  /usr/share/doc/familiar/examples/familiar-headless.env   (its environment file, commented)

Depends is computed, not hand-kept: every library some ELF file of the bundle
needs (DT_NEEDED) and the bundle does not carry (the X/xcb, EGL/GL,
fontconfig, D-Bus, GLib and C++ runtime libraries: installer/bundle_filter.py)
is looked up with ldconfig, then with `dpkg -S` for the package that ships
it. So the build machine must have them installed (.ci/run does); a library
it cannot place fails the build. libc6 gets a version floor from the highest
GLIBC_x.y symbol version the bundle references.

No maintainer scripts: the hicolor icon cache and the desktop database are
refreshed by the dpkg triggers of hicolor-icon-theme and desktop-file-utils.

Run alone (on an existing bundle): `python -m installer.linux.deb`.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from installer import elf, icons, project

log = logging.getLogger(__name__)

INSTALL_DIR = Path("/opt/familiar")
#: /usr/bin/familiar: the command, a symlink into INSTALL_DIR (what the systemd unit runs).
COMMAND = Path("/usr/bin/familiar")
#: The systemd template unit for servers, and where it is installed: /usr/lib (not /lib) is in
#: systemd's unit path on merged and split /usr alike, and is where Debian puts units from trixie on.
HEADLESS_UNIT = Path(__file__).with_name("familiar-headless@.service")
UNIT_DIR = Path("/usr/lib/systemd/system")
#: A commented environment file for the unit, shipped as documentation (never as a conffile:
#: an instance's file holds its secrets and is the admin's, under /etc/familiar/).
ENV_EXAMPLE = Path(__file__).with_name("familiar-headless.env")
EXAMPLES_DIR = Path("/usr/share/doc") / project.DIST_NAME / "examples"
PACKAGE = project.DIST_NAME
SECTION = "net"
#: Loaded by Qt at run time without a DT_NEEDED entry; the bundle must still find them.
DLOPENED: tuple[str, ...] = ()
_GLIBC = re.compile(rb"GLIBC_(2\.\d+)")


class DebError(RuntimeError):
    pass


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def deb_name(version: str, arch: str) -> str:
    return f"{PACKAGE}_{version}_{arch}.deb"


def build(bundle: Path, version: str, out_dir: Path, *, work_dir: Path | None = None) -> Path:
    """Stage the package tree, write DEBIAN/control, run dpkg-deb; returns the .deb path."""
    arch = architecture()
    work_dir = work_dir or project.BUILD_DIR / "deb"
    root = work_dir / f"{PACKAGE}_{version}_{arch}"
    if root.exists():
        shutil.rmtree(root)
    stage(bundle, root)
    depends = compute_depends(root / INSTALL_DIR.relative_to("/"))
    control = control_text(version, arch, depends, installed_size_kib(root))
    (root / "DEBIAN").mkdir(mode=0o755)
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / deb_name(version, arch)
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log.info("Built %s (%.1f MB; Depends: %s)", target, target.stat().st_size / 1e6, ", ".join(depends))
    return target


def stage(bundle: Path, root: Path) -> None:
    """The file tree of the package under `root`."""
    app_dir = root / INSTALL_DIR.relative_to("/")
    shutil.copytree(bundle, app_dir, symlinks=True)
    executable = app_dir / project.exe_name("linux")
    if not executable.is_file():
        raise DebError(f"{executable} missing: is {bundle} a Linux one-dir bundle?")

    command = root / COMMAND.relative_to("/")
    command.parent.mkdir(parents=True)
    command.symlink_to(INSTALL_DIR / project.exe_name("linux"))

    applications = root / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    desktop_file = applications / "familiar.desktop"
    shutil.copyfile(project.DESKTOP_FILE, desktop_file)
    validate_desktop_file(desktop_file)

    hicolor = root / "usr" / "share" / "icons" / "hicolor"
    rendered = project.BUILD_DIR / "icons"
    for size in icons.HICOLOR_SIZES:
        source = icons.hicolor_png(rendered, size)
        if not source.is_file():
            raise DebError(f"{source} missing: render the icons first (python -m installer.icons)")
        target = hicolor / f"{size}x{size}" / "apps" / "familiar.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    scalable = hicolor / "scalable" / "apps" / "familiar.svg"
    scalable.parent.mkdir(parents=True)
    shutil.copyfile(project.ICON_SVG, scalable)

    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    stage_headless_unit(root)
    normalize_modes(root)


def stage_headless_unit(root: Path, unit: Path = HEADLESS_UNIT) -> None:
    """The systemd template unit and its example environment file, once the command is staged."""
    units = root / UNIT_DIR.relative_to("/")
    units.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(unit, units / HEADLESS_UNIT.name)
    check_exec_start(units / HEADLESS_UNIT.name, root)
    examples = root / EXAMPLES_DIR.relative_to("/")
    examples.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ENV_EXAMPLE, examples / ENV_EXAMPLE.name)


def exec_start(unit: Path) -> list[str]:
    """The ExecStart= command lines of a unit file, as written."""
    lines = []
    for line in unit.read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().partition("=")
        if key.strip() == "ExecStart":
            lines.append(value.strip())
    return lines


def check_exec_start(unit: Path, root: Path) -> None:
    """The unit runs a program this package installs (a unit pointing elsewhere fails only at start)."""
    commands = exec_start(unit)
    if len(commands) != 1:
        raise DebError(f"{unit.name}: expected one ExecStart=, found {commands}")
    program = commands[0].split()[0].lstrip("@-:+!|")
    path = root / program.lstrip("/")
    if path.is_symlink():  # /usr/bin/familiar -> /opt/familiar/familiar: inside the package too
        target = Path(os.readlink(path))
        path = root / target.relative_to("/") if target.is_absolute() else path.parent / target
    if not path.is_file():
        raise DebError(f"{unit.name}: ExecStart runs {program}, which the package does not install")


def validate_desktop_file(path: Path) -> None:
    """desktop-file-validate (desktop-file-utils) when installed; the tests require it."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        log.warning("desktop-file-validate not installed: %s not validated", path.name)
        return
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0 or result.stdout.strip():
        raise DebError(f"{path.name} is not a valid desktop entry:\n{result.stdout}{result.stderr}")


def normalize_modes(root: Path) -> None:
    """0755 for folders and executables, 0644 for the rest (the bundle may carry odd modes)."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK) or elf.is_elf(path):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def elf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and elf.is_elf(p))


def external_libraries(app_dir: Path) -> set[str]:
    """Sonames some ELF file of the bundle needs that the bundle does not carry."""
    files = elf_files(app_dir)
    carried = {p.name for p in app_dir.rglob("*") if p.is_file() or p.is_symlink()}
    wanted: set[str] = set(DLOPENED)
    for path in files:
        wanted.update(elf.needed(path))
    return {name for name in wanted if name not in carried and not name.startswith("ld-linux")}


def compute_depends(app_dir: Path) -> list[str]:
    locations = ldconfig_paths()
    packages: set[str] = set()
    unplaced: list[str] = []
    for soname in sorted(external_libraries(app_dir)):
        path = locations.get(soname)
        package = owning_package(path) if path else None
        if package is None:
            unplaced.append(soname)
        else:
            packages.add(package)
    if unplaced:
        raise DebError(
            "no installed package provides "
            + ", ".join(unplaced)
            + ": install them on the build machine (see .ci/run) so the .deb can depend on them"
        )
    floor = glibc_floor(elf_files(app_dir))
    return sorted(f"{p} (>= {floor})" if p == "libc6" and floor else p for p in packages)


def ldconfig_paths() -> dict[str, str]:
    """soname → path for this machine's architecture, from the dynamic linker cache."""
    output = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    machine = {"amd64": "x86-64", "arm64": "AArch64"}.get(architecture())
    paths: dict[str, str] = {}
    for line in output.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if not match:
            continue
        soname, flags, path = match.groups()
        if machine and machine not in flags:
            continue
        paths.setdefault(soname, path)
    return paths


def owning_package(path: str) -> str | None:
    """`dpkg -S` under the names a merged /usr gives one file (/lib/... and /usr/lib/...)."""
    candidates: set[str] = set()
    for name in (path, os.path.realpath(path)):
        candidates.add(name)
        if name.startswith("/usr/"):
            candidates.add(name.removeprefix("/usr"))
        elif name.startswith(("/lib", "/bin", "/sbin")):
            candidates.add("/usr" + name)
    for candidate in sorted(candidates):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            # "libxcb1:amd64: /usr/lib/x86_64-linux-gnu/libxcb.so.1"; diversions start with "diversion by".
            for line in result.stdout.splitlines():
                if not line.startswith("diversion"):
                    return line.split(":", 1)[0].split(",")[0].strip()
    return None


def glibc_floor(files: Iterable[Path]) -> str | None:
    """The newest GLIBC_2.x symbol version any file references: the oldest libc6 that runs the bundle."""
    best: tuple[int, int] | None = None
    for path in files:
        for match in _GLIBC.finditer(path.read_bytes()):
            major, minor = (int(x) for x in match.group(1).split(b"."))
            if best is None or (major, minor) > best:
                best = (major, minor)
    return f"{best[0]}.{best[1]}" if best else None


def installed_size_kib(root: Path) -> int:
    total = sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def control_text(version: str, arch: str, depends: list[str], installed_size: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {project.MAINTAINER}\n"
        f"Installed-Size: {installed_size}\n"
        f"Depends: {', '.join(depends)}\n"
        "Recommends: hicolor-icon-theme\n"
        f"Section: {SECTION}\n"
        "Priority: optional\n"
        f"Description: {project.DESCRIPTION.rstrip('.')}\n"
        " Familiar runs a Discord bot that plays an AI character (SillyTavern-style\n"
        " character cards) from the system tray. Paste a bot token and a model key\n"
        " into its window; any OpenAI-compatible model works (OpenAI, OpenRouter,\n"
        " a local Ollama or LM Studio).\n"
    )


COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: familiar

Files: *
License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy
 of this software and associated documentation files, to deal in the Software
 without restriction, subject to the MIT License terms.
 .
 /opt/familiar/_internal carries Python, Qt (LGPL-3.0, dynamically linked,
 replaceable) and other third-party libraries under their own licenses.
"""


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    build(project.BUNDLE_DIR, project.version(), project.DIST_DIR)
    return 0


if __name__ == "__main__":
    sys.exit(main())
