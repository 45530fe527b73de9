"""A channel's cast: which characters speak there, and which of them answers a message.

Pure logic, no Discord and no I/O, so the rules can be read and tested in one
place. They follow SillyTavern's group chats and Character Engine:

- A channel's cast is set per channel (a thread inherits its parent's when it
  has none); a channel with none set has the default character alone.
- In a channel whose cast was set, naming a member addresses it: its full name,
  its nickname, or the first word of its name, as a whole word, in any case
  ("bram" or "Bram's" for "Bram the Bold"). Several named members answer in the
  order they were named. A reply to a member's message goes to that member
  (then to any other named member).
- A message addressed to the bot that names nobody (a mention, an always-reply
  channel, a DM) is answered by the first member, or, by a setting, by the last
  member who spoke in the channel.
- With "characters talk to each other" on, a member's reply that names another
  member is answered by it, up to a chain limit of replies in a row with no
  human message in between, so two characters can never loop forever.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .characters import Character

#: Letters and digits: what a name may not be glued to (Unicode-aware, so "Zoë" works).
_WORD_CHAR = r"[^\W_]"


@dataclass(frozen=True)
class Member:
    """A cast member as the rules need it: its id and the names it answers to."""

    id: str
    name: str
    nickname: str | None = None

    @classmethod
    def of(cls, character: Character) -> Member:
        return cls(character.id, character.name, character.nickname)

    def calls(self) -> tuple[str, ...]:
        """Every way to call this member, longest first: name, nickname, the name's first word."""
        names = {self.name.strip(), (self.nickname or "").strip()}
        first_word = self.name.split()[0] if self.name.split() else ""
        if len(first_word.strip(".,;:!?'\"")) >= 2:
            names.add(first_word.strip(".,;:!?'\""))
        return tuple(sorted((name for name in names if name), key=len, reverse=True))


def named_members(text: str, cast: Sequence[Member]) -> list[Member]:
    """The members a text calls by name, in the order first named (each once)."""
    folded = _fold(text)
    found: list[tuple[int, int, Member]] = []
    for order, member in enumerate(cast):
        positions = [_find(folded, _fold(call)) for call in member.calls()]
        first = min((position for position in positions if position >= 0), default=-1)
        if first >= 0:
            found.append((first, order, member))
    return [member for _, _, member in sorted(found)]


def responders(
    text: str,
    cast: Sequence[Member],
    *,
    explicit_cast: bool,
    addressed: bool,
    replied_to: str | None = None,
    last_speaker: str | None = None,
    mention_answered_by: Literal["first", "last"] = "first",
) -> list[Member]:
    """Who answers a human message, in order; [] when nobody does.

    `addressed`: the message is for the bot anyway (a mention of it, a reply to
    one of its messages, a DM, an always-reply channel). `replied_to`: the id of
    the member whose message it replies to. `explicit_cast`: the channel's cast
    was set (naming a member addresses it only then: with the default character
    alone, an ordinary word that happens to be its name must not trigger it).
    """
    if not cast:
        return []
    by_id = {member.id: member for member in cast}
    answering: list[Member] = []
    if replied_to in by_id:
        answering.append(by_id[replied_to])
    if explicit_cast or addressed:
        answering += [member for member in named_members(text, cast) if member not in answering]
    if answering or not addressed:
        return answering if (addressed or explicit_cast) else []
    if mention_answered_by == "last" and last_speaker in by_id:
        return [by_id[last_speaker]]
    return [cast[0]]


def next_in_chain(reply: str, speaker: Member, cast: Sequence[Member], *, chain: int, limit: int) -> Member | None:
    """Who answers a member's reply when characters talk to each other: the first other member it names.

    `chain` counts the replies in a row since the last human message (this one
    included); at `limit` nobody does.
    """
    if chain >= limit:
        return None
    others = [member for member in cast if member.id != speaker.id]
    named = named_members(reply, others)
    return named[0] if named else None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _find(text: str, name: str) -> int:
    """Where `name` first stands as a whole word in `text` (both folded), or -1."""
    if not name:
        return -1
    pattern = (r"(?<!" + _WORD_CHAR + ")" if re.match(_WORD_CHAR, name) else "") + re.escape(name)
    pattern += r"(?!" + _WORD_CHAR + ")" if re.search(_WORD_CHAR + "$", name) else ""
    match = re.search(pattern, text)
    return match.start() if match else -1
