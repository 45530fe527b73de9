"""What a Discord message's attachments become for the model: images, inlined text, one-line notes.

Why a module of its own: downloading, sniffing and re-encoding files is a job apart
from deciding what to answer (client.py) and from laying out the prompt (prompt.py).
Everything here fails soft: a file that cannot be downloaded or read is named in the
log and in the message text ("[image: cat.png (could not be downloaded)]"), so the
character can say so, and the reply goes on.

- Images (PNG, JPEG, WebP, GIF; animated ones by their first frame) are recognised by
  their bytes, never by the file name, decoded off the event loop, turned upright
  (EXIF), shrunk to at most ``MAX_IMAGE_SIDE`` on the long side and re-encoded under
  ``MAX_IMAGE_BYTES``: JPEG for photos, PNG for transparency and for screenshots and
  drawings (see ``_fit``). PNG and JPEG data URLs are what every
  OpenAI-compatible server takes (OpenAI, OpenRouter, Ollama, LM Studio, llama.cpp,
  vLLM); WebP is not accepted by all of them. Re-encoding also drops EXIF, so a
  photo's GPS position is not sent on to a third-party model.
- Text files (``text/*`` and known code/data extensions) up to ``MAX_TEXT_CHARS`` are
  inlined as fenced blocks with a language hint, longer ones cut with a note; pasted
  secrets are redacted as in message text.
- Anything else is one line, ``[attachment: cat.zip]``, as before.

Downloads use ``discord.Attachment.read()``, i.e. the bot's own aiohttp session (its
proxy settings included), each under a timeout. Pillow is imported only when an
image arrives: a bot that never sees one does not pay its memory.

Typical use, once per reply (``cache`` and ``recent`` live as long as the client)::

    parts = await read_attachments(message, images=send, max_images=n, timeout=15, cache=cache)
    content = model_content(f"{name}: {text}\\n{parts.text}", parts.images)
    older = await collect_history_images(channel, [(id, stored_text), ...newest first],
                                         recent, max_images=n - len(parts.images), cache=cache)
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import logging
import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

import aiohttp
import discord

from . import redact
from .images import ImageError, encode_image, image_tokens

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MAX_IMAGES",
    "DEFAULT_TIMEOUT",
    "ImageCache",
    "ImagePart",
    "MessageParts",
    "RecentAttachments",
    "Skipped",
    "UnreadableAttachment",
    "collect_history_images",
    "describe_attachments",
    "has_image_marker",
    "model_content",
    "read_attachments",
]

# --------------------------------------------------------------------------- caps

#: Images per reply when the caller does not say (the ``max_images`` setting's default).
DEFAULT_MAX_IMAGES = 4
#: Seconds for one download; they run side by side, so a message waits about this long at most.
DEFAULT_TIMEOUT = 15.0
#: Not downloaded at all above this (Discord says the size up front).
MAX_IMAGE_DOWNLOAD = 25 * 1024 * 1024
#: Inlined characters per text file (about 8,000 tokens): a whole source file or a long
#: note, while leaving room for the character and the conversation in a 16k context.
MAX_TEXT_CHARS = 32_000
#: Text files larger than this are not downloaded (the head of a log could be, but
#: ``Attachment.read()`` reads everything).
MAX_TEXT_DOWNLOAD = 1024 * 1024
#: Bytes of processed images kept in memory (``ImageCache``): 30-100 typical images.
DEFAULT_CACHE_BYTES = 24 * 1024 * 1024

_IMAGE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/webp", "image/gif", "image/apng"}
)
_IMAGE_EXTENSIONS = frozenset({".png", ".apng", ".jpg", ".jpeg", ".jpe", ".jfif", ".webp", ".gif"})
#: Extension -> fence language hint. Also decides that a file is text.
_LANGUAGES: Mapping[str, str] = {
    ".txt": "",
    ".text": "",
    ".log": "",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "rst",
    ".json": "json",
    ".jsonl": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".ini": "ini",
    ".cfg": "ini",
    ".conf": "ini",
    ".env": "",
    ".properties": "properties",
    ".xml": "xml",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
    ".css": "css",
    ".scss": "scss",
    ".svg": "xml",
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "jsx",
    ".ts": "typescript",
    ".tsx": "tsx",
    ".vue": "vue",
    ".svelte": "svelte",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".cs": "csharp",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".scala": "scala",
    ".go": "go",
    ".rs": "rust",
    ".rb": "ruby",
    ".php": "php",
    ".pl": "perl",
    ".lua": "lua",
    ".swift": "swift",
    ".dart": "dart",
    ".r": "r",
    ".jl": "julia",
    ".hs": "haskell",
    ".ex": "elixir",
    ".exs": "elixir",
    ".erl": "erlang",
    ".clj": "clojure",
    ".sh": "bash",
    ".bash": "bash",
    ".zsh": "bash",
    ".fish": "fish",
    ".ps1": "powershell",
    ".bat": "batch",
    ".cmd": "batch",
    ".sql": "sql",
    ".graphql": "graphql",
    ".proto": "protobuf",
    ".diff": "diff",
    ".patch": "diff",
    ".tex": "latex",
    ".srt": "",
    ".vtt": "",
    ".gd": "gdscript",
    ".zig": "zig",
    ".nim": "nim",
    ".asm": "asm",
    ".cmake": "cmake",
}
_TEXT_NAMES = frozenset({"dockerfile", "makefile", "readme", "license", ".gitignore", ".env", ".editorconfig"})
_TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/xml",
        "application/javascript",
        "application/x-javascript",
        "application/typescript",
        "application/x-yaml",
        "application/yaml",
        "application/toml",
        "application/x-sh",
        "application/x-shellscript",
        "application/sql",
        "application/x-python",
        "application/x-httpd-php",
        "application/ld+json",
        "application/x-ndjson",
    }
)

#: The line an image leaves in the message text; also how a stored message tells that it had images.
_IMAGE_MARKER = re.compile(r"^\[image: ", re.MULTILINE)

# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ImagePart:
    """One processed image, ready to go into a request as a data URL."""

    attachment_id: int
    filename: str
    media_type: Literal["image/jpeg", "image/png"]
    width: int
    height: int
    data_url: str

    @property
    def tokens(self) -> int:
        """Prompt tokens this image costs (an estimate on the safe side; see ``image_tokens``)."""
        return image_tokens(self.width, self.height)

    @property
    def nbytes(self) -> int:
        """What it holds in memory (the data URL dominates)."""
        return len(self.data_url) + 200

    def part(self) -> dict[str, Any]:
        """The OpenAI chat content part."""
        return {"type": "image_url", "image_url": {"url": self.data_url}}


@dataclass(frozen=True)
class Skipped:
    """An attachment left out, and why, in words a user could read."""

    filename: str
    reason: str


@dataclass(frozen=True)
class MessageParts:
    """What a message's attachments add to it.

    ``text`` goes after the message's own text (and into memory): fenced text files
    and one line per image or other file. ``images`` go into the request as image
    parts, in attachment order; at most ``max_images`` of them.
    """

    text: str = ""
    images: tuple[ImagePart, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @property
    def image_tokens(self) -> int:
        return sum(image.tokens for image in self.images)


def model_content(text: str, images: Sequence[ImagePart] = ()) -> str | list[dict[str, Any]]:
    """A user message's ``content``: the plain string when there are no images.

    A plain string keeps text-only requests exactly as they were (every server takes
    them); with images it is the text part first, then one ``image_url`` part each.
    """
    if not images:
        return text
    return [{"type": "text", "text": text}, *(image.part() for image in images)]


def has_image_marker(stored_text: str) -> bool:
    """Whether a remembered message text says it carried images (``[image: ...]`` lines)."""
    return bool(_IMAGE_MARKER.search(stored_text))


# --------------------------------------------------------------------------- cache


class ImageCache:
    """Processed images by attachment id, least recently used out first, bounded in bytes.

    Why: the same history image goes into several replies in a row; without this each
    would download and re-encode it again. Images that can never be read (broken, a
    bomb) are remembered too, so they are not fetched again; failed downloads are not.
    Used from the event loop only.
    """

    _FAILED_COST = 200

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[int, ImagePart | Skipped] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, attachment_id: object) -> bool:
        return attachment_id in self._entries

    @property
    def nbytes(self) -> int:
        return self._bytes

    def get(self, attachment_id: int) -> ImagePart | Skipped | None:
        entry = self._entries.get(attachment_id)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end(attachment_id)
        return entry

    def put(self, attachment_id: int, entry: ImagePart | Skipped) -> None:
        cost = self._cost(entry)
        if cost > self.max_bytes:
            return
        old = self._entries.pop(attachment_id, None)
        if old is not None:
            self._bytes -= self._cost(old)
        self._entries[attachment_id] = entry
        self._bytes += cost
        while self._bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= self._cost(evicted)

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def _cost(self, entry: ImagePart | Skipped) -> int:
        return entry.nbytes if isinstance(entry, ImagePart) else self._FAILED_COST


# --------------------------------------------------------------------------- classification

Kind = Literal["image", "text", "other"]


def _media_type(attachment: discord.Attachment) -> str:
    return (attachment.content_type or "").split(";")[0].strip().lower()


def _extension(filename: str) -> str:
    return PurePosixPath(filename.lower()).suffix


def _kind(attachment: discord.Attachment) -> Kind:
    """What the attachment claims to be. Only a claim: the bytes decide once downloaded."""
    media_type = _media_type(attachment)
    extension = _extension(attachment.filename)
    if media_type in _IMAGE_TYPES or (not media_type.startswith("text/") and extension in _IMAGE_EXTENSIONS):
        return "image"
    if (
        media_type.startswith("text/")
        or media_type in _TEXT_TYPES
        or extension in _LANGUAGES
        or attachment.filename.lower() in _TEXT_NAMES
        or attachment.filename.lower().startswith(".env.")
    ):
        return "text"
    return "other"


def _sniff_image(data: bytes) -> bool:
    """Magic bytes of the four formats we decode; Pillow (restricted to them) has the last word."""
    return (
        data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))
        or data[:6] in (b"GIF87a", b"GIF89a")
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def _display_name(filename: str) -> str:
    """The file name as the model reads it: one line, no brackets or backticks to break our markup."""
    cleaned = re.sub(r"[\x00-\x1f\x7f`\[\]]", "_", filename).strip()
    return cleaned[:120] or "file"


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def describe_attachments(attachments: Iterable[discord.Attachment]) -> str:
    """One line per attachment, nothing downloaded: for messages that are only remembered.

    Images get ``[image: name]`` (the marker ``has_image_marker`` finds later, so their
    pictures can be fetched for a reply), text files ``[file: name]``, others
    ``[attachment: name]``.
    """
    return "\n".join(_one_line(a, _kind(a)) for a in attachments)


def _one_line(attachment: discord.Attachment, kind: Kind, note: str = "") -> str:
    label = {"image": "image", "text": "file", "other": "attachment"}[kind]
    suffix = f" ({note})" if note else ""
    return f"[{label}: {_display_name(attachment.filename)}{suffix}]"


# --------------------------------------------------------------------------- reading


class UnreadableAttachment(Exception):
    """A text file's bytes arrived but cannot be used; ``str()`` is a reason a user could read.

    Like `bot.images.ImageError` for images, ``read_attachments`` turns it into a note."""


@dataclass
class _Outcome:
    """What became of one attachment (filled in by its own task)."""

    attachment: discord.Attachment
    kind: Kind
    image: ImagePart | None = None
    text: str | None = None
    note: str = ""  # shown in the message text
    problem: str = ""  # why it was left out, for ``skipped``


async def read_attachments(
    source: discord.Message | Sequence[discord.Attachment],
    *,
    images: bool = True,
    max_images: int = DEFAULT_MAX_IMAGES,
    timeout: float = DEFAULT_TIMEOUT,
    cache: ImageCache | None = None,
    texts: bool = True,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> MessageParts:
    """Download and prepare a message's attachments; never raises for a bad file.

    ``images=False`` (the setting is Off, or the model is known to be text-only) or a
    spent ``max_images`` leaves images as one line each, undownloaded. ``texts=False``
    does the same for text files (history, whose text is already in memory). Downloads
    run side by side, each limited by ``timeout``; decoding runs in threads.
    """
    if isinstance(source, discord.Message):
        attachments: Sequence[discord.Attachment] = source.attachments
        where = f" of message {source.id}"
    else:
        attachments, where = source, ""
    outcomes = [_Outcome(a, _kind(a)) for a in attachments]
    budget = max(0, max_images) if images else 0
    jobs = []
    for outcome in outcomes:
        attachment = outcome.attachment
        if outcome.kind == "image":
            if budget <= 0:
                continue  # one line, not downloaded
            budget -= 1
            cached = cache.get(attachment.id) if cache is not None else None
            if isinstance(cached, ImagePart):
                outcome.image = cached
            elif isinstance(cached, Skipped):
                outcome.note = outcome.problem = cached.reason
            else:
                jobs.append(_read_one(outcome, timeout, max_text_chars, images=True, cache=cache, where=where))
        elif outcome.kind == "text" and texts:
            jobs.append(_read_one(outcome, timeout, max_text_chars, images=budget > 0, cache=cache, where=where))
    if jobs:
        await asyncio.gather(*jobs)
    return _assemble(outcomes, max_images if images else 0)


def _assemble(outcomes: list[_Outcome], max_images: int) -> MessageParts:
    lines: list[str] = []
    found: list[ImagePart] = []
    skipped: list[Skipped] = []
    for outcome in outcomes:
        attachment = outcome.attachment
        if outcome.image is not None and len(found) < max_images:
            found.append(outcome.image)
            lines.append(f"[image: {_display_name(attachment.filename)}]")
        elif outcome.image is not None:  # a "text" file that was an image, over the budget
            lines.append(f"[image: {_display_name(attachment.filename)}]")
        elif outcome.text is not None:
            lines.append(outcome.text)
        else:
            lines.append(_one_line(attachment, outcome.kind, outcome.note))
        if outcome.problem:
            skipped.append(Skipped(attachment.filename, outcome.problem))
    return MessageParts("\n".join(lines), tuple(found), tuple(skipped))


async def _read_one(
    outcome: _Outcome, timeout: float, max_text_chars: int, *, images: bool, cache: ImageCache | None, where: str
) -> None:
    """Download one attachment and make it an image or a text block; every failure ends in a note."""
    attachment = outcome.attachment
    name = f"{attachment.filename!r} (attachment {attachment.id}{where})"
    limit = MAX_IMAGE_DOWNLOAD if outcome.kind == "image" else MAX_TEXT_DOWNLOAD
    if attachment.size > limit:
        log.info("Not downloading %s: %s is over the %s limit", name, _size_text(attachment.size), _size_text(limit))
        outcome.note = outcome.problem = f"too large to read, {_size_text(attachment.size)}"
        return
    data = await _download(attachment, timeout, name)
    if data is None:
        outcome.note = outcome.problem = "could not be downloaded"
        return
    if _sniff_image(data):
        if not images:
            outcome.kind = "image"  # a text file that is really an image, with no room for it
            return
        try:
            outcome.image = await asyncio.to_thread(_image_part, data, attachment)
        except (UnreadableAttachment, ImageError) as exc:
            log.warning("Leaving out %s: %s", name, exc)
            outcome.kind = "image"
            outcome.note = outcome.problem = str(exc)
            if cache is not None:
                cache.put(attachment.id, Skipped(attachment.filename, str(exc)))
            return
        if cache is not None:
            cache.put(attachment.id, outcome.image)
        return
    if outcome.kind == "image":
        reason = "not a PNG, JPEG, WebP or GIF image"
        log.warning("Leaving out %s: %s", name, reason)
        outcome.note = outcome.problem = reason
        if cache is not None:
            cache.put(attachment.id, Skipped(attachment.filename, reason))
        return
    try:
        outcome.text = await asyncio.to_thread(_text_block, data, attachment.filename, max_text_chars)
    except (UnreadableAttachment, ImageError) as exc:
        log.warning("Leaving out %s: %s", name, exc)
        outcome.kind = "other"
        outcome.note = outcome.problem = str(exc)


async def _download(attachment: discord.Attachment, timeout: float, name: str) -> bytes | None:
    """``Attachment.read()`` (the bot's own session) under a timeout; None, logged, on any failure."""
    try:
        async with asyncio.timeout(timeout):
            return await attachment.read()
    except TimeoutError:
        log.warning("Could not download %s: no answer within %g s", name, timeout)
    except discord.HTTPException as exc:
        log.warning("Could not download %s: HTTP %s", name, exc.status)
    except (aiohttp.ClientError, OSError) as exc:
        log.warning("Could not download %s: %s", name, exc.__class__.__name__ if not str(exc) else exc)
    return None


# --------------------------------------------------------------------------- images (in a thread)


def _image_part(data: bytes, attachment: discord.Attachment) -> ImagePart:
    media_type, encoded, width, height = encode_image(data)
    url = f"data:{media_type};base64,{base64.b64encode(encoded).decode('ascii')}"
    return ImagePart(attachment.id, attachment.filename, media_type, width, height, url)


# --------------------------------------------------------------------------- text (in a thread)


def _text_block(data: bytes, filename: str, max_chars: int) -> str:
    """A fenced block with the file's name and a language hint, cut with a note if long."""
    if _looks_binary(data):
        raise UnreadableAttachment("not a text file")
    text = redact.redact(_decode(data).replace("\r\n", "\n"))
    total = len(text)
    note = ""
    if total > max_chars:
        cut = text.rfind("\n", int(max_chars * 0.8), max_chars)
        text = text[: cut if cut > 0 else max_chars]
        note = f"\n[file cut: the first {len(text):,} of {total:,} characters]"
    language = _LANGUAGES.get(_extension(filename), "")
    fence = "`" * max(3, _longest_backtick_run(text) + 1)  # a fence the content cannot close
    return f"[file: {_display_name(filename)}]\n{fence}{language}\n{text.rstrip()}\n{fence}{note}"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def _decode(data: bytes) -> str:
    """UTF-8 (BOMs honoured); a file that is not UTF-8 is read as Windows-1252/Latin-1.

    Why not always UTF-8 with replacement: a Latin-1 file would lose every accent. A
    UTF-8 file with a few damaged bytes stays UTF-8 (valid multi-byte characters
    outnumber the damage), with U+FFFD in place of the damage.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", "replace")
    damaged = lenient.count("\ufffd")
    valid_non_ascii = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if valid_non_ascii > damaged:
        return lenient
    return data.decode("cp1252", "replace")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


# --------------------------------------------------------------------------- history


class RecentAttachments:
    """Image attachments of recent messages by message id, so later replies can show them again.

    Why: memory (SQLite) keeps only text. Feed every message the bot sees to
    ``remember``; a reply then finds a history image's ``discord.Attachment`` here
    (and its pixels in ``ImageCache``). After a restart this is empty:
    ``attachments_of`` asks Discord for the message again (one REST call, fresh URLs,
    since Discord's signed attachment URLs expire), and only for messages whose
    stored text has an ``[image: ...]`` line. Bounded by message count; a few hundred
    bytes each.
    """

    def __init__(self, max_messages: int = 1000) -> None:
        self.max_messages = max_messages
        self._by_message: OrderedDict[int, tuple[discord.Attachment, ...]] = OrderedDict()
        self.fetches = 0

    def __len__(self) -> int:
        return len(self._by_message)

    def remember(self, message: discord.Message) -> None:
        """Note the message's image attachments (nothing is downloaded); cheap, call it for every message."""
        found = tuple(a for a in message.attachments if _kind(a) == "image")
        self._put(message.id, found)

    def known(self, message_id: int) -> tuple[discord.Attachment, ...] | None:
        found = self._by_message.get(message_id)
        if found is not None:
            self._by_message.move_to_end(message_id)
        return found

    async def attachments_of(
        self, channel: discord.abc.Messageable, message_id: int, *, timeout: float = DEFAULT_TIMEOUT
    ) -> tuple[discord.Attachment, ...]:
        """The message's image attachments: remembered, or fetched from Discord once (then remembered)."""
        found = self.known(message_id)
        if found is not None:
            return found
        self.fetches += 1
        try:
            async with asyncio.timeout(timeout):
                message = await channel.fetch_message(message_id)
        except (discord.NotFound, discord.Forbidden) as exc:
            log.info("Message %s is gone or out of reach (HTTP %s); its images are not sent", message_id, exc.status)
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as exc:
            log.warning("Could not fetch message %s for its images: %s", message_id, exc or exc.__class__.__name__)
            return ()  # not remembered: a later reply may try again
        else:
            self.remember(message)
            return self.known(message_id) or ()
        self._put(message_id, ())
        return ()

    def _put(self, message_id: int, attachments: tuple[discord.Attachment, ...]) -> None:
        self._by_message[message_id] = attachments
        self._by_message.move_to_end(message_id)
        while len(self._by_message) > self.max_messages:
            self._by_message.popitem(last=False)


async def collect_history_images(
    channel: discord.abc.Messageable,
    turns: Iterable[tuple[int, str]],
    recent: RecentAttachments,
    *,
    max_images: int,
    timeout: float = DEFAULT_TIMEOUT,
    cache: ImageCache | None = None,
) -> dict[int, tuple[ImagePart, ...]]:
    """Images of earlier messages, newest first, until ``max_images``: message id -> images.

    ``turns`` are (message id, stored text) of the history's user messages, NEWEST
    FIRST, without the message being answered (its images come from
    ``read_attachments``, and its count comes off ``max_images``). Only messages whose
    text has an ``[image: ...]`` line are looked at, so a restart costs at most one
    REST call per image-bearing message, and none once ``max_images`` is reached.
    """
    found: dict[int, tuple[ImagePart, ...]] = {}
    budget = max_images
    for message_id, stored_text in turns:
        if budget <= 0:
            break
        if not has_image_marker(stored_text):
            continue
        attachments = await recent.attachments_of(channel, message_id, timeout=timeout)
        if not attachments:
            continue
        parts = await read_attachments(
            attachments, images=True, texts=False, max_images=budget, timeout=timeout, cache=cache
        )
        if parts.images:
            found[message_id] = parts.images
            budget -= len(parts.images)
    return found
