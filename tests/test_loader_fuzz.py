"""Property tests over every loader: cards (with their lorebooks), presets, settings, secrets.

Property: a loader returns a valid object or raises its typed error, never
anything else; a typed error is a printable sentence and leaves the file as
it was (settings may instead be moved aside, byte for byte); and whatever
loads saves and loads again to an equal object.

The `check_*` functions are shared with tests/benchmarks/bench_fuzz_loaders.py,
which runs the same strategies for longer and counts the outcomes.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keyring.backends import fail
from PIL import Image, PngImagePlugin

from bot.characters import SPEC_V2, SPEC_V3, CardError, CharacterNotFound, CharacterStore, card_png, parse_card
from bot.folders import Folders
from bot.presets import Preset, PresetNotFound, PresetStore
from bot.secrets import SecretStore, SecretStoreError
from bot.settings import Settings, SettingsError, load_settings, save_settings

ACCEPTED, TYPED, SET_ASIDE = "accepted", "typed error", "set aside"
#: Marks generated token values, so a test can tell if an error message quotes one.
SECRET_MARK = "TOKEN-MARK-7f3a"

# ---------------------------------------------------------------- strategies


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """`one_of` with weights. (Repeating a branch in `one_of` does not weight it: equal branches merge.)"""
    return st.sampled_from([s for weight, s in choices for _ in range(weight)]).flatmap(lambda s: s)


class Raw(str):
    """JSON text inserted as it is: what json.dumps would never write."""


def _nested_arrays(n: int) -> Raw:
    return Raw("[" * n + "]" * n)


SPECIAL_JSON = st.one_of(
    st.integers(60, 300).map(_nested_arrays),  # parses, but deeper than any real file
    st.integers(60, 300).map(lambda n: Raw('{"a":' * n + "1" + "}" * n)),
    st.just(100_000).map(_nested_arrays),  # RecursionError inside json.loads
    st.integers(4_200, 5_000).map(lambda n: Raw("9" * n)),  # over CPython's 4,300-digit limit, or just under
    st.sampled_from([Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e400"), Raw("-1e999"), Raw("1e-400")]),
)
# Lone surrogates are valid JSON escapes ("\ud800") but not characters: json.dumps
# writes them escaped (ensure_ascii) or, with surrogatepass, as bytes that are not UTF-8.
surrogate_text = st.text(
    st.one_of(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), st.characters(max_codepoint=0x2FF)),
    max_size=8,
)
texts = weighted((4, st.text(max_size=12)), (1, surrogate_text))
# What real files hold (surrogates included: cards replace them, the other loaders refuse them)...
clean_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), texts),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(texts, children, max_size=3)),
    max_leaves=8,
)
# ...and anything at all, with the cases that used to escape as untyped errors.
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts, SPECIAL_JSON),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=4)),
    max_leaves=10,
)


def render(value: Any, ensure_ascii: bool) -> str:
    """JSON text for `value`, with `Raw` pieces pasted in (the test's own small recursion)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        items = (f"{json.dumps(k, ensure_ascii=ensure_ascii)}: {render(v, ensure_ascii)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render(v, ensure_ascii) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ensure_ascii)


def to_bytes(value: Any, ensure_ascii: bool, bom: bool) -> bytes:
    # surrogatepass: a lone surrogate written raw gives bytes that are not UTF-8, another case to cover.
    data = render(value, ensure_ascii).encode("utf-8", "surrogatepass")
    return (b"\xef\xbb\xbf" if bom else b"") + data


def documents(values: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """Files: rendered values (mostly ASCII-escaped, some with a BOM), truncated ones, raw bytes, empty."""
    rendered = st.builds(to_bytes, values, st.sampled_from([True] * 7 + [False]), st.booleans())
    truncated = st.tuples(rendered, st.floats(0.1, 0.95)).map(lambda t: t[0][: max(1, int(len(t[0]) * t[1]))])
    return weighted((20, rendered), (1, truncated), (1, st.binary(min_size=1, max_size=64)), (1, st.just(b"")))


def _override(base: dict[str, Any], changes: list[tuple[str, Any]]) -> dict[str, Any]:
    return {**base, **dict(changes)}


def corrupted(base: st.SearchStrategy[dict[str, Any]], keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """`base` as it is two times in three, else with one or two of `keys` set to any JSON value."""
    changes = st.lists(st.tuples(st.sampled_from(keys), json_values), min_size=1, max_size=2)
    return st.builds(_override, base, weighted((2, st.just([])), (1, changes)))


def model_fields(model: type[Any], skip: tuple[str, ...] = ()) -> dict[str, st.SearchStrategy[Any]]:
    """For each field of a pydantic model: its default or any value of its type.

    Read from the model, so fields added later are fuzzed too.
    """
    out: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        if name not in skip:
            typed = st.from_type(info.annotation)  # type: ignore[arg-type]
            default = typed if info.is_required() else st.just(info.get_default(call_default_factory=True))
            out[name] = weighted((5, default), (1, typed))
    return out


# -- cards, with their lorebook (character_book)

lore_entry = corrupted(
    st.fixed_dictionaries(
        {"keys": st.lists(texts, max_size=3), "content": texts},
        optional={
            "enabled": st.booleans(),
            "insertion_order": st.integers(),
            "secondary_keys": st.lists(texts, max_size=2),
            "extensions": st.dictionaries(texts, clean_json, max_size=3),
            "id": st.integers(),
        },
    ),
    ["keys", "content", "extensions", "id"],
)
character_book = corrupted(
    st.fixed_dictionaries(
        {"entries": st.lists(lore_entry, max_size=3)},
        optional={
            "name": texts,
            "scan_depth": st.integers(),
            "token_budget": st.integers(),
            "recursive_scanning": st.booleans(),
            "extensions": st.dictionaries(texts, clean_json, max_size=3),
        },
    ),
    ["entries", "extensions", "scan_depth"],
)
_TEXT_FIELDS = [
    "description",
    "personality",
    "scenario",
    "first_mes",
    "mes_example",
    "creator_notes",
    "system_prompt",
    "post_history_instructions",
    "creator",
    "character_version",
    "nickname",
]
_LIST_FIELDS = ["alternate_greetings", "tags", "source", "group_only_greetings"]
_OTHER_FIELDS = {
    "character_book": weighted((2, character_book), (1, st.none())),
    "extensions": st.dictionaries(texts, clean_json, max_size=4),
    "creator_notes_multilingual": st.dictionaries(texts, texts, max_size=2),
    "assets": st.lists(st.dictionaries(texts, clean_json, max_size=3), max_size=2),
    "creation_date": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
    "modification_date": st.integers(),
}
card_data = corrupted(
    st.fixed_dictionaries(
        {"name": st.one_of(st.text(min_size=1, max_size=12), surrogate_text)},
        optional={
            **{name: texts for name in _TEXT_FIELDS},
            **{name: st.lists(texts, max_size=3) for name in _LIST_FIELDS},
            **_OTHER_FIELDS,
        },
    ),
    ["name", *_TEXT_FIELDS, *_LIST_FIELDS, *_OTHER_FIELDS],
)
_v2_v3_cards = corrupted(
    st.fixed_dictionaries(
        {"spec": st.sampled_from([SPEC_V2, SPEC_V3]), "data": card_data},
        optional={"spec_version": st.sampled_from(["2.0", "3.0"])},
    ),
    ["spec", "data"],
)
cards = weighted((4, _v2_v3_cards), (2, card_data), (1, json_values))  # card_data alone: a V1 card


def png_card(card_json_bytes: bytes, key: str, flips: list[tuple[int, int]], fix_crcs: bool, cut: float) -> bytes:
    """A PNG with the card in a text chunk, then perhaps damaged: bytes changed, the end cut off.

    With `fix_crcs` the damaged chunks get valid checksums again, so the damage
    reaches Pillow's chunk decoders instead of its CRC check.
    """
    info = PngImagePlugin.PngInfo()
    info.add_text(key, base64.b64encode(card_json_bytes).decode("ascii"))
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, format="PNG", pnginfo=info)
    data = bytearray(out.getvalue())
    for position, value in flips:
        data[8 + position % (len(data) - 8)] = value  # keep the signature: reach Pillow's chunk parser
    if fix_crcs:
        _fix_crcs(data)
    return bytes(data[: max(9, int(len(data) * cut))])


def _fix_crcs(data: bytearray) -> None:
    offset = 8
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        end = offset + 8 + length
        if end + 4 > len(data):
            return  # a damaged length: the rest is not chunks any more
        data[end : end + 4] = struct.pack(">I", zlib.crc32(data[offset + 4 : end]))
        offset = end + 4


png_cards = st.builds(
    png_card,
    documents(cards),
    st.sampled_from(["chara", "ccv3", "Chara"]),
    st.one_of(st.just([]), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=3)),
    st.booleans(),
    weighted((2, st.just(1.0)), (1, st.floats(0, 1))),
)
card_files = weighted((3, documents(cards)), (1, png_cards))

# -- presets, settings, secrets

_preset_fields = model_fields(Preset, skip=("id",))
_preset_fields["name"] = st.text(min_size=1, max_size=20)
_preset_fields["stop"] = st.lists(texts, max_size=4)
_presets = corrupted(
    st.fixed_dictionaries({"name": _preset_fields.pop("name")}, optional=_preset_fields), ["name", *_preset_fields]
)
preset_files = documents(weighted((3, _presets), (1, json_values)))
_tokens = st.one_of(st.text(min_size=1, max_size=20), surrogate_text).map(lambda t: SECRET_MARK + t)
_v1_keys = {
    "discord_token": _tokens,
    "openai_api_key": _tokens,
    "model_name": texts,
    "openai_api_base": st.just("http://127.0.0.1:1/v1"),
}
_settings_fields = model_fields(Settings)
_settings = corrupted(st.fixed_dictionaries({}, optional=_settings_fields), list(_settings_fields))
_v1_settings = corrupted(st.fixed_dictionaries({"schema_version": st.just(1)}, optional=_v1_keys), list(_v1_keys))
settings_files = documents(weighted((2, _settings), (1, _v1_settings), (1, json_values)))
_secret_keys = {"discord_token": _tokens, "openai_api_key": _tokens}
_secrets = corrupted(st.fixed_dictionaries({}, optional=_secret_keys), [*_secret_keys, "other"])
secrets_files = documents(weighted((3, _secrets), (1, json_values)))


# ---------------------------------------------------------------- checks, shared with the benchmark


def assert_sentence(error: BaseException) -> None:
    """A typed error's message is a non-empty sentence that any log file can hold."""
    message = str(error)
    assert message.strip(), f"{type(error).__name__} with no message"
    message.encode("utf-8")  # no lone surrogate copied from the input
    assert len(message) < 2_000, f"message of {len(message)} characters"


def check_card(data: bytes) -> str:
    """Import `data`, and load it as a stored file; ACCEPTED or TYPED, else an exception."""
    with tempfile.TemporaryDirectory() as tmp:
        store = CharacterStore(Path(tmp) / "characters")
        store.folder.mkdir()
        (store.folder / "stored.json").write_bytes(data)
        listed = {c.id for c in store.list()}  # never raises
        try:
            stored = store.get("stored")
        except CharacterNotFound as error:
            assert "stored" not in listed
            assert_sentence(error)
        else:
            assert "stored" in listed and store.get("stored") == stored
        assert (store.folder / "stored.json").read_bytes() == data  # a bad file is left in place

        parsed = None
        try:
            parsed = parse_card(data, "fuzz.card")
        except CardError as error:
            assert_sentence(error)
        before = sorted(p.name for p in store.folder.iterdir())
        try:
            saved = store.import_bytes(data, "fuzz.card")
        except CardError as error:
            assert_sentence(error)
            assert sorted(p.name for p in store.folder.iterdir()) == before  # nothing written
            # The one thing import refuses after parse_card accepted: a PNG card whose pixels are damaged.
            assert parsed is None or "avatar is not an image" in str(error), error
            return TYPED
        assert parsed is not None
        assert saved == parsed.character.model_copy(update={"id": saved.id})  # import keeps every field
        assert store.get(saved.id) == saved
        # The exported PNG card reads back as the same character.
        again = parse_card(card_png(saved, store.avatar_bytes(saved.id)), "export.png").character
        assert again == saved.model_copy(update={"id": again.id})
        return ACCEPTED


def check_preset(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        store = PresetStore(Path(tmp))
        (store.folder / "fuzz.json").write_bytes(data)
        listed = {p.id for p in store.list()}  # never raises
        try:
            preset = store.get("fuzz")
        except PresetNotFound as error:
            assert_sentence(error)
            assert "fuzz" not in listed
            assert (store.folder / "fuzz.json").read_bytes() == data
            return TYPED
        assert "fuzz" in listed
        store.save(preset)
        assert store.get("fuzz") == preset
        return ACCEPTED


def _folders(root: Path) -> Folders:
    return Folders(config=root / "config", data=root / "data", logs=root / "logs")


def check_settings(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folders = _folders(Path(tmp))
        folders.config.mkdir(parents=True)
        folders.settings_file.write_bytes(data)
        store = SecretStore(folders, keyring_backend=fail.Keyring())
        try:
            settings = load_settings(folders, store)
        except SettingsError as error:
            assert_sentence(error)
            assert SECRET_MARK not in str(error)
            assert folders.settings_file.read_bytes() == data
            assert not folders.secrets_file.exists()  # nothing half moved
            return TYPED
        if not folders.settings_file.exists():
            (aside,) = folders.config.glob("settings.json.corrupt-*")
            assert aside.read_bytes() == data  # moved aside byte for byte, never lost
            assert settings == Settings()
            return SET_ASIDE
        assert SECRET_MARK.encode() not in folders.settings_file.read_bytes()  # inline secrets moved out
        save_settings(folders, settings)
        assert load_settings(folders, store) == settings
        return ACCEPTED


def check_secrets(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        folders = _folders(Path(tmp))
        folders.config.mkdir(parents=True)
        folders.secrets_file.write_bytes(data)
        store = SecretStore(folders, keyring_backend=fail.Keyring())
        try:
            secrets = store.load()
        except SecretStoreError as error:
            assert_sentence(error)
            assert SECRET_MARK not in str(error)
            assert folders.secrets_file.read_bytes() == data  # may be the only copy of the token
            return TYPED
        store.save(secrets)
        assert SecretStore(folders, keyring_backend=fail.Keyring()).load() == secrets
        return ACCEPTED


#: What the benchmark runs: loader name -> (files strategy, check).
LOADERS: dict[str, tuple[st.SearchStrategy[bytes], Callable[[bytes], str]]] = {
    "cards": (card_files, check_card),
    "presets": (preset_files, check_preset),
    "settings": (settings_files, check_settings),
    "secrets": (secrets_files, check_secrets),
}

# ---------------------------------------------------------------- properties

# derandomize: the same examples on every run, so CI is deterministic; no database files.
FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(FUZZ, max_examples=400)
@given(card_files)
def test_cards_load_or_raise_card_error(data: bytes) -> None:
    check_card(data)


@settings(FUZZ, max_examples=250)
@given(preset_files)
def test_presets_load_or_raise_preset_error(data: bytes) -> None:
    check_preset(data)


@settings(FUZZ, max_examples=300)
@given(settings_files)
def test_settings_load_set_aside_or_raise_settings_error(data: bytes) -> None:
    check_settings(data)


@settings(FUZZ, max_examples=200)
@given(secrets_files)
def test_secrets_load_or_raise_secret_store_error(data: bytes) -> None:
    check_secrets(data)
