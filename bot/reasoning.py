"""Keep a model's reasoning out of Discord and out of memory.

Reasoning arrives two ways: in a separate field of the stream's deltas
(`reasoning_content` from DeepSeek, vLLM, LM Studio; `reasoning` from
OpenRouter and Ollama), or inline in the answer between `<think>` tags
(DeepSeek R1, QwQ, Qwen3, GLM served raw). `ReasoningSplitter` is fed both,
delta by delta, and says at every step how much of the answer is safe to
show; `finish()` gives the answer and the reasoning apart.

How tags are read (SillyTavern's "auto-parse" takes one block at the very
start of the reply, `public/scripts/reasoning.js`; we go further because
Discord would show any leftover tag as text):

- `<think>` or `<thinking>`, any case, with or without attributes
  (`<think type="x">`), opens a block where a line starts: at the start of
  the reply (after whitespace), or after a newline anywhere in it, so a
  block after some answer text is stripped too. In the middle of a line it
  is text: "use the `<think>` tag" stays as the model wrote it.
- The first `</think>` or `</thinking>` ends the block. Blocks do not nest: a
  tag inside reasoning is reasoning text. Several blocks are joined.
- A `</think>` with no opening before it (models whose chat template
  already wrote `<think>` into the prompt: R1, QwQ, Qwen3-Thinking) makes
  everything before it reasoning. While streaming that text was shown as
  the answer until the tag came; `visible` then shrinks, and
  `Split.opening_omitted` tells the caller to make the next splitter for
  this model with `assume_open=True`, which holds everything back until the
  `</think>` (and, if none ever comes, gives it all as the answer at the end).
- A block still open when the stream ends is reasoning, never answer.
- A tag cut across deltas at any character is held back (at most a tag's
  length) until it is known to be a tag or text.

`spoiler()` formats reasoning for Discord, for the "Show the model's
reasoning" setting; `reply_text()` is what to post for a finished reply.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .splitting import DISCORD_LIMIT

log = logging.getLogger(__name__)

__all__ = ["PLACEHOLDER", "ReasoningSplitter", "Split", "reply_text", "split_reasoning", "spoiler"]

#: What is posted for a reply that was all reasoning and no answer.
PLACEHOLDER = "…"

_ATTRIBUTES = 256  # the longest `<think ...>` we wait for before calling it text
# ASCII only, so that case folding cannot make a tag of "<thinK>" (Kelvin sign) that the
# character-by-character check below would not see coming.
_TAG = re.compile(rf"<(/?)(think|thinking)(?:\s[^<>]{{0,{_ATTRIBUTES}}})?>", re.IGNORECASE | re.ASCII)
_ASCII_SPACE = " \t\n\r\f\v"
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class Split:
    """A finished reply, taken apart."""

    answer: str
    reasoning: str
    #: A `<think>` block was still open when the reply ended (often: the token limit).
    unclosed: bool = False
    #: The model writes `</think>` without `<think>`: build its next splitter with `assume_open=True`.
    opening_omitted: bool = False


class ReasoningSplitter:
    """Feed it a reply's stream; it keeps reasoning apart from the answer as it goes.

    One splitter per reply. `feed_text` takes content deltas, `feed_reasoning`
    the separate reasoning field; both may come in any order and size.
    """

    def __init__(self, *, assume_open: bool = False) -> None:
        self._answer: list[str] = []
        self._blocks: list[str] = []  # finished reasoning blocks read from tags
        self._block: list[str] | None = [] if assume_open else None  # the open block, if any
        self._assumed = assume_open  # the open block began without a tag, as we were told to expect
        self._field: list[str] = []
        self._pending = ""  # the end of what arrived, when it may be the start of a tag
        self._line_start = True
        self._tag_seen = False
        self._literal_openings = 0  # "<think>" written mid-line: text, and so is its "</think>"
        self._opening_omitted = False
        self._shown = ""

    @property
    def visible(self) -> str:
        """The answer so far, safe to show: no reasoning, no tag, no half of a tag."""
        return "".join(self._answer).lstrip()

    @property
    def thinking(self) -> bool:
        """Inside reasoning right now (the caller may show a typing indicator)."""
        return self._block is not None

    def feed_text(self, delta: str) -> str:
        """Take a content delta; return `visible`, the whole answer so far.

        The result usually grows; it shrinks once, to what follows the tag,
        when a `</think>` reveals that the text before it was reasoning.
        """
        text = self._pending + delta
        self._pending = ""
        position = 0
        while position < len(text):
            angle = text.find("<", position)
            if angle == -1:
                self._emit(text[position:])
                break
            self._emit(text[position:angle])
            tag = _TAG.match(text, angle)
            if tag is not None:
                self._tag(tag.group(), closing=tag.group(1) == "/")
                position = tag.end()
            elif _may_become_tag(text, angle):
                self._pending = text[angle:]
                break
            else:
                self._emit("<")
                position = angle + 1
        self._shown = self.visible
        return self._shown

    def feed_reasoning(self, delta: str) -> None:
        """Take a delta of the stream's separate reasoning field (`reasoning_content`, `reasoning`)."""
        if delta:
            self._field.append(delta)

    def finish(self) -> Split:
        """The answer and the reasoning, once the stream has ended."""
        if self._pending:  # it never became a tag
            pending, self._pending = self._pending, ""
            self._emit(pending)
        answer = list(self._answer)
        blocks = list(self._blocks)
        unclosed = False
        if self._block is not None:
            if self._assumed:
                answer.extend(self._block)  # no </think> ever came: the model did not think this time
            else:
                blocks.append("".join(self._block))
                unclosed = True
                log.info("The reply ended inside a <think> block; it is treated as reasoning")
        return Split(
            answer="".join(answer).strip(),
            reasoning=_joined_reasoning("".join(self._field), blocks),
            unclosed=unclosed,
            opening_omitted=self._opening_omitted,
        )

    # --- What each piece of the stream does ---

    def _emit(self, text: str) -> None:
        if not text:
            return
        (self._answer if self._block is None else self._block).append(text)
        newline = text.rfind("\n")
        if newline != -1:
            self._line_start = text[newline + 1 :].strip(" \t") == ""
        elif text.strip(" \t"):
            self._line_start = False

    def _tag(self, tag: str, *, closing: bool) -> None:
        if closing:
            self._closing(tag)
        elif self._block is not None:
            if self._assumed and not "".join(self._block).strip():
                self._assumed = False  # the model wrote the <think> we had assumed
                self._tag_seen = True
                self._line_start = True
            else:
                self._emit(tag)  # no nesting: a tag inside reasoning is reasoning text
        elif self._line_start:
            self._block = []
            self._tag_seen = True
        else:
            self._literal_openings += 1
            self._emit(tag)

    def _closing(self, tag: str) -> None:
        if self._block is not None:
            if self._assumed:
                self._opening_omitted = True
            self._blocks.append("".join(self._block))
            self._block = None
            self._assumed = False
        elif self._literal_openings:
            self._literal_openings -= 1
            self._emit(tag)
            return
        elif not self._tag_seen:
            self._opening_omitted = True
            self._blocks.append("".join(self._answer))
            self._answer.clear()
            if self._shown:
                log.warning(
                    "The model wrote </think> without <think>: %d characters already shown as the answer "
                    "were its reasoning (a splitter with assume_open=True holds them back)",
                    len(self._shown),
                )
        else:
            log.debug("Dropped a </think> that closes nothing")
        self._tag_seen = True
        self._line_start = True


def _may_become_tag(text: str, angle: int) -> bool:
    """Whether `text[angle:]`, the end of what has arrived, may still grow into a tag."""
    rest = text[angle + 1 :].removeprefix("/")
    name_end = len(rest) - len(rest.lstrip(_LETTERS))
    name, after = rest[:name_end].lower(), rest[name_end:]
    if not "thinking".startswith(name):
        return False
    if not after:
        return True
    return (
        name in ("think", "thinking")
        and after[0] in _ASCII_SPACE
        and len(after) <= _ATTRIBUTES + 1
        and "<" not in after
        and ">" not in after
    )


def _joined_reasoning(field: str, blocks: list[str]) -> str:
    parts = [field.strip()] + [block.strip() for block in blocks]
    tagged = "\n\n".join(part for part in parts[1:] if part)
    if parts[0] and _squashed(tagged) == _squashed(parts[0]):
        return parts[0]  # a server that sends both (llama.cpp's deepseek-legacy): once is enough
    return "\n\n".join(part for part in (parts[0], tagged) if part)


def _squashed(text: str) -> str:
    return " ".join(text.split())


def split_reasoning(text: str, reasoning: str = "") -> Split:
    """Take apart a reply that came whole (not streamed): its content and reasoning field."""
    splitter = ReasoningSplitter()
    splitter.feed_reasoning(reasoning)
    splitter.feed_text(text)
    return splitter.finish()


# --- Showing reasoning in Discord -----------------------------------------------------------

_MARKDOWN_TO_ESCAPE = re.compile(r"[\\|`~]")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_BLANK_LINES = re.compile(r"\n\s*\n")
_CUT_NOTE = "\n[…{} more characters of reasoning not shown]"


def spoiler(reasoning: str, *, limit: int = DISCORD_LIMIT, max_messages: int = 3) -> str:
    """The reasoning as Discord spoilers (`||…||`), to post above the answer; "" for none.

    `limit` is a message's size (at least a few hundred characters).

    What could break a spoiler is escaped: `||` would end it early, a code
    span or fence would swallow its closing `||`, a trailing backslash would
    escape it; so every `\\`, `|`, backtick and `~` becomes literal text.

    Long reasoning is cut into spoilers of at most `limit` characters, each
    closed and reopened, separated by blank lines, with no blank line inside
    one (paragraph breaks become line breaks). `bot.splitting.split_reply`
    cuts only at blank lines when every paragraph fits, so it never cuts a
    spoiler in two: spoiler plus answer can go through it as one text.
    Beyond `max_messages` spoilers the rest is left out, with a note saying
    how much: a channel should not fill with pages of thinking.
    """
    max_messages = max(1, max_messages)
    body = _BLANK_LINES.sub("\n", reasoning.strip())
    body = _MARKDOWN_TO_ESCAPE.sub(lambda match: "\\" + match.group(), body)
    room = limit - 4  # the two "||"
    chunks: list[str] = []
    while body and len(chunks) < max_messages:
        if len(body) <= room:
            chunks.append(body)
            body = ""
            break
        cut = _cut(body, room)
        chunks.append(body[:cut].rstrip())
        body = body[cut:].lstrip()
    if body:
        last = chunks[-1]
        if len(last) + len(_CUT_NOTE.format(len(body) + len(last))) > room:
            cut = _cut(last, room - len(_CUT_NOTE.format(len(body) + len(last))))
            body = last[cut:] + body
            last = last[:cut].rstrip()
        chunks[-1] = last + _CUT_NOTE.format(len(_ESCAPE.sub(r"\1", body)))
    return "\n\n".join(f"||{chunk}||" for chunk in chunks if chunk)


def _cut(text: str, room: int) -> int:
    """Where to end a spoiler: the last line break that fits, else the last space, else hard;
    never between a backslash and the character it escapes."""
    cut = text.rfind("\n", 0, room + 1)
    if cut < room // 2:
        cut = text.rfind(" ", 0, room + 1)
    if cut < room // 2:
        cut = room
    backslashes = len(text[:cut]) - len(text[:cut].rstrip("\\"))
    return cut - 1 if backslashes % 2 else cut


def reply_text(split: Split, *, show_reasoning: bool) -> str:
    """What to post for a finished reply: the answer, under its reasoning if the setting is on.

    A reply with no answer (all reasoning, or nothing) is posted as the
    placeholder, never as an empty message, and logged.
    """
    answer = split.answer
    if not answer:
        if split.reasoning:
            log.info(
                "The reply was only reasoning (%d characters), no answer; posting %s", len(split.reasoning), PLACEHOLDER
            )
        else:
            log.info("The reply was empty; posting %s", PLACEHOLDER)
        answer = PLACEHOLDER
    if show_reasoning and split.reasoning:
        return f"{spoiler(split.reasoning)}\n\n{answer}"
    return answer
