"""Who in a channel's cast answers a message (bot/cast.py), rule by rule."""

from __future__ import annotations

import pytest

from bot.cast import Member, named_members, next_in_chain, responders

BRAM = Member("bram", "Bram the Bold")
IDA = Member("ida", "Ida", nickname="Lamplighter")
ZOE = Member("zoe", "Zoë")
CAST = [BRAM, IDA, ZOE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bram, are you there?", [BRAM]),
        ("bram's sword is sharp", [BRAM]),  # any case, a possessive is still the name
        ("BRAM THE BOLD!", [BRAM]),
        ("the lamplighter is late", [IDA]),  # a nickname
        ("zoë and ZOË", [ZOE]),  # each once; Unicode letters
        ("ask Ida, then Bram", [IDA, BRAM]),  # in the order named
        ("Bramble jam", []),  # whole words only
        ("Idaho", []),
        ("the bold one", []),  # only the first word of a long name, not any word
        ("", []),
    ],
)
def test_members_are_named_by_whole_words_in_order(text: str, expected: list[Member]) -> None:
    assert named_members(text, CAST) == expected


def test_a_reply_goes_to_the_member_replied_to_then_to_the_named_ones() -> None:
    assert responders("thanks! and Zoë?", CAST, explicit_cast=True, addressed=True, replied_to="ida") == [IDA, ZOE]


def test_naming_addresses_a_member_only_where_the_cast_was_set() -> None:
    assert responders("Ida, hello", CAST, explicit_cast=True, addressed=False) == [IDA]
    # With the default character alone, its name is an ordinary word: not a call.
    familiar = [Member("default", "Familiar")]
    assert responders("that looks familiar", familiar, explicit_cast=False, addressed=False) == []


def test_a_mention_naming_nobody_goes_to_the_first_member_or_the_last_speaker() -> None:
    assert responders("@bot hi", CAST, explicit_cast=True, addressed=True) == [BRAM]
    assert responders(
        "@bot hi", CAST, explicit_cast=True, addressed=True, last_speaker="zoe", mention_answered_by="last"
    ) == [ZOE]
    # The last speaker must still be in the cast.
    assert responders(
        "@bot hi", CAST, explicit_cast=True, addressed=True, last_speaker="gone", mention_answered_by="last"
    ) == [BRAM]
    assert responders("just chatting", CAST, explicit_cast=True, addressed=False) == []


def test_characters_talking_to_each_other_stop_at_the_chain_limit() -> None:
    assert next_in_chain("What do you think, Ida?", BRAM, CAST, chain=1, limit=3) == IDA
    assert next_in_chain("Ida? Bram? Zoë?", IDA, CAST, chain=1, limit=3) == BRAM  # never itself
    assert next_in_chain("What do you think, Ida?", BRAM, CAST, chain=3, limit=3) is None
    assert next_in_chain("No one named here.", BRAM, CAST, chain=1, limit=3) is None
