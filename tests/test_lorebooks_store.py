"""Standalone lorebooks: import (World Info, character_book, lorebook_v3), export, the store, and a fuzzed loader."""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.lorebooks as lorebooks
from bot.lorebook import activate
from bot.lorebooks import (
    LorebookNotFound,
    LorebookStore,
    card_lorebook_bytes,
    parse_lorebook_bytes,
    slugify,
    world_info_bytes,
)
from bot.world_info import Lorebook, LorebookError, card_lorebook
from tests.test_loader_fuzz import (
    ACCEPTED,
    FUZZ,
    TYPED,
    assert_sentence,
    character_book,
    clean_json,
    corrupted,
    documents,
    json_values,
    texts,
    weighted,
)

# A World Info file as SillyTavern writes one (trimmed to a few fields per entry).
ST_WORLD = {
    "entries": {
        "0": {
            "uid": 0, "key": ["Eldoria", "the kingdom"], "keysecondary": [], "comment": "Eldoria",
            "content": "Eldoria is a kingdom of floating islands.", "constant": False, "vectorized": False,
            "selective": True, "selectiveLogic": 0, "addMemo": True, "order": 100, "position": 0,
            "disable": False, "excludeRecursion": False, "preventRecursion": False, "delayUntilRecursion": False,
            "probability": 100, "useProbability": True, "depth": 4, "group": "", "groupOverride": False,
            "groupWeight": 100, "scanDepth": None, "caseSensitive": None, "matchWholeWords": None,
            "useGroupScoring": None, "automationId": "", "role": None, "sticky": 0, "cooldown": 0, "delay": 0,
            "displayIndex": 0,
        },
        "1": {"uid": 1, "key": ["/sky ?ships?/i"], "content": "Sky ships sail between islands.", "position": 4,
              "depth": 2, "role": 1, "comment": "Ships"},
    },
    "originalData": {"name": "Eldoria", "entries": []},
}  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> LorebookStore:
    return LorebookStore(tmp_path / "lorebooks")


def files(store: LorebookStore) -> list[str]:
    return sorted(p.name for p in store.folder.iterdir()) if store.folder.is_dir() else []


def test_import_a_sillytavern_world_info_file(store: LorebookStore) -> None:
    saved = store.import_bytes(json.dumps(ST_WORLD).encode(), "Eldoria Lore.json")
    assert (saved.id, saved.name, len(saved.entries)) == ("eldoria-lore", "Eldoria Lore", 2)
    assert files(store) == ["eldoria-lore.json"]
    on_disk = json.loads((store.folder / "eldoria-lore.json").read_text("utf-8"))
    assert on_disk["name"] == "Eldoria Lore" and on_disk["originalData"] == ST_WORLD["originalData"]
    assert on_disk["entries"]["0"]["sticky"] == 0 and on_disk["entries"]["0"]["automationId"] == ""  # kept
    result = activate([store.get("eldoria-lore")], ["alice: we board the sky ship to the kingdom"])
    assert [f.label for f in result.fired] == ["Eldoria", "Ships"]
    assert result.at_depth[0].depth == 2 and result.at_depth[0].role == "user"


def test_export_is_world_info_that_reimports_equal(store: LorebookStore) -> None:
    saved = store.import_bytes(json.dumps(ST_WORLD).encode(), "eldoria.json")
    exported = store.export(saved.id)
    doc = json.loads(exported)
    assert isinstance(doc["entries"], dict) and doc["entries"]["1"]["key"] == ["/sky ?ships?/i"]
    assert dataclasses.replace(parse_lorebook_bytes(exported, "x.json"), id=saved.id) == saved
    again = store.import_bytes(exported, "eldoria.json")
    assert again.id == "eldoria-2" and dataclasses.replace(again, id=saved.id) == saved


def test_import_a_bare_character_book_and_a_lorebook_v3(store: LorebookStore) -> None:
    book = {"name": "Beasts", "entries": [{"keys": ["wyvern"], "content": "Wyverns nest high.", "enabled": True,
                                           "insertion_order": 5, "extensions": {"position": 1}}]}  # fmt: skip
    saved = store.import_bytes(json.dumps(book).encode(), "ignored-name.json")
    assert saved.name == "Beasts" and saved.entries[0].keys == ("wyvern",)
    assert isinstance(json.loads(store.export(saved.id))["entries"], dict)  # stored as World Info
    v3 = store.import_bytes(json.dumps({"spec": "lorebook_v3", "data": book}).encode(), "v3.json")
    assert v3.id == "beasts-2" and v3.entries == saved.entries


def test_export_a_cards_lorebook_as_world_info(store: LorebookStore) -> None:
    entry = {"keys": ["moon"], "content": "The moon is hollow.", "enabled": True, "insertion_order": 3}
    card_book = {"entries": [{**entry, "position": "after_char", "extensions": {"sticky": 2}}]}
    data = card_lorebook_bytes(card_book, "Luna")
    doc = json.loads(data)
    entry = doc["entries"]["0"]
    assert (doc["name"], entry["key"], entry["order"], entry["position"], entry["sticky"]) == (
        "Luna",
        ["moon"],
        3,
        1,
        2,
    )
    imported = store.import_bytes(data, "luna.json")
    assert imported.entries == card_lorebook(card_book, name="Luna").entries  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"", "not a lorebook"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2]", "holds a list"),
        (b'{"entries": {"0": {"content": NaN}}}', "JSON cannot hold"),
        (b'{"entries": ' * 70 + b"1" + b"}" * 70, "nested too deeply"),
        (b'{"spec": "chara_card_v3", "data": {"name": "Ann", "character_book": {"entries": []}}}', "character card"),
        (b'{"name": "x"}', "no 'entries'"),
        (b'{"entries": 5}', "no 'entries'"),
    ],
)
def test_malformed_files_are_refused_with_a_sentence(store: LorebookStore, data: bytes, phrase: str) -> None:
    with pytest.raises(LorebookError, match=phrase) as info:
        store.import_bytes(data, "bad.json")
    assert str(info.value).startswith("'bad.json'")
    assert files(store) == []


def test_too_big_files_are_refused_before_reading(
    store: LorebookStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lorebooks, "MAX_LOREBOOK_BYTES", 100)
    path = tmp_path / "huge.json"
    path.write_bytes(b'{"entries": {}, "pad": "' + b"x" * 200 + b'"}')
    with pytest.raises(LorebookError, match="larger than"):
        store.import_file(path)
    with pytest.raises(LorebookError, match="could not be read"):
        store.import_file(tmp_path / "missing.json")


def test_lone_surrogates_become_replacement_characters(store: LorebookStore) -> None:
    data = b'{"entries": {"0": {"uid": 0, "key": ["half \\ud83d"], "content": "emoji \\ud83d cut"}}}'
    saved = store.import_bytes(data, "cut.json")
    assert saved.entries[0].content == "emoji \ufffd cut"


def test_get_returns_the_same_object_until_the_file_changes(store: LorebookStore) -> None:
    saved = store.import_bytes(json.dumps(ST_WORLD).encode(), "w.json")
    first = store.get(saved.id)
    assert store.get(saved.id) is first  # its compiled matchers are reused
    edited = dataclasses.replace(first, name="Renamed")
    store.save(edited)
    assert store.get(saved.id) is not first and store.get(saved.id).name == "Renamed"


def test_a_damaged_file_is_skipped_and_left_in_place(store: LorebookStore) -> None:
    store.import_bytes(json.dumps(ST_WORLD).encode(), "good.json")
    (store.folder / "broken.json").write_bytes(b"{not json")
    (store.folder / "Not An Id.json").write_bytes(json.dumps(ST_WORLD).encode())
    assert [b.id for b in store.list()] == ["good"]
    with pytest.raises(LorebookNotFound, match=r"broken\.json.*left in place"):
        store.get("broken")
    assert (store.folder / "broken.json").read_bytes() == b"{not json"
    assert [b.id for b in store.get_many(["broken", "good", "missing", "good"])] == ["good"]


def test_save_delete_and_ids(store: LorebookStore) -> None:
    book = Lorebook.from_world_info({"entries": {}}, name="Île des Rêves")
    saved = store.save(book)
    assert saved.id == "ile-des-reves" and store.save(book).id == "ile-des-reves-2"
    assert store.save(dataclasses.replace(saved, name="Changed")).id == "ile-des-reves"
    assert [b.name for b in store.list()] == ["Changed", "Île des Rêves"]
    with pytest.raises(LorebookError, match="not a valid lorebook id"):
        store.save(dataclasses.replace(book, id="Bad Id"))
    for bad in ("../settings", "", "UPPER"):
        with pytest.raises(LorebookNotFound):
            store.get(bad)
    store.delete("ile-des-reves")
    with pytest.raises(LorebookNotFound):
        store.get("ile-des-reves")
    with pytest.raises(LorebookNotFound):
        store.delete("ile-des-reves")
    assert slugify("!!!") == "lorebook"


def test_world_info_bytes_names_what_json_cannot_hold() -> None:
    book = Lorebook.from_world_info({"entries": {"0": {"uid": 0, "key": ["x"], "content": "ok", "odd": float("nan")}}})
    with pytest.raises(LorebookError, match=r"entries\.0\.odd"):
        world_info_bytes(book)


# ---------------------------------------------------------------- the loader, fuzzed

wi_entry = corrupted(
    st.fixed_dictionaries(
        {"uid": st.one_of(st.integers(), texts), "key": st.lists(texts, max_size=3), "content": texts},
        optional={
            "keysecondary": st.lists(texts, max_size=2),
            "comment": texts,
            "order": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
            "position": st.integers(-2, 9),
            "depth": st.integers(),
            "role": st.one_of(st.integers(-1, 3), st.sampled_from(["user", "narrator"])),
            "selectiveLogic": st.one_of(st.integers(-1, 4), st.sampled_from(["AND ALL", "nope"])),
            "constant": st.booleans(),
            "disable": st.booleans(),
            "probability": st.integers(),
            "group": texts,
            "groupWeight": st.integers(),
            "delayUntilRecursion": st.one_of(st.booleans(), st.integers()),
            "extensions": st.dictionaries(texts, clean_json, max_size=2),
        },
    ),
    ["uid", "key", "content", "order", "position", "role", "keysecondary", "comment", "scanDepth"],
)
world_info = corrupted(
    st.fixed_dictionaries(
        {"entries": st.dictionaries(texts, weighted((5, wi_entry), (1, json_values)), max_size=4)},
        optional={
            "name": texts,
            "originalData": clean_json,
            "scan_depth": st.integers(),
            "recursive_scanning": json_values,
        },
    ),
    ["entries", "name", "token_budget"],
)
lorebook_v3 = st.fixed_dictionaries({"spec": st.just("lorebook_v3"), "data": character_book})
lorebook_files = documents(weighted((4, world_info), (3, character_book), (1, lorebook_v3), (1, json_values)))


def check_lorebook(data: bytes) -> str:
    """Load `data` as a stored file and import it; ACCEPTED or TYPED, else an exception.

    Whatever loads saves and loads back equal, and the engine scans it without error.
    """
    with tempfile.TemporaryDirectory() as tmp:
        store = LorebookStore(Path(tmp) / "lorebooks")
        store.folder.mkdir()
        (store.folder / "stored.json").write_bytes(data)
        listed = {b.id for b in store.list()}  # never raises
        try:
            stored = store.get("stored")
        except LorebookNotFound as error:
            assert "stored" not in listed
            assert_sentence(error)
        else:
            assert "stored" in listed and store.get("stored") is stored
        assert (store.folder / "stored.json").read_bytes() == data  # a bad file is left in place

        parsed = None
        try:
            parsed = parse_lorebook_bytes(data, "fuzz.json")
        except LorebookError as error:
            assert_sentence(error)
        before = files(store)
        try:
            saved = store.import_bytes(data, "fuzz.json")
        except LorebookError as error:
            assert_sentence(error)
            assert files(store) == before  # nothing written
            assert parsed is None
            return TYPED
        assert parsed is not None
        assert saved == dataclasses.replace(parsed, id=saved.id)  # saved, then loaded back equal
        assert dataclasses.replace(parse_lorebook_bytes(store.export(saved.id), "fuzz.json"), id=saved.id) == saved
        # Through a card's list of entries, slots and duplicate uids cannot survive; entries do.
        assert len(Lorebook.from_character_book(saved.to_character_book()).entries) == len(saved.entries)
        activate([saved], ["fuzz: a key", "\x01 dragon"])
        return ACCEPTED


@settings(FUZZ, max_examples=300)
@given(lorebook_files)
def test_lorebooks_load_or_raise_lorebook_error(data: bytes) -> None:
    check_lorebook(data)


def test_the_fuzzed_files_reach_both_outcomes() -> None:
    """Guard against a strategy that only ever produces garbage (or only valid files)."""
    outcomes: set[str] = set()

    @settings(FUZZ, max_examples=60)
    @given(lorebook_files)
    def run(data: bytes) -> None:
        outcomes.add(check_lorebook(data))

    run()
    assert outcomes == {ACCEPTED, TYPED}
