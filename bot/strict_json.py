"""JSON for the loaders: every way a document can be unusable is one `JsonProblem`.

Python's `json` fails in several untyped ways (RecursionError on deep nesting,
ValueError on integers over 4,300 digits), accepts NaN and Infinity, and hands
back strings holding lone surrogates ("\\ud800" escapes) that cannot be
written as UTF-8. The loaders (cards, presets, settings, secrets) parse through
here, turn `JsonProblem` into their own typed error, and use `find_problem`
on what they are about to keep so that whatever loads can also be saved.

Reasons are phrases that never quote the document: the file may hold a token.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from typing import Any

# Real files are shallow (a card's lorebook entry extensions sit about 8 levels
# down); anything deeper is damage or an attack, and a limit well under the
# interpreter's recursion limit keeps every later walk (pydantic, json.dumps) safe.
MAX_DEPTH = 64

# CPython refuses to convert longer digit strings (sys.set_int_max_str_digits).
_MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300
_INT_LIMIT = 10**_MAX_INT_DIGITS  # the smallest number with one digit too many
_INT_LIMIT_BITS = _INT_LIMIT.bit_length() - 1  # a cheap test before comparing

TOO_DEEP = f"is nested too deeply (more than {MAX_DEPTH} levels of objects and arrays)"
NOT_FINITE = "is not a finite number (NaN, Infinity or too large for JSON)"
LONE_SURROGATE = "holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not a character"
INT_TOO_LONG = f"holds a number longer than {_MAX_INT_DIGITS:,} digits"

Path = tuple[str | int, ...]


class JsonProblem(ValueError):
    """Why a document or value is not usable JSON.

    `reason` is a phrase to put after a subject ("The file ... <reason>");
    `path` says where, when known (`describe_path` renders it).
    """

    def __init__(self, reason: str, path: Path = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    @property
    def where(self) -> str:
        return describe_path(self.path)


def parse_json_bytes(data: bytes) -> Any:
    """Parse UTF-8 JSON (a BOM is allowed; Windows editors add one).

    Raises `JsonProblem` for bytes that are not UTF-8, syntax errors, nesting
    deeper than MAX_DEPTH and integers too long to convert. NaN, Infinity and
    lone surrogates parse; `find_problem` reports them with their location.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonProblem(f"is not UTF-8 text (invalid byte at position {exc.start})") from None
    return parse_json_text(text)


def parse_json_text(text: str) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        # exc.msg is a fixed phrase ("Expecting value"); exc.doc (the text) is never shown.
        raise JsonProblem(f"cannot be parsed: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise JsonProblem(TOO_DEEP) from None
    except ValueError:
        # With str input, json.loads' only other ValueError is int() refusing a long digit string.
        raise JsonProblem(INT_TOO_LONG) from None
    too_deep = _too_deep_at(value, MAX_DEPTH)
    if too_deep is not None:
        raise JsonProblem(TOO_DEEP, too_deep)
    return value


def find_problem(value: Any) -> JsonProblem | None:
    """The first thing in `value` that strict UTF-8 JSON cannot hold, or None.

    Checks nesting depth, non-finite floats, integers too long to write and
    lone surrogates in strings and keys.
    Iterative, so a deep value cannot overflow the stack here.
    """
    stack: list[tuple[Any, Path]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict | list | tuple) and len(path) >= MAX_DEPTH:
            return JsonProblem(TOO_DEEP, path)
        if isinstance(item, float) and not math.isfinite(item):
            return JsonProblem(NOT_FINITE, path)
        if isinstance(item, int) and item.bit_length() >= _INT_LIMIT_BITS and abs(item) >= _INT_LIMIT:
            return JsonProblem(INT_TOO_LONG, path)
        if isinstance(item, str) and has_lone_surrogate(item):
            return JsonProblem(LONE_SURROGATE, path)
        if isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if isinstance(key, str) and has_lone_surrogate(key):
                    return JsonProblem(LONE_SURROGATE, (*path, key))
                stack.append((child, (*path, key)))
        elif isinstance(item, list | tuple):
            stack.extend((child, (*path, i)) for i, child in reversed(list(enumerate(item))))
    return None


def has_lone_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def replace_lone_surrogates(value: Any) -> tuple[Any, int]:
    """`value` with each lone surrogate (in strings and keys) replaced by U+FFFD, and how many.

    Only for values already within MAX_DEPTH (it recurses).
    """
    if isinstance(value, str):
        if not has_lone_surrogate(value):
            return value, 0
        count = sum(1 for ch in value if _is_surrogate(ch))
        return "".join("\ufffd" if _is_surrogate(ch) else ch for ch in value), count
    if isinstance(value, list):
        items = [replace_lone_surrogates(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        count = 0
        for key, child in value.items():
            new_key, n_key = replace_lone_surrogates(key)
            new_child, n_child = replace_lone_surrogates(child)
            out[new_key] = new_child
            count += n_key + n_child
        return out, count
    return value, 0


def _is_surrogate(ch: str) -> bool:
    return 0xD800 <= ord(ch) <= 0xDFFF


def describe_path(path: Sequence[str | int]) -> str:
    """('data', 'character_book', 'entries', 0, 'content') -> 'data.character_book.entries[0].content'.

    A path deeper than 8 parts is cut after 6 ("x[0][0][0]…"): where it starts is what helps.
    """
    out = ""
    for part in path[:6] if len(path) > 8 else path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + printable(part, 40)
    return out + ("…" if len(path) > 8 else "")


def printable(text: str, limit: int = 80) -> str:
    """`text` safe for a message or a log line: lone surrogates escaped, long text cut."""
    safe = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def _too_deep_at(value: Any, limit: int) -> Path | None:
    """Where `value` first nests deeper than `limit` containers, or None (iterative)."""
    stack: list[tuple[Any, Path]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if isinstance(item, dict):
            children = item.items()
        elif isinstance(item, list):
            children = enumerate(item)  # type: ignore[assignment]
        else:
            continue
        if len(path) >= limit:
            return path
        stack.extend((child, (*path, key)) for key, child in children)
    return None
