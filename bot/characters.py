"""Characters: the Character Card V2/V3 model, card import/export, and the store.

Cards follow the community specs so that a card exported from SillyTavern,
RisuAI or chub.ai imports unchanged, and a card exported from Familiar
opens in those tools:

- V2: https://github.com/malfoyslastname/character-card-spec-v2
- V3: https://github.com/kwaroran/character-card-spec-v3

On disk each character is `<id>.json` (a V3 card, so the user can hand it
straight to another tool) plus an optional `<id>.png` avatar.  File I/O is
synchronous and small; async callers wrap it in `asyncio.to_thread`.
"""

from __future__ import annotations

import base64
import binascii
import builtins
import hashlib
import io
import json
import logging
import re
import struct
import threading
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.atomic import atomic_write_bytes, json_bytes
from bot.strict_json import (
    TOO_DEEP,
    JsonProblem,
    describe_path,
    find_problem,
    parse_json_bytes,
    printable,
    replace_lone_surrogates,
)
from resources import resource_path

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

DEFAULT_CHARACTER_ID = "default"
SPEC_V2 = "chara_card_v2"
SPEC_V3 = "chara_card_v3"
CardVersion = Literal["v2", "v3"]

# Why a cap: a card is text plus one image; anything bigger is not a card
# and would only make the import hang.
MAX_CARD_BYTES = 50 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Ids are file names: lowercase ASCII only, so they are safe on every OS.
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

V2_FIELDS = (
    "name",
    "description",
    "personality",
    "scenario",
    "first_mes",
    "mes_example",
    "creator_notes",
    "system_prompt",
    "post_history_instructions",
    "alternate_greetings",
    "character_book",
    "tags",
    "creator",
    "character_version",
    "extensions",
)
V3_EXTRA_FIELDS = (
    "nickname",
    "creator_notes_multilingual",
    "source",
    "group_only_greetings",
    "assets",
    "creation_date",
    "modification_date",
)


class CardError(ValueError):
    """A card could not be imported; the message is a sentence for the user."""


class CharacterNotFound(KeyError):
    """No usable character with that id (missing, or its file is damaged)."""

    def __str__(self) -> str:  # KeyError would wrap the sentence in quotes
        return str(self.args[0]) if self.args else "Character not found."


class ReadOnlyCharacter(ValueError):
    """The built-in default character cannot be changed or deleted."""


class Character(BaseModel):
    """One character: every V2 and V3 card field, plus Familiar's `id`."""

    # No NaN/Infinity: JSON cannot hold them, so such a card could not be saved.
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)

    id: str = ""
    # Character Card V2
    name: str = Field(min_length=1)
    description: str = ""
    personality: str = ""
    scenario: str = ""
    first_mes: str = ""
    mes_example: str = ""
    creator_notes: str = ""
    system_prompt: str = ""
    post_history_instructions: str = ""
    alternate_greetings: list[str] = Field(default_factory=list)
    character_book: dict[str, Any] | None = None  # lorebook, kept verbatim
    tags: list[str] = Field(default_factory=list)
    creator: str = ""
    character_version: str = ""
    extensions: dict[str, Any] = Field(default_factory=dict)
    # Character Card V3 additions, kept so a round trip loses nothing
    nickname: str | None = None
    creator_notes_multilingual: dict[str, str] | None = None
    source: list[str] | None = None
    group_only_greetings: list[str] = Field(default_factory=list)
    assets: list[dict[str, Any]] | None = None
    creation_date: int | float | None = None
    modification_date: int | float | None = None


@dataclass(frozen=True)
class ParsedCard:
    character: Character
    avatar_png: bytes | None  # the card's own PNG when it came from one


# ---------------------------------------------------------------- import


def parse_card(data: bytes, filename: str = "") -> ParsedCard:
    """Read a V1/V2/V3 JSON card or a PNG card; raise `CardError` if it is not one.

    The returned character has an `id` proposed from its name; the store
    makes it unique. Whatever this returns can be saved: every malformed input
    (bad bytes, deep nesting, huge numbers, NaN, wrong types) is a CardError.
    """
    label = f"'{printable(filename, 200)}'" if filename else "The card"
    if len(data) > MAX_CARD_BYTES:
        raise _too_big(label)
    if data.startswith(_PNG_MAGIC):
        card, avatar = _card_from_png(data, label), data
    elif data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        card, avatar = _json_object(data, label), None
    else:
        raise CardError(f"{label} is not a character card: expected a PNG image or a JSON file.")
    character = _character_from_card(card, label)
    _card_bytes(character, label)  # proves it can be saved, or says which field cannot
    return ParsedCard(character.model_copy(update={"id": slugify(character.name)}), avatar)


def _too_big(label: str) -> CardError:
    return CardError(f"{label} is larger than {MAX_CARD_BYTES // (1024 * 1024)} MB, too big to be a character card.")


def _card_from_png(data: bytes, label: str) -> dict[str, Any]:
    chunks = _png_text(data, label)
    # V3 says readers prefer `ccv3`; `chara` is the V2 copy kept for old tools.
    keys = [k for k in ("ccv3", "chara") if k in chunks]
    if not keys:
        raise CardError(f"{label} is a PNG image but has no character card inside (no 'chara' or 'ccv3' text chunk).")
    try:
        return _decode_chunk(chunks[keys[0]], keys[0], label)
    except CardError as exc:
        if len(keys) == 1:
            raise
        # A broken V3 copy beside a good V2 one: the V2 card is still the character.
        log.warning("%s; using the 'chara' chunk instead", exc)
        try:
            return _decode_chunk(chunks["chara"], "chara", label)
        except CardError:
            raise exc from None


def _png_text(data: bytes, label: str) -> dict[str, str]:
    """All tEXt/zTXt/iTXt chunks, including those after the image data."""
    # Pillow is imported where it is used: the running bot never needs it (about 4 MB).
    from PIL import Image, PngImagePlugin

    try:
        image = Image.open(io.BytesIO(data), formats=["PNG"])
    except _pillow_errors() as exc:
        raise CardError(f"{label} is not a valid PNG image ({_pillow_reason(exc)}).") from exc
    with image:
        assert isinstance(image, PngImagePlugin.PngImageFile)
        try:
            text = dict(image.text)  # loads the image so chunks after the pixels are seen too
        except _pillow_errors() as exc:
            # Damaged pixels, but the card usually sits before them.
            log.warning("%s: image data unreadable (%s); using the text chunks before it", label, exc)
            text = {str(k): v for k, v in image.info.items() if isinstance(v, str)}
    return {str(k): str(v) for k, v in text.items()}


def _pillow_errors() -> tuple[type[Exception], ...]:
    """What Pillow raises for damaged images: OSError (UnidentifiedImageError too),
    SyntaxError (bad chunks, CRC), ValueError, DecompressionBombError, and from
    some decoders EOFError, struct.error or zlib.error."""
    from PIL import Image

    return (OSError, SyntaxError, ValueError, Image.DecompressionBombError, EOFError, struct.error, zlib.error)


def _pillow_reason(exc: Exception) -> str:
    from PIL import UnidentifiedImageError

    if isinstance(exc, UnidentifiedImageError):  # its message shows a BytesIO object's address
        return "the image data cannot be decoded"
    return printable(str(exc), 200) or type(exc).__name__


def _decode_chunk(value: str, key: str, label: str) -> dict[str, Any]:
    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CardError(f"{label} has a '{key}' chunk that is not valid base64 ({exc}).") from exc
    return _json_object(raw, label, where=f"the '{key}' chunk of ")


def _json_object(raw: bytes, label: str, where: str = "") -> dict[str, Any]:
    try:
        value = parse_json_bytes(raw)
    except JsonProblem as exc:
        at = f" (at '{exc.where}')" if exc.path else ""
        raise CardError(f"The JSON in {where}{label} {exc.reason}{at}.") from None
    if not isinstance(value, dict):
        raise CardError(f"The JSON in {where}{label} is a {type(value).__name__}, not a character card object.")
    return _without_lone_surrogates(value, label)


def _without_lone_surrogates(card: dict[str, Any], label: str) -> dict[str, Any]:
    """Lone surrogates become U+FFFD, as any UTF-8 reader would show them.

    Why not reject: JavaScript tools write them when they cut text in the middle
    of an emoji, and SillyTavern opens such cards; the half emoji is no loss.
    """
    fixed, count = replace_lone_surrogates(card)
    if count:
        log.warning("%s: replaced %d lone surrogate(s) (unpaired \\ud800-\\udfff escapes) with U+FFFD", label, count)
    assert isinstance(fixed, dict)
    return fixed


def _character_from_card(card: dict[str, Any], label: str) -> Character:
    spec = card.get("spec")
    if spec in (SPEC_V2, SPEC_V3):
        data = card.get("data")
        if not isinstance(data, dict):
            raise CardError(f"{label} says it is a {spec} card but has no 'data' object.")
    elif spec is None and isinstance(card.get("data"), dict):
        data = card["data"]  # V2 layout written by a tool that forgot `spec`
    elif spec is None and "name" in card:
        data = card  # V1: the fields sit at the top level
    elif spec is None:
        raise CardError(f"{label} is not a character card: it has no 'spec', 'data' or 'name'.")
    else:
        raise CardError(
            f"{label} has an unknown spec {printable(repr(spec), 60)}; expected '{SPEC_V2}' or '{SPEC_V3}'."
        )

    if "name" not in data or data["name"] is None:
        raise CardError(f"{label} has no character name (the 'name' field is missing).")
    if isinstance(data["name"], str) and not data["name"].strip():
        raise CardError(f"{label} has an empty character name.")
    # Many real cards write null for "not set"; treat it as the field's default.
    fields = {k: data[k] for k in (*V2_FIELDS, *V3_EXTRA_FIELDS) if k in data and data[k] is not None}
    try:
        return Character.model_validate(fields)
    except ValidationError as exc:
        raise CardError(f"{label} has invalid fields: {_describe(exc)}.") from exc


def _revalidated(character: Character, label: str) -> Character:
    """Check again: model_construct and attribute assignment skip the validators."""
    try:
        return Character.model_validate(character.model_dump())
    except ValidationError as exc:
        raise CardError(f"{label} is invalid: {_describe(exc)}.") from exc
    except (ValueError, RecursionError):  # pydantic's serializer on a value built in code, nested too deeply
        raise CardError(f"{label} {TOO_DEEP}.") from None


def _describe(exc: ValidationError) -> str:
    """Pydantic's errors as one short phrase per field."""
    phrases: list[str] = []
    for err in exc.errors():
        loc = err["loc"]
        if len(loc) > 1 and loc[-1] in ("int", "float"):
            loc = loc[:-1]  # `int | float` reports each member; the field is what the user needs
        got = type(err.get("input")).__name__
        phrase = f"'{describe_path(loc) or 'card'}' {err['msg'][:1].lower()}{err['msg'][1:]} (got {got})"
        if phrase not in phrases:
            phrases.append(phrase)
    more = len(phrases) - 3
    return "; ".join(phrases[:3]) + (f"; and {more} more" if more > 0 else "")


# ---------------------------------------------------------------- export


def card_json(character: Character, version: CardVersion = "v3") -> dict[str, Any]:
    """The card as the spec's JSON object (V2 drops the V3-only fields)."""
    data = character.model_dump(include=set(V2_FIELDS))
    if data["character_book"] is None:
        del data["character_book"]  # optional in both specs; null upsets some readers
    if version == "v2":
        return {"spec": SPEC_V2, "spec_version": "2.0", "data": data}
    extra = character.model_dump(include=set(V3_EXTRA_FIELDS), exclude_none=True)
    return {"spec": SPEC_V3, "spec_version": "3.0", "data": {**data, **extra}}


def card_png(character: Character, avatar_png: bytes | None = None, version: CardVersion = "v3") -> bytes:
    """A PNG card: the avatar (or a placeholder) with the card in text chunks.

    "v3" writes both `chara` (V2, for older tools) and `ccv3` (V3), as the V3
    spec recommends; "v2" writes only `chara`. Raises CardError for a
    character that JSON cannot hold.
    """
    # Pillow is imported where it is used: the running bot never needs it (about 4 MB).
    from PIL import PngImagePlugin

    _card_bytes(character, f"Character '{printable(character.name, 60)}'")
    info = PngImagePlugin.PngInfo()
    info.add_text("chara", _b64_json(card_json(character, "v2")))
    if version == "v3":
        info.add_text("ccv3", _b64_json(card_json(character, "v3")))
    image = _open_image(avatar_png) if avatar_png else placeholder_avatar(character.name)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)  # a fresh file: old card chunks are not copied
    return out.getvalue()


def placeholder_avatar(name: str, size: int = 256) -> Image.Image:
    """A plain disc whose colour comes from the name, so each character differs."""
    # Pillow is imported where it is used: the running bot never needs it (about 4 MB).
    from PIL import Image, ImageDraw

    digest = hashlib.sha256(name.encode("utf-8")).digest()
    colour = (64 + digest[0] % 160, 64 + digest[1] % 160, 64 + digest[2] % 160, 255)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((0, 0, size - 1, size - 1), fill=colour)
    return image


def _b64_json(value: dict[str, Any]) -> str:
    return base64.b64encode(json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")).decode("ascii")


def _card_bytes(character: Character, label: str) -> bytes:
    """The V3 card file's bytes, or a CardError naming the field JSON cannot hold."""
    try:
        payload = card_json(character, "v3")
    except (ValueError, RecursionError):  # pydantic's serializer on a value built in code, nested too deeply
        raise CardError(f"{label} {TOO_DEEP}.") from None
    problem = find_problem(payload)
    if problem is not None:
        field = describe_path(problem.path[1:]) or "card"  # path[0] is the card's "data"
        raise CardError(f"{label} has an invalid field: '{field}' {problem.reason}.")
    return json_bytes(payload)


def _open_image(data: bytes) -> Image.Image:
    # Pillow is imported where it is used: the running bot never needs it (about 4 MB).
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # PNG cannot store CMYK/YCbCr etc.; RGBA keeps any transparency.
            if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
                return image.convert("RGBA")
            return image.copy()
    except _pillow_errors() as exc:
        raise CardError(f"The avatar is not an image that can be read ({_pillow_reason(exc)}).") from exc


def _clean_png(data: bytes) -> bytes:
    """Re-encode an avatar as a plain PNG.

    Why: the JSON beside it is the truth; a stale card left inside the avatar
    would confuse other tools, and re-encoding also proves the image is valid.
    """
    out = io.BytesIO()
    _open_image(data).save(out, format="PNG")
    return out.getvalue()


def slugify(name: str) -> str:
    """A file-safe id proposed from a name ("Zoë the Cat!" -> "zoe-the-cat")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")
    return slug or "character"


# ---------------------------------------------------------------- store


class CharacterStore:
    """The user's characters in one folder, plus the read-only built-in default."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._default: Character | None = None
        # Parsed cards by file version: a reply reads its character every time, and the
        # same object back lets its lorebook keep its compiled form. Treat them as read-only.
        self._cache: dict[Path, tuple[tuple[int, int, int], Character]] = {}
        self._avatars: dict[Path, tuple[tuple[int, int, int], bytes]] = {}
        self._lock = threading.Lock()

    # -- reading

    def list(self) -> builtins.list[Character]:
        """Every readable character, sorted by name; damaged files are skipped."""
        found = [self.default()]
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.json")):
                character = self._load_or_warn(path)
                if character is not None:
                    found.append(character)
        return sorted(found, key=lambda c: (c.name.casefold(), c.id))

    def get(self, character_id: str) -> Character:
        if character_id == DEFAULT_CHARACTER_ID:
            return self.default()
        path = self._json_path(character_id, must_exist=True)
        character = self._load_or_warn(path)
        if character is None:
            raise CharacterNotFound(
                f"Character '{character_id}' could not be read from {path}; the file was left in place."
            )
        return character

    def default(self) -> Character:
        if self._default is None:
            path = resource_path("characters", "default.json")
            parsed = parse_card(path.read_bytes(), path.name)
            self._default = parsed.character.model_copy(update={"id": DEFAULT_CHARACTER_ID})
        return self._default

    def avatar_path(self, character_id: str) -> Path | None:
        if character_id == DEFAULT_CHARACTER_ID:
            path = resource_path("characters", "default.png")
        else:
            path = self._json_path(character_id).with_suffix(".png")
        return path if path.is_file() else None

    def avatar_bytes(self, character_id: str) -> bytes | None:
        """The avatar PNG, the same bytes object while the file is unchanged (webhooks hash it per reply)."""
        path = self.avatar_path(character_id)
        if path is None:
            return None
        info = path.stat()
        version = (info.st_mtime_ns, info.st_size, info.st_ino)
        with self._lock:
            cached = self._avatars.get(path)
        if cached is not None and cached[0] == version:
            return cached[1]
        data = path.read_bytes()
        with self._lock:
            self._avatars[path] = (version, data)
        return data

    # -- writing

    def save(self, character: Character, avatar_png: bytes | None = None) -> Character:
        """Create or replace a character; returns it with its (possibly new) id.

        `avatar_png=None` keeps the current avatar.  Everything is validated
        before the first byte is written.
        """
        if character.id == DEFAULT_CHARACTER_ID:
            raise ReadOnlyCharacter("The built-in default character cannot be changed; duplicate it and edit the copy.")
        label = f"Character '{printable(character.id or character.name, 60)}'"
        character = _revalidated(character, label)
        if character.id and not _ID_RE.fullmatch(character.id):
            raise CardError(
                f"'{printable(character.id, 60)}' is not a valid character id: "
                "use lowercase letters, digits, '-' and '_'."
            )
        if not character.id:
            character = character.model_copy(update={"id": self._unique_id(character.name)})
        path = self._json_path(character.id)
        avatar = _clean_png(avatar_png) if avatar_png is not None else None
        data = _card_bytes(character, label)
        self.folder.mkdir(parents=True, exist_ok=True)
        # Avatar first: the JSON is what makes a character exist, so a crash
        # in between leaves at worst an orphan image, never a half character.
        if avatar is not None:
            atomic_write_bytes(path.with_suffix(".png"), avatar)
        atomic_write_bytes(path, data)
        log.info("Saved character %s (%s)", character.id, character.name)
        return character

    def import_bytes(self, data: bytes, filename: str = "") -> Character:
        """Parse and save one card; any failure is a CardError about this card alone."""
        parsed = parse_card(data, filename)
        character = parsed.character.model_copy(update={"id": self._unique_id(parsed.character.name)})
        try:
            saved = self.save(character, parsed.avatar_png)  # validates the image before writing
        except OSError as exc:
            # So a batch import reports this card and goes on with the next one.
            where = f"'{printable(filename, 200)}'" if filename else "The card"
            raise CardError(f"{where} could not be saved in {self.folder} ({exc.strerror or exc}).") from exc
        log.info("Imported character %s from %s", saved.id, printable(filename, 200) or "bytes")
        return saved

    def import_file(self, path: Path) -> Character:
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > MAX_CARD_BYTES:  # checked before reading, so a huge file is never loaded
                raise _too_big(f"'{path.name}'")
            data = path.read_bytes()
        except OSError as exc:
            raise CardError(f"'{path}' could not be read ({exc.strerror or exc}).") from exc
        return self.import_bytes(data, path.name)

    def resolve(self, reference: str) -> ParsedCard:
        """A character named the way a server admin would: a card file's path, or a saved id or name.

        For `FAMILIAR_CHARACTER`. A card file is used as it is, not imported (nothing
        is written); its id is `file-<name>`, apart from every saved id. Raises
        CharacterNotFound or CardError with a sentence naming the reference.
        """
        reference = reference.strip()
        path = Path(reference).expanduser()
        if path.suffix.lower() in (".png", ".json") or path.is_file():
            if not path.is_file():
                raise CharacterNotFound(f"There is no card file at {path}.")
            try:
                if path.stat().st_size > MAX_CARD_BYTES:
                    raise _too_big(f"'{path.name}'")
                data = path.read_bytes()
            except OSError as exc:
                raise CardError(f"'{path}' could not be read ({exc.strerror or exc}).") from exc
            parsed = parse_card(data, path.name)
            character = parsed.character.model_copy(update={"id": f"file-{slugify(parsed.character.name)}"[:64]})
            return ParsedCard(character, parsed.avatar_png)
        wanted = reference.casefold()
        for character in self.list():
            if wanted in (character.id.casefold(), character.name.casefold()):
                return ParsedCard(character, self.avatar_bytes(character.id))
        raise CharacterNotFound(
            f"There is no saved character with the name or id '{reference}', and no card file there."
        )

    def duplicate(self, character_id: str) -> Character:
        """A user-owned copy; the way to customise the built-in default."""
        original = self.get(character_id)
        name = f"{original.name} (copy)"
        copy = original.model_copy(update={"id": self._unique_id(name), "name": name}, deep=True)
        return self.save(copy, self.avatar_bytes(character_id))

    def delete(self, character_id: str) -> None:
        if character_id == DEFAULT_CHARACTER_ID:
            raise ReadOnlyCharacter("The built-in default character cannot be deleted.")
        path = self._json_path(character_id, must_exist=True)
        path.unlink()  # JSON first: once it is gone the character is gone
        path.with_suffix(".png").unlink(missing_ok=True)
        log.info("Deleted character %s", character_id)

    # -- helpers

    def _json_path(self, character_id: str, must_exist: bool = False) -> Path:
        if not _ID_RE.fullmatch(character_id or ""):
            # Also the guard against path traversal ("../settings").
            raise CharacterNotFound(f"'{character_id}' is not a valid character id.")
        path = self.folder / f"{character_id}.json"
        if must_exist and not path.is_file():
            raise CharacterNotFound(f"There is no character with id '{character_id}'.")
        return path

    def _load_or_warn(self, path: Path) -> Character | None:
        character_id = path.stem
        if character_id == DEFAULT_CHARACTER_ID:
            log.warning("Ignoring %s: 'default' is the built-in character's id", path)
            return None
        if not _ID_RE.fullmatch(character_id):
            log.warning("Ignoring %s: the name is not a character id; import the card instead", path)
            return None
        try:
            info = path.stat()
            version = (info.st_mtime_ns, info.st_size, info.st_ino)
            with self._lock:
                cached = self._cache.get(path)
            if cached is not None and cached[0] == version:
                return cached[1]
            parsed = parse_card(path.read_bytes(), str(path))
        except (OSError, CardError) as exc:
            log.warning("Skipping damaged character file %s: %s", path, exc)
            return None
        character = parsed.character.model_copy(update={"id": character_id})
        with self._lock:
            self._cache[path] = (version, character)
        return character

    def _unique_id(self, name: str) -> str:
        base = slugify(name)
        candidate, n = base, 1
        while candidate == DEFAULT_CHARACTER_ID or self._taken(candidate):
            n += 1
            candidate = f"{base[:44]}-{n}"
        return candidate

    def _taken(self, character_id: str) -> bool:
        path = self.folder / f"{character_id}.json"
        return path.exists() or path.with_suffix(".png").exists()
