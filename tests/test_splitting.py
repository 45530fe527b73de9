import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.splitting import (
    DISCORD_LIMIT,
    StreamSplitter,
    message_view,
    split_reply,
    take_message,
)


def test_short_reply_is_one_message() -> None:
    assert split_reply("  hello there  ") == ["hello there"]
    assert split_reply("   ") == []


def test_long_prose_splits_on_paragraphs_first() -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 300 for i in range(4)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    pieces = split_reply(text)
    assert all(len(p) <= DISCORD_LIMIT for p in pieces)
    # Every piece starts at a paragraph start: no paragraph was cut.
    assert [p.split(".")[0] for p in pieces] == [f"Paragraph {i}" for i in range(4)]
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_huge_paragraph_splits_on_sentences() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(200))
    pieces = split_reply(text)
    assert len(pieces) > 1
    assert all(len(p) <= DISCORD_LIMIT for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces) == text


def test_code_block_is_never_split_open() -> None:
    code = "```python\n" + "\n".join(f"print({i})" for i in range(400)) + "\n```"
    text = "Here is code:\n\n" + code + "\n\nThat is all."
    pieces = split_reply(text)
    assert all(len(p) <= DISCORD_LIMIT for p in pieces)
    for piece in pieces:
        assert piece.count("```") % 2 == 0, piece[:80]
    code_pieces = [p for p in pieces if "print(" in p]
    assert all("```python" in p for p in code_pieces)
    lines = [line for p in code_pieces for line in p.splitlines() if line.startswith("print(")]
    assert lines == [f"print({i})" for i in range(400)]


def test_small_code_block_stays_whole_next_to_prose() -> None:
    prose = "x" * 1900
    code = "```\n" + "y = 1\n" * 50 + "```"
    pieces = split_reply(prose + "\n\n" + code)
    assert pieces[1] == code


def test_unbroken_text_is_cut_hard() -> None:
    pieces = split_reply("a" * 4500)
    assert [len(p) for p in pieces] == [2000, 2000, 500]


# --- Fences in the middle of a line (issue 9, item 11) ---------------------------


def test_an_inline_fence_too_long_for_one_message_is_closed_and_reopened_with_its_language() -> None:
    code = "\n".join(f"print({i})  # step {i}" for i in range(300))
    text = f"Try this: ```py\n{code}\n``` and tell me what it prints."
    pieces = split_reply(text)
    assert len(pieces) > 2
    assert pieces[0].startswith("Try this:")
    code_pieces = [p.removeprefix("Try this: ") for p in pieces if "print(" in p]
    assert len(code_pieces) > 2
    assert all(p.startswith("```py\n") for p in code_pieces)
    assert all(p.endswith("\n```") for p in code_pieces[:-1])
    assert pieces[-1].endswith("\n``` and tell me what it prints.")
    lines = [line for p in pieces for line in p.splitlines() if line.startswith("print(")]
    assert lines == code.splitlines()


def test_a_fence_closed_in_the_middle_of_a_line_ends_the_block_there() -> None:
    # Discord closes a block at ``` wherever it is: the prose after it is not code.
    code = "\n".join(f"value_{i} = {i}" for i in range(200))
    text = f"```python\n{code}``` That was the code.\n\n" + "Now some prose. " * 150
    pieces = split_reply(text)
    code_pieces = [p for p in pieces if "value_" in p]
    assert len(code_pieces) > 1
    assert all(p.startswith("```python\n") and p.count("```") == 2 for p in code_pieces)
    assert "That was the code." in _discord_text_outside_code(code_pieces[-1])
    assert not any("prose" in _discord_code(p) for p in pieces)
    sent = [line for p in pieces for line in _discord_code(p).splitlines()]
    assert sent == code.splitlines()


def test_a_lone_mid_line_fence_is_text_and_gets_no_fences_added() -> None:
    text = "To start a block, type ``` and a language name. " + "More words here. " * 300
    pieces = split_reply(text)
    assert len(pieces) > 1
    assert sum(p.count("```") for p in pieces) == 1
    assert _squash("".join(pieces)) == _squash(text)


def test_a_fence_inside_inline_code_is_not_a_fence() -> None:
    intro = "Write `` ``` `` before the code and `` ``` `` after it. " * 60
    block = "```js\n" + "let a = 1;\n" * 20 + "```"
    text = intro + "\n\n" + block
    pieces = split_reply(text)
    assert len(pieces) > 1
    # Read as fences, the 120 ``` in the spans would have been closed and reopened at cuts.
    assert sum(p.count("```") for p in pieces) == text.count("```")
    assert pieces[-1].endswith("\n\n" + block)
    assert all(p.count("``") % 2 == 0 for p in pieces)  # no inline span cut in half


def test_longer_and_tilde_fences_reopen_with_the_same_fence() -> None:
    nested = "````markdown\n" + "```python\nx = 1\n```\n" * 150 + "````"
    tildes = "~~~ruby\n" + "puts 1\n" * 400 + "~~~"
    for block, opening, closing in ((nested, "````markdown", "````"), (tildes, "~~~ruby", "~~~")):
        pieces = split_reply(block)
        assert len(pieces) > 1
        lines = [p.split("\n") for p in pieces]
        assert all(piece[0] == opening and piece[-1] == closing for piece in lines), block[:20]
        assert [line for piece in lines for line in piece[1:-1]] == block.split("\n")[1:-1]


def test_an_unclosed_fence_line_is_closed_at_the_end() -> None:
    text = "Here it is:\n\n```python\n" + "print('hello')\n" * 300
    pieces = split_reply(text)
    assert all(p.count("```") == 2 for p in pieces[1:])
    assert pieces[-1].endswith("\n```")


def test_word_cuts_avoid_inline_code() -> None:
    # One long sentence of inline code spans with spaces inside: a cut at the
    # last space that fits would land inside a span.
    text = " ".join(f"`call f({i}, x)`" for i in range(400))
    pieces = split_reply(text, 200)
    assert len(pieces) > 10
    assert all(p.startswith("`call") and p.endswith(")`") for p in pieces)
    assert " ".join(pieces) == text


def test_a_50000_character_reply_with_inline_fences_has_only_whole_blocks_in_every_piece() -> None:
    # The reply from the issue: long, with code blocks opened and closed in the
    # middle of lines, some of them longer than a message.
    sections = []
    for i in range(34):
        lines = "\n".join(f"result_{i}_{j} = compute({j})" for j in range(3 + (i * 37) % 90))
        prose = f"Section {i}. " + "Some words about it, and then more words. " * (i % 7 + 1)
        sections.append(f"{prose}Try this: ```python\n{lines}\n``` and it prints the results.")
        if i % 5 == 0:
            sections.append("A one-liner: ```print('inline block')``` is fine too.")
    text = "\n\n".join(sections)
    assert 45_000 <= len(text) <= 60_000
    pieces = split_reply(text)
    assert all(0 < len(p) <= DISCORD_LIMIT for p in pieces)
    for piece in pieces:
        assert piece.count("```") % 2 == 0, piece[:120]
        # As Discord reads the piece, every ``` belongs to a code block.
        assert "```" not in _discord_text_outside_code(piece), piece[:120]
    # Every code line reaches Discord inside a code block, once, in order.
    sent = [line for p in pieces for line in _discord_code(p).splitlines() if line.startswith("result_")]
    assert sent == [line for line in text.splitlines() if line.startswith("result_")]


# --- The property test ------------------------------------------------------------

_LANGUAGE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-.#")


def _run_end(text: str, start: int, char: str) -> int:
    end = start
    while end < len(text) and text[end] == char:
        end += 1
    return end


def _line_start(text: str, offset: int) -> bool:
    """At most three spaces between the line start and `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return offset - line_start <= 3 and text[line_start:offset].strip(" ") == ""


def _next_backtick_run(text: str, start: int, at_least: int) -> tuple[int, int] | None:
    found = text.find("`", start)
    while found != -1:
        end = _run_end(text, found, "`")
        if end - found >= at_least:
            return found, end
        found = text.find("`", end)
    return None


def _inline_span_end(text: str, start: int, ticks: int) -> int | None:
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    found = text.find("`", start, line_end)
    while found != -1:
        end = _run_end(text, found, "`")
        if end - found == ticks:
            return end
        found = text.find("`", end, line_end)
    return None


def _tilde_closing(text: str, start: int, at_least: int) -> tuple[int, int] | None:
    newline = text.find("\n", start)
    while newline != -1:
        line_end = text.find("\n", newline + 1)
        line = text[newline + 1 : len(text) if line_end == -1 else line_end]
        tildes = line.lstrip(" ")
        indent = len(line) - len(tildes)
        run = len(tildes) - len(tildes.lstrip("~"))
        if indent <= 3 and run >= at_least and tildes[run:].strip(" \t") == "":
            return newline + 1 + indent, newline + 1 + indent + run
        newline = line_end
    return None


def _next_fence_candidate(text: str, start: int) -> int:
    """The next backtick, or tilde at a line start, from `start`; len(text) if none."""
    tick = text.find("`", start)
    tilde = text.find("~", start)
    while tilde != -1 and not _line_start(text, tilde):
        tilde = text.find("~", tilde + 1)
    return min(len(text) if tick == -1 else tick, len(text) if tilde == -1 else tilde)


def _fence_rule(text: str, *, growing: bool = False) -> tuple[str, bool, list[tuple[int, int]]]:
    """The fence rule of bot/splitting.py, written again plainly: a label per character,
    "p" prose, "m" fence or language, "c" code; whether a block is left open; the inline
    code spans. `growing`: as for a text still being written, where a run of three or more
    backticks with no closing run opens a block wherever it is."""
    labels = ["p"] * len(text)
    left_open = False
    spans: list[tuple[int, int]] = []
    at = _next_fence_candidate(text, 0)
    while at < len(text):
        if text[at] == "`":
            run_end = _run_end(text, at, "`")
            if run_end - at < 3:
                span_end = _inline_span_end(text, run_end, run_end - at)
                if span_end is not None:
                    spans.append((at, span_end))
                at = _next_fence_candidate(text, span_end or run_end)
                continue
            closing = _next_backtick_run(text, run_end, run_end - at)
            if closing is None:
                line_end = text.find("\n", run_end)
                rest = text[run_end:] if line_end == -1 else text[run_end:line_end]
                if not growing and (not _line_start(text, at) or "`" in rest):
                    at = _next_fence_candidate(text, run_end)
                    continue
                closing, left_open = (len(text), len(text)), True
        else:
            run_end = _run_end(text, at, "~")
            if run_end - at < 3:
                at = _next_fence_candidate(text, run_end)
                continue
            closing = _tilde_closing(text, run_end, run_end - at)
            if closing is None:
                closing, left_open = (len(text), len(text)), True
        language_end = run_end
        while language_end < closing[0] and text[language_end] in _LANGUAGE_CHARS:
            language_end += 1
        body = run_end
        if 1 <= language_end - run_end <= 32 and language_end < closing[0] and text[language_end] == "\n":
            body = language_end + 1
        labels[at:body] = "m" * (body - at)
        labels[body : closing[0]] = "c" * (closing[0] - body)
        labels[closing[0] : closing[1]] = "m" * (closing[1] - closing[0])
        at = _next_fence_candidate(text, closing[1])
    return "".join(labels), left_open, spans


def _content(text: str) -> tuple[str, str]:
    """The visible characters that are not fences, and whether each is code."""
    labels = _fence_rule(text)[0]
    kept = [(char, label) for char, label in zip(text, labels, strict=True) if label != "m" and not char.isspace()]
    return "".join(char for char, _ in kept), "".join(label for _, label in kept)


_REOPENING = re.compile(r"(`{3,}|~{3,})[A-Za-z0-9_+\-.#]*\n")
_CLOSING_AT_END = re.compile(r"\n(`{3,}|~{3,})\Z")


def _assert_only_fences_were_added(original: str, pieces: list[str], *, may_end_open: bool = False) -> None:
    """The pieces, without the fences the splitter adds at cuts inside a block, carry the
    reply's visible characters in order. A piece that ends inside a block ends with a
    closing fence; the next one then starts with the same fence, reopened. Where a piece
    can be read both ways (its last line is a fence in the reply too), both are followed.
    `may_end_open`: the last piece may close a block the reply leaves open in a way the
    fence rule does not see (a streamed reply whose ``` never got its closing run)."""
    expected = _squash(original)
    readings: set[tuple[int, str | None]] = {(0, None)}  # (characters matched, fence to reopen)
    for piece in pieces:
        following: set[tuple[int, str | None]] = set()
        for at, reopened in readings:
            text = piece
            if reopened is not None:
                reopening = _REOPENING.match(text)
                if reopening is None or reopening.group(1) != reopened:
                    continue
                text = text[reopening.end() :]
            if expected.startswith(visible := _squash(text), at):
                following.add((at + len(visible), None))
            closing = _CLOSING_AT_END.search(text)
            if closing is not None and expected.startswith(visible := _squash(text[: closing.start()]), at):
                following.add((at + len(visible), closing.group(1)))
        assert following, f"{piece[:80]!r} is not the reply's text with fences added at cuts"
        readings = following
    # All of the reply, and a fence left to reopen only if the reply left a block open.
    may_end_open = may_end_open or _fence_rule(original)[1]
    assert any(at == len(expected) and (reopened is None or may_end_open) for at, reopened in readings)


_plain_words = st.sampled_from(["the", "cat", "sat", "on", "a", "warm", "mat", "done.", "Why?", "yes!", "so"])
_words = st.one_of(
    _plain_words,
    _plain_words,
    _plain_words,
    st.sampled_from(["`x`", "`f(a, b)`", "``a ` b``", "`` ``` ``", "`a.b() then c`"]),
    st.integers(20, 2600).map(lambda n: "w" * n),  # long words, some longer than a message
)
_prose = st.lists(_words, min_size=1, max_size=40).map(" ".join)
_long_prose = st.tuples(_prose, st.integers(1, 12), st.sampled_from(["\n\n", " ", "\n"])).map(
    lambda t: t[2].join([t[0]] * t[1])
)
_code_lines = st.lists(
    st.one_of(
        st.sampled_from(["x = 1", "    return f(x)", "", "print('hi')", "s = `tick`", "```", "  ~~~", "`` two"]),
        st.integers(50, 2600).map(lambda n: "if y: " + "y " * (n // 2)),  # long lines, cut between words
        st.integers(50, 2600).map(lambda n: "z" * n),  # long lines, cut hard
    ),
    min_size=0,
    max_size=8,
)
_code = st.tuples(_code_lines, st.integers(1, 120)).map(lambda t: "\n".join(t[0] * t[1]))


@st.composite
def _fenced_block(draw: st.DrawFn) -> str:
    char = draw(st.sampled_from("`~"))
    fence = char * draw(st.integers(3, 5))
    info = draw(st.sampled_from(["", "python", "c++", "js", "python title=x", " rust"]))
    opening = " " * draw(st.integers(0, 3)) + fence + info
    closing = draw(st.one_of(st.none(), st.integers(0, 2)))  # None: never closed
    text = f"{opening}\n{draw(_code)}"
    if closing is not None:
        text += "\n" + " " * draw(st.integers(0, 3)) + fence + char * closing
    return text


@st.composite
def _inline_fence(draw: st.DrawFn) -> str:
    lead = draw(_prose)
    language = draw(st.sampled_from(["", "py", "rust"]))
    code = draw(_code)
    shape = draw(st.sampled_from(["closed on its own line", "closed mid-line", "one line", "never closed"]))
    tail = draw(st.sampled_from(["", " done.", " and then more text"]))
    if shape == "closed on its own line":
        return f"{lead} ```{language}\n{code}\n```{tail}"
    if shape == "closed mid-line":
        return f"{lead} ```{language}\n{code}```{tail}"
    if shape == "one line":
        return f"{lead} ```{code.replace(chr(10), ' ')}```{tail}"
    return f"{lead} ``` {code}{tail}"


_replies = st.tuples(
    st.lists(
        st.tuples(st.sampled_from(["\n\n", "\n", " "]), st.one_of(_long_prose, _fenced_block(), _inline_fence())),
        min_size=1,
        max_size=10,
    ),
    st.sampled_from([1_000, 5_000, 20_000, 50_000]),  # the size, at most: cut anywhere, even inside a block
).map(lambda t: "".join(separator + part for separator, part in t[0])[: t[1]])


@settings(
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=_replies, limit=st.sampled_from([DISCORD_LIMIT, DISCORD_LIMIT, 500, 120]))
def test_every_piece_fits_is_balanced_and_keeps_the_reply(text: str, limit: int) -> None:
    pieces = split_reply(text, limit)
    original = text.strip()
    assert all(0 < len(piece) <= limit for piece in pieces)
    if len(original) <= limit:
        assert pieces == ([original] if original else [])  # a short reply goes out as it is
        return
    for piece in pieces:
        assert not _fence_rule(piece)[1], f"a block is left open in {piece[:200]!r}"
    _assert_only_fences_were_added(original, pieces)
    # What is code in the reply is code in the pieces, and prose stays prose. The one
    # exception the splitter allows: inline code longer than a message must be cut, and
    # its halves then pair with other backticks of their pieces.
    if all(end - start <= limit for start, end in _fence_rule(original)[2]):
        got = [_content(piece) for piece in pieces]
        expected_chars, expected_labels = _content(original)
        assert "".join(chars for chars, _ in got) == expected_chars
        assert "".join(labels for _, labels in got) == expected_labels


# --- Streaming: the same cuts for a reply that grows ----------------------------------


def _streamed(text: str, limit: int, sizes: list[int]) -> list[str]:
    """Feed `text` as it would stream, in pieces of the given sizes (at most about 300 feeds),
    checking what every feed shows, and return the finished messages."""
    splitter = StreamSplitter(limit)
    finished: list[str] = []
    end = 0
    for step in range(len(text)):
        end += max(sizes[step % len(sizes)], len(text) // 300)
        shown = splitter.feed(text[:end])
        assert shown[: len(finished)] == finished, "a finished message changed"
        finished = shown[: splitter.finished]
        for message in shown:
            assert 0 < len(message) <= limit
            assert not _fence_rule(message)[1], f"a block is left open in {message[:200]!r}"
        if end >= len(text):
            break
    messages = splitter.finish(text)
    assert messages[: len(finished)] == finished
    return messages


@settings(
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    text=_replies,
    limit=st.sampled_from([DISCORD_LIMIT, DISCORD_LIMIT, 500, 120]),
    sizes=st.lists(st.integers(1, 400), min_size=1, max_size=20),
)
def test_a_streamed_reply_ends_with_the_reply_in_whole_fitting_messages(
    text: str, limit: int, sizes: list[int]
) -> None:
    """Why content and not the very same messages: a finished message is the first message of
    the text known when it was cut, and what came later cannot move that cut; split_reply,
    seeing the whole, may cut elsewhere (a sentence that grew past the limit is cut between
    words there, and the code left after a cut may fit one message where split_reply's
    fixed-size chunks take two). What a reader sees is the same: every message fits, none
    leaves a block open, and the messages hold the reply's text, in order, code as code."""
    messages = _streamed(text, limit, sizes)
    original = text.strip()
    assert all(0 < len(message) <= limit for message in messages)
    if len(original) <= limit:
        assert messages == split_reply(text, limit)  # one message: exactly the reply
        return
    for message in messages:
        assert not _fence_rule(message)[1], f"a block is left open in {message[:200]!r}"
    # A ``` that never got its closing run was read as a block while the reply grew (its closer
    # was most likely on its way); cut inside, it stays a block, closed at the end.
    ambiguous = _fence_rule(original, growing=True)[0] != _fence_rule(original)[0]
    _assert_only_fences_were_added(original, messages, may_end_open=ambiguous)
    if not ambiguous and all(end - start <= limit for start, end in _fence_rule(original)[2]):
        got = [_content(message) for message in messages]
        expected_chars, expected_labels = _content(original)
        assert "".join(chars for chars, _ in got) == expected_chars
        assert "".join(labels for _, labels in got) == expected_labels


def test_a_stream_is_cut_only_once_it_passes_the_limit() -> None:
    first = ("First paragraph. " * 60).strip()  # about 1,000 characters
    second = "Second one, still being written"
    splitter = StreamSplitter()
    assert splitter.feed(f"{first}\n\n{second}") == [f"{first}\n\n{second}"]
    assert splitter.finished == 0  # it fits: the paragraph being written stays with the first
    grown = f"{first}\n\n{second} " + "and longer " * 100
    shown = splitter.feed(grown)
    assert splitter.finished == 1 and shown[0] == first
    assert shown[1] == f"{second} " + ("and longer " * 100).strip()


def test_a_reply_that_changes_under_finished_messages_is_cut_again(caplog: pytest.LogCaptureFixture) -> None:
    splitter = StreamSplitter(100)
    splitter.feed("Reasoning that looked like an answer. " * 10)
    assert splitter.finished >= 2
    assert splitter.feed("The answer.") == ["The answer."] and splitter.finished == 0
    assert "changed under" in caplog.text
    assert splitter.finish("The answer, whole.") == ["The answer, whole."]


def test_a_block_being_written_is_shown_closed_and_cut_like_code() -> None:
    # Mid-line ``` with no closer yet: read as a block while the reply grows.
    assert message_view("Try this: ```py\nx = 1") == "Try this: ```py\nx = 1\n```"
    growing = "Try this: ```py\n" + "\n".join(f"x{i} = {i}" for i in range(400))
    first = take_message(growing)
    assert first is not None and first.head == "Try this:"  # the block does not fit beside it
    second = take_message(first.rest)
    assert second is not None and second.reopen == "```py\n"
    assert second.head.startswith("```py\nx0 = 0\n") and second.head.endswith("\n```")
    assert second.rest == "```py\n" + first.rest[second.consumed :]
    assert second.rest.startswith("```py\nx") and second.head.count("```") == 2
    # Complete, a ``` that never closes is text, as split_reply reads it.
    final = take_message(growing, final=True)
    assert final is not None and final.reopen == "" and final.head.startswith("Try this: ```py\nx0 = 0")


def test_no_cut_where_the_text_still_being_written_could_change_it() -> None:
    words = "word " * 398 + "x"  # 1,991 characters
    # The last line opens an inline span: a cut after its backtick could land inside it.
    assert take_message(words + " `span with words " + "w " * 10) is None
    closed = take_message(words + " `span with words` " + "w " * 10)
    assert closed is not None and closed.head == words
    # What follows the cut must show whether it is a fence: "``" may become "```".
    paragraph = "word " * 399 + "word"  # 1,999 characters
    assert take_message(paragraph + "\n\n``") is None
    text = take_message(paragraph + "\n\n``a")
    assert text is not None and text.head == paragraph and text.rest == "\n\n``a"
    # A run at the very end may still grow: no cut right after it.
    assert take_message(paragraph + "\n\n```") is None
    assert take_message(paragraph + "\n\n```py\n") is not None
    # Cut inside a block, the next message needs code of its own: "``" may be the closer coming.
    code = "```py\n" + "\n".join(["a" * 9] * 198 + ["b" * 10]) + "\n" * 8  # the first chunk ends at "b"
    assert take_message(code + "``") is None
    inside = take_message(code + "z = 2\n``")
    assert inside is not None and inside.head.endswith("bbbbbbbbbb\n```") and inside.rest.endswith("z = 2\n``")


# --- Helpers ----------------------------------------------------------------------

# Discord's client rules for code (simple-markdown with its own codeBlock rule):
# a block at ``` anywhere, closed by the next ```; inline code at a run of backticks.
_DISCORD_CODE_BLOCK = re.compile(r"```(?:([a-z0-9_+\-.#]+?)\n)?\n*([^\n][\s\S]*?)\n*```", re.IGNORECASE)
_DISCORD_INLINE_CODE = re.compile(r"(`+)([\s\S]*?[^`])\1(?!`)")


def _discord_parts(text: str) -> tuple[str, str]:
    """(text outside code, code-block contents), reading left to right as Discord does."""
    outside: list[str] = []
    code: list[str] = []
    at = 0
    while (tick := text.find("`", at)) != -1:
        outside.append(text[at:tick])
        if block := _DISCORD_CODE_BLOCK.match(text, tick):
            code.append(block.group(2) + "\n")
            at = block.end()
        elif span := _DISCORD_INLINE_CODE.match(text, tick):
            outside.append(span.group())
            at = span.end()
        else:
            outside.append("`")
            at = tick + 1
    outside.append(text[at:])
    return "".join(outside), "".join(code)


def _discord_text_outside_code(text: str) -> str:
    return _discord_parts(text)[0]


def _discord_code(text: str) -> str:
    return _discord_parts(text)[1]


def _squash(text: str) -> str:
    return "".join(text.split())
