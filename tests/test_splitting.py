from bot.splitting import DISCORD_LIMIT, split_reply


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
