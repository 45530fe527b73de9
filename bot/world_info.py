"""Lorebooks as data: the entry model and its two file formats.

A card's `character_book` (Character Card V2/V3) and SillyTavern's World Info
JSON (an `entries` object keyed by uid) describe the same thing with other
field names. A card's book is converted to World Info field names first, the
way SillyTavern imports it, so one parser serves both, and a book can be
written back as either (`to_world_info`, `to_character_book`) losing nothing:
fields not interpreted, and entries that make no sense, are kept verbatim.

Parsing raises only `LorebookError`, with a sentence; a broken entry is kept
aside with a problem line, never fatal. Matching entries to a conversation is
`bot.lorebook`'s job.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, Final, Literal

from bot.strict_json import printable

if TYPE_CHECKING:
    from .lorebook import CompiledLorebook

log = logging.getLogger(__name__)

DEFAULT_ORDER: Final = 100
DEFAULT_DEPTH: Final = 4  # SillyTavern's DEFAULT_DEPTH for @D entries
DEFAULT_WEIGHT: Final = 100
AUTHORS_NOTE_DEPTH: Final = 4  # where SillyTavern's Author's Note sits by default
MAX_INSERT_DEPTH: Final = 10_000
MAX_LOGGED_PROBLEMS = 20


# SillyTavern's `parseRegexFromString`: /pattern/flags, with no unescaped "/" inside.
_REGEX_KEY = re.compile(r"/([\s\S]+?)/([gimsuy]*)")
_UNESCAPED_SLASH = re.compile(r"(?:^|[^\\])/")


def regex_parts(key: str) -> tuple[str, str] | None:
    """(pattern, flags) of a key written `/pattern/flags`, as SillyTavern reads regex keys; else None."""
    match = _REGEX_KEY.fullmatch(key)
    if match is None or _UNESCAPED_SLASH.search(match.group(1)):
        return None
    return match.group(1), match.group(2)


class LorebookError(ValueError):
    """A lorebook cannot be read; the message is a sentence for the user."""


class SelectiveLogic(IntEnum):
    """How `secondary_keys` combine with a primary match (SillyTavern's `selectiveLogic`)."""

    AND_ANY = 0
    NOT_ALL = 1
    NOT_ANY = 2
    AND_ALL = 3


class Position(IntEnum):
    """SillyTavern's `position` numbers."""

    BEFORE_CHAR = 0
    AFTER_CHAR = 1
    AN_TOP = 2
    AN_BOTTOM = 3
    AT_DEPTH = 4
    EM_TOP = 5
    EM_BOTTOM = 6
    OUTLET = 7


class Placement(StrEnum):
    """Where an activated entry goes in Familiar's prompt."""

    BEFORE_CHAR = "before_char"
    AFTER_CHAR = "after_char"
    BEFORE_EXAMPLES = "before_examples"
    AFTER_EXAMPLES = "after_examples"
    AT_DEPTH = "at_depth"
    OUTLET = "outlet"


Role = Literal["system", "user", "assistant"]
ROLES: Final[tuple[Role, ...]] = ("system", "user", "assistant")  # index = SillyTavern's role number
Reason = Literal["constant", "key", "secondary", "decorator"]


# ---------------------------------------------------------------- model


@dataclass(frozen=True)
class LoreEntry:
    """One entry, in SillyTavern's World Info terms (`order` is V2's `insertion_order`).

    `extra` holds every field this module does not interpret, and the raw
    value of any field whose type was wrong, so writing the entry back loses
    nothing. `slot` is the entry's key in the World Info `entries` object.
    """

    uid: int | str
    slot: str
    keys: tuple[str, ...] = ()
    secondary_keys: tuple[str, ...] = ()
    comment: str = ""
    content: str = ""
    constant: bool = False
    selective: bool = True
    selective_logic: SelectiveLogic = SelectiveLogic.AND_ANY
    order: int | float = DEFAULT_ORDER
    position: int = 0  # a Position, or an unknown number kept as it was
    depth: int = DEFAULT_DEPTH
    role: Role = "system"
    enabled: bool = True
    case_sensitive: bool | None = None  # None: the setting decides
    match_whole_words: bool | None = None
    scan_depth: int | None = None
    probability: int | float = 100
    use_probability: bool = True
    group: str = ""
    group_override: bool = False
    group_weight: int | float = DEFAULT_WEIGHT
    use_group_scoring: bool | None = None
    exclude_recursion: bool = False
    prevent_recursion: bool = False
    delay_until_recursion: int = 0  # 0: off; n: recursion level n
    ignore_budget: bool = False
    outlet_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """What a person calls this entry: its comment (memo), a V2 `name`, its first key, or its uid."""
        for candidate in (self.comment, self.extra.get("name"), *self.keys):
            if isinstance(candidate, str) and candidate.strip():
                return candidate.strip()
        return f"entry {self.uid}"


@dataclass(frozen=True)
class Lorebook:
    """A whole lorebook. Immutable: an edit makes a new object, which is a new version.

    That is why the compiled matchers live on the object (`compile_lorebook`):
    they are built once per version and dropped with it, with no content hash
    to compute on every reply (hashing a 2,000-entry book costs about 2 ms).

    `broken` keeps entries that make no sense (not an object, content not
    text) exactly as they were, so saving the book does not delete them.
    """

    name: str = ""
    entries: tuple[LoreEntry, ...] = ()
    description: str = ""
    scan_depth: int | None = None
    token_budget: int | None = None
    recursive_scanning: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    broken: tuple[tuple[str, Any], ...] = ()
    id: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)
    _compiled: dict[tuple[bool, bool], CompiledLorebook] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @classmethod
    def from_world_info(cls, doc: Any, *, name: str = "", id: str = "", label: str = "The lorebook") -> Lorebook:
        """Read a SillyTavern World Info object (`{"entries": {uid: entry}}`)."""
        return _book_from_world_info(doc, name=name, lorebook_id=id, label=label)

    @classmethod
    def from_character_book(cls, book: Any, *, name: str = "", label: str = "The card's lorebook") -> Lorebook:
        """Read a card's `character_book` (V2 or V3), converted as SillyTavern imports it."""
        problems: list[str] = []
        doc = _world_info_doc_from_book(book, label, problems)
        return _book_from_world_info(doc, name=name, lorebook_id="", label=label, problems=problems)

    def to_world_info(self) -> dict[str, Any]:
        """The SillyTavern World Info object (what `from_world_info` reads back equal)."""
        doc: dict[str, Any] = {}
        if self.name:
            doc["name"] = self.name
        if self.description:
            doc["description"] = self.description
        if self.scan_depth is not None:
            doc["scan_depth"] = self.scan_depth
        if self.token_budget is not None:
            doc["token_budget"] = self.token_budget
        if self.recursive_scanning is not None:
            doc["recursive_scanning"] = self.recursive_scanning
        doc.update(self.extra)
        entries: dict[str, Any] = {entry.slot: _entry_to_world_info(entry) for entry in self.entries}
        for slot, raw in self.broken:
            entries.setdefault(slot, raw)
        doc["entries"] = entries
        return doc

    def to_character_book(self) -> dict[str, Any]:
        """A card's `character_book` (V3 fields, SillyTavern's extensions), as SillyTavern exports one.

        Broken entries stay behind: a card is an export, and other tools would choke on them.
        """
        doc = self.to_world_info()
        book = {k: v for k, v in doc.items() if k not in ("entries", "originalData")}
        book.setdefault("extensions", {})
        book["entries"] = [_book_entry_from_world_info(_entry_to_world_info(entry)) for entry in self.entries]
        return book


def parse_lorebook(doc: Any, *, name: str = "", label: str = "The lorebook") -> Lorebook:
    """A lorebook from any accepted JSON object: World Info, a bare `character_book`, or V3 `lorebook_v3`.

    Raises LorebookError, with a sentence, for anything else (a character
    card, NovelAI or Agnai lorebooks, a document without entries).
    """
    if not isinstance(doc, dict):
        raise LorebookError(f"{label} is {_kind(doc)}, not a lorebook (a JSON object with 'entries').")
    spec = doc.get("spec")
    data = doc.get("data")
    if spec in ("chara_card_v2", "chara_card_v3") or (
        spec is None and "entries" not in doc and ("first_mes" in doc or (isinstance(data, dict) and "name" in data))
    ):
        raise LorebookError(
            f"{label} is a character card, not a lorebook; import it as a character (its lorebook comes with it)."
        )
    if spec == "lorebook_v3":
        if not isinstance(data, dict):
            raise LorebookError(f"{label} says it is a 'lorebook_v3' but has no 'data' object.")
        return Lorebook.from_character_book(data, name=name, label=label)
    if "lorebookVersion" in doc or doc.get("kind") == "memory" or doc.get("type") == "risu":
        raise LorebookError(
            f"{label} is a NovelAI, Agnai or RisuAI lorebook; import it into SillyTavern "
            "and export it from there as World Info."
        )
    entries = doc.get("entries")
    if isinstance(entries, list):
        return Lorebook.from_character_book(doc, name=name, label=label)
    if isinstance(entries, dict):
        return Lorebook.from_world_info(doc, name=name, label=label)
    raise LorebookError(
        f"{label} has no 'entries' object or list, so it is neither a World Info file nor a character_book."
    )


def world_info_from_character_book(book: Any, *, name: str = "") -> dict[str, Any]:
    """Export a card's lorebook as a World Info object SillyTavern can import."""
    return Lorebook.from_character_book(book, name=name).to_world_info()


def character_book_from_world_info(doc: Any, *, name: str = "") -> dict[str, Any]:
    """A World Info object as a card's `character_book` (what SillyTavern embeds when it exports a card)."""
    return Lorebook.from_world_info(doc, name=name).to_character_book()


_card_books: dict[int, tuple[object, Lorebook | None]] = {}


def card_lorebook(character_book: dict[str, Any] | None, *, name: str = "") -> Lorebook | None:
    """The card's book, parsed once per dict object (a new dict is a new card version).

    Returns None when there is none or it cannot be read (logged once).
    Identity, not content, is the cache key: hashing a big book on every
    reply would cost more than scanning it, so callers should keep the same
    Character object while its file is unchanged.
    """
    if not character_book:
        return None
    cached = _card_books.get(id(character_book))
    if cached is not None and cached[0] is character_book:
        return cached[1]
    try:
        book: Lorebook | None = Lorebook.from_character_book(
            character_book,
            name=name,
            label=f"The lorebook of '{printable(name, 60)}'" if name else "The card's lorebook",
        )
    except LorebookError as exc:
        log.warning("%s", exc)
        book = None
    if len(_card_books) >= 16:
        _card_books.pop(next(iter(_card_books)))
    _card_books[id(character_book)] = (character_book, book)
    return book


# ---------------------------------------------------------------- reading World Info

# World Info fields this module interprets; everything else is kept in `extra`.
_WI_FIELDS: Final = frozenset(
    {
        "uid", "key", "keysecondary", "comment", "content", "constant", "selective", "selectiveLogic",
        "order", "position", "disable", "excludeRecursion", "preventRecursion", "delayUntilRecursion",
        "probability", "useProbability", "depth", "group", "groupOverride", "groupWeight", "scanDepth",
        "caseSensitive", "matchWholeWords", "useGroupScoring", "role", "ignoreBudget", "outletName",
    }
)  # fmt: skip
_BOOK_FIELDS: Final = ("name", "description", "scan_depth", "token_budget", "recursive_scanning")
_POSITION_NAMES: Final = {"before_char": 0, "after_char": 1}


class _Fields:
    """Reads one object's fields, tolerating the ways real files get them wrong.

    A missing or null field takes its default. A field of the wrong type also
    takes its default, and its raw value goes to `extra`, which is written
    back as it is, so a save never destroys what it did not understand.
    """

    def __init__(self, raw: Mapping[str, Any], extra: dict[str, Any], problems: list[str], where: str) -> None:
        self.raw = raw
        self.extra = extra
        self.problems = problems
        self.where = where

    def _bad(self, name: str, value: Any, expected: str) -> None:
        self.extra[name] = value
        self.problems.append(f"{self.where}: '{printable(name, 40)}' should be {expected}, not {_kind(value)}; ignored")

    def text(self, name: str) -> str:
        value = self.raw.get(name)
        if value is None or isinstance(value, str):
            return value or ""
        self._bad(name, value, "text")
        return ""

    def flag(self, name: str, default: bool) -> bool:
        value = self.optional_flag(name)
        return default if value is None else value

    def optional_flag(self, name: str) -> bool | None:
        value = self.raw.get(name)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        self._bad(name, value, "true or false")
        return None

    def number(self, name: str, default: int | float) -> int | float:
        value = self.raw.get(name)
        if value is None:
            return default
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return value
        self._bad(name, value, "a number")
        return default

    def integer(self, name: str, default: int) -> int:
        value = self.optional_integer(name)
        return default if value is None else value

    def optional_integer(self, name: str) -> int | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer() and value >= 0:
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self._bad(name, value, "a whole number of 0 or more")
        return None

    def keys(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            return ()
        if isinstance(value, str):  # some tools write "a, b"; a /regex/ may hold commas
            parts = [value] if regex_parts(value.strip()) else value.split(",")
            return tuple(part for part in parts if part.strip())
        if isinstance(value, list):
            keys = tuple(item for item in value if isinstance(item, str))
            if len(keys) != len(value):
                self.extra[name] = value
                self.problems.append(
                    f"{self.where}: '{printable(name, 40)}' holds {len(value) - len(keys)} item(s) that are not text; "
                    "they are ignored"
                )
            return keys
        self._bad(name, value, "a list of text")
        return ()


def _kind(value: Any) -> str:
    """A short name for a JSON value's type, for messages (never the value: it may be long)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _book_from_world_info(
    doc: Any, *, name: str, lorebook_id: str, label: str, problems: list[str] | None = None
) -> Lorebook:
    problems = [] if problems is None else problems
    if not isinstance(doc, Mapping):
        raise LorebookError(f"{label} is {_kind(doc)}, not a World Info object.")
    raw_entries = doc.get("entries")
    if not isinstance(raw_entries, dict):
        raise LorebookError(f"{label} has no 'entries' object, so it is not a World Info file.")
    extra = {k: v for k, v in doc.items() if k != "entries" and k not in _BOOK_FIELDS}
    fields = _Fields(doc, extra, problems, label)
    own_name = doc.get("name")
    if own_name is not None and not isinstance(own_name, str):
        # Not kept: the book is saved under the name it is shown with (the file's).
        problems.append(f"{label}: its 'name' is {_kind(own_name)}, not text; using the file's name")
    own_name = own_name if isinstance(own_name, str) else ""
    description = fields.text("description")
    scan_depth = fields.optional_integer("scan_depth")
    token_budget = fields.optional_integer("token_budget")
    recursive = fields.optional_flag("recursive_scanning")
    entries: list[LoreEntry] = []
    broken: list[tuple[str, Any]] = []
    for slot, raw in raw_entries.items():
        entry = _entry_from_world_info(str(slot), raw, label, problems)
        if entry is None:
            broken.append((str(slot), raw))
        else:
            entries.append(entry)
    for problem in problems[:MAX_LOGGED_PROBLEMS]:
        log.warning("%s", problem)
    if len(problems) > MAX_LOGGED_PROBLEMS:
        log.warning("%s: %d more problems not shown", label, len(problems) - MAX_LOGGED_PROBLEMS)
    return Lorebook(
        name=own_name or name,
        entries=tuple(entries),
        description=description,
        scan_depth=scan_depth,
        token_budget=token_budget,
        recursive_scanning=recursive,
        extra=extra,
        broken=tuple(broken),
        id=lorebook_id,
        problems=tuple(problems),
    )


def _entry_from_world_info(slot: str, raw: Any, label: str, problems: list[str]) -> LoreEntry | None:
    where = f"{label}, entry {printable(slot, 30)}"
    if not isinstance(raw, dict):
        problems.append(f"{where} is {_kind(raw)}, not an entry object; skipped (kept in the file)")
        return None
    content = raw.get("content")
    if content is not None and not isinstance(content, str):
        problems.append(f"{where} has content that is {_kind(content)}, not text; skipped (kept in the file)")
        return None
    comment = raw.get("comment")
    if isinstance(comment, str) and comment.strip():
        where = f"{where} ('{printable(comment.strip(), 40)}')"
    extra = {k: v for k, v in raw.items() if k not in _WI_FIELDS}
    f = _Fields(raw, extra, problems, where)
    uid = raw.get("uid")
    if isinstance(uid, bool) or not isinstance(uid, int | str):
        if uid is not None:
            f._bad("uid", uid, "a number or text")
        uid = int(slot) if slot.isdecimal() and len(slot) < 20 else slot
    return LoreEntry(
        uid=uid,
        slot=slot,
        keys=f.keys("key"),
        secondary_keys=f.keys("keysecondary"),
        comment=f.text("comment"),
        content=content or "",
        constant=f.flag("constant", False),
        selective=f.flag("selective", True),
        selective_logic=_selective_logic(f),
        order=f.number("order", DEFAULT_ORDER),
        position=_position(f),
        depth=f.integer("depth", DEFAULT_DEPTH),
        role=_role(f),
        enabled=not f.flag("disable", False),
        case_sensitive=f.optional_flag("caseSensitive"),
        match_whole_words=f.optional_flag("matchWholeWords"),
        scan_depth=f.optional_integer("scanDepth"),
        probability=f.number("probability", 100),
        use_probability=f.flag("useProbability", True),
        group=f.text("group"),
        group_override=f.flag("groupOverride", False),
        group_weight=f.number("groupWeight", DEFAULT_WEIGHT),
        use_group_scoring=f.optional_flag("useGroupScoring"),
        exclude_recursion=f.flag("excludeRecursion", False),
        prevent_recursion=f.flag("preventRecursion", False),
        delay_until_recursion=_delay_level(f),
        ignore_budget=f.flag("ignoreBudget", False),
        outlet_name=f.text("outletName"),
        extra=extra,
    )


def _selective_logic(f: _Fields) -> SelectiveLogic:
    value = f.raw.get("selectiveLogic")
    if value is None:
        return SelectiveLogic.AND_ANY
    if isinstance(value, int) and not isinstance(value, bool) and value in SelectiveLogic._value2member_map_:
        return SelectiveLogic(value)
    if isinstance(value, str):  # some V3 writers spell it out ("AND ANY", "not_all")
        name = re.sub(r"[\s-]+", "_", value.strip()).upper()
        if name in SelectiveLogic.__members__:
            return SelectiveLogic[name]
    f._bad("selectiveLogic", value, "0-3 (AND ANY, NOT ALL, NOT ANY, AND ALL)")
    return SelectiveLogic.AND_ANY


def _position(f: _Fields) -> int:
    value = f.raw.get("position")
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # an unknown number is kept; compile_lorebook reports it
    if isinstance(value, str) and value in _POSITION_NAMES:
        return _POSITION_NAMES[value]
    f._bad("position", value, "a position number")
    return 0


def _role(f: _Fields) -> Role:
    value = f.raw.get("role")
    if value is None:
        return "system"
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(ROLES):
        return ROLES[value]
    if isinstance(value, str) and value.strip().lower() in ROLES:
        return ROLES[ROLES.index(value.strip().lower())]  # type: ignore[arg-type]
    f._bad("role", value, "0, 1 or 2 (system, user, assistant)")
    return "system"


def _delay_level(f: _Fields) -> int:
    value = f.raw.get("delayUntilRecursion")
    if isinstance(value, bool):  # SillyTavern writes true for level 1
        return int(value)
    return f.integer("delayUntilRecursion", 0)


def _entry_to_world_info(entry: LoreEntry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "uid": entry.uid,
        "key": list(entry.keys),
        "keysecondary": list(entry.secondary_keys),
        "comment": entry.comment,
        "content": entry.content,
        "constant": entry.constant,
        "selective": entry.selective,
        "selectiveLogic": int(entry.selective_logic),
        "order": entry.order,
        "position": int(entry.position),
        "disable": not entry.enabled,
        "excludeRecursion": entry.exclude_recursion,
        "preventRecursion": entry.prevent_recursion,
        "delayUntilRecursion": entry.delay_until_recursion,
        "probability": entry.probability,
        "useProbability": entry.use_probability,
        "depth": entry.depth,
        "group": entry.group,
        "groupOverride": entry.group_override,
        "groupWeight": entry.group_weight,
        "scanDepth": entry.scan_depth,
        "caseSensitive": entry.case_sensitive,
        "matchWholeWords": entry.match_whole_words,
        "useGroupScoring": entry.use_group_scoring,
        "role": ROLES.index(entry.role),
    }
    if entry.ignore_budget:
        out["ignoreBudget"] = True
    if entry.outlet_name:
        out["outletName"] = entry.outlet_name
    out.update(entry.extra)  # raw values of fields that did not parse win: nothing is lost
    return out


# ---------------------------------------------------------------- character_book <-> World Info

# A card entry's `extensions` key -> the World Info field, as SillyTavern maps them
# (`convertCharacterBook` in world-info.js and `convertWorldInfoToCharacterBook` in
# src/endpoints/characters.js).
_EXTENSION_FIELDS: Final = {
    "position": "position",
    "exclude_recursion": "excludeRecursion",
    "prevent_recursion": "preventRecursion",
    "delay_until_recursion": "delayUntilRecursion",
    "display_index": "displayIndex",
    "probability": "probability",
    "useProbability": "useProbability",
    "depth": "depth",
    "selectiveLogic": "selectiveLogic",
    "group": "group",
    "group_override": "groupOverride",
    "group_weight": "groupWeight",
    "scan_depth": "scanDepth",
    "case_sensitive": "caseSensitive",
    "match_whole_words": "matchWholeWords",
    "use_group_scoring": "useGroupScoring",
    "automation_id": "automationId",
    "role": "role",
    "vectorized": "vectorized",
    "sticky": "sticky",
    "cooldown": "cooldown",
    "delay": "delay",
    "ignore_budget": "ignoreBudget",
    "outlet_name": "outletName",
    "triggers": "triggers",
    "character_filter": "characterFilter",
    "match_persona_description": "matchPersonaDescription",
    "match_character_description": "matchCharacterDescription",
    "match_character_personality": "matchCharacterPersonality",
    "match_character_depth_prompt": "matchCharacterDepthPrompt",
    "match_scenario": "matchScenario",
    "match_creator_notes": "matchCreatorNotes",
}
_WI_TO_EXTENSION: Final = {wi: ext for ext, wi in _EXTENSION_FIELDS.items()}
# Card entry fields that World Info names differently or derives.
_BOOK_ENTRY_FIELDS: Final = frozenset(
    {"id", "keys", "secondary_keys", "comment", "content", "constant", "selective", "insertion_order",
     "enabled", "position", "case_sensitive", "extensions"}
)  # fmt: skip
# Card entry fields with no World Info twin: kept at the entry's top level both ways.
_BOOK_ONLY_FIELDS: Final = frozenset({"name", "priority", "use_regex"})


def _world_info_doc_from_book(book: Any, label: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(book, Mapping):
        raise LorebookError(f"{label} is {_kind(book)}, not a character_book object.")
    raw_entries = book.get("entries")
    if raw_entries is None:
        raw_entries = []
    if not isinstance(raw_entries, list):
        raise LorebookError(f"{label} has 'entries' that is {_kind(raw_entries)}, not a list.")
    doc: dict[str, Any] = {k: v for k, v in book.items() if k != "entries"}
    entries: dict[str, Any] = {}
    taken = {str(e.get("id")) for e in raw_entries if isinstance(e, dict) and _is_uid(e.get("id"))}
    free = 0
    for index, raw in enumerate(raw_entries):
        if not isinstance(raw, dict):
            problems.append(f"{label}, entry {index} is {_kind(raw)}, not an entry object; skipped")
            continue
        given = raw.get("id")
        uid: int | str
        if isinstance(given, int | str) and _is_uid(given) and str(given) not in entries:
            uid = given
        elif given is None and str(index) not in taken and str(index) not in entries:
            uid = index  # SillyTavern's choice for an entry without an id
        else:  # a duplicate id would overwrite an entry: the next free number instead
            while str(free) in taken or str(free) in entries:
                free += 1
            uid = free
        entries[str(uid)] = _world_info_entry_from_book(raw, uid)
    doc["entries"] = entries
    return doc


def _is_uid(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63)


def _world_info_entry_from_book(raw: Mapping[str, Any], uid: int | str) -> dict[str, Any]:
    ext = raw.get("extensions")
    wi: dict[str, Any] = {"uid": uid}
    if not isinstance(ext, dict):
        if ext is not None:
            wi["extensions"] = ext  # not ours to understand, but not ours to lose
        ext = {}
    for source, target in (
        ("keys", "key"),
        ("secondary_keys", "keysecondary"),
        ("comment", "comment"),
        ("content", "content"),
        ("constant", "constant"),
        ("insertion_order", "order"),
    ):
        if source in raw:
            wi[target] = raw[source]
    wi["selective"] = raw.get("selective", False)  # V2: secondary keys are ignored unless selective
    enabled = raw.get("enabled")
    # SillyTavern reads a missing `enabled` as disabled; the spec requires the field, so
    # a missing one is an editor's omission, and the entry the author wrote stays on.
    wi["disable"] = (not enabled) if isinstance(enabled, bool) else False
    position = ext.get("position")
    if isinstance(position, bool) or not isinstance(position, int) or position not in Position._value2member_map_:
        position = Position.BEFORE_CHAR if raw.get("position") == "before_char" else Position.AFTER_CHAR
    wi["position"] = position
    for ext_name, wi_name in _EXTENSION_FIELDS.items():
        if ext_name in ext and ext_name != "position":  # null means "unset" on both sides
            wi[wi_name] = ext[ext_name]
    if "selectiveLogic" not in wi:  # V3 writers that spell it the spec's way
        for spelling in (ext.get("selective_logic"), raw.get("selective_logic")):
            if spelling is not None:
                wi["selectiveLogic"] = spelling
                break
    if isinstance(raw.get("case_sensitive"), bool):  # the spec's own field wins over the extension
        wi["caseSensitive"] = raw["case_sensitive"]
    for name, value in ext.items():  # unknown extensions: kept, under their own name
        if name not in _EXTENSION_FIELDS and name != "selective_logic" and name not in wi and name not in _WI_FIELDS:
            wi[name] = value
    for name, value in raw.items():
        if name not in _BOOK_ENTRY_FIELDS and name != "selective_logic" and name not in wi and name not in _WI_FIELDS:
            wi[name] = value
    if wi.get("use_regex") == _has_regex_key(wi.get("key")):
        del wi["use_regex"]  # says nothing the keys do not: World Info has no such field
    return wi


def _has_regex_key(keys: Any) -> bool:
    return isinstance(keys, list) and any(isinstance(k, str) and regex_parts(k.strip()) for k in keys)


def _book_entry_from_world_info(wi: Mapping[str, Any]) -> dict[str, Any]:
    keys = wi.get("key", [])
    position = wi.get("position", Position.BEFORE_CHAR)
    entry: dict[str, Any] = {
        "id": wi.get("uid"),
        "keys": keys,
        "secondary_keys": wi.get("keysecondary", []),
        "comment": wi.get("comment", ""),
        "content": wi.get("content", ""),
        "constant": wi.get("constant", False),
        "selective": wi.get("selective", True),
        "insertion_order": wi.get("order", DEFAULT_ORDER),
        "enabled": not wi.get("disable", False),
        "position": "before_char" if position == Position.BEFORE_CHAR else "after_char",
        # V3 makes use_regex required. SillyTavern writes true everywhere; RisuAI then
        # treats bare keys as patterns, so it is true only when a key is a /regex/.
        "use_regex": _has_regex_key(keys),
    }
    if isinstance(wi.get("caseSensitive"), bool):
        entry["case_sensitive"] = wi["caseSensitive"]
    ext: dict[str, Any] = {}
    for name, value in wi.items():
        if name in _WI_TO_EXTENSION:
            ext[_WI_TO_EXTENSION[name]] = value
        elif name in _BOOK_ONLY_FIELDS:
            entry[name] = value
        elif name not in _WI_FIELDS:
            ext.setdefault(name, value)
    entry["extensions"] = ext
    return entry
