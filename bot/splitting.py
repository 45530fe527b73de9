"""Split a long reply into Discord-sized messages.

Discord refuses messages over 2,000 characters. We cut on paragraph, then
sentence, then word boundaries, and never leave a code block open across two
messages: a block too long for one message is closed and reopened with its
language, so every piece renders like its part of the whole reply.

Where the code blocks are (the fence rule). Discord's client opens a code block
at ``` anywhere in a line and closes it at the next ```, mid-line or not;
CommonMark (what models write) adds fences at line starts, of three or more
backticks or tildes, closed by a fence at least as long. So:

- A run of n >= 3 backticks opens a block that closes at the next run of at
  least n backticks, wherever it is (mid-line is where Discord closes it; the
  length lets a ```` block show ``` lines, as in CommonMark). With no such run,
  a fence line (at most three spaces before the run and no backtick after it
  on the line) runs to the end of the reply, as in CommonMark; a run anywhere
  else is plain text, as in both.
- A fence line of n >= 3 tildes opens a block that only a line of at least n
  tildes closes (CommonMark; Discord shows tildes as text, and what lies
  between them stays together either way).
- An inline code span of one or two backticks closed on the same line is not
  scanned for fences: the ``` in `` ``` `` is text, in Discord and CommonMark.
  Word cuts avoid such spans where another cut fits.
- A language name and a newline right after the opening fence are the block's
  language (what Discord highlights, and what a reopened piece repeats);
  anything else after the fence is code, as Discord shows it.

A cut never makes a fence of text that was none (a mid-line ``` starting a
message, "~~~ x" in a code block cut down to a bare "~~~"), so each piece reads
under these rules as its part of the reply does.

A short reply is returned as it is. In a long one, a fence line left open is
closed at the end of the reply, so that no piece ends inside a block.

A reply still being written (streamed into a message that is edited as it grows)
is cut by the same rules as it grows: `StreamSplitter` (built on `take_message`
and `message_view`) finishes a message once the text passes the limit and goes
on in the next; the section at the end says where it must differ.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

log = logging.getLogger(__name__)

DISCORD_LIMIT = 2000

_TOKEN = re.compile(r"`+|^[ ]{0,3}~{3,}", re.MULTILINE)
_LANGUAGE = re.compile(r"[A-Za-z0-9_+\-.#]{1,32}\n")
_SPAN_CLOSE = {1: re.compile(r"(?<!`)`(?!`)"), 2: re.compile(r"(?<!`)``(?!`)")}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_FENCE_START = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_SHORT_RUN = re.compile(r"`{1,2}(?!`)")  # the end of a run of backticks, if it is one or two long
_MIN_CODE_ROOM = 16  # below this a block's fences leave no useful room for code


@dataclass(frozen=True, slots=True)
class _Block:
    """A code block, as offsets into the reply."""

    start: int  # the first fence character
    body: int  # where the code starts (after the language line, if any)
    end: int  # where the closing fence starts; len(reply) if never closed
    stop: int  # just after the closing fence
    fence: str  # the opening run, e.g. "```" or "~~~~"
    language: str  # "" when the block names none

    @property
    def closed(self) -> bool:
        return self.end < self.stop


@dataclass(frozen=True, slots=True)
class _Piece:
    """Text to send and where it came from, so joined pieces get back their own whitespace."""

    text: str
    start: int
    end: int
    joins: bool = True  # False for a reopened code chunk: it always starts a message
    #: For a code chunk that is not its block's last: the fence line the next chunk reopens
    #: with. Its `end` is then where that chunk's source starts (past the cut's newline or spaces).
    reopen: str = ""


class _Spans:
    """Inline code spans, sorted, for "is this offset inside one?"."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans
        self._starts = [start for start, _ in spans]

    def around(self, offset: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._spans[index][1]:
            return self._spans[index]
        return None


_NO_SPANS = _Spans([])


def split_reply(text: str, limit: int = DISCORD_LIMIT) -> list[str]:
    """Return the pieces to send, each at most `limit` characters, none empty."""
    text = text.strip()
    if not text:
        return []
    if len(text) <= limit:
        return [text]
    return _pack(text, _pieces(text, limit, *_scan(text)), limit)


def _pieces(text: str, limit: int, blocks: list[_Block], spans: _Spans) -> list[_Piece]:
    """The stripped text as pieces that each fit, in order: prose cut at its boundaries, code blocks chunked."""
    pieces: list[_Piece] = []
    position = 0
    for index, block in enumerate(blocks):
        pieces.extend(_prose_pieces(text, position, block.start, limit, spans))
        position = _glued_tail(text, block, blocks[index + 1].start if index + 1 < len(blocks) else len(text))
        pieces.extend(_code_pieces(text, block, position, limit))
    pieces.extend(_prose_pieces(text, position, len(text), limit, spans))
    return pieces


# --- Finding code: the fence rule ------------------------------------------------


def _scan(text: str, *, growing: bool = False) -> tuple[list[_Block], _Spans]:
    """The code blocks, and the inline code spans outside them, left to right as Discord reads.

    `growing`: the text is still being written, so a run of three or more backticks with
    no closing run yet opens a block to the end wherever it is (its closing run is most
    likely still to come), not only on a fence line."""
    blocks: list[_Block] = []
    spans: list[tuple[int, int]] = []
    position = 0
    while (token := _TOKEN.search(text, position)) is not None:
        run = token.group().lstrip(" ")
        start = token.end() - len(run)
        if run[0] == "`" and len(run) < 3:
            span_end = _span_end(text, token.end(), len(run))
            if span_end is not None:
                spans.append((start, span_end))
            position = span_end or token.end()
            continue
        if run[0] == "~":
            block: _Block | None = _tilde_block(text, start, len(run))
        else:
            block = _backtick_block(text, start, len(run), growing=growing)
        if block is None:
            position = token.end()
        else:
            blocks.append(block)
            position = block.stop
    return blocks, _Spans(spans)


def _span_end(text: str, after: int, ticks: int) -> int | None:
    line_end = text.find("\n", after)
    closing = _SPAN_CLOSE[ticks].search(text, after, len(text) if line_end == -1 else line_end)
    return None if closing is None else closing.end()


@functools.cache
def _backtick_closer(ticks: int) -> re.Pattern[str]:
    return re.compile(f"`{{{ticks},}}")


@functools.cache
def _tilde_closer(tildes: int) -> re.Pattern[str]:
    return re.compile(f"^[ ]{{0,3}}(~{{{tildes},}})[ \\t]*$", re.MULTILINE)


def _backtick_block(text: str, start: int, ticks: int, *, growing: bool = False) -> _Block | None:
    after = start + ticks
    closer = _backtick_closer(ticks).search(text, after)
    if closer is not None:
        return _block(text, start, ticks, closer.start(), closer.end())
    line_end = text.find("\n", after)
    rest_of_line = text[after:] if line_end == -1 else text[after:line_end]
    if growing or (_at_line_start(text, start) and "`" not in rest_of_line):
        return _block(text, start, ticks, len(text), len(text))
    return None


def _tilde_block(text: str, start: int, tildes: int) -> _Block:
    line_end = text.find("\n", start)
    closer = None if line_end == -1 else _tilde_closer(tildes).search(text, line_end + 1)
    if closer is None:
        return _block(text, start, tildes, len(text), len(text))
    return _block(text, start, tildes, closer.start(1), closer.end(1))


def _block(text: str, start: int, length: int, end: int, stop: int) -> _Block:
    after = start + length
    language = _LANGUAGE.match(text, after, end)
    if language is None:
        return _Block(start, after, end, stop, text[start:after], "")
    return _Block(start, language.end(), end, stop, text[start:after], language.group()[:-1])


def _at_line_start(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return offset - line_start <= 3 and text[line_start:offset] == " " * (offset - line_start)


# --- Cutting prose ---------------------------------------------------------------


def _prose_pieces(text: str, start: int, end: int, limit: int, spans: _Spans) -> Iterator[_Piece]:
    """Paragraphs; a paragraph too long, its sentences; a sentence too long, its words."""
    for paragraph in _ranges(text, start, end, _PARAGRAPH_BREAK, spans):
        if paragraph[1] - paragraph[0] <= limit:
            yield _piece(text, *paragraph)
            continue
        for sentence in _ranges(text, *paragraph, _SENTENCE_END, spans):
            if sentence[1] - sentence[0] <= limit:
                yield _piece(text, *sentence)
            else:
                for words in _word_ranges(text, *sentence, limit, spans):
                    yield _piece(text, *words)


def _piece(text: str, start: int, end: int) -> _Piece:
    return _Piece(text[start:end], start, end)


def _ranges(text: str, start: int, end: int, separator: re.Pattern[str], spans: _Spans) -> Iterator[tuple[int, int]]:
    """The stretches between separators where a cut is allowed, stripped."""
    position = start
    for match in separator.finditer(text, start, end):
        if _can_cut(text, position, match.start(), spans):
            yield from _stripped(text, position, match.start())
            position = match.end()
    yield from _stripped(text, position, end)


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _word_ranges(text: str, start: int, end: int, limit: int, spans: _Spans) -> Iterator[tuple[int, int]]:
    """Cut at the last space or newline that fits, outside inline code if possible, else hard.

    The first range keeps its leading spaces (a code line's indentation)."""
    while end - start > limit:
        cut = _word_cut(text, start, start + limit, spans)
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _word_cut(text: str, start: int, hard: int, spans: _Spans) -> int:
    """An offset in (start, hard] where the piece may end: whitespace if some allows it."""
    first_word = start
    while first_word < hard and text[first_word] == " ":  # never cut inside indentation
        first_word += 1
    cut = _last_cut(text, start, first_word + 1, hard + 1, spans)
    if cut == -1:  # inline code longer than what is left: cut inside it
        cut = _last_cut(text, start, first_word + 1, hard + 1, _NO_SPANS)
    return _hard_cut(text, start, hard) if cut == -1 else cut


def _last_cut(text: str, piece_start: int, start: int, end: int, spans: _Spans) -> int:
    """The last whitespace in [start, end) where `_can_cut` allows a cut, or -1."""
    cut = _last_space(text, start, end)
    while cut != -1 and not _can_cut(text, piece_start, cut, spans):
        span = spans.around(cut)
        cut = _last_space(text, start, cut if span is None else span[0])
    return cut


def _hard_cut(text: str, start: int, hard: int) -> int:
    """A cut inside a word, for want of whitespace: before any run of backticks or tildes that
    touches it (the run would start the next message), and not leaving a fence behind."""
    cut = hard
    while cut > start and (text[cut] in "`~" or text[cut].isspace()):
        cut -= 1
    if cut == start:
        cut = hard
    fence = _fence_left(text, start, cut)
    if fence is not None and fence.start(1) + 2 < cut:
        cut = fence.start(1) + 2  # inside the run: "``" and "`..." are text in both pieces
    return cut


def _can_cut(text: str, piece_start: int, offset: int, spans: _Spans) -> bool:
    """Whether the piece that began at `piece_start` may end at this whitespace: not inside
    inline code, and not where the cut makes a fence of text that was none."""
    if spans.around(offset) is not None:
        return False
    following = offset
    while following < len(text) and text[following].isspace():
        following += 1
    # A ``` or ~~~ from the middle of a line would start the next piece as a fence line.
    if text.startswith(("```", "~~~"), following) and not _at_line_start(text, following):
        return False
    return _fence_left(text, piece_start, offset) is None


def _fence_left(text: str, piece_start: int, offset: int) -> re.Match[str] | None:
    """The fence a piece ending at `offset` would end with, where the whole line was none:
    "~~~ x" in a code block cut to a bare "~~~" (a closing fence), or "``` x `y`" cut to
    "``` x" (the later backtick is what made the line text)."""
    newline = text.rfind("\n", piece_start, offset)
    fence = _FENCE_START.match(text, piece_start if newline == -1 else newline + 1, offset)
    if fence is None:
        return None
    rest = text[fence.end() : offset]
    if fence.group(1)[0] == "`":
        return fence if "`" not in rest else None
    return fence if rest.strip(" \t") == "" else None


def _last_space(text: str, start: int, end: int) -> int:
    return max(text.rfind(" ", start, end), text.rfind("\n", start, end))


# --- Cutting code ----------------------------------------------------------------


def _glued_tail(text: str, block: _Block, end: int) -> int:
    """Where the block's last piece ends: after its closing fence, or after a ``` or ~~~ that
    follows it on the same line. That run is text, but it would read as a fence at the start
    of the next message."""
    after = block.stop
    while after < end and text[after] in " \t":
        after += 1
    if not text.startswith(("```", "~~~"), after):
        return block.stop
    run_end = after
    while run_end < end and text[run_end] in "`~":
        run_end += 1
    return run_end


def _code_pieces(text: str, block: _Block, tail_end: int, limit: int) -> list[_Piece]:
    """The block whole if it fits (closed if it was left open), else chunks each closed and reopened."""
    closer = text[block.end : tail_end] if block.closed else "\n" + block.fence
    whole = text[block.start : block.end] + closer
    if not block.closed and not block.language and "\n" not in text[block.body :]:
        # "```abc" closed as "```abc\n```" would make "abc" a language name.
        whole = block.fence + "\n" + text[block.body :] + closer
    if len(whole) <= limit:
        return [_Piece(whole, block.start, tail_end)]
    body = block.body
    if not block.language and text.startswith("\n", body):
        body += 1  # the reopening fence brings its own
    content = text[body : block.end]
    code = content.rstrip()
    opening = block.fence + block.language + "\n"
    closing = "\n" + block.fence
    last_closing = _last_closing(block, content[len(code) :], closer)
    room = limit - len(opening) - max(len(closing), len(last_closing))
    if room < _MIN_CODE_ROOM:
        log.warning("A code block's fence (%d characters) leaves no room to reopen it; cut as text", len(opening))
        return [_piece(text, *words) for words in _word_ranges(text, block.start, tail_end, limit, _NO_SPANS)]
    chunks = _code_chunks(code, room)
    last = len(chunks) - 1
    return [
        _Piece(opening + chunk + last_closing, block.start, tail_end, index == 0)
        if index == last
        else _Piece(opening + chunk + closing, block.start, _resumes(text, body + end), index == 0, opening)
        for index, (chunk, end) in enumerate(chunks)
    ]


def _resumes(text: str, end: int) -> int:
    """Where the code after a chunk ending at `end` starts: past the newline, or the spaces
    of a long line cut between words."""
    if text.startswith("\n", end):
        return end + 1
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


def _last_closing(block: _Block, trailing: str, closer: str) -> str:
    """The original closing fence, on its own line or at the end of the last line as it was
    (after a space, if there was one: `` ``` would otherwise become one run of five)."""
    if block.closed and "\n" not in trailing:
        return trailing[:1] + closer
    return "\n" + closer.lstrip("\n")


def _code_chunks(code: str, room: int) -> list[tuple[str, int]]:
    """Whole lines per chunk, as many as fit; a line longer than a chunk is cut between words.
    Blank lines that would make a chunk of their own are dropped: they fall at a cut.
    Each chunk comes with where it ends in `code`, so a stream can carry on from there."""
    chunks: list[tuple[str, int]] = []
    current: list[str] = []
    size = -1  # the length of "\n".join(current)
    current_end = 0
    line_start = 0
    for line in code.split("\n"):
        for start, end in _line_parts(line, room):
            if current and size + 1 + (end - start) > room:
                if any(kept.strip() for kept in current):
                    chunks.append(("\n".join(current), current_end))
                current, size = [], -1
            current.append(line[start:end])
            size += 1 + (end - start)
            current_end = line_start + end
        line_start += len(line) + 1
    chunks.append(("\n".join(current), current_end))  # the last line of `code` is never blank
    return chunks


def _line_parts(line: str, room: int) -> list[tuple[int, int]]:
    if len(line) <= room:
        return [(0, len(line))]
    return list(_word_ranges(line, 0, len(line), room, _NO_SPANS))


# --- Packing ---------------------------------------------------------------------


def _pack(text: str, pieces: list[_Piece], limit: int) -> list[str]:
    """Join pieces back together, as many as fit, with the whitespace that was between them."""
    messages: list[str] = []
    previous_end = 0
    for piece in pieces:
        separator = text[previous_end : piece.start]
        if messages and _joins(messages[-1], separator, piece, limit):
            messages[-1] = f"{messages[-1]}{separator}{piece.text}"
        else:
            messages.append(piece.text)
        previous_end = piece.end
    return messages


def _joins(message: str, separator: str, piece: _Piece, limit: int) -> bool:
    if not piece.joins or len(message) + len(separator) + len(piece.text) > limit:
        return False
    # Pieces cut apart inside a run of backticks or tildes stay apart: joined, the run
    # would be whole again where the cut meant to break it.
    return bool(separator) or not (message[-1] in "`~" and piece.text[0] == message[-1])


# --- Streaming: cutting a reply that is still being written -------------------------
#
# A streamed reply is shown in a message that grows; when the text no longer fits, that
# message is finished and the rest goes on in a new one. The cuts are split_reply's own
# (the first message split_reply would make of the text so far), with two differences
# that come from not knowing the rest yet:
# - A run of ``` with no closing run yet is read as opening a block (its closer is most
#   likely on its way), so code being written is cut like code: closed, then reopened.
#   Discord shows a block as soon as its closer arrives, so a cut made treating it as
#   text would leave a stray ``` in each message. Only if the reply ends without the
#   closer does this differ from split_reply, which then reads that ``` as text.
# - A message is only finished where nothing still to come can change it: not at or
#   after a run of backticks or tildes at the very end (``` may become ````, ~~ a fence)
#   or an inline code span still open on the last line (its closing backtick may put
#   the cut inside it), and not right before text that may yet turn into a fence.
#   Until then the message shows what the cut would be now (`message_view`), unfinished.


@dataclass(frozen=True, slots=True)
class Cut:
    """The finished first message of a text that no longer fits one, and where the text goes on."""

    head: str  # the finished message, at most `limit` characters
    rest: str  # the text left for the next message: `reopen` + the text from `consumed` on
    consumed: int  # where in the given text the rest starts
    reopen: str  # the fence line (e.g. "```python\n") when the cut fell inside a code block, else ""


def take_message(text: str, limit: int = DISCORD_LIMIT, *, final: bool = False) -> Cut | None:
    """The first message of `text` once it is certain, and the text that goes on in the next.

    While the text grows (`final=False`), None until it passes `limit` and then until a
    cut is settled (see above); the cut is never made earlier, so a paragraph still
    being written is not moved to a new message while it could still join this one.
    With `final=True` (the reply is complete), None only when what is left fits in one
    message with any block left open closed, as the last message of a long reply is.
    """
    body = text.strip()
    if not body or (not final and len(body) <= limit):
        return None
    blocks, spans = _scan(body, growing=not final)
    pieces = _pieces(body, limit, blocks, spans)
    head, last = _first_message(body, pieces, limit)
    if last == len(pieces) - 1:
        return None  # it all fits, blocks closed
    piece = pieces[last]
    if not final and not _settled(body, piece, blocks, spans):
        return None
    consumed = len(text) - len(text.lstrip()) + piece.end
    return Cut(head, piece.reopen + text[consumed:], consumed, piece.reopen)


def message_view(text: str, limit: int = DISCORD_LIMIT, *, final: bool = False) -> str:
    """What a message holding `text` shows: the text, with a code block it leaves open closed
    (while growing, a ``` without its closer counts as open, see above); if that does not fit,
    the first message of it, as `take_message` would cut it now. "" for blank text."""
    body = text.strip()
    if not body:
        return ""
    if len(body) <= limit and "`" not in body and "~~~" not in body:
        return body  # nothing to close (the usual case, kept cheap)
    blocks, spans = _scan(body, growing=not final)
    return _first_message(body, _pieces(body, limit, blocks, spans), limit)[0]


class StreamSplitter:
    """Cuts a reply into messages while it is being written, the way split_reply cuts a whole one.

    Give `feed` the whole reply so far, as often as it grows; it returns the messages as
    they should show now: first the finished ones (they never change again, unless the
    reply itself changes under them), then the one being written. `finish` gives the
    messages of the complete reply. `first_limit` is the first message's room, for a
    caller that puts a line of its own above the reply.

    What is guaranteed (and property-tested): every message fits, none leaves a code
    block open, and together, without the fences added at cuts, they hold the reply's
    text in order. A reply that fits one message is exactly split_reply's. A longer one
    may be cut elsewhere than split_reply would cut the whole: a finished message is the
    first message of the text known when it was cut, and later text cannot move that cut.
    """

    def __init__(self, limit: int = DISCORD_LIMIT, *, first_limit: int | None = None) -> None:
        self.limit = limit
        self.first_limit = limit if first_limit is None else first_limit
        self._finished: list[str] = []
        self._taken = ""  # the start of the reply that the finished messages hold
        self._reopen = ""  # the fence the next message reopens, when a cut fell inside a block

    @property
    def finished(self) -> int:
        """How many messages are finished (the first of those `feed` returns)."""
        return len(self._finished)

    def feed(self, text: str) -> list[str]:
        """The messages as they should show now, for the reply so far."""
        pending = self._pending(text)
        while (cut := take_message(pending, self._room())) is not None:
            self._take(text, cut)
            pending = cut.rest
        view = message_view(pending, self._room())
        return [*self._finished, view] if view else list(self._finished)

    def finish(self, text: str) -> list[str]:
        """The messages of the complete reply (the finished ones first, as they were)."""
        pending = self._pending(text)
        if not self._finished and len(body := pending.strip()) <= self.first_limit:
            return [body] if body else []  # a reply that fits one message goes out as it is
        while (cut := take_message(pending, self._room(), final=True)) is not None:
            self._take(text, cut)
            pending = cut.rest
        last = message_view(pending, self._room(), final=True)
        return [*self._finished, last] if last else list(self._finished)

    def _room(self) -> int:
        return self.limit if self._finished else self.first_limit

    def _pending(self, text: str) -> str:
        if not text.startswith(self._taken):
            # The reasoning splitter retracts text once it learns it was reasoning.
            log.warning(
                "The reply changed under %d finished messages; cutting it again from the start", len(self._finished)
            )
            self._finished, self._taken, self._reopen = [], "", ""
        return self._reopen + text[len(self._taken) :]

    def _take(self, text: str, cut: Cut) -> None:
        self._finished.append(cut.head)
        self._taken = text[: len(self._taken) + cut.consumed - len(self._reopen)]
        self._reopen = cut.reopen


def _first_message(text: str, pieces: list[_Piece], limit: int) -> tuple[str, int]:
    """The first message `_pack` makes, and the index of its last piece."""
    message = pieces[0].text
    previous_end = pieces[0].end
    for index, piece in enumerate(pieces[1:], 1):
        separator = text[previous_end : piece.start]
        if not _joins(message, separator, piece, limit):
            return message, index - 1
        message = f"{message}{separator}{piece.text}"
        previous_end = piece.end
    return message, len(pieces) - 1


def _settled(text: str, piece: _Piece, blocks: list[_Block], spans: _Spans) -> bool:
    """Whether a message ending with `piece` stays right whatever is written after `text`."""
    growing = len(text.rstrip("`~"))  # a run at the very end may still grow (``` to ````, `` to ```)
    end = piece.end if piece.reopen else len(text[: piece.end].rstrip())
    if end > min(growing, _open_span(text, blocks, spans, growing)):
        return False
    if piece.reopen:
        # The next message reopens the block: it needs code of its own, not only a closer to come.
        return text[end:growing].strip() != ""
    # The next message starts where the text goes on: is that a fence, or plain text?
    following = end
    while following < growing and text[following].isspace():
        following += 1
    known = text[following : min(following + 3, growing)]
    return len(known) == 3 or any(char not in "`~" for char in known)


def _open_span(text: str, blocks: list[_Block], spans: _Spans, end: int) -> int:
    """Where an inline code span opened on the last line, and not closed yet, starts (else `end`):
    its closing backticks may still come, and a cut after the opening would then fall inside it."""
    line_start = text.rfind("\n", 0, end) + 1
    for run in _SHORT_RUN.finditer(text, line_start, end):
        at = run.start()
        if (at == line_start or text[at - 1] != "`") and spans.around(at) is None and not _in_block(blocks, at):
            return at
    return end


def _in_block(blocks: list[_Block], offset: int) -> bool:
    return any(block.start <= offset < block.stop for block in blocks)
