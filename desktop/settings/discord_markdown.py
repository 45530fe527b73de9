"""Discord-flavoured Markdown as the HTML subset a QTextDocument draws: what the chat preview shows.

Discord does not use CommonMark (QTextDocument's own Markdown reader): `__x__`
underlines rather than bolds, `||x||` is a spoiler, `-# ` makes small grey
subtext, `>>> ` quotes the rest of the message, only `#` to `###` are
headings, single line breaks stay line breaks, and a fence that is never
closed is shown as typed. The rules and their order follow simple-markdown,
the parser Discord's client is built on, so a reply looks here as it will in
the channel, streamed edits included (half-typed markers show as typed there
too).

`to_html` is pure (strings in, a string out); `theme_for` picks the colours
from a Qt palette, so a dark desktop gets a dark-friendly preview.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field

from PySide6 import QtGui

#: Link scheme of a hidden spoiler: "spoiler:<n>" (the caller's `spoiler_link` may add to it).
SPOILER_SCHEME = "spoiler"


@dataclass(frozen=True)
class Theme:
    """Colours of the Discord look (light theme defaults)."""

    code_background: str = "#f2f3f5"
    quote_bar: str = "#c4c9ce"
    subtext: str = "#5c5e66"
    spoiler: str = "#1e1f22"  # a hidden spoiler: a dark box, text and background alike
    spoiler_revealed: str = "#e3e5e8"
    link: str = "#006ce7"
    mention_background: str = "#e6e8fd"
    mention_text: str = "#4752c4"


def theme_for(palette: QtGui.QPalette) -> Theme:
    """The colours for a widget's palette: tints of its own text on its own background."""
    base = palette.color(QtGui.QPalette.ColorRole.Base)
    text = palette.color(QtGui.QPalette.ColorRole.Text)
    dark = base.lightness() < 128

    def mix(amount: float) -> str:
        return QtGui.QColor.fromRgbF(
            base.redF() + (text.redF() - base.redF()) * amount,
            base.greenF() + (text.greenF() - base.greenF()) * amount,
            base.blueF() + (text.blueF() - base.blueF()) * amount,
        ).name()

    return Theme(
        code_background=mix(0.07),
        quote_bar=mix(0.3),
        subtext=mix(0.6),
        spoiler="#0c0d0e" if dark else "#1e1f22",
        spoiler_revealed=mix(0.12),
        link=palette.color(QtGui.QPalette.ColorRole.Link).name(),
        mention_background="#3c4270" if dark else "#e6e8fd",
        mention_text="#c9cdfb" if dark else "#4752c4",
    )


# ----- blocks -----

#: ```lang\ncode``` (the language is the first line when more follows it), or ```code```.
_FENCE = re.compile(r"```(?:([A-Za-z0-9_+#.\-]+)\n)?\n?([\s\S]*?)```")
_HEADING = re.compile(r"(#{1,3}) +(\S.*)")
_SUBTEXT = re.compile(r"-# +(\S.*)")
_QUOTE = re.compile(r"> (.*)|>$")
_QUOTE_REST = re.compile(r">>> (.*)|>>>$")
_LIST_ITEM = re.compile(r"( *)([-*]|\d{1,9}\.) +(\S.*)")


@dataclass
class _Paragraph:
    lines: list[str] = field(default_factory=list)


@dataclass
class _Heading:
    level: int
    text: str


@dataclass
class _Subtext:
    text: str


@dataclass
class _ListItem:
    depth: int
    marker: str  # "•" or "3."
    text: str


@dataclass
class _Code:
    language: str
    text: str


@dataclass
class _Quote:
    blocks: list[_Block] = field(default_factory=list)


_Block = _Paragraph | _Heading | _Subtext | _ListItem | _Code | _Quote


def _parse(text: str) -> list[_Block]:
    """The message's blocks; `>>> ` puts everything after it (code blocks too) in one quote."""
    top: list[_Block] = []
    target = top
    parts = _FENCE.split(text.replace("\r\n", "\n"))  # text, language, code, text, language, code, ..., text
    for index in range(0, len(parts), 3):
        target = _line_blocks(parts[index], target, first=index == 0, last=index + 3 >= len(parts))
        if index + 2 < len(parts):
            code = parts[index + 2]
            target.append(_Code(parts[index + 1] or "", code.removesuffix("\n")))
    return top


def _line_blocks(text: str, target: list[_Block], *, first: bool, last: bool) -> list[_Block]:
    """Add the blocks of text between code blocks; returns where later blocks go (a `>>>` quote's list)."""
    lines = text.split("\n")
    # A code block ends the line it is on: the text around a fence does not start or end a line of its own.
    if not first and lines and lines[0] == "":
        lines = lines[1:]
    if not last and lines and lines[-1] == "":
        lines = lines[:-1]
    quoted: list[str] = []

    def flush_quote() -> None:
        if quoted:
            quote = _Quote()
            _line_blocks("\n".join(quoted), quote.blocks, first=True, last=True)
            target.append(quote)
            quoted.clear()

    for index, line in enumerate(lines):
        rest = _QUOTE_REST.match(line)
        if rest is not None:
            flush_quote()
            quote = _Quote()
            target.append(quote)
            remaining = "\n".join([rest.group(1) or "", *lines[index + 1 :]])
            _line_blocks(remaining, quote.blocks, first=True, last=last)
            return quote.blocks
        match = _QUOTE.match(line)
        if match is not None:
            quoted.append(match.group(1) or "")
            continue
        flush_quote()
        _add_line(line, target)
    flush_quote()
    return target


def _add_line(line: str, target: list[_Block]) -> None:
    if match := _HEADING.fullmatch(line):
        target.append(_Heading(len(match.group(1)), match.group(2)))
    elif match := _SUBTEXT.fullmatch(line):
        target.append(_Subtext(match.group(1)))
    elif match := _LIST_ITEM.fullmatch(line):
        marker = match.group(2)
        target.append(_ListItem(min(len(match.group(1)) // 2, 3), "•" if marker in "-*" else marker, match.group(3)))
    elif target and isinstance(target[-1], _Paragraph):
        target[-1].lines.append(line)
    else:
        target.append(_Paragraph([line]))


# ----- inline -----


class _Inline:
    """Discord's inline rules, tried in simple-markdown's order at each position."""

    _ESCAPE = re.compile(r"\\([^0-9A-Za-z\s])")
    _CODE = re.compile(r"(`+)([\s\S]*?[^`])\1(?!`)")
    _SPOILER = re.compile(r"\|\|([\s\S]+?)\|\|")
    _ANGLE_URL = re.compile(r"<(https?://[^\s>]+)>")
    _USER = re.compile(r"<@!?(\d+)>")
    _ROLE = re.compile(r"<@&(\d+)>")
    _CHANNEL = re.compile(r"<#(\d+)>")
    _EMOJI = re.compile(r"<a?:(\w+):\d+>")
    _MASKED = re.compile(r"\[((?:\\[\s\S]|[^\\\]])+)\]\((https?://[^\s)]+)\)")
    _URL = re.compile(r"https?://[^\s<]+[^<.,:;\"')\]\s]")
    _STRONG = re.compile(r"\*\*([\s\S]+?)\*\*(?!\*)")
    _UNDERLINE = re.compile(r"__([\s\S]+?)__(?!_)")
    _EM = re.compile(
        r"\b_((?:__|\\[\s\S]|[^\\_])+?)_\b"
        r"|\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)"
    )
    _STRIKE = re.compile(r"~~([\s\S]+?)~~")
    #: Plain text up to the next character that may start a rule (as simple-markdown's text rule).
    _TEXT = re.compile(r"[\s\S]+?(?=[^0-9A-Za-z\s\u00c0-\uffff]|\n|\w+:\S|$)")

    def __init__(self, theme: Theme, spoiler_link: Callable[[int], str] | None, revealed: Container[int]) -> None:
        self.theme = theme
        self.spoiler_link = spoiler_link
        self.revealed = revealed
        self.spoilers = 0  # spoilers met so far, numbering them in reading order

    def render(self, text: str, *, in_link: bool = False) -> str:
        out: list[str] = []
        pos = 0
        while pos < len(text):
            piece, pos = self._step(text, pos, in_link)
            out.append(piece)
        return "".join(out)

    def _step(self, text: str, pos: int, in_link: bool) -> tuple[str, int]:
        theme = self.theme
        if m := self._ESCAPE.match(text, pos):
            return _text(m.group(1)), m.end()
        if m := self._CODE.match(text, pos):
            code = m.group(2)
            if code.startswith(" ") and code.endswith(" ") and code.strip():
                code = code[1:-1]
            body = html.escape(code).replace("\n", "<br>").replace("  ", "&nbsp; ")
            return f'<code style="background-color:{theme.code_background}">{body}</code>', m.end()
        if m := self._SPOILER.match(text, pos):
            return self._spoiler(m.group(1), in_link), m.end()
        if not in_link:
            if m := self._ANGLE_URL.match(text, pos) or self._URL.match(text, pos):
                url = m.group(1) if m.re is self._ANGLE_URL else m.group(0)
                return _link(url, html.escape(url), theme), m.end()
            if m := self._MASKED.match(text, pos):
                return _link(m.group(2), self.render(m.group(1), in_link=True), theme), m.end()
        for pattern, name in ((self._USER, "@user"), (self._ROLE, "@role"), (self._CHANNEL, "#channel")):
            if m := pattern.match(text, pos):
                label = html.escape(name).replace(" ", "&nbsp;")
                style = f"background-color:{theme.mention_background}; color:{theme.mention_text}"
                return f'<span style="{style}">{label}</span>', m.end()
        if m := self._EMOJI.match(text, pos):
            return _text(f":{m.group(1)}:"), m.end()
        if m := self._STRONG.match(text, pos):
            return f"<b>{self.render(m.group(1), in_link=in_link)}</b>", m.end()
        if m := self._UNDERLINE.match(text, pos):
            return f"<u>{self.render(m.group(1), in_link=in_link)}</u>", m.end()
        if m := self._EM.match(text, pos):
            return f"<i>{self.render(m.group(1) or m.group(2), in_link=in_link)}</i>", m.end()
        if m := self._STRIKE.match(text, pos):
            return f"<s>{self.render(m.group(1), in_link=in_link)}</s>", m.end()
        m = self._TEXT.match(text, pos)
        end = m.end() if m is not None and m.end() > pos else pos + 1
        return _text(text[pos:end]), end

    def _spoiler(self, inner: str, in_link: bool) -> str:
        number = self.spoilers
        self.spoilers += 1
        body = self.render(inner, in_link=True)  # no links inside: a click reveals
        theme = self.theme
        if number in self.revealed:
            return f'<span style="background-color:{theme.spoiler_revealed}">{body}</span>'
        style = f"background-color:{theme.spoiler}; color:{theme.spoiler}; text-decoration:none"
        if self.spoiler_link is None or in_link:
            return f'<span style="{style}">{body}</span>'
        return f'<a href="{html.escape(self.spoiler_link(number))}" style="{style}">{body}</a>'


def _text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _link(url: str, label: str, theme: Theme) -> str:
    return f'<a href="{html.escape(url)}" style="color:{theme.link}">{label}</a>'


# ----- rendering -----

#: Discord's heading sizes relative to the text (1.5, 1.25, 1): Qt's size keywords step by 1.2.
_HEADING_SIZES = {1: "x-large", 2: "large", 3: "medium"}
_P = "margin-top:0px; margin-bottom:0px"


def to_html(
    text: str,
    *,
    theme: Theme | None = None,
    spoiler_link: Callable[[int], str] | None = None,
    revealed: Container[int] = (),
) -> str:
    """A message as QTextDocument HTML, drawn as Discord draws it.

    Spoilers are numbered from 0 in reading order: `spoiler_link(n)` makes a hidden one
    a link (the caller reveals it on click) and the numbers in `revealed` show their text.
    """
    inline = _Inline(theme or Theme(), spoiler_link, revealed)
    return "".join(_render_block(block, inline) for block in _parse(text))


def _render_block(block: _Block, inline: _Inline) -> str:
    theme = inline.theme
    if isinstance(block, _Paragraph):
        return f'<p style="{_P}">{inline.render(chr(10).join(block.lines))}</p>'
    if isinstance(block, _Heading):
        size = _HEADING_SIZES[block.level]
        return (
            f'<p style="margin-top:{8 if block.level == 1 else 4}px; margin-bottom:2px; '
            f'font-size:{size}; font-weight:bold">{inline.render(block.text)}</p>'
        )
    if isinstance(block, _Subtext):
        return f'<p style="{_P}; font-size:small; color:{theme.subtext}">{inline.render(block.text)}</p>'
    if isinstance(block, _ListItem):
        indent = 8 + 20 * block.depth
        return (
            f'<p style="{_P}; margin-left:{indent}px">{html.escape(block.marker)}&nbsp; {inline.render(block.text)}</p>'
        )
    if isinstance(block, _Code):
        body = html.escape(block.text, quote=False) or "&nbsp;"
        return f'<pre style="margin-top:4px; margin-bottom:4px; background-color:{theme.code_background}">{body}</pre>'
    inner = "".join(_render_block(child, inline) for child in block.blocks) or f'<p style="{_P}">&nbsp;</p>'
    # A bar down the left side: a narrow coloured cell beside the quoted blocks.
    return (
        '<table cellspacing="0" cellpadding="0" style="margin-top:2px; margin-bottom:2px"><tr>'
        f'<td width="4" bgcolor="{theme.quote_bar}"></td><td style="padding-left:10px">{inner}</td>'
        "</tr></table>"
    )
