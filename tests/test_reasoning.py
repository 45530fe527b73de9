"""Reasoning never reaches Discord: tags and the reasoning field, fed whole or in any pieces."""

from __future__ import annotations

import itertools
import logging
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reasoning import (
    PLACEHOLDER,
    ReasoningSplitter,
    Split,
    reply_text,
    split_reasoning,
    spoiler,
)
from bot.splitting import DISCORD_LIMIT, split_reply


def stream(pieces: list[str], **options: bool) -> tuple[Split, list[str]]:
    """Feed the pieces one by one; the final split and every answer-so-far shown on the way."""
    splitter = ReasoningSplitter(**options)
    shown = [splitter.feed_text(piece) for piece in pieces]
    return splitter.finish(), shown


def chunked(text: str, cuts: list[int]) -> list[str]:
    bounds = [0, *sorted(set(cuts)), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


# --- Tags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "<think>\nThe user greets me. I should greet back.\n</think>\n\nHello there!",  # DeepSeek R1, QwQ
        "<think>The user greets me. I should greet back.</think>Hello there!",
        "   \n<think>The user greets me. I should greet back.</think>\nHello there!",
        "<THINK>The user greets me. I should greet back.</THINK>Hello there!",
        "<Thinking>The user greets me. I should greet back.</thinking>Hello there!",
        '<think type="internal">The user greets me. I should greet back.</think >Hello there!',
        "<think\n>The user greets me. I should greet back.</think\t>Hello there!",
    ],
)
def test_a_leading_block_is_reasoning_in_every_spelling(reply: str) -> None:
    assert split_reasoning(reply) == Split(answer="Hello there!", reasoning="The user greets me. I should greet back.")


def test_an_empty_block_is_no_reasoning() -> None:
    # Qwen3 with thinking switched off still writes the tags.
    assert split_reasoning("<think>\n\n</think>\n\nHi!") == Split(answer="Hi!", reasoning="")


def test_a_block_after_answer_text_at_a_line_start_is_stripped_too() -> None:
    reply = "Let me check.\n<think>The inventory has a sword.</think>\nYou find a sword."
    assert split_reasoning(reply) == Split(
        answer="Let me check.\n\nYou find a sword.", reasoning="The inventory has a sword."
    )


def test_several_blocks_are_joined() -> None:
    reply = "<think>first</think>One.\n<think>second</think>\nTwo."
    assert split_reasoning(reply) == Split(answer="One.\n\nTwo.", reasoning="first\n\nsecond")


def test_a_tag_in_the_middle_of_a_line_is_text() -> None:
    reply = "Reasoning models wrap their thoughts in <think> and </think> tags."
    assert split_reasoning(reply) == Split(answer=reply, reasoning="")
    inline = "Write `<think>` first."
    assert split_reasoning(inline).answer == inline


def test_blocks_do_not_nest() -> None:
    reply = "<think>I should not write\n<think> here.</think>Answer."
    assert split_reasoning(reply) == Split(answer="Answer.", reasoning="I should not write\n<think> here.")


def test_a_closing_tag_that_closes_nothing_is_dropped() -> None:
    assert split_reasoning("<think>r</think>Answer.</think>") == Split(answer="Answer.", reasoning="r")


def test_other_tags_and_angle_brackets_are_text() -> None:
    reply = "<b>bold</b> <thinker> <thinkingabout> x < y > z </thin> <t"
    assert split_reasoning(reply) == Split(answer=reply, reasoning="")


def test_a_block_still_open_at_the_end_is_reasoning() -> None:
    split, shown = stream(["<think>Let me count the", " apples: one, two"])
    assert split == Split(answer="", reasoning="Let me count the apples: one, two", unclosed=True)
    assert shown == ["", ""]


def test_an_open_block_after_an_answer_keeps_the_answer() -> None:
    split = split_reasoning("Sure.\n<think>and then I ran out of tok")
    assert split == Split(answer="Sure.", reasoning="and then I ran out of tok", unclosed=True)


# --- A closing tag without an opening (the template wrote <think>) ----------------------------


def test_everything_before_an_unopened_closing_tag_is_reasoning() -> None:
    split = split_reasoning("The user wants a poem.\nShort one.\n</think>\n\nRoses are red.")
    assert split == Split(answer="Roses are red.", reasoning="The user wants a poem.\nShort one.", opening_omitted=True)


def test_streamed_text_before_an_unopened_closing_tag_is_taken_back(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.reasoning"):
        split, shown = stream(["The user wants", " a poem.", "</think>", "Roses are red."])
    assert shown == ["The user wants", "The user wants a poem.", "", "Roses are red."]
    assert split.opening_omitted and split.answer == "Roses are red."
    assert "without <think>" in caplog.text


def test_assume_open_holds_everything_back_until_the_closing_tag() -> None:
    split, shown = stream(["The user wants", " a poem.", "</think>", "Roses are red."], assume_open=True)
    assert shown == ["", "", "", "Roses are red."]
    assert split == Split(answer="Roses are red.", reasoning="The user wants a poem.", opening_omitted=True)


def test_assume_open_accepts_a_model_that_writes_the_opening_after_all() -> None:
    split, shown = stream(["\n<think>", "r", "</think>", "Answer."], assume_open=True)
    assert shown == ["", "", "", "Answer."]
    assert split == Split(answer="Answer.", reasoning="r")


def test_assume_open_without_any_closing_tag_gives_it_all_as_the_answer() -> None:
    split, shown = stream(["Just an ", "answer."], assume_open=True)
    assert shown == ["", ""]
    assert split == Split(answer="Just an answer.", reasoning="")


# --- Streaming: tags cut anywhere -------------------------------------------------------------

SAMPLES = [
    "<think>\nPlan: greet.\n</think>\n\nHello, traveller!",
    '  <THINKING kind="x">Plan</thinking> Hello!',
    "Hello!\n<think>aside</think>\nBye.",
    "Plan first</think>Hello!",
    "Use <think> and </think> in text. a<b",
    "<think>never closed",
]


@pytest.mark.parametrize("reply", SAMPLES)
def test_a_tag_cut_at_every_position_gives_the_same_split(reply: str) -> None:
    whole = split_reasoning(reply)
    for cut in range(1, len(reply)):
        split, shown = stream([reply[:cut], reply[cut:]])
        assert split == whole, cut
        assert all("<" not in text or "<think>" in whole.answer for text in shown), (cut, shown)


@pytest.mark.parametrize("reply", SAMPLES)
def test_one_character_at_a_time(reply: str) -> None:
    split, shown = stream(list(reply))
    assert split == split_reasoning(reply)
    if not split.opening_omitted:
        assert all(split.answer.startswith(text.rstrip()) for text in shown)


def test_a_partial_tag_is_held_back_and_nothing_more() -> None:
    splitter = ReasoningSplitter()
    assert splitter.feed_text("Hello.\n<thi") == "Hello.\n"
    assert splitter.feed_text("nk>secret") == "Hello.\n"
    assert splitter.thinking
    assert splitter.feed_text("</th") == "Hello.\n"
    assert splitter.feed_text("ink>\nBye") == "Hello.\n\nBye"
    assert not splitter.thinking
    assert splitter.finish() == Split(answer="Hello.\n\nBye", reasoning="secret")


def test_a_half_tag_at_the_end_of_the_reply_is_text() -> None:
    splitter = ReasoningSplitter()
    assert splitter.feed_text("Bye <thin") == "Bye "
    assert splitter.finish().answer == "Bye <thin"


def test_an_overlong_attribute_list_is_no_tag() -> None:
    reply = "<think " + "x" * 300 + ">text"
    assert split_reasoning(reply).answer == reply
    split, _ = stream([reply[:150], reply[150:]])
    assert split.answer == reply


def test_feed_text_returns_visible() -> None:
    splitter = ReasoningSplitter()
    assert splitter.feed_text("  Hi") == splitter.visible == "Hi"


# --- The reasoning field ---------------------------------------------------------------------


def test_reasoning_field_deltas_are_reasoning() -> None:
    splitter = ReasoningSplitter()
    splitter.feed_reasoning("The user ")
    splitter.feed_reasoning("says hi.")
    assert splitter.feed_text("Hello!") == "Hello!"
    assert splitter.finish() == Split(answer="Hello!", reasoning="The user says hi.")


def test_reasoning_field_and_tags_mixed() -> None:
    splitter = ReasoningSplitter()
    splitter.feed_reasoning("From the field.")
    splitter.feed_text("<think>From the")
    splitter.feed_reasoning("")
    splitter.feed_text(" tags.</think>Answer.")
    assert splitter.finish() == Split(answer="Answer.", reasoning="From the field.\n\nFrom the tags.")


def test_the_same_reasoning_in_the_field_and_in_tags_is_kept_once() -> None:
    split = split_reasoning("<think>\nSame thoughts.\n</think>Answer.", reasoning="Same thoughts.")
    assert split == Split(answer="Answer.", reasoning="Same thoughts.")


def test_only_the_reasoning_field_and_no_answer() -> None:
    split = split_reasoning("", reasoning="Thinking, thinking.")
    assert split == Split(answer="", reasoning="Thinking, thinking.")


# --- Properties -------------------------------------------------------------------------------

_TAG_ALPHABET = [
    "<think>",
    "</think>",
    "<THINKING>",
    "</Thinking >",
    "<think a=1>",
    "<",
    "/",
    ">",
    "\n",
    " ",
    "think",
    "x",
    "é",
]
_SOUP = st.lists(st.one_of(st.sampled_from(_TAG_ALPHABET), st.text(max_size=4)), max_size=25).map("".join)


@given(_SOUP, st.lists(st.integers(0, 200), max_size=12), st.booleans())
def test_pieces_never_change_the_result(reply: str, cuts: list[int], assume_open: bool) -> None:
    whole, _ = stream([reply], assume_open=assume_open)
    split, shown = stream(chunked(reply, [cut for cut in cuts if cut < len(reply)]), assume_open=assume_open)
    assert split == whole
    if not split.opening_omitted:
        assert all(split.answer.startswith(text.rstrip()) for text in shown)


_OPENINGS = st.sampled_from(["<think>", "<THINK>", "<thinking>", "<Thinking x='y'>", "<think\n>"])
_CLOSINGS = st.sampled_from(["</think>", "</THINK>", "</thinking >", "</Thinking>"])
_ANSWER_TEXT = st.text(st.sampled_from("abc ,.!?\n"), max_size=15)
_REASONING_TEXT = st.text(st.sampled_from("XYZ 019\n"), max_size=15)


@st.composite
def replies(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """A reply of answer text and reasoning blocks; reasoning is written in capitals and digits."""
    parts: list[str] = []
    answer: list[str] = []
    blocks: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        text = draw(_ANSWER_TEXT)
        parts.append(text)
        answer.append(text)
        if draw(st.booleans()):
            reasoning = draw(_REASONING_TEXT)
            so_far = "".join(parts).rstrip(" \t")
            newline = "\n" if so_far and not so_far.endswith("\n") else ""  # a block starts a line
            parts.append(newline + draw(_OPENINGS) + reasoning + draw(_CLOSINGS))
            answer.append(newline)
            blocks.append(reasoning.strip())
    return "".join(parts), "".join(answer).strip(), [block for block in blocks if block]


@given(replies(), st.lists(st.integers(0, 300), max_size=15))
def test_reasoning_never_shows_however_the_stream_is_cut(reply: tuple[str, str, list[str]], cuts: list[int]) -> None:
    text, answer, blocks = reply
    split, shown = stream(chunked(text, [cut for cut in cuts if cut < len(text)]))
    assert split == Split(answer=answer, reasoning="\n\n".join(blocks))
    for visible in shown:
        assert not re.search(r"[XYZ019<>]", visible), visible


@given(replies(), st.lists(st.text(st.sampled_from("QRS "), max_size=5), max_size=5))
def test_field_reasoning_never_shows(reply: tuple[str, str, list[str]], field: list[str]) -> None:
    text, answer, _ = reply
    splitter = ReasoningSplitter()
    pieces = chunked(text, list(range(0, len(text), 3)))
    for index in range(max(len(pieces), len(field))):
        if index < len(field):
            splitter.feed_reasoning(field[index])
        if index < len(pieces):
            assert not re.search(r"[QRSXYZ019]", splitter.feed_text(pieces[index]))
    split = splitter.finish()
    assert split.answer == answer
    assert "".join(field).strip() in split.reasoning


# --- Posting: spoilers and the placeholder ------------------------------------------------------


def unescaped_spoiler_markers(text: str) -> list[int]:
    """Offsets of the `||` Discord would read as spoiler markers (backslash escapes honoured)."""
    marks: list[int] = []
    index = 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
        elif text.startswith("||", index):
            marks.append(index)
            index += 2
        else:
            index += 1
    return marks


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def test_spoiler_of_short_reasoning() -> None:
    assert spoiler("I should greet them.") == "||I should greet them.||"
    assert spoiler("   ") == ""


def test_spoiler_escapes_what_would_break_it() -> None:
    reasoning = "a || b, ```python\ncode\n``` and `span`, ~~strike~~, a trailing backslash \\"
    text = spoiler(reasoning)
    assert unescaped_spoiler_markers(text) == [0, len(text) - 2]
    assert "```" not in text and "~~" not in text
    assert unescape(text[2:-2]) == reasoning


def test_spoiler_paragraphs_become_lines() -> None:
    assert spoiler("one\n\ntwo\n \n\nthree") == "||one\ntwo\nthree||"


def test_long_reasoning_is_cut_into_closed_spoilers() -> None:
    reasoning = "\n\n".join(f"Step {n}: " + "consider the options carefully " * 12 for n in range(12))
    text = spoiler(reasoning, max_messages=10)
    chunks = text.split("\n\n")
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk) <= DISCORD_LIMIT
        assert unescaped_spoiler_markers(chunk) == [0, len(chunk) - 2]
    assert " ".join(unescape(chunk[2:-2]) for chunk in chunks).split() == reasoning.split()


def test_very_long_reasoning_stops_after_max_messages_with_a_note() -> None:
    reasoning = "word " * 5000
    text = spoiler(reasoning, max_messages=2)
    chunks = text.split("\n\n")
    assert len(chunks) == 2 and all(len(chunk) <= DISCORD_LIMIT for chunk in chunks)
    shown = sum(len(chunk) - 4 for chunk in chunks)
    match = re.search(r"\[…(\d+) more characters of reasoning not shown\]\|\|$", chunks[-1])
    assert match is not None
    assert abs(int(match.group(1)) + shown - len(reasoning.strip())) < 100


_ANSWERS = st.one_of(
    st.text(max_size=3000),
    st.lists(
        st.sampled_from(["```python\n", "print(1)\n", "```", "~~~\n", "`x`", "||", "word ", "\n\n"]), max_size=400
    ).map("".join),
)


@given(st.text(min_size=1, max_size=6000), _ANSWERS)
def test_the_message_splitter_never_cuts_a_spoiler(reasoning: str, answer: str) -> None:
    text = spoiler(reasoning, max_messages=4)
    if not text:
        return
    chunks = text.split("\n\n")
    for chunk in chunks:
        assert len(chunk) <= DISCORD_LIMIT
        assert unescaped_spoiler_markers(chunk) == [0, len(chunk) - 2]
    messages = split_reply(f"{text}\n\n{answer}")
    for chunk in chunks:
        assert any(chunk in message for message in messages), chunk[:200]


def test_reply_text_shows_reasoning_only_when_asked() -> None:
    split = Split(answer="Hello!", reasoning="Greet them.")
    assert reply_text(split, show_reasoning=False) == "Hello!"
    assert reply_text(split, show_reasoning=True) == "||Greet them.||\n\nHello!"
    assert reply_text(Split(answer="Hello!", reasoning=""), show_reasoning=True) == "Hello!"


def test_a_reply_of_only_reasoning_gets_the_placeholder_and_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    split = split_reasoning("<think>Hmm. Hmm. Hmm.")
    with caplog.at_level(logging.INFO, logger="bot.reasoning"):
        assert reply_text(split, show_reasoning=False) == PLACEHOLDER
        assert reply_text(split, show_reasoning=True) == "||Hmm. Hmm. Hmm.||\n\n" + PLACEHOLDER
    assert "only reasoning" in caplog.text


def test_an_empty_reply_gets_the_placeholder_too(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bot.reasoning"):
        assert reply_text(split_reasoning("   "), show_reasoning=True) == PLACEHOLDER
    assert "empty" in caplog.text
