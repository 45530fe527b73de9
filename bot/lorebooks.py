"""Standalone lorebooks: one `<id>.json` each, in SillyTavern's World Info format.

The files are World Info JSON (an `entries` object keyed by uid, plus a
`name`) so a user can hand one straight back to SillyTavern. Import accepts
a World Info file, a bare `character_book` object, or a V3 `lorebook_v3`
file; a whole character card is refused with a pointer to the character
import. Which books are attached to which character (or to all) is a
setting, not the store's business.

`get` returns the same Lorebook object while the file is unchanged (same
size, modification time and inode), so its compiled matchers, which live on
the object, are built once per version of the file. File I/O is synchronous
and small; async callers wrap it in `asyncio.to_thread`.
"""

from __future__ import annotations

import builtins
import dataclasses
import logging
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.atomic import atomic_write_bytes, json_bytes
from bot.strict_json import (
    JsonProblem,
    find_problem,
    parse_json_bytes,
    printable,
    replace_lone_surrogates,
)
from bot.world_info import Lorebook, LorebookError, parse_lorebook

if TYPE_CHECKING:
    from .settings import Settings

log = logging.getLogger(__name__)

# A World Info file is text; a big one (thousands of entries) is a few MB.
MAX_LOREBOOK_BYTES = 50 * 1024 * 1024
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # ids are file names


class LorebookNotFound(KeyError):
    """No usable lorebook with that id (missing, or its file is damaged)."""

    def __str__(self) -> str:  # KeyError would wrap the sentence in quotes
        return str(self.args[0]) if self.args else "Lorebook not found."


def parse_lorebook_bytes(data: bytes, filename: str = "") -> Lorebook:
    """A lorebook from a file's bytes, or a LorebookError saying what is wrong with it.

    Whatever this returns can be saved: values JSON cannot hold (NaN, numbers
    too long to write) are refused here, lone surrogates become U+FFFD.
    The book is named after its own `name`, else the file name.
    """
    label = f"'{printable(filename, 200)}'" if filename else "The lorebook"
    if len(data) > MAX_LOREBOOK_BYTES:
        raise _too_big(label)
    try:
        doc = parse_json_bytes(data)
    except JsonProblem as exc:
        at = f" (at '{exc.where}')" if exc.path else ""
        raise LorebookError(f"{label} is not a lorebook: its JSON {exc.reason}{at}.") from None
    if not isinstance(doc, dict):
        raise LorebookError(f"{label} holds {_kind_phrase(doc)}, not a lorebook (a JSON object with 'entries').")
    fixed, count = replace_lone_surrogates(doc)
    if count:
        # JavaScript tools write these when they cut text inside an emoji; SillyTavern opens such files.
        log.warning("%s: replaced %d lone surrogate(s) (unpaired \\ud800-\\udfff escapes) with U+FFFD", label, count)
    problem = find_problem(fixed)
    if problem is not None:
        raise LorebookError(f"{label} has a value JSON cannot hold: '{problem.where}' {problem.reason}.")
    stem = Path(filename).stem if filename else ""
    book = parse_lorebook(fixed, name=stem or "Lorebook", label=label)
    world_info_bytes(book, label)  # proves it can be saved, or says what cannot
    return book


def world_info_bytes(book: Lorebook, label: str = "") -> bytes:
    """The World Info file's bytes (what SillyTavern imports), or a LorebookError naming what JSON cannot hold."""
    doc = book.to_world_info()
    problem = find_problem(doc)
    if problem is not None:
        who = label or f"Lorebook '{printable(book.name, 60)}'"
        raise LorebookError(f"{who} has a value JSON cannot hold: '{problem.where}' {problem.reason}.")
    return json_bytes(doc)


def card_lorebook_bytes(character_book: Any, name: str = "") -> bytes:
    """A card's `character_book` as a World Info file, to export a card's lorebook for SillyTavern."""
    label = f"The lorebook of '{printable(name, 60)}'" if name else "The card's lorebook"
    return world_info_bytes(Lorebook.from_character_book(character_book, name=name, label=label), label)


def _too_big(label: str) -> LorebookError:
    return LorebookError(f"{label} is larger than {MAX_LOREBOOK_BYTES // (1024 * 1024)} MB, too big to be a lorebook.")


def _kind_phrase(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return "a number"


def slugify(name: str) -> str:
    """A file-safe id proposed from a name ("Île des Rêves" -> "ile-des-reves")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-") or "lorebook"


class LorebookStore:
    """The user's standalone lorebooks in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[str, tuple[tuple[int, int, int], Lorebook]] = {}

    # -- reading

    def list(self) -> builtins.list[Lorebook]:
        """Every readable lorebook, sorted by name; damaged files are skipped (and logged)."""
        found: builtins.list[Lorebook] = []
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.json")):
                if not _ID_RE.fullmatch(path.stem):
                    log.warning("Ignoring %s: the name is not a lorebook id; import the file instead", path)
                    continue
                try:
                    found.append(self.get(path.stem))
                except LorebookNotFound as exc:
                    log.warning("Skipping lorebook: %s", exc)
        return sorted(found, key=lambda b: (b.name.casefold(), b.id))

    def get(self, lorebook_id: str) -> Lorebook:
        """The lorebook; the same object while its file is unchanged (see the module docstring)."""
        path = self._path(lorebook_id)
        try:
            info = path.stat()
        except FileNotFoundError:
            self._cache.pop(lorebook_id, None)
            raise LorebookNotFound(f"There is no lorebook with id '{lorebook_id}'.") from None
        except OSError as exc:
            raise LorebookNotFound(f"Lorebook file {path} cannot be read: {exc.strerror or exc}.") from exc
        version = (info.st_mtime_ns, info.st_size, info.st_ino)
        cached = self._cache.get(lorebook_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        try:
            data = path.read_bytes()
            book = parse_lorebook_bytes(data, path.name)
        except OSError as exc:
            raise LorebookNotFound(f"Lorebook file {path} cannot be read: {exc.strerror or exc}.") from exc
        except LorebookError as exc:
            log.warning("%s", exc)
            raise LorebookNotFound(f"{exc} The file was left in place.") from exc
        book = dataclasses.replace(book, id=lorebook_id)
        self._cache[lorebook_id] = (version, book)
        return book

    def get_many(self, lorebook_ids: Iterable[str]) -> builtins.list[Lorebook]:
        """The ones that can be read, in the given order (for the prompt: a missing book is logged, not fatal)."""
        books: builtins.list[Lorebook] = []
        seen: set[str] = set()
        for lorebook_id in lorebook_ids:
            if lorebook_id in seen:
                continue
            seen.add(lorebook_id)
            try:
                books.append(self.get(lorebook_id))
            except LorebookNotFound as exc:
                log.warning("Lorebook left out: %s", exc)
        return books

    def export(self, lorebook_id: str) -> bytes:
        """The World Info file for SillyTavern."""
        book = self.get(lorebook_id)
        return world_info_bytes(book)

    # -- writing

    def save(self, book: Lorebook) -> Lorebook:
        """Create or replace a lorebook; returns it with its (possibly new) id. Validated before writing."""
        if book.id and not _ID_RE.fullmatch(book.id):
            raise LorebookError(
                f"'{printable(book.id, 60)}' is not a valid lorebook id: use lowercase letters, digits, '-' and '_'."
            )
        if not book.id:
            book = dataclasses.replace(book, id=self._unique_id(book.name))
        data = world_info_bytes(book)
        path = self._path(book.id)
        atomic_write_bytes(path, data)
        self._cache.pop(book.id, None)
        log.info("Saved lorebook %s (%s, %d entries)", book.id, printable(book.name), len(book.entries))
        return self.get(book.id)

    def import_bytes(self, data: bytes, filename: str = "") -> Lorebook:
        """Parse and save one file under a new id; any failure is a LorebookError about this file alone."""
        book = parse_lorebook_bytes(data, filename)
        book = dataclasses.replace(book, id=self._unique_id(book.name))
        try:
            saved = self.save(book)
        except OSError as exc:
            where = f"'{printable(filename, 200)}'" if filename else "The lorebook"
            raise LorebookError(f"{where} could not be saved in {self.folder} ({exc.strerror or exc}).") from exc
        log.info("Imported lorebook %s from %s", saved.id, printable(filename, 200) or "bytes")
        return saved

    def import_file(self, path: Path) -> Lorebook:
        path = Path(path)
        try:
            if path.stat().st_size > MAX_LOREBOOK_BYTES:  # checked before reading
                raise _too_big(f"'{path.name}'")
            data = path.read_bytes()
        except OSError as exc:
            raise LorebookError(f"'{path}' could not be read ({exc.strerror or exc}).") from exc
        return self.import_bytes(data, path.name)

    def delete(self, lorebook_id: str) -> None:
        path = self._path(lorebook_id)
        if not path.is_file():
            raise LorebookNotFound(f"There is no lorebook with id '{lorebook_id}'.")
        path.unlink()
        self._cache.pop(lorebook_id, None)
        log.info("Deleted lorebook %s", lorebook_id)

    # -- helpers

    def _path(self, lorebook_id: str) -> Path:
        if not _ID_RE.fullmatch(lorebook_id or ""):  # also the guard against "../x"
            raise LorebookNotFound(f"'{printable(str(lorebook_id), 60)}' is not a valid lorebook id.")
        return self.folder / f"{lorebook_id}.json"

    def _unique_id(self, name: str) -> str:
        base = slugify(name)
        candidate, n = base, 1
        while (self.folder / f"{candidate}.json").exists():
            n += 1
            candidate = f"{base[:44]}-{n}"
        return candidate


def attached_lorebooks(store: LorebookStore, character_id: str, settings: Settings) -> builtins.list[Lorebook]:
    """The standalone lorebooks a character's replies use: its own attached ones, then the global ones.

    (The card's own book comes before these; `bot.prompt.build_prompt` adds it.)
    """
    return store.get_many([*settings.character_lorebooks.get(character_id, []), *settings.global_lorebooks])
