"""Split a long reply into Discord-sized messages.

Discord refuses messages over 2,000 characters. We cut on paragraph, then
sentence, then word boundaries, and never leave a code block open across two
messages: a block too long for one message is closed and reopened.
"""

from __future__ import annotations

import re

DISCORD_LIMIT = 2000

_FENCE = re.compile(r"^```", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def split_reply(text: str, limit: int = DISCORD_LIMIT) -> list[str]:
    """Return the pieces to send, each at most `limit` characters, none empty."""
    text = text.strip()
    if not text:
        return []
    if len(text) <= limit:
        return [text]
    pieces: list[tuple[str, str]] = []
    for block in _blocks(text):
        if block.startswith("```"):
            pieces.extend((code, "\n") for code in _split_code_block(block, limit))
        else:
            pieces.extend(_split_prose(block, limit))
    return _pack(pieces, limit)


def _blocks(text: str) -> list[str]:
    """Alternate prose and fenced code blocks; code blocks stay whole here."""
    blocks: list[str] = []
    position = 0
    fences = [m.start() for m in _FENCE.finditer(text)]
    for opening, closing in zip(fences[0::2], fences[1::2]):
        end = text.find("\n", closing)
        end = len(text) if end == -1 else end
        blocks.append(text[position:opening])
        blocks.append(text[opening:end])
        position = end
    if len(fences) % 2:  # an unclosed fence: treat the rest as code
        blocks.append(text[position : fences[-1]])
        blocks.append(text[fences[-1] :] + "\n```")
        position = len(text)
    blocks.append(text[position:])
    return [block.strip("\n") for block in blocks if block.strip()]


def _split_prose(text: str, limit: int) -> list[tuple[str, str]]:
    """Pieces with the separator that joins each to the one before it."""
    pieces: list[tuple[str, str]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if len(paragraph) <= limit:
            pieces.append((paragraph, "\n\n"))
            continue
        separator = "\n\n"
        for sentence in _SENTENCE_END.split(paragraph):
            for words in _split_words(sentence, limit):
                pieces.append((words, separator))
                separator = " "
    return pieces


def _split_words(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def _split_code_block(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    lines = block.split("\n")
    opening = lines[0]
    body = lines[1:-1] if lines[-1].strip() == "```" else lines[1:]
    room = limit - len(opening) - len("\n\n```")
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in body:
        for chunk in _split_words(line, room) if len(line) > room else [line]:
            if current and size + len(chunk) + 1 > room:
                pieces.append("\n".join([opening, *current, "```"]))
                current, size = [], 0
            current.append(chunk)
            size += len(chunk) + 1
    if current:
        pieces.append("\n".join([opening, *current, "```"]))
    return pieces


def _pack(pieces: list[tuple[str, str]], limit: int) -> list[str]:
    """Join small pieces back together, as many as fit, with their own separators."""
    messages: list[str] = []
    for piece, separator in pieces:
        if messages and len(messages[-1]) + len(separator) + len(piece) <= limit:
            messages[-1] = f"{messages[-1]}{separator}{piece}"
        else:
            messages.append(piece)
    return messages
