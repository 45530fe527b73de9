"""One macro engine for every piece of card text: `{{char}}`, `{{user}}`, `{{time}}`, ...

Card authors write for SillyTavern, so its behaviour is the specification
(docs.sillytavern.app/usage/core-concepts/macros and `public/scripts/macros/`
of SillyTavern, the "experimental" engine that new installs use, checked
against the legacy `public/scripts/macros.js`):

- Names are case-insensitive; whitespace inside the braces is ignored
  (`{{ user }}`). Arguments follow `::` (`{{random::a::b}}`), a single
  legacy `:` (`{{roll:d20}}`, `{{random:a,b}}`) or a space (`{{roll 2d6}}`).
- Macros nest and the innermost is resolved first, left to right:
  `{{random::{{user}}::{{char}}}}` picks one of the two names. We split a
  macro's arguments on the separators written in the card, never on
  separators that come out of an inner macro (a name "Smith, John" stays
  one item), where SillyTavern sometimes splits the resolved text.
- An unknown macro, or a known one with arguments it cannot take, is left
  exactly as written (its inner macros resolved), so text we do not
  understand reaches the model unchanged instead of vanishing.
- `\\{\\{` and `\\}\\}` are escapes for literal braces. SillyTavern unescapes
  any `\\{`; we only unescape the doubled form, so a lone `\\{` in a card
  (regexes, LaTeX) is left alone.
- `{{trim}}` removes itself and the newlines around it (not spaces), after
  everything else is resolved; `{{noop}}` is empty but stops a `{{trim}}`
  from reaching past it.
- `{{original}}` only resolves where the caller gives the default text
  (the system prompt and post-history instructions), and only its first
  occurrence: later ones are empty, as in SillyTavern.
- `<USER>`, `<BOT>`, `<CHAR>`, `<GROUP>`, `<CHARIFNOTGROUP>` are the old aliases.

Not supported (left as written): variables (`{{getvar}}`, `{{.x}}`),
`{{if}}`/scoped blocks, chat-history macros (`{{lastMessage}}`), `{{input}}`,
`{{banned}}`, `{{bias}}`, `{{timeDiff}}`, macro flags (`{{#x}}`).

Speed: one precompiled regex finds every `{{`, `}}` and legacy alias in a
single left-to-right pass; text with none of them is returned as is.
"""

from __future__ import annotations

import hashlib
import logging
import math
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from types import MappingProxyType

log = logging.getLogger(__name__)

__all__ = ["MacroContext", "humanize_duration", "moment_format", "render"]

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class MacroContext:
    """Everything a macro may read, for one rendering of one reply's prompt.

    The clock and the random generator are injected so that a prompt can be
    rebuilt exactly (tests, `/regenerate` with a seed).
    """

    char: str
    #: The Discord display name of the person being answered.
    user: str
    #: Aware local time (a naive one is taken as local time).
    now: datetime
    rng: random.Random
    #: Seconds since the user's previous message; None: there was none ("just now").
    idle_seconds: float | None = None
    #: The default text `{{original}}` stands for; None where the spec does not allow it.
    original: str | None = None
    #: Every character in a group reply, `char` included; empty for a solo reply.
    group: tuple[str, ...] = ()
    #: Keeps `{{pick}}` stable per conversation (the channel id); None: per text only.
    chat_id: str | None = None
    #: Card fields by macro name, lowercase: "description", "personality",
    #: "scenario", "persona", "model", ... A name absent here is left as written.
    fields: Mapping[str, str] = field(default_factory=dict)


def render(text: str, ctx: MacroContext) -> str:
    """`text` with every macro we know replaced; anything else exactly as written."""
    if not text or not _may_have_macros(text):
        return text
    return _Renderer(ctx, text, allow_nested_values=True).run()


# --- Scanning ---------------------------------------------------------------------

#: `{{` (the last two of a longer run: `{{{user}}}` is "{" + a macro + "}"), `}}`, or an alias.
_TOKEN = re.compile(r"\{\{(?!\{)|\}\}|<(user|bot|char|group|charifnotgroup)>", re.IGNORECASE)
#: Stand-ins that survive until the whole text is resolved. NUL has no business in card text.
_TRIM = "\x00trim\x00"
_NOOP = "\x00noop\x00"
_TRIM_AROUND = re.compile(r"(?:\r?\n)*\x00trim\x00(?:\r?\n)*")
#: Where an inner macro's value sits in a macro's text while its arguments are parsed.
_HOLE = "\x00"


def _may_have_macros(text: str) -> bool:
    if "{" not in text and "}" not in text and "<" not in text:  # one memchr each: the common case
        return False
    return "{{" in text or "<" in text or "\\{" in text or "\\}" in text


#: Macros whose value cannot change within one rendering: computed once, then looked up.
_CONSTANT = frozenset(
    (
        "user", "char", "group", "charifnotgroup", "groupnotmuted", "notchar", "time", "date", "weekday",
        "isotime", "isodate", "idle_duration", "idleduration", "newline", "space", "noop", "trim",
    )
)  # fmt: skip

_Pieces = list[tuple[str, bool]]  # a macro's text so far: (text, written in the card?)


class _Renderer:
    """One rendering: the state `{{original}}` and `{{pick}}` need lives here."""

    __slots__ = ("_constants", "_markers", "_nested", "_original_used", "_text", "ctx")

    def __init__(self, ctx: MacroContext, text: str, *, allow_nested_values: bool) -> None:
        self.ctx = ctx
        self._text = text
        self._nested = allow_nested_values  # field and {{original}} values are rendered once, not recursively
        self._original_used = False
        self._markers = False
        self._constants: dict[str, str] = {}  # "char" -> "Aria", by the macro's exact text

    def run(self) -> str:
        """One pass over the tokens. Each `{{` opens a frame, each `}}` closes the innermost
        one into its value, so inner macros are resolved first, left to right."""
        text = self._text
        enclosing: list[tuple[int, _Pieces]] = []
        pieces: _Pieces = []  # the innermost open frame (the text itself at depth 0)
        start = -1  # where the innermost frame's "{{" is
        position = 0
        for token in _TOKEN.finditer(text):
            begin = token.start()
            if begin > position:
                literal = text[position:begin]
                pieces.append((_unescape(literal) if "\\" in literal else literal, True))
            position = token.end()
            if token.lastindex:  # <USER>, <BOT>, ...
                pieces.append((self._alias(token.group(1).lower()), False))
            elif text[begin] == "{":
                enclosing.append((start, pieces))
                start, pieces = begin, []
            elif enclosing:
                value = self._close(pieces, start)
                start, pieces = enclosing.pop()
                pieces.append((value, False))
            else:
                pieces.append(("}}", True))
        if position < len(text):
            literal = text[position:]
            pieces.append((_unescape(literal) if "\\" in literal else literal, True))
        enclosing.append((start, pieces))
        out = "".join(piece for piece, _ in enclosing[0][1])
        for _, frame in enclosing[1:]:  # a "{{" never closed is text
            out += "{{" + "".join(piece for piece, _ in frame)
        if self._markers:
            out = _TRIM_AROUND.sub("", out).replace(_TRIM, "").replace(_NOOP, "")
        return out

    def _close(self, pieces: _Pieces, offset: int) -> str:
        if len(pieces) == 1 and pieces[0][1]:
            cached = self._constants.get(pieces[0][0])
            if cached is not None:
                return cached
        return self._macro(pieces, offset)

    def _alias(self, name: str) -> str:
        if name == "user":
            return self.ctx.user
        if name in ("bot", "char"):
            return self.ctx.char
        return self._group()

    def _macro(self, pieces: _Pieces, offset: int) -> str:
        raw = "{{" + "".join(piece for piece, _ in pieces) + "}}"
        call = _parse(pieces)
        if call is None:
            return raw
        handler = _HANDLERS.get(call.name)
        try:
            value = handler(self, call, offset) if handler is not None else self._field(call)
        except (ValueError, OverflowError) as error:  # a malformed argument: leave the macro as written
            log.debug("Macro %s left as written: %s", raw[:80], error)
            return raw
        if value is None:
            return raw
        if _TRIM in value or _NOOP in value:
            self._markers = True
        if call.name in _CONSTANT and not call.args and len(pieces) == 1:
            self._constants[pieces[0][0]] = value
        return value

    # --- Values that need the renderer's state ---

    def _group(self) -> str:
        return ", ".join(self.ctx.group) if self.ctx.group else self.ctx.char

    def _field(self, call: _Call) -> str | None:
        name = _FIELD_ALIASES.get(call.name, call.name)
        value = self.ctx.fields.get(name)
        if value is None or call.args:
            return None
        return self._nested_value(value)

    def _nested_value(self, value: str) -> str:
        """A card field or the default prompt may hold macros too: rendered once, not again."""
        if not self._nested or not _may_have_macros(value):
            return value
        ctx = replace(self.ctx, fields=_EMPTY, original=None)
        return _Renderer(ctx, value, allow_nested_values=False).run()

    def original(self) -> str | None:
        if self.ctx.original is None:
            return None
        if self._original_used:
            return ""
        self._original_used = True
        return self._nested_value(self.ctx.original)

    def pick_index(self, count: int, offset: int) -> int:
        """Stable for this conversation, this text and this place in it (SillyTavern seeds the same way)."""
        seed = f"{self.ctx.chat_id}\x00{self._text}\x00{offset}".encode("utf-8", "surrogatepass")
        digest = hashlib.blake2b(seed, digest_size=8).digest()
        return int.from_bytes(digest, "big") % count


def _unescape(literal: str) -> str:
    if "\\" not in literal:
        return literal
    return literal.replace("\\{\\{", "{{").replace("\\}\\}", "}}")


# --- Parsing one macro --------------------------------------------------------------

_NAME = re.compile(r"\s*([A-Za-z][\w-]*)")
_COMMENT = re.compile(r"\s*//")
_LEGACY_UTC = re.compile(r"\s*time_UTC([+-]\d+)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Call:
    name: str  # lowercase
    args: tuple[str, ...]
    #: What {{random}} and {{pick}} choose from: the arguments, or a single argument read
    #: as a list (`a::b` after ":", or `a, b` with `\\,` for a comma inside an item).
    items: tuple[str, ...] = ()


class _Filler:
    """Puts inner macros' values back into the holes of the skeleton's segments, in order."""

    __slots__ = ("_next", "_values")

    def __init__(self, values: list[str]) -> None:
        self._values = values
        self._next = 0

    def __call__(self, segment: str) -> str:
        """One argument. The whitespace the author wrote around it is dropped (a hole is no
        whitespace), whitespace an inner macro produced (`{{newline}}`) is kept."""
        segment = segment.strip()
        if _HOLE not in segment:
            return segment
        parts = segment.split(_HOLE)
        out = [parts[0]]
        for part in parts[1:]:
            out.append(self._values[self._next])
            out.append(part)
            self._next += 1
        return "".join(out)


def _parse(pieces: _Pieces) -> _Call | None:
    """Name and arguments, or None when this is no macro call we could answer.

    The macro's text is parsed as a skeleton, each inner macro's value replaced by
    a hole, so that separators the card's author wrote count and separators that
    came out of an inner macro do not.
    """
    if not pieces or not pieces[0][1]:
        return None
    if _COMMENT.match(pieces[0][0]):
        return _Call("//", ())
    values = [piece for piece, literal in pieces if not literal]
    if any(literal and _HOLE in piece for piece, literal in pieces):
        return None  # a NUL in card text: not worth guessing
    text = "".join(piece if literal else _HOLE for piece, literal in pieces)
    legacy = _LEGACY_UTC.fullmatch(text)
    if legacy is not None:
        return _Call("time", ("UTC" + legacy.group(1),))
    name = _NAME.match(text)
    if name is None:
        return None
    macro = name.group(1).lower()
    rest = text[name.end() :]
    stripped = rest.lstrip()
    if not stripped:
        return _Call(macro, ())
    if stripped.startswith("::"):
        body = stripped[2:]
        if "::" in body:
            fill = _Filler(values)
            args = tuple(fill(segment) for segment in body.split("::"))
            return _Call(macro, args, args)
    elif stripped.startswith(":"):
        body = stripped[1:]
    elif stripped is not rest:  # whitespace after the name: the rest is one argument
        body = stripped
    else:
        return None  # "{{user!}}": not a macro
    return _Call(macro, (_Filler(values)(body),), _list_items(values, body))


def _list_items(values: list[str], body: str) -> tuple[str, ...]:
    fill = _Filler(values)
    if "::" in body:
        return tuple(fill(item) for item in body.split("::"))
    return tuple(fill(item.replace("\x01", ",")) for item in body.replace("\\,", "\x01").split(","))


# --- The macros -----------------------------------------------------------------------

_Handler = Callable[[_Renderer, _Call, int], "str | None"]
_HANDLERS: dict[str, _Handler] = {}

#: SillyTavern's other names for the card-field macros.
_FIELD_ALIASES = {
    "chardescription": "description",
    "charpersonality": "personality",
    "charscenario": "scenario",
    "version": "charversion",
    "char_version": "charversion",
    "charjailbreak": "charinstruction",
    "creatornotes": "charcreatornotes",
    "greeting": "charfirstmessage",
}


def _register(*names: str) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        for name in names:
            _HANDLERS[name] = handler
        return handler

    return register


def _no_args(value: Callable[[_Renderer], str | None]) -> _Handler:
    def handler(renderer: _Renderer, call: _Call, offset: int) -> str | None:
        return None if call.args else value(renderer)

    return handler


_HANDLERS["//"] = lambda renderer, call, offset: ""
_HANDLERS["user"] = _no_args(lambda r: r.ctx.user)
_HANDLERS["char"] = _no_args(lambda r: r.ctx.char)
_HANDLERS["group"] = _HANDLERS["charifnotgroup"] = _HANDLERS["groupnotmuted"] = _no_args(lambda r: r._group())
_HANDLERS["original"] = _no_args(lambda r: r.original())
_HANDLERS["noop"] = _no_args(lambda r: _NOOP)
_HANDLERS["trim"] = _no_args(lambda r: _TRIM)
_HANDLERS["date"] = _no_args(lambda r: moment_format(_local(r.ctx.now), "LL"))
_HANDLERS["weekday"] = _no_args(lambda r: moment_format(_local(r.ctx.now), "dddd"))
_HANDLERS["isotime"] = _no_args(lambda r: moment_format(_local(r.ctx.now), "HH:mm"))
_HANDLERS["isodate"] = _no_args(lambda r: moment_format(_local(r.ctx.now), "YYYY-MM-DD"))
_HANDLERS["idle_duration"] = _HANDLERS["idleduration"] = _no_args(
    lambda r: "just now" if r.ctx.idle_seconds is None else humanize_duration(r.ctx.idle_seconds)
)


@_register("notchar")
def _not_char(renderer: _Renderer, call: _Call, offset: int) -> str | None:
    """Everyone in the conversation but the speaker: the other cast members, then the user."""
    if call.args:
        return None
    ctx = renderer.ctx
    return ", ".join([name for name in ctx.group if name != ctx.char] + [ctx.user])


@_register("time")
def _time(renderer: _Renderer, call: _Call, offset: int) -> str | None:
    now = _local(renderer.ctx.now)
    if not call.args:
        return moment_format(now, "LT")
    if len(call.args) != 1:
        return None
    match = re.fullmatch(r"UTC([+-]\d{1,4})", call.args[0], re.IGNORECASE)
    if match is None:
        return moment_format(now, "LT")  # SillyTavern ignores an offset it cannot read
    hours = int(match.group(1))
    minutes = hours * 60 if abs(hours) < 16 else hours  # moment's utcOffset(): small numbers are hours
    return moment_format(now.astimezone(timezone(timedelta(minutes=minutes))), "LT")


@_register("datetimeformat")
def _datetime_format(renderer: _Renderer, call: _Call, offset: int) -> str | None:
    if len(call.args) != 1 or not call.args[0]:
        return None
    return moment_format(_local(renderer.ctx.now), call.args[0])


@_register("random", "pick")
def _choice(renderer: _Renderer, call: _Call, offset: int) -> str | None:
    if not call.args:
        return None
    items = call.items
    if call.name == "pick":
        return items[renderer.pick_index(len(items), offset)]
    return items[renderer.ctx.rng.randrange(len(items))]


#: droll's grammar (SillyTavern's dice library): XdY, X and Y from 1, an optional +Z or -Z.
_DICE = re.compile(r"([1-9]\d*)?d([1-9]\d*)([+-]\d+)?", re.IGNORECASE)
_MAX_DICE = 1000  # a card asking for a million dice gets its macro back, not a hung prompt


@_register("roll")
def _roll(renderer: _Renderer, call: _Call, offset: int) -> str | None:
    if len(call.args) != 1:
        return None
    formula = call.args[0].replace(" ", "")
    if formula.isdigit():
        formula = f"1d{formula}"  # {{roll:20}} is a d20, as in SillyTavern
    dice = _DICE.fullmatch(formula)
    if dice is None or int(dice.group(1) or 1) > _MAX_DICE:
        log.debug("Invalid roll formula %r", call.args[0])
        return ""  # SillyTavern: an invalid formula rolls nothing
    count, sides = int(dice.group(1) or 1), int(dice.group(2))
    rng = renderer.ctx.rng
    total = sum(rng.randint(1, sides) for _ in range(count)) + int(dice.group(3) or 0)
    return str(total)


@_register("newline", "space")
def _repeat(renderer: _Renderer, call: _Call, offset: int) -> str | None:
    if len(call.args) > 1:
        return None
    count = int(call.args[0]) if call.args else 1
    if not 0 <= count <= 1000:
        return None
    return ("\n" if call.name == "newline" else " ") * count


@_register("reverse")
def _reverse(renderer: _Renderer, call: _Call, offset: int) -> str | None:
    return call.args[0][::-1] if len(call.args) == 1 else None


def _local(now: datetime) -> datetime:
    return now if now.tzinfo is not None else now.astimezone()


# --- Time, as moment.js (English) writes it ---------------------------------------------

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_FORMATS = {
    "LTS": "h:mm:ss A",
    "LT": "h:mm A",
    "LLLL": "dddd, MMMM D, YYYY h:mm A",
    "LLL": "MMMM D, YYYY h:mm A",
    "LL": "MMMM D, YYYY",
    "L": "MM/DD/YYYY",
}
_FORMAT_TOKEN = re.compile(
    r"\[[^\]]*\]|LTS|LT|LLLL|LLL|LL|L|YYYY|YY|Q|MMMM|MMM|MM|Mo|M|DDDD|DDDo|DDD|Do|DD|D"
    r"|dddd|ddd|dd|do|d|E|HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|A|a|ZZ|Z|X|x|WW|W"
)


def moment_format(moment: datetime, pattern: str) -> str:
    """Format like moment.js's `format()` in English, the subset cards use.

    SillyTavern's {{time}} is moment's "LT" ("2:35 PM") and {{date}} its "LL"
    ("November 30, 2026"); {{datetimeformat}} takes any moment pattern.
    Letters that are no token are kept, as moment keeps them.
    """
    return _FORMAT_TOKEN.sub(lambda token: _format_token(moment, token.group()), pattern)


def _format_token(moment: datetime, token: str) -> str:
    if token.startswith("["):
        return token[1:-1]
    if token in _LONG_FORMATS:
        return moment_format(moment, _LONG_FORMATS[token])
    return _TOKEN_FORMATTERS[token](moment)


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}" + {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _offset(moment: datetime, separator: str) -> str:
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{separator}{minutes:02d}"


def _hour12(moment: datetime) -> int:
    return moment.hour % 12 or 12


_TOKEN_FORMATTERS: dict[str, Callable[[datetime], str]] = {
    "YYYY": lambda m: f"{m.year:04d}",
    "YY": lambda m: f"{m.year % 100:02d}",
    "Q": lambda m: str((m.month - 1) // 3 + 1),
    "MMMM": lambda m: _MONTHS[m.month - 1],
    "MMM": lambda m: _MONTHS[m.month - 1][:3],
    "MM": lambda m: f"{m.month:02d}",
    "Mo": lambda m: _ordinal(m.month),
    "M": lambda m: str(m.month),
    "DDDD": lambda m: f"{m.timetuple().tm_yday:03d}",
    "DDDo": lambda m: _ordinal(m.timetuple().tm_yday),
    "DDD": lambda m: str(m.timetuple().tm_yday),
    "Do": lambda m: _ordinal(m.day),
    "DD": lambda m: f"{m.day:02d}",
    "D": lambda m: str(m.day),
    "dddd": lambda m: _WEEKDAYS[m.weekday()],
    "ddd": lambda m: _WEEKDAYS[m.weekday()][:3],
    "dd": lambda m: _WEEKDAYS[m.weekday()][:2],
    "do": lambda m: _ordinal((m.weekday() + 1) % 7),
    "d": lambda m: str((m.weekday() + 1) % 7),  # moment: Sunday is 0
    "E": lambda m: str(m.isoweekday()),
    "HH": lambda m: f"{m.hour:02d}",
    "H": lambda m: str(m.hour),
    "hh": lambda m: f"{_hour12(m):02d}",
    "h": lambda m: str(_hour12(m)),
    "kk": lambda m: f"{m.hour or 24:02d}",
    "k": lambda m: str(m.hour or 24),
    "mm": lambda m: f"{m.minute:02d}",
    "m": lambda m: str(m.minute),
    "ss": lambda m: f"{m.second:02d}",
    "s": lambda m: str(m.second),
    "SSS": lambda m: f"{m.microsecond // 1000:03d}",
    "SS": lambda m: f"{m.microsecond // 10000:02d}",
    "S": lambda m: str(m.microsecond // 100000),
    "A": lambda m: "AM" if m.hour < 12 else "PM",
    "a": lambda m: "am" if m.hour < 12 else "pm",
    "ZZ": lambda m: _offset(m, ""),
    "Z": lambda m: _offset(m, ":"),
    "X": lambda m: str(int(m.timestamp())),
    "x": lambda m: str(int(m.timestamp() * 1000)),
    "WW": lambda m: f"{m.isocalendar()[1]:02d}",
    "W": lambda m: str(m.isocalendar()[1]),
}


def humanize_duration(seconds: float) -> str:
    """A duration as moment's `humanize()` writes it in English ("5 minutes", "a day").

    SillyTavern's {{idle_duration}} is exactly this, with moment's default
    thresholds: under 45 s "a few seconds", under 45 min minutes, under 22 h
    hours, under 26 days days, under 11 months months, then years. Each unit
    is rounded half up, as JavaScript's Math.round does.
    """
    seconds = abs(seconds)
    if not math.isfinite(seconds):
        return "a few seconds" if math.isnan(seconds) else "many years"
    days = seconds / 86400
    months = days * 4800 / 146097  # moment's days-to-months (400-year Gregorian average)

    def rounded(value: float) -> int:
        return math.floor(value + 0.5)

    if rounded(seconds) <= 44:
        return "a few seconds"
    for count, one, many, below in (
        (rounded(seconds / 60), "a minute", "minutes", 45),
        (rounded(seconds / 3600), "an hour", "hours", 22),
        (rounded(days), "a day", "days", 26),
        (rounded(months), "a month", "months", 11),
    ):
        if count <= 1:
            return one
        if count < below:
            return f"{count} {many}"
    years = rounded(months / 12)
    return "a year" if years <= 1 else f"{years} years"
