"""World Info (lorebooks): which entries the recent conversation activates, and where they go.

A lorebook is a list of entries, each a piece of text (`content`) with trigger
keys. Before every reply the recent messages are scanned; entries whose keys
appear are put into the prompt. Two sources share one model here: a card's
`character_book` (Character Card V2/V3) and SillyTavern's World Info JSON
(an `entries` object keyed by uid). A card's book is converted to World Info
field names first, the way SillyTavern imports it, so one parser and one
engine serve both.

Behaviour follows SillyTavern's World Info (the reference the card specs
defer to; docs.sillytavern.app/usage/worldinfo, `public/scripts/world-info.js`)
and the V2/V3 specs where SillyTavern is silent:

- Keys match anywhere in the scanned text, case-insensitively, as whole
  words. A key written `/pattern/flags` is a regular expression (SillyTavern
  writes every regex key that way, and writes `use_regex: true` on every
  entry, so a bare key is always plain text). Keys may hold macros
  (`{{char}}`); they go through `render`.
- Whole words: a key must not be glued to a letter or digit on a side where
  the key itself starts or ends with one. So "king" misses "liking" and
  "kings"; "C++" is found in "C++11" (it ends with "+": nothing is required
  after it) but not in "ABC++"; "#tag" is found in "a#tag" but not "#tags".
  Letters are Unicode letters: "caf" misses "café", which SillyTavern's
  ASCII-only `\\W` would match. Scripts written without spaces (Chinese,
  Japanese, Thai, ... and Korean, whose particles attach to words) never
  need a boundary. Unlike SillyTavern, a key with spaces is whole-word too
  ("dragon king" misses "dragon kingdom"), with any run of spaces between.
- `secondary_keys` count only when `selective` is on, with SillyTavern's
  logic (AND ANY, NOT ALL, NOT ANY, AND ALL). `constant` entries need no key;
  disabled entries never fire.
- The scan covers the last `scan_depth` messages (entry's own, else its
  book's, else the setting; SillyTavern's default is 2, ours 4: a Discord
  channel has several speakers). Each message is prefixed by "\\x01" as in
  SillyTavern's buffer, so its documented per-speaker regexes work; messages
  are scanned one by one, so only a /regex/ spanning two messages differs.
- Budget: entries are taken constants first (SillyTavern's documentation),
  then book by book, the card's book first (SillyTavern's default "character
  lore first"; the V2 spec: the character book takes precedence), higher
  `order` first within a book. The first entry that does not fit ends the
  budget: it and every later one are dropped (and listed as dropped), as
  SillyTavern does. Default budget: 25% of the context.
- Recursion (on by default, as in SillyTavern's default settings): inserted
  entries' text is scanned again and can activate more entries, until a pass
  adds nothing, the budget is spent, or `max_recursion_steps` passes ran.
  Every entry fires at most once, so this always ends. Entries flagged
  `excludeRecursion` (or in a book with `recursive_scanning: false`) are not
  activated by other entries; `preventRecursion` entries do not activate
  others; `delayUntilRecursion` entries wait for a recursion pass.
- Inclusion groups, probability, group scoring and `@@activate` /
  `@@dont_activate` work as in SillyTavern; the V3 decorators `@@depth`,
  `@@role`, `@@scan_depth` and `@@position before_desc|after_desc` are
  honoured too, and every decorator line is removed from the content.
- Positions: before/after the character definition; before/after the example
  messages; at a depth in the chat with a role; an outlet (`{{outlet::name}}`).
  Familiar has no Author's Note, so "top/bottom of Author's Note" entries go
  where SillyTavern's note sits by default: a system message at depth 4.
- Output order within a place: lower `order` first (closest to the chat last).

Not supported (kept in the data, so a round trip loses nothing): sticky,
cooldown and delay timers, character filters, generation-type triggers,
vectors, min activations, and the extra matching sources (persona, card text).

Speed: keys are compiled once per Lorebook object (see `CompiledLorebook`),
and which keys a text holds is remembered per compiled book, so a reply
only scans what it has not seen: its new message(s) and the contents of
newly activated entries.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from bot.strict_json import printable

from .world_info import (
    AUTHORS_NOTE_DEPTH,
    MAX_INSERT_DEPTH,
    MAX_LOGGED_PROBLEMS,
    ROLES,
    Lorebook,
    LoreEntry,
    Placement,
    Position,
    Reason,
    Role,
    SelectiveLogic,
    regex_parts,
)

log = logging.getLogger(__name__)

DEFAULT_SCAN_DEPTH: Final = 4
DEFAULT_BUDGET_PERCENT: Final = 25.0
MAX_SCAN_DEPTH: Final = 1000  # SillyTavern's MAX_SCAN_DEPTH
_FEW_SUBSTRING_KEYS = 48  # above this, substring keys are found through a bigram index
_MEMO_SIZE = 1024  # messages whose keys a compiled book remembers, plus two texts per entry


# ---------------------------------------------------------------- compiling

# Scripts written without spaces between words (and Korean, whose particles attach
# to nouns): their letters never need a word boundary. Everything else that is \w does.
_NO_SPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1100-\u11ff\u2e80-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_WORD = f"[^\\W{_NO_SPACE}]"
_WORD_CHAR = re.compile(_WORD)
_TOKENS = re.compile(f"{_WORD}+")
_SPACES = re.compile(r"\s+")
_DECORATOR_NAMES: Final = frozenset({"activate", "dont_activate", "depth", "role", "scan_depth", "position"})

_TOKEN, _WORDS, _SUBSTRING, _REGEX, _DYNAMIC, _NEVER = range(6)


def _python_regex(pattern: str, flags: str) -> re.Pattern[str]:
    """A JavaScript regex as Python's `re` reads it (the common differences only).

    Raises re.error (or OverflowError, RecursionError) for a pattern `re` cannot compile.
    """
    pattern = re.sub(r"\(\?<(?![=!])", "(?P<", pattern)  # named groups
    pattern = re.sub(r"\\k<(\w+)>", r"(?P=\1)", pattern)
    pattern = pattern.replace("[^]", r"[\s\S]")
    pattern = re.sub(r"\\u\{([0-9a-fA-F]{1,6})\}", lambda m: f"\\U{int(m.group(1), 16):08x}", pattern)
    bits = 0
    for flag, bit in (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL)):
        if flag in flags:
            bits |= bit
    return re.compile(pattern, bits)


def _needles(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], bool] | None:
    """Literal strings one of which every match of `pattern` contains, and whether to compare them caseless.

    Lets a /regex/ key skip a text with one `in` test instead of a search:
    most lorebook regexes hold a plain word. Read from `re`'s own parser, an
    internal module (Python 3.11-3.13 name it `re._parser`); if that ever
    changes, the except below just leaves every regex without a prefilter.
    Only ASCII needles are used caseless: with IGNORECASE `re` also matches
    "ı" for "i" and "ſ" for "s", which `casefold()` plus one replace covers.
    """
    try:
        sre = importlib.import_module("re._constants")
        sre_parse = importlib.import_module("re._parser")
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        caseless = bool(parsed.state.flags & sre.SRE_FLAG_IGNORECASE)
        repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}

        def within(items: Any) -> list[str] | None:
            best: list[str] | None = None

            def consider(found: list[str] | None) -> None:
                nonlocal best
                if found and min(map(len, found)) >= 2 and (best is None or min(map(len, found)) > min(map(len, best))):
                    best = found

            run: list[str] = []
            for op, av in items:
                if op is sre.LITERAL:
                    run.append(chr(av))
                    continue
                consider(["".join(run)] if run else None)
                run = []
                if op is sre.SUBPATTERN and not av[1] and not av[2]:  # a group without local flags
                    consider(within(av[3]))
                elif op is sre.BRANCH:
                    options = [within(branch) for branch in av[1]]
                    if all(options):
                        consider([needle for option in options for needle in option])  # type: ignore[union-attr]
                elif op in repeats and av[0] >= 1:
                    consider(within(av[2]))
            consider(["".join(run)] if run else None)
            return best

        needles = within(parsed)
    except Exception:  # noqa: BLE001 - an internal parser: any surprise means "no prefilter"
        return None
    if not needles:
        return None
    if caseless:
        if not all(n.isascii() for n in needles):
            return None
        needles = [n.lower() for n in needles]
    return tuple(dict.fromkeys(needles)), caseless


def _caseless(text: str) -> str:
    """Text to search caseless ASCII needles in (see `_needles`)."""
    return text.casefold().replace("ı", "i")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text) if not unicodedata.is_normalized("NFC", text) else text


class _Key:
    """One distinct key as matched: how (kind), on which text (case), with what."""

    __slots__ = ("_pattern", "anchor", "kind", "needles", "raw", "sensitive", "text", "whole")

    def __init__(self, raw: str, kind: int, sensitive: bool, whole: bool, text: str, anchor: str = "") -> None:
        self.raw = raw
        self.kind = kind
        self.sensitive = sensitive
        self.whole = whole
        self.text = text  # lowered unless case-sensitive
        self.anchor = anchor  # the longest word of the key: it must be a word of the text
        self.needles: tuple[tuple[str, ...], bool] | None = None  # regex keys: see _needles
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """A regex key's pattern; for a several-word key, its words with any spaces between them.

        The word boundaries are not in the pattern: a class of every letter
        of every script makes `re.compile` take about 2 ms, per key. They are
        checked around each occurrence with one shared regex (`words_in`).
        Occurrences are found overlapping, so none hides a valid one.
        """
        if self._pattern is None:
            body = r"\s+".join(re.escape(part) for part in _SPACES.split(self.text))
            self._pattern = re.compile(f"(?=({body}))")
        return self._pattern

    def words_in(self, text: str) -> bool:
        """Whether a plain key occurs in `text` (already folded) with whole-word boundaries."""
        left = _WORD_CHAR.match(self.text, 0) is not None
        right = _WORD_CHAR.match(self.text, len(self.text) - 1) is not None
        for match in self.pattern.finditer(text):
            start, end = match.span(1)
            if left and start > 0 and _WORD_CHAR.match(text, start - 1):
                continue
            if right and end < len(text) and _WORD_CHAR.match(text, end):
                continue
            return True
        return False

    def found_in(self, segment: _Segment) -> bool:
        """The slow path, for keys checked one by one (dynamic keys, verification)."""
        if self.kind == _REGEX:
            return segment.may_match(self) and self.pattern.search(segment.text) is not None
        text = segment.folded(self.sensitive)
        if self.kind == _TOKEN:
            return self.text in segment.tokens(self.sensitive)
        if self.kind == _WORDS:
            return self.words_in(text)
        if self.kind == _SUBSTRING:
            return self.text in text
        return False


def _classify(raw: str, sensitive: bool, whole: bool) -> _Key:
    """How to find one (rendered, stripped) key. Regex keys raise re.error when invalid."""
    parts = regex_parts(raw)
    if parts is not None:
        key = _Key(raw, _REGEX, True, False, raw)
        key._pattern = _python_regex(*parts)
        key.needles = _needles(key._pattern)
        return key
    text = _fold(raw) if sensitive else _fold(raw).lower()
    if whole:
        words = _TOKENS.findall(text)
        if len(words) == 1 and words[0] == text:
            return _Key(raw, _TOKEN, sensitive, whole, text, text)
        if words:
            return _Key(raw, _WORDS, sensitive, whole, text, max(words, key=len))
    return _Key(raw, _SUBSTRING, sensitive, whole, text)


@functools.lru_cache(maxsize=2048)
def _rendered_key(raw: str, sensitive: bool, whole: bool) -> _Key:
    """A key with macros, after rendering: cached, since most render the same every reply."""
    try:
        return _classify(raw, sensitive, whole)
    except (re.error, OverflowError, RecursionError, ValueError):
        return _Key(raw, _NEVER, sensitive, whole, raw)


class _Segment:
    """One text to scan (a window of messages, or recursed entry text), with lazily derived forms."""

    __slots__ = ("_bigrams", "_caseless", "_lower", "_tokens", "text")

    def __init__(self, text: str) -> None:
        self.text = _fold(text)
        self._lower: str | None = None
        self._caseless: str | None = None
        self._tokens: list[set[str] | None] = [None, None]
        self._bigrams: list[set[str] | None] = [None, None]

    def folded(self, sensitive: bool) -> str:
        if sensitive:
            return self.text
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    def may_match(self, key: _Key) -> bool:
        """False when a regex key cannot match: none of its needles is here."""
        if key.needles is None:
            return True
        needles, caseless = key.needles
        if caseless:
            if self._caseless is None:
                self._caseless = _caseless(self.text)
            text = self._caseless
        else:
            text = self.text
        return any(needle in text for needle in needles)

    def tokens(self, sensitive: bool) -> set[str]:
        found = self._tokens[sensitive]
        if found is None:
            found = self._tokens[sensitive] = set(_TOKENS.findall(self.folded(sensitive)))
        return found

    def bigrams(self, sensitive: bool) -> set[str]:
        found = self._bigrams[sensitive]
        if found is None:
            text = self.folded(sensitive)
            found = self._bigrams[sensitive] = {text[i : i + 2] for i in range(len(text) - 1)}
        return found


@dataclass(slots=True)
class _Rule:
    """An entry ready to evaluate: keys as ids, decorators applied, values clamped."""

    index: int
    entry: LoreEntry
    label: str
    content: str
    primary: tuple[int, ...]
    secondary: tuple[int, ...]
    logic: SelectiveLogic
    always: Reason | None  # "constant" or "decorator": fires without keys
    placement: Placement
    depth: int | None
    role: Role | None
    section: int  # order of kinds sharing a depth: top of the note, @D entries, bottom of the note
    outlet: str
    scan_depth: int | None  # None: the setting
    order: int | float
    probability: float
    use_probability: bool
    groups: tuple[str, ...]
    group_override: bool
    group_weight: float
    group_scoring: bool | None
    no_recursion: bool
    prevent_recursion: bool
    delay_level: int
    ignore_budget: bool


class CompiledLorebook:
    """A lorebook's key matchers and rules, built once per Lorebook object (see `compile_lorebook`).

    Finding keys costs about the number of distinct words in the scanned text,
    not the number of keys: single-word keys sit in a dict keyed by the word,
    longer ones under their longest word and checked with a regex only when
    that word occurs; substring keys (no whole-word matching, or scripts
    without spaces) go through a bigram index; /regex/ keys run one by one.
    """

    def __init__(self, book: Lorebook, case_sensitive: bool, match_whole_words: bool) -> None:
        self.book = book
        self.keys: list[_Key] = []
        self.rules: list[_Rule] = []
        problems: list[str] = []
        self._ids: dict[tuple[str, bool, bool], int] = {}
        self._exact: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        self._verify: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        self._substrings: tuple[list[int], list[int]] = ([], [])
        self._bigram_index: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        self._short: tuple[list[int], list[int]] = ([], [])
        self._regex: list[int] = []
        self._dynamic: list[int] = []
        self._memo: dict[str, frozenset[int]] = {}
        self._memo_size = _MEMO_SIZE + 2 * len(book.entries)
        self.primary_rules: list[list[int]] = []  # key id -> rules with it as a primary key
        self.secondary_rules: list[list[int]] = []  # key id -> rules with it as a secondary key
        recursive = book.recursive_scanning is not False
        for index, entry in enumerate(book.entries):
            rule = self._rule(index, entry, case_sensitive, match_whole_words, recursive, problems)
            if rule is not None:
                self.rules.append(rule)
        self.primary_rules = [[] for _ in self.keys]
        self.secondary_rules = [[] for _ in self.keys]
        for position, rule in enumerate(self.rules):
            for key_id in rule.primary:
                self.primary_rules[key_id].append(position)
            for key_id in rule.secondary:
                self.secondary_rules[key_id].append(position)
        for sensitive in (False, True):
            if len(self._substrings[sensitive]) > _FEW_SUBSTRING_KEYS:
                for key_id in self._substrings[sensitive]:
                    text = self.keys[key_id].text
                    if len(text) < 2:
                        self._short[sensitive].append(key_id)
                    else:
                        self._bigram_index[sensitive].setdefault(text[:2], []).append(key_id)
        self.always = [i for i, rule in enumerate(self.rules) if rule.always]
        self.delayed = [i for i, rule in enumerate(self.rules) if rule.delay_level]
        self.delay_levels = frozenset(self.rules[i].delay_level for i in self.delayed)
        self.scan_depths = frozenset(rule.scan_depth for rule in self.rules)
        self.problems = tuple(problems)
        label = f"Lorebook '{printable(book.name, 60)}'" if book.name else "A lorebook"
        for problem in problems[:MAX_LOGGED_PROBLEMS]:
            log.warning("%s: %s", label, problem)
        if len(problems) > MAX_LOGGED_PROBLEMS:
            log.warning("%s: %d more problems not shown", label, len(problems) - MAX_LOGGED_PROBLEMS)

    def _rule(
        self, index: int, entry: LoreEntry, sensitive_default: bool, whole_default: bool, recursive: bool,
        problems: list[str],
    ) -> _Rule | None:  # fmt: skip
        if not entry.enabled:
            return None
        who = f"entry '{printable(entry.label, 40)}'"
        decorators, content = _decorators(entry.content)
        if "dont_activate" in decorators and "activate" not in decorators:
            return None
        if not content:
            return None  # nothing to insert, ever
        sensitive = sensitive_default if entry.case_sensitive is None else entry.case_sensitive
        whole = whole_default if entry.match_whole_words is None else entry.match_whole_words
        placement, depth, role, section, outlet = _placement(entry, decorators)
        if placement is None:
            problems.append(f"{who} has the unknown position {entry.position}; it is never inserted")
            return None
        if placement == Placement.OUTLET and not outlet:
            problems.append(f"{who} goes to an outlet but has no outlet name; it is never inserted")
            return None
        primary = self._key_ids(entry.keys, sensitive, whole, who, problems)
        secondary = self._key_ids(entry.secondary_keys, sensitive, whole, who, problems) if entry.selective else ()
        always: Reason | None = "decorator" if "activate" in decorators else "constant" if entry.constant else None
        if not primary and always is None:
            return None  # SillyTavern: "has no keys defined, skipped"
        scan_depth = _int_decorator(decorators, "scan_depth")
        if scan_depth is None:
            scan_depth = entry.scan_depth if entry.scan_depth is not None else self.book.scan_depth
        return _Rule(
            index=index,
            entry=entry,
            label=entry.label,
            content=content,
            primary=primary,
            secondary=secondary,
            logic=entry.selective_logic,
            always=always,
            placement=placement,
            depth=depth,
            role=role,
            section=section,
            outlet=outlet,
            scan_depth=None if scan_depth is None else min(scan_depth, MAX_SCAN_DEPTH),
            order=entry.order,
            probability=float(min(max(entry.probability, 0), 100)),  # clamp first: float(10**400) overflows
            use_probability=entry.use_probability,
            groups=tuple(g.strip() for g in entry.group.split(",") if g.strip()),
            group_override=entry.group_override,
            group_weight=float(min(max(entry.group_weight, 0), 10**12)),
            group_scoring=entry.use_group_scoring,
            no_recursion=entry.exclude_recursion or not recursive,
            prevent_recursion=entry.prevent_recursion,
            delay_level=min(entry.delay_until_recursion, 1_000_000),
            ignore_budget=entry.ignore_budget,
        )

    def _key_ids(
        self, keys: Iterable[str], sensitive: bool, whole: bool, who: str, problems: list[str]
    ) -> tuple[int, ...]:
        ids: list[int] = []
        for raw in keys:
            text = raw.strip()
            if not text:
                continue
            regex = regex_parts(text) is not None
            signature = (text, regex or sensitive, (not regex) and whole)
            key_id = self._ids.get(signature)
            if key_id is None:
                key = self._new_key(text, sensitive, whole, who, problems)
                key_id = self._ids[signature] = len(self.keys)
                self.keys.append(key)
                self._index(key_id, key)
            if key_id not in ids:
                ids.append(key_id)
        return tuple(ids)

    @staticmethod
    def _new_key(text: str, sensitive: bool, whole: bool, who: str, problems: list[str]) -> _Key:
        if "{{" in text:
            return _Key(text, _DYNAMIC, sensitive, whole, text)
        try:
            return _classify(text, sensitive, whole)
        except (re.error, OverflowError, RecursionError, ValueError) as exc:
            problems.append(
                f"{who} has the key {printable(text, 60)}, which is not a valid regex ({exc}); it never matches"
            )
            return _Key(text, _NEVER, sensitive, whole, text)

    def _index(self, key_id: int, key: _Key) -> None:
        if key.kind == _TOKEN:
            self._exact[key.sensitive].setdefault(key.anchor, []).append(key_id)
        elif key.kind == _WORDS:
            self._verify[key.sensitive].setdefault(key.anchor, []).append(key_id)
        elif key.kind == _SUBSTRING:
            self._substrings[key.sensitive].append(key_id)
        elif key.kind == _REGEX:
            self._regex.append(key_id)
        elif key.kind == _DYNAMIC:
            self._dynamic.append(key_id)

    def keys_in(self, text: str, render: Callable[[str], str]) -> frozenset[int]:
        """Ids of the keys found in `text` (one message, or one entry's content).

        What the fixed keys find is remembered per text, for this version of
        the book: three of the four messages scanned for a reply were scanned
        for the previous one, and the entries that recurse are mostly the
        same from reply to reply. Keys with macros are matched every time.
        """
        static = self._memo.get(text)
        segment: _Segment | None = None
        if static is None:
            segment = _Segment(text)
            static = frozenset(self._match_fixed(segment))
            if len(self._memo) >= self._memo_size:
                # the oldest goes; another thread may have removed it first
                with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                    del self._memo[next(iter(self._memo))]
            self._memo[text] = static
        if not self._dynamic:
            return static
        return static | self._match_dynamic(segment or _Segment(text), render)

    def _match_fixed(self, segment: _Segment) -> set[int]:
        found: set[int] = set()
        keys = self.keys
        for sensitive in (False, True):
            exact, verify = self._exact[sensitive], self._verify[sensitive]
            if exact or verify:
                words = segment.tokens(sensitive)
                for word in exact.keys() & words:
                    found.update(exact[word])
                if verify:
                    text = segment.folded(sensitive)
                    for word in verify.keys() & words:
                        for key_id in verify[word]:
                            if key_id not in found and keys[key_id].words_in(text):
                                found.add(key_id)
            substrings = self._substrings[sensitive]
            if substrings:
                text = segment.folded(sensitive)
                if len(substrings) <= _FEW_SUBSTRING_KEYS or len(text) < 1000:  # a short text: `in` is cheaper
                    found.update(key_id for key_id in substrings if keys[key_id].text in text)
                else:
                    index = self._bigram_index[sensitive]
                    for bigram in index.keys() & segment.bigrams(sensitive):
                        found.update(key_id for key_id in index[bigram] if keys[key_id].text in text)
                    found.update(key_id for key_id in self._short[sensitive] if keys[key_id].text in text)
        for key_id in self._regex:
            key = keys[key_id]
            if segment.may_match(key) and key.pattern.search(segment.text):
                found.add(key_id)
        return found

    def _match_dynamic(self, segment: _Segment, render: Callable[[str], str]) -> set[int]:
        found: set[int] = set()
        for key_id in self._dynamic:
            key = self.keys[key_id]
            rendered = render(key.raw).strip()
            if rendered and _rendered_key(rendered, key.sensitive, key.whole).found_in(segment):
                found.add(key_id)
        return found


def compile_lorebook(
    book: Lorebook, *, case_sensitive: bool = False, match_whole_words: bool = True
) -> CompiledLorebook:
    """The book's matchers, built on first use and kept on the (immutable) book object.

    The two arguments are the settings for entries that do not say; they
    change how keys compile, so each combination is built once.
    """
    cache_key = (case_sensitive, match_whole_words)
    compiled = book._compiled.get(cache_key)
    if compiled is None:
        compiled = book._compiled[cache_key] = CompiledLorebook(book, case_sensitive, match_whole_words)
    return compiled


def _decorators(content: str) -> tuple[dict[str, str], str]:
    """V3 decorators (`@@name value` lines at the top of the content) and the content without them.

    A `@@@name` line is a fallback, read only when the line before it was not
    understood. Every decorator line is removed, understood or not, as
    SillyTavern does.
    """
    if not content.startswith("@@"):
        return {}, content
    lines = content.split("\n")
    found: dict[str, str] = {}
    fallback_open = False
    rest = len(lines)
    for number, line in enumerate(lines):
        if not line.startswith("@@"):
            rest = number
            break
        fallback = line.startswith("@@@")
        if fallback and not fallback_open:
            continue
        name, _, value = line[3 if fallback else 2 :].strip().partition(" ")
        value = value.strip()
        if name in _DECORATOR_NAMES and _decorator_valid(name, value):
            found.setdefault(name, value)
            fallback_open = False
        else:
            fallback_open = True
    return found, "\n".join(lines[rest:])


def _decorator_valid(name: str, value: str) -> bool:
    if name in ("depth", "scan_depth"):
        return value.isdecimal() and len(value) < 7
    if name == "role":
        return value in ROLES
    if name == "position":
        return value in ("before_desc", "after_desc")
    return True


def _int_decorator(decorators: Mapping[str, str], name: str) -> int | None:
    value = decorators.get(name)
    return int(value) if value is not None else None


def _placement(
    entry: LoreEntry, decorators: Mapping[str, str]
) -> tuple[Placement | None, int | None, Role | None, int, str]:
    """(placement, depth, role, section, outlet) for an entry; placement None for an unknown position."""
    if "position" in decorators:
        where = Placement.BEFORE_CHAR if decorators["position"] == "before_desc" else Placement.AFTER_CHAR
        return where, None, None, 0, ""
    role: Role = decorators.get("role", entry.role)  # type: ignore[assignment]
    if "depth" in decorators:
        return Placement.AT_DEPTH, min(int(decorators["depth"]), MAX_INSERT_DEPTH), role, 1, ""
    position = entry.position
    if position == Position.BEFORE_CHAR:
        return Placement.BEFORE_CHAR, None, None, 0, ""
    if position == Position.AFTER_CHAR:
        return Placement.AFTER_CHAR, None, None, 0, ""
    if position == Position.AN_TOP:
        return Placement.AT_DEPTH, AUTHORS_NOTE_DEPTH, "system", 0, ""
    if position == Position.AN_BOTTOM:
        return Placement.AT_DEPTH, AUTHORS_NOTE_DEPTH, "system", 2, ""
    if position == Position.AT_DEPTH:
        return Placement.AT_DEPTH, min(entry.depth, MAX_INSERT_DEPTH), role, 1, ""
    if position == Position.EM_TOP:
        return Placement.BEFORE_EXAMPLES, None, None, 0, ""
    if position == Position.EM_BOTTOM:
        return Placement.AFTER_EXAMPLES, None, None, 0, ""
    if position == Position.OUTLET:
        return Placement.OUTLET, None, None, 0, entry.outlet_name.strip()
    return None, None, None, 0, ""


# ---------------------------------------------------------------- activation


@dataclass(frozen=True)
class ScanSettings:
    """The user's World Info settings; a book's own values win where it sets them.

    Defaults are SillyTavern's defaults for a new user, except `scan_depth`
    (SillyTavern: 2). `context_tokens` is what the model gets for the prompt
    (context minus the reply), which `budget_percent` is a share of.
    """

    scan_depth: int = DEFAULT_SCAN_DEPTH  # for books and entries that set none
    context_tokens: int = 8192
    budget_percent: float = DEFAULT_BUDGET_PERCENT  # for books that set no token_budget
    token_budget: int | None = None  # overrides the books' and the percentage when set
    budget_cap: int = 0  # 0: no cap
    recursive: bool = True
    max_recursion_steps: int = 0  # scan passes in all; 0: until a pass adds nothing (SillyTavern's 0)
    case_sensitive: bool = False
    match_whole_words: bool = True
    use_group_scoring: bool = False


class FiredEntry(NamedTuple):
    """One entry that matched, for the log and a debugging view (a NamedTuple: dozens are made per reply).

    `reason` says why it fired; `keys` and `secondary_keys` which of its keys
    were found; `step` is 0 for the conversation itself, n for the n-th
    recursion pass. `dropped` is empty for an inserted entry, else why it
    is not in the prompt (the budget, its probability, its inclusion group).
    """

    book: str
    uid: int | str
    label: str
    reason: Reason
    keys: tuple[str, ...]
    secondary_keys: tuple[str, ...]
    step: int
    placement: Placement
    depth: int | None
    role: Role | None
    tokens: int = 0
    dropped: str = ""


@dataclass(frozen=True)
class DepthInsert:
    """Entries that go into the chat `depth` messages from its end (0: after the last), as one message."""

    depth: int
    role: Role
    contents: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.contents)


@dataclass(frozen=True)
class Activation:
    """What the scan put where. Each tuple is in prompt order; join with newlines, as SillyTavern does."""

    before_char: tuple[str, ...] = ()
    after_char: tuple[str, ...] = ()
    before_examples: tuple[str, ...] = ()
    after_examples: tuple[str, ...] = ()
    at_depth: tuple[DepthInsert, ...] = ()
    outlets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fired: tuple[FiredEntry, ...] = ()  # inserted, in the order they were taken
    dropped: tuple[FiredEntry, ...] = ()  # matched but left out, with why
    budget: int = 0
    tokens_used: int = 0
    overflowed: bool = False
    steps: int = 0

    @property
    def before_char_text(self) -> str:
        return "\n".join(self.before_char)

    @property
    def after_char_text(self) -> str:
        return "\n".join(self.after_char)


def estimate_tokens(text: str) -> int:
    """bot.prompt's estimate (about four characters a token), repeated to keep imports one-way."""
    return len(text) // 4 + 1


def token_budget(books: Sequence[Lorebook], settings: ScanSettings) -> int:
    """The budget for this scan: the setting's override, else the first book's own, else a share of the context."""
    if settings.token_budget is not None:
        budget = settings.token_budget
    else:
        own = next((b.token_budget for b in books if b.token_budget), None)
        budget = own if own is not None else (round(settings.budget_percent * settings.context_tokens / 100) or 1)
    if settings.budget_cap > 0:
        budget = min(budget, settings.budget_cap)
    return max(budget, 0)


def messages_needed(books: Sequence[Lorebook], settings: ScanSettings = ScanSettings()) -> int:
    """How many recent messages `activate` may look at for these books (the deepest scan depth)."""
    depth = min(max(settings.scan_depth, 0), MAX_SCAN_DEPTH)
    for book in books:
        compiled = compile_lorebook(
            book, case_sensitive=settings.case_sensitive, match_whole_words=settings.match_whole_words
        )
        depth = max([depth, *(d for d in compiled.scan_depths if d is not None)])
    return depth


@dataclass(slots=True)
class _Hit:
    rank: int
    position: int  # the rule's index in its compiled book
    rule: _Rule
    reason: Reason
    primary: tuple[int, ...]
    secondary: tuple[int, ...]
    step: int
    content: str = ""
    tokens: int = 0
    sequence: int = 0


def _identity(text: str) -> str:
    return text


def activate(
    books: Sequence[Lorebook],
    messages: Sequence[str],
    settings: ScanSettings = ScanSettings(),
    *,
    render: Callable[[str], str] = _identity,
    count_tokens: Callable[[str], int] = estimate_tokens,
    rng: Callable[[], float] = random.random,
) -> Activation:
    """Scan the recent `messages` (newest last; speaker names may be part of the text) against `books`.

    Pass the character's own book first, then the attached ones: earlier
    books win the budget at equal rank. `render` (the macro engine) is applied
    to entry content before it is measured and to keys that hold macros;
    `rng` decides probabilities and inclusion groups (pass a seeded one for
    tests). Pure: nothing is read or written; compiled matchers are cached
    on the books.
    """
    return _Scan(books, messages, settings, render, count_tokens, rng).run()


class _Scan:
    """One activation: SillyTavern's scan loop (checkWorldInfo) over compiled books."""

    def __init__(
        self,
        books: Sequence[Lorebook],
        messages: Sequence[str],
        settings: ScanSettings,
        render: Callable[[str], str],
        count_tokens: Callable[[str], int],
        rng: Callable[[], float],
    ) -> None:
        self.settings = settings
        self.render = render
        self.count_tokens = count_tokens
        self.rng = rng
        self.compiled = [
            compile_lorebook(b, case_sensitive=settings.case_sensitive, match_whole_words=settings.match_whole_words)
            for b in books
        ]
        self.budget = token_budget(books, settings)
        # SillyTavern's buffer prefixes every message with \x01 (its documented regexes rely on it).
        self.texts = ["\x01" + str(m).strip() for m in messages[-MAX_SCAN_DEPTH:]] if messages else []
        self.default_depth = min(max(settings.scan_depth, 0), len(self.texts))
        # Per book: keys found in each message (newest last), in the last n messages, and in recursed text.
        self.message_keys: list[list[frozenset[int] | None]] = [[None] * len(self.texts) for _ in self.compiled]
        self.window_keys: list[dict[int, frozenset[int]]] = [{} for _ in self.compiled]
        self.recursed_keys: list[set[int]] = [set() for _ in self.compiled]
        # Rules whose primary key was found but whose AND ANY / AND ALL secondary keys were not (yet).
        self.waiting: list[set[int]] = [set() for _ in self.compiled]
        self.done: set[tuple[int, int]] = set()
        self.accepted: list[_Hit] = []
        self.dropped: list[tuple[_Hit, str]] = []
        self.groups_taken: set[str] = set()
        self.used = 0
        self.overflowed = False

    # -- matching

    def _depth(self, rule: _Rule) -> int:
        return self.default_depth if rule.scan_depth is None else min(rule.scan_depth, len(self.texts))

    def _window(self, rank: int, depth: int) -> frozenset[int]:
        """Keys found in the last `depth` messages. Each message is scanned on its own, so a
        /regex/ cannot span two messages; SillyTavern's \x01 separators stop plain keys too."""
        found = self.window_keys[rank].get(depth)
        if found is None:
            book, per_message = self.compiled[rank], self.message_keys[rank]
            for index in range(len(self.texts) - depth, len(self.texts)):
                if per_message[index] is None:
                    per_message[index] = book.keys_in(self.texts[index], self.render)
            recent = per_message[len(self.texts) - depth :] if depth else []
            found = frozenset().union(*(keys for keys in recent if keys is not None))
            self.window_keys[rank][depth] = found
        return found

    def _first_candidates(self, rank: int) -> set[int]:
        book = self.compiled[rank]
        found: set[int] = set()
        for spec in book.scan_depths:
            depth = self.default_depth if spec is None else min(spec, len(self.texts))
            found |= self._window(rank, depth)
        candidates = set(book.always)
        for key_id in found:
            candidates.update(book.primary_rules[key_id])
        return candidates

    def _fires(self, rank: int, position: int, rule: _Rule) -> tuple[Reason, tuple[int, ...], tuple[int, ...]] | None:
        if rule.always is not None:
            return rule.always, (), ()
        window = self._window(rank, self._depth(rule))
        recursed = self.recursed_keys[rank]
        primary = tuple(k for k in rule.primary if k in window or k in recursed)
        if not primary:
            return None
        if not rule.secondary:
            return "key", primary, ()
        secondary = tuple(k for k in rule.secondary if k in window or k in recursed)
        logic = rule.logic
        if logic == SelectiveLogic.AND_ANY:
            ok = bool(secondary)
        elif logic == SelectiveLogic.NOT_ALL:
            ok = len(secondary) < len(rule.secondary)
        elif logic == SelectiveLogic.NOT_ANY:
            ok = not secondary
        else:
            ok = len(secondary) == len(rule.secondary)
        if not ok:
            if logic in (SelectiveLogic.AND_ANY, SelectiveLogic.AND_ALL):
                self.waiting[rank].add(position)  # recursed text may still bring the missing keys
            return None
        shown = secondary if logic in (SelectiveLogic.AND_ANY, SelectiveLogic.AND_ALL) else ()
        return "secondary", primary, shown

    # -- the loop

    def run(self) -> Activation:
        if not any(book.rules for book in self.compiled):
            return Activation(budget=self.budget)
        candidates = [self._first_candidates(rank) for rank in range(len(self.compiled))]
        levels = sorted(frozenset().union(*(book.delay_levels for book in self.compiled)))
        level = levels.pop(0) if levels else 0
        step = 0
        recursion_started = False
        while True:
            limit = self.settings.max_recursion_steps
            if limit and step >= limit:
                break
            recursing = step > 0
            new = self._evaluate(candidates, step, recursing, level)
            step += 1
            successful = self._take(new)
            more = (
                self.settings.recursive
                and not self.overflowed
                and any(not h.rule.prevent_recursion for h in successful)
            )
            level_advanced = False
            if not more and self.settings.recursive and levels and not self.overflowed:
                level = levels.pop(0)
                more = level_advanced = True
            if not more:
                break
            candidates = self._recurse(successful)
            for rank, book in enumerate(self.compiled):
                candidates[rank].update(i for i in book.always if (rank, i) not in self.done)
                if not recursion_started or level_advanced:
                    candidates[rank].update(i for i in book.delayed if book.rules[i].delay_level <= level)
            recursion_started = True
        return self._result(step)

    def _evaluate(self, candidates: list[set[int]], step: int, recursing: bool, level: int) -> list[_Hit]:
        new: list[_Hit] = []
        for rank, positions in enumerate(candidates):
            rules = self.compiled[rank].rules
            for position in positions:
                if (rank, position) in self.done:
                    continue
                rule = rules[position]
                if rule.delay_level and (not recursing or rule.delay_level > level):
                    continue
                if recursing and rule.no_recursion:
                    continue
                fired = self._fires(rank, position, rule)
                if fired is not None:
                    new.append(_Hit(rank, position, rule, fired[0], fired[1], fired[2], step))
        # Constants first; then book by book, the card's first (SillyTavern's "character lore
        # first"); within a book the higher order first; then the earlier entry.
        new.sort(key=lambda h: (h.rule.always is None, h.rank, -h.rule.order, h.rule.index))
        return new

    def _take(self, new: list[_Hit]) -> list[_Hit]:
        """Inclusion groups, probability, then the budget, in SillyTavern's order; the entries taken."""
        removed = self._inclusion_groups(new)
        taken: list[_Hit] = []
        for hit in new:
            key = (hit.rank, hit.position)
            if key in removed:
                self._drop(hit, removed[key])
                continue
            rule = hit.rule
            if self.overflowed and not rule.ignore_budget:
                self._drop(hit, "the lorebook budget was already spent")
                continue
            if rule.use_probability and rule.probability < 100 and not self.rng() * 100 < rule.probability:
                self._drop(hit, f"its {rule.probability:g}% probability roll failed")
                continue
            content = self.render(rule.content)
            if not content:
                self._drop(hit, "its content is empty once macros are replaced")
                continue
            cost = self.count_tokens(content)
            if not rule.ignore_budget and self.used + cost > self.budget:
                self.overflowed = True
                self._drop(hit, f"it needs {cost} tokens and only {self.budget - self.used} of {self.budget} were left")
                continue
            self.used += cost
            hit.content, hit.tokens, hit.sequence = content, cost, len(self.accepted)
            self.accepted.append(hit)
            self.done.add(key)
            self.groups_taken.update(rule.groups)
            taken.append(hit)
        return taken

    def _drop(self, hit: _Hit, why: str) -> None:
        self.done.add((hit.rank, hit.position))
        self.dropped.append((hit, why))

    def _inclusion_groups(self, new: list[_Hit]) -> dict[tuple[int, int], str]:
        """SillyTavern's filterByInclusionGroups: one entry per group label, the rest are removed."""
        grouped: dict[str, list[_Hit]] = {}
        for hit in new:
            for label in hit.rule.groups:
                grouped.setdefault(label, []).append(hit)
        removed: dict[tuple[int, int], str] = {}
        for label, members in grouped.items():
            live = [h for h in members if (h.rank, h.position) not in removed]
            if label in self.groups_taken:
                for hit in live:
                    removed[(hit.rank, hit.position)] = f"inclusion group '{label}' already has an entry in the prompt"
                continue
            scoring = [
                h
                for h in live
                if (self.settings.use_group_scoring if h.rule.group_scoring is None else h.rule.group_scoring)
            ]
            if scoring and len(live) > 1:
                scores = {id(h): self._score(h) for h in live}
                best = max(scores.values())
                for hit in scoring:
                    if scores[id(hit)] < best:
                        removed[(hit.rank, hit.position)] = f"a better-matching entry of inclusion group '{label}' won"
                live = [h for h in live if (h.rank, h.position) not in removed]
            if len(live) <= 1:
                continue
            preferred = [h for h in live if h.rule.group_override]
            if preferred:
                winner = max(preferred, key=lambda h: h.rule.order)  # max keeps the first of equals
            else:
                total = sum(h.rule.group_weight for h in live)
                roll = self.rng() * total
                winner, running = live[-1], 0.0
                for hit in live:
                    running += hit.rule.group_weight
                    if roll <= running:
                        winner = hit
                        break
            for hit in live:
                if hit is not winner:
                    removed[(hit.rank, hit.position)] = f"another entry of inclusion group '{label}' was chosen"
        return removed

    def _score(self, hit: _Hit) -> int:
        """SillyTavern's group score: primary keys found, plus secondary ones under AND logic."""
        rule = hit.rule
        window = self._window(hit.rank, self._depth(rule))
        recursed = self.recursed_keys[hit.rank]
        primary = sum(1 for k in rule.primary if k in window or k in recursed)
        secondary = sum(1 for k in rule.secondary if k in window or k in recursed)
        if rule.secondary and rule.logic == SelectiveLogic.AND_ANY:
            return primary + secondary
        if rule.secondary and rule.logic == SelectiveLogic.AND_ALL and secondary == len(rule.secondary):
            return primary + secondary
        return primary

    def _recurse(self, successful: list[_Hit]) -> list[set[int]]:
        """Scan the new entries' contents; the rules touched by keys found there for the first time.

        Each content is scanned on its own (and remembered), where SillyTavern joins them with
        newlines: only a key spanning the end of one entry and the start of the next differs.
        """
        contents = ["\x01" + h.content for h in successful if not h.rule.prevent_recursion]
        candidates: list[set[int]] = [set() for _ in self.compiled]
        for rank, book in enumerate(self.compiled):
            found: set[int] = set()
            for text in contents:
                found |= book.keys_in(text, self.render)
            found -= self.recursed_keys[rank]
            self.recursed_keys[rank] |= found
            waiting = self.waiting[rank]
            for key_id in found:
                candidates[rank].update(book.primary_rules[key_id])
                if waiting:
                    candidates[rank].update(p for p in book.secondary_rules[key_id] if p in waiting)
        return candidates

    # -- the result

    def _fired(self, hit: _Hit, dropped: str = "") -> FiredEntry:
        book = self.compiled[hit.rank]
        keys = book.keys
        rule = hit.rule
        return FiredEntry(
            book=book.book.name,
            uid=rule.entry.uid,
            label=rule.label,
            reason=hit.reason,
            keys=tuple(keys[k].raw for k in hit.primary),
            secondary_keys=tuple(keys[k].raw for k in hit.secondary),
            step=hit.step,
            placement=rule.placement,
            depth=rule.depth,
            role=rule.role,
            tokens=hit.tokens,
            dropped=dropped,
        )

    def _result(self, steps: int) -> Activation:
        # SillyTavern sorts by order, highest first, and prepends each: lower order first,
        # and equal orders end up in reverse of the order they were taken.
        ordered = sorted(self.accepted, key=lambda h: (h.rule.section, h.rule.order, -h.sequence))
        places: dict[Placement, list[str]] = {p: [] for p in Placement}
        depths: dict[tuple[int, Role], list[str]] = {}
        outlets: dict[str, list[str]] = {}
        for hit in ordered:
            rule = hit.rule
            if rule.placement == Placement.AT_DEPTH:
                depths.setdefault((rule.depth or 0, rule.role or "system"), []).append(hit.content)
            elif rule.placement == Placement.OUTLET:
                outlets.setdefault(rule.outlet, []).append(hit.content)
            else:
                places[rule.placement].append(hit.content)
        at_depth = tuple(
            DepthInsert(depth, role, tuple(contents))
            for (depth, role), contents in sorted(depths.items(), key=lambda i: (-i[0][0], ROLES.index(i[0][1])))
        )
        return Activation(
            before_char=tuple(places[Placement.BEFORE_CHAR]),
            after_char=tuple(places[Placement.AFTER_CHAR]),
            before_examples=tuple(places[Placement.BEFORE_EXAMPLES]),
            after_examples=tuple(places[Placement.AFTER_EXAMPLES]),
            at_depth=at_depth,
            outlets={name: tuple(contents) for name, contents in outlets.items()},
            fired=tuple(self._fired(h) for h in self.accepted),
            dropped=tuple(self._fired(h, why) for h, why in self.dropped),
            budget=self.budget,
            tokens_used=self.used,
            overflowed=self.overflowed,
            steps=steps,
        )
