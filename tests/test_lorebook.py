"""World Info engine: parsing (V2, V3, World Info), matching, ordering, budget, recursion, positions."""

from __future__ import annotations

import dataclasses
import logging
import random
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.lorebook import (
    Activation,
    ScanSettings,
    activate,
    compile_lorebook,
    messages_needed,
    token_budget,
)
from bot.world_info import (
    AUTHORS_NOTE_DEPTH,
    Lorebook,
    LorebookError,
    Placement,
    SelectiveLogic,
    card_lorebook,
    character_book_from_world_info,
    parse_lorebook,
    world_info_from_character_book,
)


def book(*entries: dict[str, Any], name: str = "test", **fields: Any) -> Lorebook:
    """A World Info book; each entry gets a uid and, unless given, a comment naming it."""
    doc = {"entries": {str(i): {"uid": i, "comment": f"e{i}", **e} for i, e in enumerate(entries)}, **fields}
    return Lorebook.from_world_info(doc, name=name)


def scan(books: Lorebook | list[Lorebook], *messages: str, **options: Any) -> Activation:
    rng = options.pop("rng", random.Random(7).random)
    render = options.pop("render", lambda text: text)
    books = books if isinstance(books, list) else [books]
    return activate(books, list(messages), ScanSettings(**options), render=render, rng=rng)


def fired(activation: Activation) -> list[str]:
    return sorted(f.label for f in activation.fired)


def one_key(key: str, **entry: Any) -> Lorebook:
    return book({"key": [key], "content": f"about {key}", "comment": "hit", **entry})


# ---------------------------------------------------------------- keys and words


def test_a_key_in_the_conversation_fires_its_entry() -> None:
    lore = book({"key": ["dragon", "wyrm"], "content": "Dragons breathe fire."}, {"key": ["elf"], "content": "Elves."})
    result = scan(lore, "alice: is that a dragon?")
    assert fired(result) == ["e0"]
    assert result.fired[0].reason == "key"
    assert result.fired[0].keys == ("dragon",)
    assert result.before_char == ("Dragons breathe fire.",)  # World Info's default position is 0: before
    assert scan(lore, "alice: nothing here").fired == ()


@pytest.mark.parametrize(
    ("key", "text", "hit"),
    [
        ("king", "long live the king!", True),
        ("king", "it is not to my liking", False),
        ("king", "the KING", True),  # case-insensitive by default
        ("king", "kings", False),
        ("king", "king's crown", True),
        ("king", "king_of", False),  # "_" is a word character, as in SillyTavern
        ("dragon king", "the dragon king wakes", True),
        ("dragon king", "the dragon   king wakes", True),  # any run of spaces between the words
        ("dragon king", "the dragon kingdom", False),  # whole words for keys with spaces too
        ("C++", "I write C++ daily", True),
        ("C++", "C++11 is old", True),  # the key ends with "+": no boundary needed there
        ("C++", "ABC++ is not it", False),  # but it starts with a letter: one is needed there
        ("#tag", "see #tag now", True),
        ("#tag", "a#tag", True),
        ("#tag", "#tags", False),
        ("Dr. Who", "is Dr. Who here?", True),
        ("Dr. Who", "DrX Who", False),  # "." is a dot, not a regex wildcard
        ("café", "un café, s'il vous plaît", True),
        ("café", "les cafés", False),
        ("caf", "un café", False),  # é is a letter (SillyTavern's ASCII \\W would match here)
        ("дракон", "большой дракон!", True),
        ("дракон", "драконы", False),
        ("東京", "東京に行きたい", True),  # no spaces between Japanese words: no boundaries
        ("서울", "서울에 갔어요", True),  # Korean particles attach to the noun
        ("ไทย", "ภาษาไทยง่าย", True),
        ("東京tower", "大東京tower!", True),
        ("東京tower", "東京towers", False),
    ],
)
def test_whole_word_matching(key: str, text: str, hit: bool) -> None:
    assert bool(scan(one_key(key), text).fired) is hit


def test_substring_matching_when_whole_words_are_off() -> None:
    assert fired(scan(one_key("king", matchWholeWords=False), "my liking")) == ["hit"]
    assert fired(scan(one_key("king"), "my liking", match_whole_words=False)) == ["hit"]
    assert scan(one_key("king", matchWholeWords=True), "my liking", match_whole_words=False).fired == ()


def test_many_substring_keys_use_the_bigram_index_and_still_match_exactly() -> None:
    entries = [{"key": [f"k{n:03d}x"], "content": f"c{n}", "matchWholeWords": False} for n in range(200)]
    entries.append({"key": ["a"], "content": "one letter", "matchWholeWords": False, "comment": "short"})
    lore = book(*entries)
    assert fired(scan(lore, "zzk007xzz plus k150x")) == ["e150", "e7"]
    assert fired(scan(lore, "banana")) == ["short"]


def test_case_sensitivity_per_entry_and_setting() -> None:
    assert fired(scan(one_key("Rose", caseSensitive=True), "Rose")) == ["hit"]
    assert scan(one_key("Rose", caseSensitive=True), "a rose").fired == ()
    assert scan(one_key("Rose"), "a rose", case_sensitive=True).fired == ()
    assert fired(scan(one_key("Rose", caseSensitive=False), "a rose", case_sensitive=True)) == ["hit"]


def test_keys_are_trimmed_and_empty_ones_ignored() -> None:
    lore = book({"key": ["  dragon ", "", "   "], "content": "x"}, {"key": [""], "content": "never"})
    assert fired(scan(lore, "a dragon")) == ["e0"]
    assert fired(scan(lore, "anything")) == []


def test_unicode_normalization_does_not_hide_a_key() -> None:
    decomposed = unicodedata.normalize("NFD", "café")
    assert fired(scan(one_key(decomposed), "un café")) == ["hit"]
    assert fired(scan(one_key("café"), unicodedata.normalize("NFD", "un café"))) == ["hit"]


def test_speaker_names_in_the_text_can_trigger() -> None:
    assert fired(scan(one_key("alice"), "alice: hello")) == ["hit"]


# ---------------------------------------------------------------- regex keys


def test_regex_keys_in_sillytavern_form() -> None:
    lore = one_key("/drag(on|ons)\\b/i")
    assert fired(scan(lore, "Two DRAGONS!")) == ["hit"]
    assert scan(lore, "dragonfly").fired == ()
    by_bob = one_key("/\\x01bob:[^\\x01]*hello/")  # the documented per-speaker pattern
    assert fired(scan(by_bob, "alice: hi", "bob: well, hello")) == ["hit"]
    assert scan(by_bob, "bob: hi", "alice: hello").fired == ()
    assert scan(one_key("/Dragon/"), "dragon").fired == ()  # a regex's own flags decide its case
    assert fired(scan(one_key("/(?<name>ab)\\k<name>/"), "abab")) == ["hit"]  # JavaScript named groups


def test_use_regex_does_not_make_plain_keys_patterns() -> None:
    """SillyTavern writes use_regex: true on every entry it exports, with plain keys."""
    lore = Lorebook.from_character_book(
        {
            "entries": [
                {"keys": ["C++", "a.b"], "content": "x", "use_regex": True, "enabled": True, "insertion_order": 1}
            ]
        }
    )
    assert fired(scan(lore, "C++")) == ["C++"]
    assert scan(lore, "axb").fired == ()


def test_an_invalid_regex_never_matches_and_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    lore = book({"key": ["/(unclosed/", "ok"], "content": "x", "comment": "broken regex"})
    with caplog.at_level(logging.WARNING):
        compiled = compile_lorebook(lore)
    assert any("not a valid regex" in p for p in compiled.problems)
    assert "not a valid regex" in caplog.text
    assert scan(lore, "(unclosed").fired == ()
    assert fired(scan(lore, "ok")) == ["broken regex"]


def test_a_slash_key_with_an_unescaped_slash_is_plain_text() -> None:
    assert fired(scan(one_key("/a/b/", matchWholeWords=False), "x/a/b/y")) == ["hit"]


# ---------------------------------------------------------------- secondary keys


@pytest.mark.parametrize(
    ("logic", "text", "hit"),
    [
        (SelectiveLogic.AND_ANY, "sword", False),
        (SelectiveLogic.AND_ANY, "sword fire", True),
        (SelectiveLogic.AND_ANY, "sword fire ice", True),
        (SelectiveLogic.AND_ALL, "sword fire", False),
        (SelectiveLogic.AND_ALL, "sword fire ice", True),
        (SelectiveLogic.NOT_ANY, "sword", True),
        (SelectiveLogic.NOT_ANY, "sword fire", False),
        (SelectiveLogic.NOT_ALL, "sword fire", True),
        (SelectiveLogic.NOT_ALL, "sword fire ice", False),
        (SelectiveLogic.NOT_ALL, "fire ice", False),  # the primary key is always needed
    ],
)
def test_secondary_keys_with_each_logic(logic: SelectiveLogic, text: str, hit: bool) -> None:
    lore = book(
        {
            "key": ["sword"],
            "keysecondary": ["fire", "ice"],
            "selective": True,
            "selectiveLogic": int(logic),
            "content": "x",
        }
    )
    result = scan(lore, text)
    assert bool(result.fired) is hit
    if hit:
        assert result.fired[0].reason == "secondary"


def test_secondary_keys_are_ignored_unless_selective() -> None:
    lore = book({"key": ["sword"], "keysecondary": ["fire"], "selective": False, "content": "x"})
    assert scan(lore, "sword").fired[0].reason == "key"


def test_v2_card_entries_are_not_selective_unless_they_say_so() -> None:
    raw = {"keys": ["sword"], "secondary_keys": ["fire"], "content": "x", "enabled": True, "insertion_order": 1}
    assert fired(scan(Lorebook.from_character_book({"entries": [raw]}), "sword")) == ["sword"]
    selective = Lorebook.from_character_book({"entries": [{**raw, "selective": True}]})
    assert scan(selective, "sword").fired == ()


def test_matched_secondary_keys_are_reported() -> None:
    lore = book({"key": ["sword"], "keysecondary": ["fire", "ice"], "selectiveLogic": 0, "content": "x"})
    entry = scan(lore, "a sword of fire").fired[0]
    assert (entry.keys, entry.secondary_keys) == (("sword",), ("fire",))


# ---------------------------------------------------------------- constant, disabled, decorators


def test_constant_entries_need_no_key_and_disabled_ones_never_fire() -> None:
    lore = book(
        {"constant": True, "content": "always"},
        {"constant": True, "disable": True, "content": "never"},
        {"key": ["dragon"], "disable": True, "content": "never either"},
    )
    result = scan(lore, "a dragon")
    assert fired(result) == ["e0"]
    assert result.fired[0].reason == "constant"


def test_card_enabled_false_disables() -> None:
    lore = Lorebook.from_character_book(
        {"entries": [{"keys": ["dragon"], "content": "x", "enabled": False, "insertion_order": 1, "constant": True}]}
    )
    assert scan(lore, "dragon").fired == ()


def test_decorators() -> None:
    lore = book(
        {"key": ["never-said"], "content": "@@activate\nforced"},
        {"constant": True, "content": "@@dont_activate\nsilenced"},
        {"key": ["dragon"], "content": "@@depth 2\n@@role user\nDeep lore."},
        {"key": ["dragon"], "content": "@@risu_only 1\n@@@scan_depth 1\nScanned shallow."},
        {"key": ["dragon"], "content": "@@position after_desc\nafter"},
    )
    result = scan(lore, "a dragon", "nothing")
    assert fired(result) == ["e0", "e2", "e4"]  # e3's fallback @@@scan_depth 1 looks at "nothing" only
    assert result.fired[0].reason == "decorator"
    assert "forced" in result.before_char
    assert result.at_depth[0].depth == 2 and result.at_depth[0].role == "user"
    assert result.at_depth[0].contents == ("Deep lore.",)  # decorator lines are not content
    assert result.after_char == ("after",)
    assert fired(scan(lore, "a dragon")) == ["e0", "e2", "e3", "e4"]


# ---------------------------------------------------------------- order and positions


def test_insertion_order_lower_first_within_a_place() -> None:
    lore = book(
        {"key": ["x"], "content": "third", "order": 300},
        {"key": ["x"], "content": "first", "order": 5},
        {"key": ["x"], "content": "second", "order": 100},
    )
    assert scan(lore, "x").before_char == ("first", "second", "third")


def test_positions_and_depth_roles() -> None:
    lore = book(
        {"key": ["x"], "content": "before", "position": 0},
        {"key": ["x"], "content": "after", "position": 1},
        {"key": ["x"], "content": "note top", "position": 2, "order": 50},
        {"key": ["x"], "content": "note bottom", "position": 3, "order": 1},
        {"key": ["x"], "content": "at depth 4", "position": 4, "depth": 4, "order": 900},
        {"key": ["x"], "content": "examples top", "position": 5},
        {"key": ["x"], "content": "examples bottom", "position": 6},
        {"key": ["x"], "content": "deep user", "position": 4, "depth": 7, "role": 1},
        {"key": ["x"], "content": "assistant at 0", "position": 4, "depth": 0, "role": 2},
        {"key": ["x"], "content": "outlet", "position": 7, "outletName": "weather"},
    )
    result = scan(lore, "x")
    assert result.before_char == ("before",) and result.after_char == ("after",)
    assert result.before_examples == ("examples top",) and result.after_examples == ("examples bottom",)
    assert result.outlets == {"weather": ("outlet",)}
    depths = {(d.depth, d.role): d.contents for d in result.at_depth}
    # Familiar has no Author's Note: its entries go where SillyTavern's note sits by default.
    assert depths[(AUTHORS_NOTE_DEPTH, "system")] == ("note top", "at depth 4", "note bottom")
    assert depths[(7, "user")] == ("deep user",)
    assert depths[(0, "assistant")] == ("assistant at 0",)
    assert [d.depth for d in result.at_depth] == [7, 4, 0]
    assert result.fired[0].placement in set(Placement)


def test_card_positions_follow_sillytavern_import() -> None:
    entries = [
        {"keys": ["x"], "content": "before", "position": "before_char", "enabled": True, "insertion_order": 1},
        {"keys": ["x"], "content": "after", "position": "after_char", "enabled": True, "insertion_order": 1},
        {"keys": ["x"], "content": "unspecified", "enabled": True, "insertion_order": 2},
        {"keys": ["x"], "content": "deep", "position": "after_char", "enabled": True, "insertion_order": 1,
         "extensions": {"position": 4, "depth": 3, "role": 1}},
    ]  # fmt: skip
    result = scan(Lorebook.from_character_book({"entries": entries}), "x")
    assert result.before_char == ("before",)
    assert result.after_char == ("after", "unspecified")
    assert [(d.depth, d.role, d.contents) for d in result.at_depth] == [(3, "user", ("deep",))]


def test_unknown_positions_and_nameless_outlets_are_never_inserted() -> None:
    lore = book({"key": ["x"], "content": "?", "position": 42}, {"key": ["x"], "content": "o", "position": 7})
    assert scan(lore, "x").fired == ()
    problems = compile_lorebook(lore).problems
    assert any("unknown position 42" in p for p in problems) and any("outlet name" in p for p in problems)


# ---------------------------------------------------------------- scan depth


def test_scan_depth_from_setting_book_and_entry() -> None:
    lore = one_key("dragon")
    old = ["a dragon", "b", "c", "d", "e"]
    assert scan(lore, *old).fired == ()  # default 4: the dragon is 5 messages back
    assert fired(scan(lore, *old, scan_depth=5)) == ["hit"]
    deep_book = book({"key": ["dragon"], "content": "x", "comment": "hit"}, scan_depth=5)
    assert fired(scan(deep_book, *old)) == ["hit"]  # the book's own scan_depth wins over the setting
    deep_entry = one_key("dragon", scanDepth=5)
    assert fired(scan(deep_entry, *old)) == ["hit"]
    shallow_entry = one_key("dragon", scanDepth=1)
    assert scan(shallow_entry, "a dragon", "b").fired == ()
    assert scan(lore, "a dragon", scan_depth=0).fired == ()
    assert messages_needed([lore]) == 4
    assert messages_needed([deep_book, deep_entry], ScanSettings(scan_depth=2)) == 5


def test_card_scan_depth_and_budget_are_read() -> None:
    lore = Lorebook.from_character_book({"scan_depth": 1, "token_budget": 5, "entries": []})
    assert (lore.scan_depth, lore.token_budget) == (1, 5)
    assert token_budget([lore], ScanSettings()) == 5
    assert token_budget([lore], ScanSettings(token_budget=9)) == 9
    assert token_budget([Lorebook()], ScanSettings(context_tokens=1000, budget_percent=25)) == 250
    assert token_budget([Lorebook()], ScanSettings(context_tokens=1000, budget_cap=100)) == 100


# ---------------------------------------------------------------- budget


def test_budget_overflow_drops_in_sillytavern_order() -> None:
    text = "x" * 36  # 10 tokens each with the 4-characters estimate
    lore = book(
        {"key": ["k"], "content": text, "order": 10, "comment": "low"},
        {"key": ["k"], "content": text, "order": 300, "comment": "high"},
        {"constant": True, "content": text, "order": 1, "comment": "constant"},
        {"key": ["k"], "content": text, "order": 200, "comment": "mid"},
        {"key": ["k"], "content": "tiny", "order": 5, "comment": "tiny"},
    )
    result = scan(lore, "k", token_budget=25)
    assert [f.label for f in result.fired] == ["constant", "high"]  # constants first, then higher order
    assert [d.label for d in result.dropped] == ["mid", "low", "tiny"]
    assert "only 5 of 25" in result.dropped[0].dropped
    assert "already spent" in result.dropped[2].dropped  # a small entry after the overflow is dropped too
    assert result.overflowed and result.tokens_used == 20 and result.budget == 25


def test_ignore_budget_entries_always_go_in() -> None:
    lore = book(
        {"key": ["k"], "content": "x" * 80, "order": 10},
        {"key": ["k"], "content": "y" * 80, "order": 5, "ignoreBudget": True, "comment": "vip"},
    )
    result = scan(lore, "k", token_budget=5)
    assert fired(result) == ["vip"] and result.overflowed


def test_the_card_book_wins_the_budget_at_equal_rank() -> None:
    card = book({"key": ["k"], "content": "x" * 36, "comment": "card"}, name="card")
    world = book({"key": ["k"], "content": "y" * 36, "comment": "world"}, name="world")
    assert [f.label for f in scan([card, world], "k", token_budget=15).fired] == ["card"]
    assert [f.label for f in scan([world, card], "k", token_budget=15).fired] == ["world"]
    assert scan([card, world], "k", token_budget=15).fired[0].book == "card"


def test_render_runs_before_budgeting_and_on_keys() -> None:
    def render(text: str) -> str:
        return text.replace("{{char}}", "Seraphina").replace("{{long}}", "z" * 400)

    lore = book(
        {"key": ["{{char}}"], "content": "{{char}} is a guardian.", "comment": "named"},
        {"key": ["forest"], "content": "{{long}}", "comment": "big once rendered", "order": 1},
        {"key": ["forest"], "content": "{{empty}}", "comment": "empty"},
    )
    result = scan(
        lore, "Seraphina walks in the forest", token_budget=50, render=lambda t: render(t).replace("{{empty}}", "")
    )
    assert result.after_char == () and result.before_char == ("Seraphina is a guardian.",)
    assert {d.label for d in result.dropped} == {"big once rendered", "empty"}
    assert fired(scan(lore, "{{char}}")) == ["named"]  # without a macro engine, the key is literal


# ---------------------------------------------------------------- recursion


def chain(**extra_b: Any) -> Lorebook:
    return book(
        {"key": ["bessie"], "content": "Bessie is a cow and is friends with Rufus.", "comment": "bessie"},
        {"key": ["rufus"], "content": "Rufus is a dog who fears the Owl.", "comment": "rufus", **extra_b},
        {"key": ["owl"], "content": "The Owl watches Bessie.", "comment": "owl"},
    )


def test_recursion_follows_entries_that_mention_other_keys() -> None:
    result = scan(chain(), "tell me about bessie")
    assert [(f.label, f.step) for f in result.fired] == [("bessie", 0), ("rufus", 1), ("owl", 2)]
    assert result.steps == 4  # the last pass found nothing new: every entry fires once, so it ends


def test_recursion_off_and_bounded() -> None:
    assert fired(scan(chain(), "bessie", recursive=False)) == ["bessie"]
    assert fired(scan(chain(), "bessie", max_recursion_steps=1)) == ["bessie"]
    assert fired(scan(chain(), "bessie", max_recursion_steps=2)) == ["bessie", "rufus"]


def test_exclude_and_prevent_recursion() -> None:
    assert fired(scan(chain(excludeRecursion=True), "bessie")) == ["bessie"]
    assert fired(scan(chain(excludeRecursion=True), "bessie and rufus")) == ["bessie", "owl", "rufus"]
    assert fired(scan(chain(preventRecursion=True), "bessie")) == ["bessie", "rufus"]


def test_a_book_without_recursive_scanning_is_not_activated_by_other_entries() -> None:
    card = Lorebook.from_character_book(
        {
            "recursive_scanning": False,
            "entries": [{"keys": ["rufus"], "content": "dog", "enabled": True, "insertion_order": 1}],
        }
    )
    world = book({"key": ["bessie"], "content": "friends with Rufus", "comment": "bessie"})
    assert fired(scan([card, world], "bessie")) == ["bessie"]


def test_delay_until_recursion() -> None:
    lore = book(
        {"key": ["bessie"], "content": "Bessie knows Rufus.", "comment": "bessie"},
        {
            "key": ["rufus"],
            "content": "Rufus (only when recursing).",
            "comment": "delayed",
            "delayUntilRecursion": True,
        },
    )
    assert fired(scan(lore, "bessie")) == ["bessie", "delayed"]
    assert fired(scan(lore, "rufus")) == []  # a direct mention is not enough
    assert fired(scan(lore, "bessie", recursive=False)) == ["bessie"]


def test_recursive_secondary_keys_count_recursed_text() -> None:
    lore = book(
        {"key": ["bessie"], "content": "Bessie likes fire.", "comment": "bessie"},
        {"key": ["sword"], "keysecondary": ["fire"], "content": "A fire sword.", "comment": "sword"},
    )
    assert fired(scan(lore, "bessie has a sword")) == ["bessie", "sword"]


def test_recursion_stops_after_the_budget_overflows() -> None:
    result = scan(chain(), "bessie", token_budget=15)
    assert fired(result) == ["bessie"] and [d.label for d in result.dropped] == ["rufus"]


# ---------------------------------------------------------------- groups and probability


def test_inclusion_groups_keep_one_entry() -> None:
    lore = book(
        {"key": ["weather"], "content": "rain", "group": "weather", "comment": "rain"},
        {"key": ["weather"], "content": "sun", "group": "weather", "comment": "sun"},
        {"key": ["weather"], "content": "fog", "group": "weather, mood", "comment": "fog"},
    )
    results = {tuple(fired(scan(lore, "the weather", rng=random.Random(seed).random))) for seed in range(40)}
    assert results == {("rain",), ("sun",), ("fog",)}
    lost = scan(lore, "the weather").dropped
    assert len(lost) == 2 and all("inclusion group 'weather'" in d.dropped for d in lost)


def test_group_override_picks_the_highest_order_and_weights_bias_the_draw() -> None:
    lore = book(
        {"key": ["w"], "content": "a", "group": "g", "groupOverride": True, "order": 10, "comment": "a"},
        {"key": ["w"], "content": "b", "group": "g", "groupOverride": True, "order": 20, "comment": "b"},
        {"key": ["w"], "content": "c", "group": "g", "order": 99, "comment": "c"},
    )
    assert fired(scan(lore, "w")) == ["b"]
    weighted = book(
        {"key": ["w"], "content": "a", "group": "g", "groupWeight": 0, "comment": "never"},
        {"key": ["w"], "content": "b", "group": "g", "groupWeight": 100, "comment": "always"},
    )
    assert {tuple(fired(scan(weighted, "w", rng=random.Random(s).random))) for s in range(30)} == {("always",)}


def test_a_group_already_in_the_prompt_blocks_later_members() -> None:
    lore = book(
        {"key": ["bessie"], "content": "Bessie meets Rufus.", "group": "pets", "comment": "bessie"},
        {"key": ["rufus"], "content": "dog", "group": "pets", "comment": "rufus"},
    )
    result = scan(lore, "bessie")
    assert fired(result) == ["bessie"] and "already has an entry" in result.dropped[0].dropped


def test_group_scoring_prefers_the_entry_matching_more_keys() -> None:
    lore = book(
        {"key": ["song", "sing", "black cat"], "content": "cat song", "group": "songs", "comment": "cat"},
        {"key": ["song", "sing", "ghosts"], "content": "ghost song", "group": "songs", "comment": "ghosts"},
    )
    for seed in range(10):
        result = scan(lore, "sing me a song about ghosts", use_group_scoring=True, rng=random.Random(seed).random)
        assert fired(result) == ["ghosts"]


def test_probability() -> None:
    never = book({"key": ["k"], "content": "x", "probability": 0, "useProbability": True, "comment": "never"})
    result = scan(never, "k")
    assert result.fired == () and "probability" in result.dropped[0].dropped
    off = book({"key": ["k"], "content": "x", "probability": 0, "useProbability": False, "comment": "on"})
    assert fired(scan(off, "k")) == ["on"]
    half = book({"key": ["k"], "content": "x", "probability": 50, "comment": "half"})
    outcomes = [bool(scan(half, "k", rng=random.Random(s).random).fired) for s in range(200)]
    assert 60 < sum(outcomes) < 140


# ---------------------------------------------------------------- formats


V2_ENTRY: dict[str, Any] = {
    "keys": ["dragon"],
    "secondary_keys": ["fire"],
    "selective": True,
    "content": "Dragons.",
    "extensions": {"selectiveLogic": 3, "position": 4, "depth": 2, "role": 2, "exclude_recursion": True,
                   "probability": 100, "useProbability": True, "group": "beasts", "scan_depth": 3,
                   "match_whole_words": False, "case_sensitive": True, "x_custom": {"keep": "me"}},
    "enabled": True,
    "insertion_order": 42,
    "comment": "Dragon",
    "id": 7,
    "name": "dragon entry",
    "priority": 3,
}  # fmt: skip
WI_ENTRY: dict[str, Any] = {
    "uid": 7, "key": ["dragon"], "keysecondary": ["fire"], "selective": True, "selectiveLogic": 3,
    "content": "Dragons.", "order": 42, "position": 4, "depth": 2, "role": 2, "excludeRecursion": True,
    "group": "beasts", "scanDepth": 3, "matchWholeWords": False, "caseSensitive": True, "disable": False,
    "comment": "Dragon", "x_custom": {"keep": "me"}, "name": "dragon entry", "priority": 3,
}  # fmt: skip


def test_v2_v3_and_world_info_read_to_the_same_entry() -> None:
    v2 = Lorebook.from_character_book({"entries": [V2_ENTRY]})
    v3_entry = {**V2_ENTRY, "use_regex": False, "extensions": {**V2_ENTRY["extensions"]}}
    v3_entry["extensions"]["selective_logic"] = v3_entry["extensions"].pop("selectiveLogic")
    v3 = parse_lorebook({"spec": "lorebook_v3", "data": {"entries": [v3_entry]}})
    wi = Lorebook.from_world_info({"entries": {"7": WI_ENTRY}})
    assert v2.entries == v3.entries == wi.entries
    entry = wi.entries[0]
    assert (entry.selective_logic, entry.position, entry.depth, entry.role) == (
        SelectiveLogic.AND_ALL,
        4,
        2,
        "assistant",
    )
    assert (entry.case_sensitive, entry.match_whole_words, entry.scan_depth, entry.order) == (True, False, 3, 42)
    assert entry.extra == {"x_custom": {"keep": "me"}, "name": "dragon entry", "priority": 3}
    for lore in (v2, v3, wi):
        assert fired(scan(lore, "dragonfly FIRE dragon fire")) == ["Dragon"]  # case-sensitive: "dragon"+"fire"


def test_the_spec_case_sensitive_field_wins_over_the_extension() -> None:
    raw = {"keys": ["Rose"], "content": "x", "enabled": True, "insertion_order": 1, "case_sensitive": True,
           "extensions": {"case_sensitive": False}}  # fmt: skip
    assert Lorebook.from_character_book({"entries": [raw]}).entries[0].case_sensitive is True


def test_round_trips_lose_nothing() -> None:
    card_book = {
        "name": "Lore",
        "scan_depth": 3,
        "extensions": {"tool": 1},
        "entries": [V2_ENTRY, {"keys": "a, b", "content": "c"}],
    }
    parsed = Lorebook.from_character_book(card_book)
    exported = world_info_from_character_book(card_book)
    assert Lorebook.from_world_info(exported) == parsed
    back = parsed.to_character_book()
    assert Lorebook.from_character_book(back) == parsed
    assert back["entries"][0]["extensions"]["x_custom"] == {"keep": "me"} and back["entries"][0]["priority"] == 3
    wi = {"entries": {"7": WI_ENTRY, "9": {"uid": 9, "key": ["/x/i"], "content": "r", "sticky": 2}}, "originalData": {}}
    wi_book = Lorebook.from_world_info(wi)
    assert Lorebook.from_world_info(wi_book.to_world_info()) == wi_book
    assert Lorebook.from_character_book(character_book_from_world_info(wi)).entries == wi_book.entries
    as_card = character_book_from_world_info(wi)
    assert "originalData" not in as_card and as_card["entries"][1]["use_regex"] is True
    assert as_card["entries"][1]["extensions"]["sticky"] == 2


def test_bad_values_are_kept_and_broken_entries_skipped(caplog: pytest.LogCaptureFixture) -> None:
    doc = {
        "entries": {
            "0": {"uid": 0, "key": ["ok", 5], "content": "fine", "order": "high", "depth": -1, "role": "narrator"},
            "1": "not an entry",
            "2": {"uid": 2, "key": ["x"], "content": ["not", "text"]},
        }
    }
    with caplog.at_level(logging.WARNING):
        lore = Lorebook.from_world_info(doc, name="messy")
    assert len(lore.entries) == 1 and [slot for slot, _ in lore.broken] == ["1", "2"]
    entry = lore.entries[0]
    assert entry.keys == ("ok",) and entry.order == 100 and entry.role == "system"
    assert "'order' should be a number" in caplog.text and "entry 1 is text" in caplog.text
    assert lore.to_world_info()["entries"] == {**doc["entries"], "0": {**lore.to_world_info()["entries"]["0"]}}
    saved = lore.to_world_info()["entries"]["0"]
    assert (saved["key"], saved["order"], saved["depth"], saved["role"]) == (["ok", 5], "high", -1, "narrator")
    assert fired(scan(lore, "ok")) == ["ok"]


@pytest.mark.parametrize(
    ("doc", "phrase"),
    [
        ([1, 2], "not a lorebook"),
        ({"spec": "chara_card_v2", "data": {"name": "Ann"}}, "character card"),
        ({"name": "Ann", "first_mes": "hi"}, "character card"),
        ({"spec": "lorebook_v3"}, "no 'data'"),
        ({"lorebookVersion": 5, "entries": []}, "NovelAI"),
        ({"name": "nothing"}, "no 'entries'"),
        ({"entries": "lots"}, "no 'entries'"),
    ],
)
def test_what_is_not_a_lorebook_is_a_lorebook_error(doc: Any, phrase: str) -> None:
    with pytest.raises(LorebookError, match=phrase):
        parse_lorebook(doc)


def test_a_card_book_with_a_broken_entry_still_works() -> None:
    raw = {"entries": ["junk", None, {"keys": ["dragon"], "content": "ok", "enabled": True, "insertion_order": 1}]}
    lore = Lorebook.from_character_book(raw)
    assert fired(scan(lore, "dragon")) == ["dragon"] and len(lore.problems) == 2
    with pytest.raises(LorebookError):
        Lorebook.from_character_book({"entries": {"0": {}}})
    with pytest.raises(LorebookError):
        Lorebook.from_character_book("a string")


def test_duplicate_and_missing_card_ids_get_their_own_uids() -> None:
    entries = [
        {"id": 1, "keys": ["a"], "content": "a"},
        {"id": 1, "keys": ["b"], "content": "b"},
        {"keys": ["c"], "content": "c"},
        {"id": True, "keys": ["d"], "content": "d"},
    ]
    lore = Lorebook.from_character_book({"entries": entries})
    assert len({e.slot for e in lore.entries}) == 4 and lore.entries[2].uid == 2


# ---------------------------------------------------------------- caching


def test_compiled_once_per_book_version() -> None:
    lore = one_key("dragon")
    assert compile_lorebook(lore) is compile_lorebook(lore)
    assert compile_lorebook(lore, case_sensitive=True) is not compile_lorebook(lore)
    edited = dataclasses.replace(lore, name="edited")
    assert compile_lorebook(edited) is not compile_lorebook(lore)


def test_card_lorebook_is_parsed_once_per_dict() -> None:
    raw = {"entries": [{"keys": ["dragon"], "content": "x", "enabled": True, "insertion_order": 1}]}
    first = card_lorebook(raw, name="Ann")
    assert first is not None and card_lorebook(raw, name="Ann") is first
    assert card_lorebook(dict(raw), name="Ann") is not first
    assert card_lorebook(None) is None and card_lorebook({"entries": "bad"}) is None


def test_no_books_or_no_messages() -> None:
    assert activate([], ["hello"]) == Activation(budget=2048)
    assert scan(one_key("dragon")).fired == ()
    assert fired(scan(book({"constant": True, "content": "c", "comment": "c"}))) == ["c"]


# ---------------------------------------------------------------- the engine never raises

_keys = st.lists(
    st.one_of(
        st.sampled_from(["dragon", "King", "C++", "#tag", "東京", "/drag(on)?/i", "/(bad/", "{{char}}", "a b", ""]),
        st.text(max_size=6),
    ),
    max_size=3,
)
_entries = st.fixed_dictionaries(
    {
        "key": _keys,
        "content": st.one_of(st.text(max_size=20), st.sampled_from(["@@activate\nx", "@@depth 3\ny", "dragon King"])),
    },
    optional={
        "keysecondary": _keys,
        "selectiveLogic": st.integers(-1, 4),
        "constant": st.booleans(),
        "order": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
        "position": st.integers(-1, 8),
        "depth": st.integers(0, 10**30),
        "role": st.integers(0, 3),
        "probability": st.integers(-5, 10**40),
        "group": st.sampled_from(["", "g", "g,h"]),
        "groupWeight": st.integers(-1, 10**40),
        "groupOverride": st.booleans(),
        "scanDepth": st.integers(0, 5000),
        "caseSensitive": st.booleans(),
        "matchWholeWords": st.booleans(),
        "excludeRecursion": st.booleans(),
        "preventRecursion": st.booleans(),
        "delayUntilRecursion": st.one_of(st.booleans(), st.integers(0, 3)),
        "ignoreBudget": st.booleans(),
        "outletName": st.sampled_from(["", "o"]),
        "disable": st.booleans(),
    },
)


@settings(
    deadline=None, derandomize=True, database=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    st.lists(_entries, max_size=8),
    st.lists(st.text(max_size=30), max_size=5),
    st.integers(0, 200),
    st.booleans(),
    st.integers(0, 4),
)
def test_activation_never_raises_and_respects_the_budget(
    entries: list[dict[str, Any]], messages: list[str], budget: int, recursive: bool, steps: int
) -> None:
    lore = book(*entries)
    result = scan(lore, *messages, "dragon King C++ #tag 東京", token_budget=budget, recursive=recursive,
                  max_recursion_steps=steps, render=lambda t: t.replace("{{char}}", "King"))  # fmt: skip
    spent = sum(f.tokens for f in result.fired)
    assert spent == result.tokens_used
    vip = sum(f.tokens for f in result.fired if lore.entries[[e.uid for e in lore.entries].index(f.uid)].ignore_budget)
    assert spent - vip <= budget
    labels = [(f.uid) for f in result.fired]
    assert len(labels) == len(set(labels))  # an entry fires at most once
    assert not {f.uid for f in result.fired} & {d.uid for d in result.dropped}
    assert Lorebook.from_world_info(lore.to_world_info(), name="test") == lore


# ---------------------------------------------------------------- what the speed-ups must not change


@pytest.mark.parametrize(
    ("key", "text", "hit"),
    [
        ("/(dragon|wyrm)s?/i", "two WYRMS", True),
        ("/(dragon|wyrm)s?/i", "a wyvern", False),
        ("/sing/i", "ſing", True),  # re's IGNORECASE: long s is s, dotless i is i, Kelvin sign is k
        ("/ink/i", "ınk", True),
        ("/kit/i", "\u212aIT", True),
        ("/Ab+c/", "abbc", False),  # case-sensitive needles stay case-sensitive
        ("/Ab+c/", "xAbbbc", True),
        ("/a(?i:BC)/", "aBc", True),  # a group with its own flags is never used as a needle
        ("/x{2,}/", "xxx", True),
        ("/colou?r/", "color", True),
    ],
)
def test_regex_prefilter_never_hides_a_match(key: str, text: str, hit: bool) -> None:
    assert bool(scan(one_key(key), text).fired) is hit


def test_keys_with_macros_follow_each_replys_render_despite_the_memo() -> None:
    lore = book({"key": ["{{char}}"], "content": "about the character", "comment": "char"})
    message = "bob: hello there, Ann"
    assert fired(scan(lore, message, render=lambda t: t.replace("{{char}}", "Ann"))) == ["char"]
    assert fired(scan(lore, message, render=lambda t: t.replace("{{char}}", "Zed"))) == []
    assert fired(scan(lore, message, render=lambda t: t.replace("{{char}}", "Ann"))) == ["char"]


def test_repeated_scans_give_the_same_result() -> None:
    lore = chain()
    first = scan(lore, "alice: bessie", "bob: rufus")
    for _ in range(3):
        assert scan(lore, "alice: bessie", "bob: rufus") == first
    assert scan(lore, "alice: nothing", "bob: rufus").fired[0].label == "rufus"


def test_a_regex_does_not_span_two_messages() -> None:
    assert scan(one_key("/hello[\\s\\S]*bye/"), "hello", "bye").fired == ()
    assert fired(scan(one_key("/hello[\\s\\S]*bye/"), "hello and bye")) == ["hit"]
