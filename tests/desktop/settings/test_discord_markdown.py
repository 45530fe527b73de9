"""Discord-flavoured Markdown → QTextDocument: what each marker looks like once Qt has drawn it.

Checked on the document Qt builds from the HTML (character formats, blocks), not on
the HTML text, so what is tested is what the chat preview shows.
"""

from __future__ import annotations

import pytest
from PySide6 import QtGui, QtWidgets

from desktop.settings.discord_markdown import Theme, theme_for, to_html

THEME = Theme()


def document(text: str, **options: object) -> QtGui.QTextDocument:
    doc = QtGui.QTextDocument()
    doc.setHtml(to_html(text, theme=THEME, **options))  # type: ignore[arg-type]
    return doc


def runs(text: str, **options: object) -> list[tuple[str, frozenset[str]]]:
    """(text, styles) of each run of characters drawn alike, in order, line breaks as "\\n"."""
    found: list[tuple[str, frozenset[str]]] = []
    doc = document(text, **options)  # kept: the blocks live only as long as their document
    block = doc.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid():
                found.append((fragment.text().replace("\u2028", "\n"), styles(fragment.charFormat())))
            iterator += 1
        block = block.next()
    return found


def styles(fmt: QtGui.QTextCharFormat) -> frozenset[str]:
    found = set()
    if fmt.fontWeight() >= QtGui.QFont.Weight.Bold:
        found.add("bold")
    if fmt.fontItalic():
        found.add("italic")
    if fmt.fontUnderline():
        found.add("underline")
    if fmt.fontStrikeOut():
        found.add("strike")
    if fmt.fontFixedPitch() or "monospace" in (fmt.fontFamilies() or []):
        found.add("code")
    if fmt.isAnchor():
        found.add(f"link={fmt.anchorHref()}")
    if fmt.hasProperty(QtGui.QTextFormat.Property.BackgroundBrush):
        found.add(f"bg={fmt.background().color().name()}")
    if fmt.hasProperty(QtGui.QTextFormat.Property.ForegroundBrush):
        found.add(f"fg={fmt.foreground().color().name()}")
    return frozenset(found)


def styled(text: str, **options: object) -> dict[str, frozenset[str]]:
    """{run text: styles}, for messages whose runs are all different."""
    return {run: style for run, style in runs(text, **options) if run.strip()}


def test_plain_text_is_escaped_and_keeps_its_line_breaks(qapp: QtWidgets.QApplication) -> None:
    doc = document("a < b & c > d\nsecond line\n\nafter a blank one")
    # One paragraph: Discord keeps single line breaks (Qt writes them as U+2028 inside a block).
    assert doc.blockCount() == 1
    assert doc.toPlainText().replace("\u2028", "\n") == "a < b & c > d\nsecond line\n\nafter a blank one"


def test_bold_italics_underline_strikethrough(qapp: QtWidgets.QApplication) -> None:
    found = styled("**bold** *star* _under_ __line__ ~~gone~~ ***both*** __*mix*__")
    assert found["bold"] == {"bold"}
    assert found["star"] == {"italic"} and found["under"] == {"italic"}
    assert found["line"] == {"underline"}  # Discord underlines __x__; CommonMark would bolden it
    assert found["gone"] == {"strike"}
    assert found["both"] == {"bold", "italic"}
    assert found["mix"] == {"underline", "italic"}


def test_markers_inside_words_and_escapes_stay_as_typed(qapp: QtWidgets.QApplication) -> None:
    text = document(r"snake_case_name costs 2 * 3 * 4, \*not italic\*, a lone ** and ~~ too").toPlainText()
    assert text == "snake_case_name costs 2 * 3 * 4, *not italic*, a lone ** and ~~ too"
    assert all(not style for _run, style in runs(r"snake_case_name \*x\*"))


def test_inline_code_is_monospaced_and_not_parsed(qapp: QtWidgets.QApplication) -> None:
    found = styled("run `**not bold** <b>` now")
    code = found["**not bold** <b>"]
    assert "code" in code and "bold" not in code and f"bg={THEME.code_background}" in code
    assert styled("``a `tick` inside``")["a `tick` inside"] >= {"code"}


def test_code_blocks_keep_their_lines_and_skip_the_language(qapp: QtWidgets.QApplication) -> None:
    doc = document("Look:\n```py\ndef f():\n    return **1**\n```\nafter")
    lines = doc.toPlainText().split("\n")
    assert lines == ["Look:", "def f():", "    return **1**", "after"]
    block = doc.findBlock(doc.toPlainText().index("def"))
    assert block.blockFormat().background().color().name() == THEME.code_background
    assert "code" in styles(block.begin().fragment().charFormat())
    assert document("```one line```").toPlainText() == "one line"
    # Never closed (a reply still streaming): shown as typed, as Discord does.
    assert document("```py\nhalf").toPlainText().replace("\u2028", "\n") == "```py\nhalf"


def test_spoilers_are_dark_boxes_until_revealed(qapp: QtWidgets.QApplication) -> None:
    hidden = styled("the butler ||did it|| and ||left||", spoiler_link=lambda n: f"spoiler:7.{n}")
    box = {f"bg={THEME.spoiler}", f"fg={THEME.spoiler}"}
    assert hidden["did it"] >= box | {"link=spoiler:7.0"}
    assert hidden["left"] >= box | {"link=spoiler:7.1"}
    shown = styled("the butler ||did it|| and ||left||", revealed={0})
    assert shown["did it"] == {f"bg={THEME.spoiler_revealed}"}
    assert shown["left"] >= box and not any(s.startswith("link=") for s in shown["left"])


def test_subtext_headings_and_quotes(qapp: QtWidgets.QApplication) -> None:
    doc = document("# Big\n## Middle\n### Small\n-# quiet note\n> quoted **bold**\n> second\nplain\n#nohash")
    blocks = []
    block = doc.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    by_text = {line: b for b in blocks for line in b.text().split("\u2028")}
    base = doc.defaultFont().pointSizeF()

    def size(text: str) -> float:
        fmt = by_text[text].begin().fragment().charFormat()
        adjust = fmt.property(QtGui.QTextFormat.Property.FontSizeAdjustment) or 0
        return fmt.fontPointSize() or base * {0: 1, 1: 1.2, 2: 1.5, -1: 0.8}.get(int(adjust), 1)

    assert size("Big") > size("Middle") > size("plain")
    assert by_text["Small"].begin().fragment().charFormat().fontWeight() >= QtGui.QFont.Weight.Bold
    assert size("quiet note") < size("plain")
    assert by_text["quiet note"].begin().fragment().charFormat().foreground().color().name() == THEME.subtext
    # The quote: its own table, a bar cell beside the words; markers inside still apply.
    quote = doc.findBlock(doc.toPlainText().index("quoted"))
    table = QtGui.QTextCursor(quote).currentTable()
    assert table is not None and table.cellAt(0, 0).format().background().color().name() == THEME.quote_bar
    assert styled("> quoted **bold**")["bold"] == {"bold"}
    assert "#nohash" in by_text  # a heading needs its space


def test_triple_quote_takes_the_rest_of_the_message(qapp: QtWidgets.QApplication) -> None:
    doc = document("before\n>>> one\ntwo\n```\ncode\n```\nthree")
    cursor = QtGui.QTextCursor(doc.findBlock(doc.toPlainText().index("before")))
    assert cursor.currentTable() is None
    for word in ("one", "two", "code", "three"):
        table = QtGui.QTextCursor(doc.findBlock(doc.toPlainText().index(word))).currentTable()
        assert table is not None, word


def test_lists_links_mentions_and_emoji(qapp: QtWidgets.QApplication) -> None:
    doc = document("- first\n- second\n1. numbered")
    assert doc.toPlainText().replace("\xa0", " ").split("\n") == ["•  first", "•  second", "1.  numbered"]
    found = styled("see [the *docs*](https://example.com/a) or https://example.org/b. <@123> <:wave:456>")
    assert found["the "] >= {"link=https://example.com/a"} and found["docs"] >= {"italic", "link=https://example.com/a"}
    assert "link=https://example.org/b" in found["https://example.org/b"]  # the full stop is not part of it
    assert "@user" in found and ":wave:" in "".join(found)


@pytest.mark.parametrize(
    "text",
    ["", "*", "**", "||", "`", "```", "> ", ">>>", "# ", "-#", "~~a", "__", "\\", "[a](", "<@", "_a_b_c_ *a **b* c**"],
)
def test_half_typed_markers_never_fail(qapp: QtWidgets.QApplication, text: str) -> None:
    """A streamed reply passes through every prefix of its markers."""
    to_html(text)
    document(text)


def test_theme_follows_a_dark_palette(qapp: QtWidgets.QApplication) -> None:
    palette = QtGui.QPalette()
    palette.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#202020"))
    palette.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor("#f0f0f0"))
    theme = theme_for(palette)
    assert QtGui.QColor(theme.code_background).lightness() < 80  # a tint of the dark base, not light grey
    assert QtGui.QColor(theme.subtext).lightness() > 100
