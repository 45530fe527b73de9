"""The window's and the tray's words in the user's language, through Qt's translation system.

Every visible string in `desktop/` is written in English in the code, marked with
`self.tr(...)` (in a QObject subclass; PySide6 looks it up under each class of the
object's MRO, so a base class's strings stay found in subclasses) or `translate("Context", ...)`
(this module's alias of `QCoreApplication.translate`, for module-level and non-QObject code;
the name must stay `translate`: it is what `lupdate` looks for). Texts defined before any
translator exists (class attributes, tables) are marked with `QT_TRANSLATE_NOOP` and
translated where they are shown. Counts go through `%n` (Qt picks the plural form of the
language: Russian has three); other numbers through `QLocale` (`number()` below).

Files: `resources/translations/familiar_<lang>.ts` (the sources, edited by translators) and
the `.qm` next to each; `familiar_en.ts` holds only the English plural forms ("%n server(s)"
→ "1 server" / "3 servers"), as Qt intends, and is installed under every other language,
compiled by PySide6's `lrelease`. The `.qm` are committed: `pip install` runs no build step
that could compile them (a setuptools hook would need PySide6 inside the build's isolated
environment), and the PyInstaller bundle copies resources/ as it is.
tests/desktop/test_translations.py compiles every `.ts` again and fails if a committed `.qm`
differs, and runs `lupdate` over desktop/ and bot/settings.py (whose fields carry their window
labels) to fail when a `.ts` misses or keeps a string.

`python -m desktop.i18n update` refreshes the `.ts` from the code (new strings come in
unfinished; the test then names them) and compiles the `.qm`. `python -m desktop.i18n release`
compiles only.

The language: "System default" follows `QLocale.system()`; a choice on the About page is kept
in `<config folder>/desktop.json` (the window's own preference: `settings.json` belongs to the
bot and its headless users) and takes effect at the next start.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6 import QtCore

from resources import resource_path

log = logging.getLogger(__name__)

#: Marks a string for translation; the name `translate` is what lupdate recognises.
translate = QtCore.QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark `text` for lupdate under `context` without translating it yet (PySide6's own is typed
    as returning `object`); translate it where it is shown: `translate(context, text)`."""
    return text


#: (code, the language's own name): English is the source language and needs no file.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("es", "Español"),
    ("de", "Deutsch"),
    ("pt_BR", "Português (Brasil)"),
    ("ru", "Русский"),
)
#: The languages translated from English (`familiar_<code>.ts` / `.qm`).
TRANSLATED = tuple(code for code, _name in LANGUAGES if code != "en")
#: Every .ts/.qm pair: English's holds only its plural forms.
CATALOGS = ("en", *TRANSLATED)
#: Where the .ts and .qm files are (package data of `resources`).
FOLDER = resource_path("translations")
PREFERENCES_FILE = "desktop.json"
#: The code's folders lupdate reads (relative to the repository root).
SOURCE_FOLDERS = ("desktop",)
#: And single files: the settings' fields describe their own rows (labels, help), marked for
#: translation there with a Qt-free QT_TRANSLATE_NOOP.
SOURCE_FILES = ("bot/settings.py",)


def qm_path(code: str) -> Path:
    return FOLDER / f"familiar_{code}.qm"


def ts_path(code: str) -> Path:
    return FOLDER / f"familiar_{code}.ts"


# ----- the user's choice -----


def load_choice(config: Path) -> str:
    """The language chosen on the About page ("" = the system's)."""
    try:
        data = json.loads((config / PREFERENCES_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ""
    except (OSError, ValueError) as error:
        log.warning("Could not read %s: %s", config / PREFERENCES_FILE, error)
        return ""
    choice = data.get("language", "") if isinstance(data, dict) else ""
    return choice if choice in dict(LANGUAGES) else ""


def save_choice(config: Path, code: str) -> None:
    """Keep the language for the next start ("" = the system's); raises OSError."""
    path = config / PREFERENCES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data["language"] = code
    config.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


# ----- installing the translators -----


def locale_for(choice: str) -> QtCore.QLocale:
    return QtCore.QLocale(choice) if choice else QtCore.QLocale.system()


def install(app: QtCore.QCoreApplication, choice: str) -> str | None:
    """Show the app in `choice` ("" = the system's language); the language code loaded, or None for English.

    Also makes that locale Qt's default, so numbers are written its way, and loads Qt's own
    words (standard buttons, file dialogs) for the same language: never Qt's in one language
    and ours in another.
    """
    locale = locale_for(choice)
    QtCore.QLocale.setDefault(locale)
    install_english_plurals(app)
    ours = QtCore.QTranslator(app)
    if not ours.load(locale, "familiar", "_", str(FOLDER)):
        log.debug("No translation for %s: English", locale.name())
        return None
    app.installTranslator(ours)
    qt = QtCore.QTranslator(app)
    qt_folder = QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(locale, "qtbase", "_", qt_folder):
        app.installTranslator(qt)
    else:
        log.debug("Qt's own translation for %s not found in %s", locale.name(), qt_folder)
    language = ours.language() or locale.name()
    log.info("User interface in %s", language)
    return language


def install_english_plurals(app: QtCore.QCoreApplication) -> QtCore.QTranslator | None:
    """English's plural forms ("1 server", "3 servers"): searched last, after any other language."""
    english = QtCore.QTranslator(app)
    if not english.load(str(qm_path("en"))):
        log.warning("English plural forms not found at %s", qm_path("en"))
        return None
    app.installTranslator(english)
    return english


def number(value: float, decimals: int = 0) -> str:
    """A number written the way of the language shown (1,234.5 / 1.234,5 / 1 234,5)."""
    if decimals == 0:
        return QtCore.QLocale().toString(round(value))
    return QtCore.QLocale().toString(float(value), "f", decimals)


# ----- the tools (development and build) -----


def tool(name: str) -> list[str]:
    """PySide6's `lupdate` / `lrelease`: shipped in the PySide6-Essentials wheel, next to the package."""
    import PySide6

    executable = Path(PySide6.__file__).resolve().parent / (name + (".exe" if sys.platform == "win32" else ""))
    if not executable.exists():
        raise FileNotFoundError(f"PySide6's {name} is not installed at {executable}")
    return [str(executable)]


def repository_root() -> Path:
    return Path(__file__).resolve().parent.parent


def sources(root: Path | None = None) -> list[str]:
    """The Python files lupdate reads, relative to `root`, in a stable order."""
    root = root or repository_root()
    found = {
        path.relative_to(root).as_posix()
        for folder in SOURCE_FOLDERS
        for path in (root / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    return sorted(found | set(SOURCE_FILES))


def lupdate(ts_files: list[Path], root: Path | None = None) -> None:
    """Bring `ts_files` up to date with the strings the code marks (kept translations stay;
    strings gone from the code are dropped; no line numbers, so moving code changes nothing)."""
    for ts in ts_files:
        language = ts.stem.removeprefix("familiar_")
        extract(ts, language, root, plurals_only=language == "en")


def extract(ts: Path, language: str | None = None, root: Path | None = None, *, plurals_only: bool = False) -> None:
    """Run lupdate over the code into `ts` (created if missing; `language` None: no target language)."""
    root = root or repository_root()
    command = [*tool("lupdate"), *sources(root), "-no-obsolete", "-locations", "none"]
    if language is not None:
        command += ["-target-language", language]
    if plurals_only:
        command.append("-pluralonly")
    command += ["-ts", str(ts)]
    subprocess.run(command, cwd=root, check=True, stdout=subprocess.DEVNULL)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([*tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "update"
    if command not in ("update", "release"):
        print("usage: python -m desktop.i18n [update|release]", file=sys.stderr)
        return 2
    if command == "update":
        lupdate([ts_path(code) for code in CATALOGS])
    for code in CATALOGS:
        lrelease(ts_path(code), qm_path(code))
        print(f"{qm_path(code).name}: compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
