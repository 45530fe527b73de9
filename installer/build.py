"""Build Familiar for this OS: `python -m installer.build [--deb] [--setup]`.

1. A clean virtualenv, build/venv, with `pip install '.[build]'`: the package as a
   wheel would install it, plus PyInstaller, and nothing else (PyInstaller bundles
   every optional import it can resolve; a developer's environment has plenty).
2. Render the app icon (build/icons/: hicolor PNGs, .ico, .icns) from the SVG.
3. Run PyInstaller on installer/familiar.spec → dist/Familiar/ (one-dir; plus
   dist/Familiar.app on macOS). Libraries PyInstaller could not find are logged:
   on Linux they must be (and are) in the .deb's Depends.
4. Check the bundle: `familiar --version` says the pyproject version and
   `familiar --self-test` passes.
5. `--deb` (Linux): dist/familiar_<version>_<arch>.deb (installer/linux/deb.py).
   `--setup` (Windows): dist/Familiar-<version>-setup.exe with Inno Setup's ISCC.
   The macOS .dmg: installer/macos/build_dmg.sh (it runs this script first).

Runs with any Python 3.11+ (the standard library only); the venv holds the rest.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # `python installer/build.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from installer import project

log = logging.getLogger("installer.build")

SPEC = project.REPO_ROOT / "installer" / "familiar.spec"
ISS = project.REPO_ROOT / "installer" / "windows" / "familiar.iss"
WORK_DIR = project.BUILD_DIR / "pyinstaller"
VENV_DIR = project.BUILD_DIR / "venv"
#: PyInstaller's line for a shared library it could not find (and so did not bundle).
_MISSING_LIBRARY = re.compile(r"Library not found: could not resolve '([^']+)'")


def bundle_executable(bundle: Path = project.BUNDLE_DIR, platform: str = sys.platform) -> Path:
    return bundle / project.exe_name(platform)


def venv_python(venv: Path = VENV_DIR) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def prepare_venv(venv: Path = VENV_DIR) -> Path:
    """Create the build virtualenv, or reuse it while pyproject.toml is unchanged; returns its Python.

    A changed pyproject.toml means a fresh venv: a dependency dropped from the
    project must not linger in the bundle.
    """
    python = venv_python(venv)
    stamp = venv / "familiar-pyproject.sha256"
    digest = hashlib.sha256(project.PYPROJECT.read_bytes()).hexdigest()
    if not python.is_file() or not stamp.is_file() or stamp.read_text().strip() != digest:
        log.info("Creating the build virtualenv %s", venv)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    started = time.monotonic()
    # Not editable: the bundle gets exactly what a wheel of this checkout holds.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"{project.REPO_ROOT}[build]"],
        check=True,
        cwd=project.REPO_ROOT,
    )
    stamp.write_text(digest + "\n", encoding="utf-8")
    log.info("Build virtualenv ready in %.0f s", time.monotonic() - started)
    return python


def build_bundle(python: Path) -> list[str]:
    """Icons, then PyInstaller, both with the build venv's Python.

    Returns the libraries PyInstaller could not resolve."""
    started = time.monotonic()
    subprocess.run(
        [str(python), "-m", "installer.icons", str(project.BUILD_DIR / "icons")], check=True, cwd=project.REPO_ROOT
    )
    command = [
        str(python),
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--clean",
        "--distpath",
        str(project.DIST_DIR),
        "--workpath",
        str(WORK_DIR),
        "--log-level",
        "WARN",
    ]
    log.info("Running %s", " ".join(command))
    # Not from the checkout: `python -m` puts the working folder first on sys.path, and the
    # bundle must get the app as installed in the venv, not the source files next to it.
    project.BUILD_DIR.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(command, cwd=project.BUILD_DIR, capture_output=True, text=True, check=False)
    (WORK_DIR / "pyinstaller.log").parent.mkdir(parents=True, exist_ok=True)
    (WORK_DIR / "pyinstaller.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-8000:])
        raise SystemExit(f"PyInstaller failed ({result.returncode}); full log in {WORK_DIR / 'pyinstaller.log'}")
    missing = sorted(set(_MISSING_LIBRARY.findall(result.stderr)))
    for name in missing:
        log.warning("Not bundled (the system must provide it): %s", name)
    log.info(
        "Bundle %s built in %.0f s, %.1f MB",
        project.BUNDLE_DIR,
        time.monotonic() - started,
        tree_size(project.BUNDLE_DIR) / 1e6,
    )
    return missing


def check_bundle(bundle: Path, version: str, platform: str = sys.platform) -> None:
    """The frozen app carries the pyproject version and passes its own self-test."""
    executable = bundle_executable(bundle, platform)
    if not (bundle / "_internal" / f"familiar-{version}.dist-info").is_dir():
        raise SystemExit(f"{bundle}: no familiar-{version}.dist-info, so `familiar --version` would be wrong")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if platform.startswith("linux"):  # a windowed Windows exe has no stdout to read
        out = subprocess.run(
            [str(executable), "--version"], capture_output=True, text=True, timeout=60, env=env, check=False
        )
        if out.returncode != 0 or out.stdout.strip() != f"familiar {version}":
            raise SystemExit(f"{executable} --version: exit {out.returncode}, {out.stdout!r} {out.stderr[-2000:]!r}")
    test = subprocess.run(
        [str(executable), "--self-test"], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    if test.returncode != 0:
        raise SystemExit(f"{executable} --self-test failed ({test.returncode}):\n{test.stdout}\n{test.stderr[-4000:]}")
    log.info("Bundle checked: version %s, --self-test passes", version)


def build_setup(version: str) -> Path:
    """Windows: compile the Inno Setup script; the version is passed, never written in the .iss."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    # %ProgramFiles(x86)%: os.environ's keys are upper-cased on Windows (lookups ignore case there).
    default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
    if iscc is None and default.is_file():
        iscc = str(default)
    if iscc is None:
        raise SystemExit("Inno Setup 6 (ISCC.exe) not found: install it from https://jrsoftware.org/isinfo.php")
    subprocess.run(iscc_command(iscc, version), check=True)
    return project.DIST_DIR / f"Familiar-{version}-setup.exe"


def iscc_command(iscc: str, version: str) -> list[str]:
    from installer.windows.version_info import file_version

    return [
        iscc,
        f"/DMyAppVersion={version}",
        f"/DMyAppFileVersion={'.'.join(str(n) for n in file_version(version))}",
        f"/DBundleDir={project.BUNDLE_DIR}",
        f"/DIconFile={project.BUILD_DIR / 'icons' / 'familiar.ico'}",
        f"/O{project.DIST_DIR}",
        str(ISS),
    ]


def tree_size(path: Path) -> int:
    """Bytes of every file under `path` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installer.build", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--deb", action="store_true", help="also build the .deb (Linux)")
    parser.add_argument("--setup", action="store_true", help="also build the Inno Setup installer (Windows)")
    parser.add_argument("--skip-bundle", action="store_true", help="reuse dist/Familiar/ as it is")
    parser.add_argument("--python", type=Path, help="build with this Python's packages instead of build/venv")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    version = project.version()
    if not args.skip_bundle:
        build_bundle(args.python or prepare_venv())
    if not bundle_executable().is_file():
        raise SystemExit(f"{bundle_executable()} missing: build the bundle first")
    check_bundle(project.BUNDLE_DIR, version)
    if args.deb:
        from installer.linux import deb

        deb.build(project.BUNDLE_DIR, version, project.DIST_DIR)
    if args.setup:
        build_setup(version)
    return 0


if __name__ == "__main__":
    sys.exit(main())
