"""The macro engine, one macro at a time, against what SillyTavern does with the same card text."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.macros import MacroContext, humanize_duration, moment_format, render

TZ = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 30, 14, 35, 7, tzinfo=TZ)  # a Monday


def ctx(**overrides: object) -> MacroContext:
    values: dict[str, object] = {"char": "Aria", "user": "Bob", "now": NOW, "rng": random.Random(7)}
    values.update(overrides)
    return MacroContext(**values)  # type: ignore[arg-type]


# --- Names ---------------------------------------------------------------------------


def test_char_and_user_in_any_case_and_with_spaces_inside_the_braces() -> None:
    assert render("{{char}} meets {{user}}.", ctx()) == "Aria meets Bob."
    assert render("{{CHAR}} {{User}} {{ user }} {{\tchar\n}}", ctx()) == "Aria Bob Bob Aria"


def test_a_name_is_a_value_never_read_as_macros() -> None:
    # Display names belong to whoever is in the server: "{{char}}" is a name like any other.
    sly = ctx(user="{{char}} <BOT> {{random::x::y}}")
    assert render("Hi {{user}}!", sly) == "Hi {{char}} <BOT> {{random::x::y}}!"
    assert render("{{random::{{user}}}}", sly) == "{{char}} <BOT> {{random::x::y}}"


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("<USER>", "Bob"),
        ("<user>", "Bob"),
        ("<BOT>", "Aria"),
        ("<Char>", "Aria"),
        ("<GROUP>", "Aria"),
        ("<CHARIFNOTGROUP>", "Aria"),
    ],
)
def test_old_angle_bracket_aliases(alias: str, expected: str) -> None:
    assert render(f"[{alias}]", ctx()) == f"[{expected}]"


def test_other_angle_brackets_are_text() -> None:
    text = "<START>\n<b>bold</b> a < b > c <USERS>"
    assert render(text, ctx()) == text


def test_group_macros_solo_and_in_a_cast() -> None:
    assert render("{{group}}|{{charIfNotGroup}}|{{notChar}}", ctx()) == "Aria|Aria|Bob"
    cast = ctx(group=("Aria", "Cy", "Dee"))
    assert render("{{group}}|{{charIfNotGroup}}|{{groupNotMuted}}", cast) == "Aria, Cy, Dee|Aria, Cy, Dee|Aria, Cy, Dee"
    assert render("{{notChar}}", cast) == "Cy, Dee, Bob"


# --- Time ----------------------------------------------------------------------------


def test_time_date_weekday_in_sillytaverns_default_formats() -> None:
    assert render("{{time}}|{{date}}|{{weekday}}", ctx()) == "2:35 PM|November 30, 2026|Monday"
    assert render("{{isotime}}|{{isodate}}", ctx()) == "14:35|2026-11-30"


@pytest.mark.parametrize(("hour", "expected"), [(0, "12:05 AM"), (9, "9:05 AM"), (12, "12:05 PM"), (23, "11:05 PM")])
def test_time_uses_a_twelve_hour_clock(hour: int, expected: str) -> None:
    assert render("{{time}}", ctx(now=NOW.replace(hour=hour, minute=5))) == expected


def test_time_at_a_utc_offset() -> None:
    # 14:35 at UTC-5 is 19:35 UTC.
    assert render("{{time::UTC+2}}", ctx()) == "9:35 PM"
    assert render("{{time_UTC-7}}", ctx()) == "12:35 PM"  # the legacy spelling
    assert render("{{time_utc+0}}", ctx()) == "7:35 PM"
    assert render("{{time::somewhere}}", ctx()) == "2:35 PM"  # SillyTavern ignores what it cannot read


def test_a_naive_clock_is_taken_as_local_time() -> None:
    assert render("{{time}} {{isodate}}", ctx(now=datetime(2026, 1, 2, 3, 4))) == "3:04 AM 2026-01-02"


def test_datetimeformat_takes_moment_patterns() -> None:
    assert render("{{datetimeformat DD.MM.YYYY HH:mm}}", ctx()) == "30.11.2026 14:35"
    assert render("{{datetimeformat::YYYY-MM-DD HH:mm:ss}}", ctx()) == "2026-11-30 14:35:07"
    assert render("{{datetimeformat::dddd [the] Do [of] MMMM}}", ctx()) == "Monday the 30th of November"
    assert render("{{datetimeformat::LLLL}}", ctx()) == "Monday, November 30, 2026 2:35 PM"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("YY Q MMM M Mo", "26 4 Nov 11 11th"),
        ("ddd dd d E", "Mon Mo 1 1"),
        ("h hh H k kk a A", "2 02 14 14 14 pm PM"),
        ("m s SSS", "35 7 000"),
        ("Z ZZ", "-05:00 -0500"),
        ("L LT LTS", "11/30/2026 2:35 PM 2:35:07 PM"),
        ("DDD DDDD W", "334 334 49"),
        ("[YYYY] [is] YYYY", "YYYY is 2026"),
        ("is", "i7"),  # as in moment: letters outside [brackets] are tokens where they can be
    ],
)
def test_moment_format_tokens(pattern: str, expected: str) -> None:
    assert moment_format(NOW, pattern) == expected


@pytest.mark.parametrize(
    ("day", "ordinal"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
    ],
)
def test_ordinal_days(day: int, ordinal: str) -> None:
    assert moment_format(NOW.replace(day=day), "Do") == ordinal


# --- {{idle_duration}}: moment's humanize() ----------------------------------------------

MINUTE, HOUR, DAY = 60, 3600, 86400


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "a few seconds"),
        (44, "a few seconds"),
        (45, "a minute"),
        (89, "a minute"),
        (90, "2 minutes"),
        (5 * MINUTE, "5 minutes"),
        (44 * MINUTE, "44 minutes"),
        (45 * MINUTE, "an hour"),
        (89 * MINUTE, "an hour"),
        (90 * MINUTE, "2 hours"),
        (21 * HOUR, "21 hours"),
        (22 * HOUR, "a day"),
        (35 * HOUR, "a day"),
        (36 * HOUR, "2 days"),
        (25 * DAY, "25 days"),
        (26 * DAY, "a month"),
        (45 * DAY, "a month"),
        (46 * DAY, "2 months"),
        (319 * DAY, "10 months"),
        (320 * DAY, "a year"),
        (547 * DAY, "a year"),
        (548 * DAY, "2 years"),
        (10 * 365 * DAY, "10 years"),
    ],
)
def test_humanize_matches_moment_thresholds(seconds: float, expected: str) -> None:
    assert humanize_duration(seconds) == expected


def test_idle_duration() -> None:
    assert render("{{idle_duration}}", ctx(idle_seconds=5 * MINUTE)) == "5 minutes"
    assert render("{{idleDuration}}", ctx(idle_seconds=3 * DAY)) == "3 days"
    assert render("{{idle_duration}}", ctx()) == "just now"  # no earlier message from this user


def test_humanize_never_fails_on_odd_numbers() -> None:
    assert humanize_duration(-90) == "2 minutes"
    assert humanize_duration(float("inf")) == "many years"
    assert humanize_duration(float("nan")) == "a few seconds"


# --- {{random}} and {{pick}} ------------------------------------------------------------


def expected_choice(items: list[str], seed: int = 7) -> str:
    return items[random.Random(seed).randrange(len(items))]


def test_random_with_commas() -> None:
    assert render("{{random:red, green ,blue}}", ctx()) == expected_choice(["red", "green", "blue"])
    assert render("{{random red,green,blue}}", ctx()) == expected_choice(["red", "green", "blue"])
    assert render("{{random::red,green,blue}}", ctx()) == expected_choice(["red", "green", "blue"])


def test_random_with_double_colons_keeps_commas_in_items() -> None:
    items = ["a cat, grey", "a dog, brown", "a fox"]
    assert render("{{random::a cat, grey::a dog, brown:: a fox }}", ctx()) == expected_choice(items)
    assert render("{{random:a cat, grey::a dog, brown::a fox}}", ctx()) == expected_choice(items)


def test_random_escaped_comma() -> None:
    for seed in range(20):
        assert render("{{random:a\\,b,c}}", ctx(rng=random.Random(seed))) in {"a,b", "c"}


def test_random_reaches_every_item_and_follows_the_injected_generator() -> None:
    seen = {render("{{random::a::b::c}}", ctx(rng=random.Random(seed))) for seed in range(60)}
    assert seen == {"a", "b", "c"}
    rng = random.Random(3)
    first = render("{{random::a::b::c::d}} {{random::a::b::c::d}}", ctx(rng=rng))
    again = render("{{random::a::b::c::d}} {{random::a::b::c::d}}", ctx(rng=random.Random(3)))
    assert first == again


def test_names_inside_random_items_are_resolved_first_and_never_split() -> None:
    assert render("{{random::{{user}}::{{user}}}}", ctx()) == "Bob"
    # A name with the separators in it is still one item.
    for seed in range(20):
        out = render("{{random:{{user}},x}}", ctx(user="Smith, John", rng=random.Random(seed)))
        assert out in {"Smith, John", "x"}
        out = render("{{random::{{char}}::y}}", ctx(char="A::B", rng=random.Random(seed)))
        assert out in {"A::B", "y"}


def test_whitespace_from_an_inner_macro_is_kept_in_an_item() -> None:
    assert render("[{{random::{{newline}}::{{newline}}}}]", ctx()) == "[\n]"


def test_random_without_items_is_left_as_written() -> None:
    assert render("{{random}}", ctx()) == "{{random}}"


def test_pick_is_stable_for_a_conversation_and_uses_no_randomness() -> None:
    text = "Her hair is {{pick::red::black::blond::white::green}}."
    rng = random.Random(1)
    state = rng.getstate()
    first = render(text, ctx(chat_id="channel-1", rng=rng))
    assert rng.getstate() == state
    assert all(render(text, ctx(chat_id="channel-1", rng=random.Random(s))) == first for s in range(10))
    across_chats = {render(text, ctx(chat_id=f"channel-{n}")) for n in range(40)}
    assert len(across_chats) > 1


def test_pick_differs_by_place_in_the_text() -> None:
    one = "{{pick::a::b::c::d::e::f::g::h}}"
    results = {render(" ".join([one] * 8), ctx(chat_id=str(n))) for n in range(5)}
    assert any(len(set(result.split())) > 1 for result in results)


# --- {{roll}} -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("macro", "low", "high"),
    [
        ("{{roll:d20}}", 1, 20),
        ("{{roll:20}}", 1, 20),
        ("{{roll 1d6}}", 1, 6),
        ("{{roll::2d6+1}}", 3, 13),
        ("{{roll:3d6-2}}", 1, 16),
        ("{{ROLL: 2d4 + 10 }}", 12, 18),
    ],
)
def test_roll_stays_in_range_and_covers_it(macro: str, low: int, high: int) -> None:
    results = {int(render(macro, ctx(rng=random.Random(seed)))) for seed in range(400)}
    assert min(results) == low and max(results) == high


@pytest.mark.parametrize("formula", ["abc", "0d6", "d0", "2d", "1d6*2", "5000d6"])
def test_an_invalid_roll_rolls_nothing(formula: str) -> None:
    assert render(f"[{{{{roll:{formula}}}}}]", ctx()) == "[]"


def test_roll_is_reproducible_with_the_same_generator() -> None:
    text = "{{roll:d100}} {{roll:d100}} {{roll:d100}}"
    assert render(text, ctx(rng=random.Random(5))) == render(text, ctx(rng=random.Random(5)))


# --- Layout macros ---------------------------------------------------------------------


def test_newline_and_space() -> None:
    assert render("a{{newline}}b{{newline::3}}c", ctx()) == "a\nb\n\n\nc"
    assert render("a{{space}}b{{space::2}}c", ctx()) == "a b  c"
    assert render("{{newline::many}}", ctx()) == "{{newline::many}}"


def test_trim_removes_the_newlines_around_it_but_not_spaces() -> None:
    assert render("First line\n\n{{trim}}\n\nsecond", ctx()) == "First linesecond"
    assert render("a\r\n{{trim}}\r\nb", ctx()) == "ab"
    assert render("a \n{{trim}}\n b", ctx()) == "a  b"
    assert render("{{trim}}\nstart", ctx()) == "start"


def test_trim_runs_after_everything_else() -> None:
    assert render("a{{newline}}{{trim}}{{newline}}b", ctx()) == "ab"
    assert render("a\n{{random::{{trim}}}}\nb", ctx()) == "ab"


def test_noop_is_empty_and_stops_trim() -> None:
    assert render("a{{noop}}b", ctx()) == "ab"
    assert render("a\n{{noop}}\n{{trim}}\nb", ctx()) == "a\nb"


def test_comments_are_removed() -> None:
    assert render("Hello{{// a note for card authors}} there", ctx()) == "Hello there"
    assert render("x{{ // spans\nlines, with {{user}} inside }}y", ctx()) == "xy"


def test_reverse() -> None:
    assert render("{{reverse:abc}} {{reverse::{{user}}}}", ctx()) == "cba boB"


# --- {{original}} --------------------------------------------------------------------------


def test_original_only_where_the_caller_gives_it() -> None:
    assert render("Before. {{original}} After.", ctx()) == "Before. {{original}} After."


def test_original_is_rendered_and_used_once() -> None:
    context = ctx(original="You are {{char}}.")
    assert render("{{original}} Stay in character. {{original}}", context) == "You are Aria. Stay in character. "


def test_original_cannot_recurse() -> None:
    assert render("{{original}}", ctx(original="again {{original}}")) == "again {{original}}"


# --- Card fields ---------------------------------------------------------------------------


def test_card_fields_given_by_the_caller() -> None:
    context = ctx(fields={"description": "{{char}} is a bard.", "persona": "", "charversion": "2"})
    assert render("[{{description}}][{{charDescription}}][{{persona}}][{{char_version}}]", context) == (
        "[Aria is a bard.][Aria is a bard.][][2]"
    )
    assert render("{{scenario}}", context) == "{{scenario}}"


def test_a_field_holding_itself_does_not_loop() -> None:
    assert render("{{description}}", ctx(fields={"description": "d {{description}}"})) == "d {{description}}"


# --- Unknown macros, nesting, escapes ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{{getvar::mood}}",
        "{{if description}}x{{/if}}",
        "{{lastMessage}}",
        '{{banned "word"}}',
        "{{Unknown_Macro}}",
        "{{user::extra}}",
        "{{char: x}}",
        "{{user!}}",
        "{{}}",
        "{{ }}",
        "{{::}}",
        "{{#user}}",
        "{{.var}}",
    ],
)
def test_unknown_macros_are_left_exactly_as_written(text: str) -> None:
    assert render(text, ctx()) == text


def test_unknown_macros_get_their_inner_macros_resolved() -> None:
    assert render("{{getvar::{{char}}_mood}}", ctx()) == "{{getvar::Aria_mood}}"
    assert render("{{{{char}}}}", ctx()) == "{{Aria}}"


def test_nesting_resolves_inside_out() -> None:
    for seed in range(20):
        out = render("{{random::{{random::a::b}}::{{random::c::d}}}}", ctx(rng=random.Random(seed)))
        assert out in {"a", "b", "c", "d"}


def test_extra_braces_around_a_macro_are_text() -> None:
    assert render("{{{user}}}", ctx()) == "{Bob}"
    assert render("{{{{{user}}", ctx()) == "{{{Bob"


def test_unbalanced_braces_are_text() -> None:
    assert render("{{user", ctx()) == "{{user"
    assert render("}} {{", ctx()) == "}} {{"
    assert render("x}}y{{user}}}}", ctx()) == "x}}yBob}}"
    assert render("{{a{{b{{user}}", ctx()) == "{{a{{bBob"


def test_escaped_braces_are_literal() -> None:
    assert render("\\{\\{user\\}\\}", ctx()) == "{{user}}"
    assert render("\\{\\{char\\}\\} is {{char}}", ctx()) == "{{char}} is Aria"
    assert render("a regex \\{3\\} and \\{x}", ctx()) == "a regex \\{3\\} and \\{x}"


def test_escaped_trim_is_text() -> None:
    assert render("a\n\\{\\{trim\\}\\}\nb", ctx()) == "a\n{{trim}}\nb"


def test_a_realistic_card() -> None:
    card = (
        "{{// v2: tightened the scenario}}"
        "{{char}} runs the tavern where <USER> stops on {{weekday}} evenings.\n"
        "{{trim}}\n"
        "Tonight's special: {{random::stew::pie, with gravy::bread}}. "
        "{{char}} rolls a d20 for the weather: {{roll:d20}}."
    )
    out = render(card, ctx(rng=random.Random(11)))
    assert re.fullmatch(
        r"Aria runs the tavern where Bob stops on Monday evenings\."
        r"Tonight's special: (stew|pie, with gravy|bread)\. Aria rolls a d20 for the weather: ([1-9]|1\d|20)\.",
        out,
    ), out


# --- Properties -----------------------------------------------------------------------------

_PLAIN = st.text(st.characters(blacklist_characters="{}<>\\", codec="utf-8"), max_size=12)
_KNOWN = st.sampled_from(
    [
        "{{char}}",
        "{{user}}",
        "<USER>",
        "<bot>",
        "{{time}}",
        "{{date}}",
        "{{weekday}}",
        "{{idle_duration}}",
        "{{random:a,b,c}}",
        "{{random::x, y::{{user}}}}",
        "{{pick::p::q}}",
        "{{roll:2d6+1}}",
        "{{newline}}",
        "{{trim}}",
        "{{noop}}",
        "{{// note}}",
        "{{unknown::z}}",
        "{{getvar::{{char}}}}",
        "{{original}}",
        "{{group}}",
        "{{datetimeformat::YYYY [x] Do}}",
    ]
)
_FRAGMENTS = st.lists(st.one_of(_PLAIN, _KNOWN), max_size=12).map("".join)
#: Brace soup: every way a macro can be half-written, nested or escaped.
_BRACEY = st.lists(
    st.sampled_from([*"{}<>\\:/,|a \n", "user", "USER", "char", "trim", "random", "roll", "::", "//", "{{", "}}"]),
    max_size=30,
).map("".join)


@given(st.one_of(st.text(), _FRAGMENTS, _BRACEY))
def test_never_raises(text: str) -> None:
    assert isinstance(render(text, ctx(original="o {{char}}", chat_id="c")), str)


@given(st.text(st.characters(blacklist_characters="{}<")))
def test_text_without_macro_syntax_is_returned_unchanged(text: str) -> None:
    assert render(text, ctx()) is text


@given(st.text(st.characters(blacklist_characters="{}")))
def test_angle_brackets_that_are_no_alias_change_nothing(text: str) -> None:
    if re.search(r"<(user|bot|char|group|charifnotgroup)>", text, re.IGNORECASE) is None:
        assert render(text, ctx()) == text


@given(_FRAGMENTS, st.integers(0, 2**32))
def test_rendering_is_idempotent_on_card_text(text: str, seed: int) -> None:
    once = render(text, ctx(rng=random.Random(seed)))
    assert render(once, ctx(rng=random.Random(seed + 1))) == once


@given(
    st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,10}", fullmatch=True),
    st.text(st.characters(blacklist_characters="{}<>\\", codec="utf-8"), max_size=20),
)
def test_any_unknown_macro_survives(name: str, argument: str) -> None:
    known = {
        "user", "char", "group", "charifnotgroup", "groupnotmuted", "notchar", "time", "date", "weekday",
        "isotime", "isodate", "datetimeformat", "idle_duration", "idleduration", "random", "pick", "roll",
        "newline", "space", "noop", "trim", "original", "reverse",
    }  # fmt: skip
    if name.lower() in known or name.lower().startswith("time_utc"):
        return
    for text in (f"{{{{{name}}}}}", f"{{{{{name}::{argument}}}}}", f"{{{{{name}:{argument}}}}}"):
        assert render(text, ctx()) == text


@given(st.lists(st.one_of(_PLAIN, st.just("{{user}}"), st.just("{{char}}"), st.just("<BOT>")), max_size=20))
def test_names_are_a_plain_substitution(parts: list[str]) -> None:
    expected = "".join({"{{user}}": "Bob", "{{char}}": "Aria", "<BOT>": "Aria"}.get(part, part) for part in parts)
    assert render("".join(parts), ctx()) == expected
