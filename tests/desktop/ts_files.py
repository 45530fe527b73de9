"""Reading Qt Linguist .ts files (the translations' sources) for the translation tests."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

#: (context, source text, disambiguation comment or "")
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Message:
    numerus: bool
    unfinished: bool
    forms: tuple[str, ...]  # one text, or the plural forms of a numerus message


def read_ts(path: Path) -> tuple[str, dict[Key, Message]]:
    """(the file's language, its messages)."""
    root = ET.parse(path).getroot()
    found: dict[Key, Message] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            translation = message.find("translation")
            assert translation is not None, f"{path.name}: {key} has no <translation>"
            numerus = message.get("numerus") == "yes"
            if numerus:
                forms = tuple(form.text or "" for form in translation.iter("numerusform"))
            else:
                forms = (translation.text or "",)
            unfinished = translation.get("type") in ("unfinished", "vanished", "obsolete")
            found[key] = Message(numerus, unfinished, forms)
    return root.get("language") or "", found
