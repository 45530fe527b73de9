"""Character cards: parsing, errors, export round trips and the store."""

from __future__ import annotations

import base64
import io
import json
import logging
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, PngImagePlugin

from bot.characters import (
    DEFAULT_CHARACTER_ID,
    CardError,
    Character,
    CharacterNotFound,
    CharacterStore,
    ReadOnlyCharacter,
    card_json,
    card_png,
    parse_card,
    slugify,
)

# ---------------------------------------------------------------- helpers


def v2_card(**data: Any) -> dict[str, Any]:
    base = {
        "name": "Aria",
        "description": "{{char}} is a bard.",
        "personality": "cheerful",
        "scenario": "A tavern.",
        "first_mes": "Hello {{user}}!",
        "mes_example": "<START>\n{{user}}: hi\n{{char}}: hey",
        "creator_notes": "notes",
        "system_prompt": "Be Aria.",
        "post_history_instructions": "Stay in character.",
        "alternate_greetings": ["Hi!", "Yo!"],
        "character_book": {"entries": [{"keys": ["lute"], "content": "Her lute is old."}], "extensions": {}},
        "tags": ["music"],
        "creator": "me",
        "character_version": "1.2",
        "extensions": {"talkativeness": "0.5", "depth_prompt": {"depth": 4, "prompt": "x"}, "someapp/x": [1, 2]},
    }
    base.update(data)
    return {"spec": "chara_card_v2", "spec_version": "2.0", "data": base}


def v3_card(**data: Any) -> dict[str, Any]:
    card = v2_card(**data)
    card["spec"], card["spec_version"] = "chara_card_v3", "3.0"
    card["data"] = {
        "nickname": "Ari",
        "creator_notes_multilingual": {"fr": "notes fr"},
        "source": ["https://example.org/aria"],
        "group_only_greetings": ["Hello, everyone!"],
        "assets": [{"type": "icon", "uri": "ccdefault:", "name": "main", "ext": "png"}],
        "creation_date": 1700000000,
        "modification_date": 1700000500,
        **card["data"],
    }
    return card


def as_bytes(card: Any) -> bytes:
    return json.dumps(card).encode("utf-8")


def b64(card: Any) -> str:
    return base64.b64encode(as_bytes(card)).decode("ascii")


def png(chunks: dict[str, str] | None = None, colour: tuple[int, int, int] = (200, 10, 10)) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in (chunks or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def add_chunk_before_iend(data: bytes, key: str, value: str) -> bytes:
    """Where SillyTavern puts its `chara` chunk: after the pixels."""
    body = key.encode("latin-1") + b"\0" + value.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    iend = data.rindex(b"IEND") - 4
    return data[:iend] + chunk + data[iend:]


def pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    """An image's size and RGBA pixels: what two encodings of one picture share."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGBA").tobytes()


def listing(folder: Path) -> list[tuple[str, bytes]]:
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def store(tmp_path: Path) -> CharacterStore:
    return CharacterStore(tmp_path / "characters")


# ---------------------------------------------------------------- parsing


def test_v2_json() -> None:
    parsed = parse_card(as_bytes(v2_card()), "aria.json")
    c = parsed.character
    assert parsed.avatar_png is None
    assert (c.id, c.name, c.first_mes) == ("aria", "Aria", "Hello {{user}}!")
    assert c.alternate_greetings == ["Hi!", "Yo!"]
    assert c.character_book == v2_card()["data"]["character_book"]
    assert c.extensions["someapp/x"] == [1, 2]
    assert c.nickname is None and c.group_only_greetings == []


def test_v3_json_keeps_v3_fields() -> None:
    c = parse_card(as_bytes(v3_card()), "aria.json").character
    assert c.nickname == "Ari"
    assert c.creator_notes_multilingual == {"fr": "notes fr"}
    assert c.source == ["https://example.org/aria"]
    assert c.group_only_greetings == ["Hello, everyone!"]
    assert c.assets and c.assets[0]["uri"] == "ccdefault:"
    assert (c.creation_date, c.modification_date) == (1700000000, 1700000500)


def test_v1_flat_json_with_bom() -> None:
    v1 = {"name": "Old", "description": "d", "personality": "p", "scenario": "s", "first_mes": "f", "mes_example": "m"}
    c = parse_card(b"\xef\xbb\xbf" + as_bytes(v1), "old.json").character
    assert (c.name, c.description, c.first_mes) == ("Old", "d", "f")


def test_nulls_mean_defaults() -> None:
    c = parse_card(as_bytes(v2_card(creator_notes=None, tags=None, character_book=None)), "x.json").character
    assert (c.creator_notes, c.tags, c.character_book) == ("", [], None)


def test_png_with_chara_only_becomes_avatar() -> None:
    data = png({"chara": b64(v2_card(name="Chara Only"))})
    parsed = parse_card(data, "a.png")
    assert parsed.character.name == "Chara Only"
    assert parsed.avatar_png == data


def test_png_with_ccv3_only() -> None:
    parsed = parse_card(png({"ccv3": b64(v3_card(name="V3 Only"))}), "a.png")
    assert parsed.character.name == "V3 Only" and parsed.character.nickname == "Ari"


def test_png_with_both_prefers_ccv3() -> None:
    data = png({"chara": b64(v2_card(name="From V2")), "ccv3": b64(v3_card(name="From V3"))})
    assert parse_card(data, "a.png").character.name == "From V3"


def test_png_chunk_after_image_data() -> None:
    data = add_chunk_before_iend(png(), "chara", b64(v2_card(name="Late Chunk")))
    assert data.index(b"tEXt") > data.index(b"IDAT")
    assert parse_card(data, "late.png").character.name == "Late Chunk"


def test_png_falls_back_to_chara_when_ccv3_is_broken(caplog: pytest.LogCaptureFixture) -> None:
    data = png({"chara": b64(v2_card(name="Fallback")), "ccv3": "!!!not base64!!!"})
    assert parse_card(data, "a.png").character.name == "Fallback"
    assert "ccv3" in caplog.text


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"GIF89a....", "x.gif", "'x.gif' is not a character card: expected a PNG image or a JSON file"),
        (b"\x89PNG\r\n\x1a\ngarbage", "x.png", "'x.png' is not a valid PNG image"),
        (png(), "plain.png", "'plain.png' is a PNG image but has no character card inside (no 'chara' or 'ccv3'"),
        (png({"chara": "@@not-base64@@"}), "b.png", "'b.png' has a 'chara' chunk that is not valid base64"),
        (
            png({"chara": base64.b64encode(b"{nope").decode()}),
            "j.png",
            "The JSON in the 'chara' chunk of 'j.png' cannot be parsed",
        ),
        (b'{"spec": "chara_card_v2", "data": {', "t.json", "The JSON in 't.json' cannot be parsed"),
        (b"[1, 2]", "l.json", "not a character card"),
        (as_bytes({**v2_card(), "spec": "chara_card_v9"}), "s.json", "'s.json' has an unknown spec 'chara_card_v9'"),
        (as_bytes({"spec": "chara_card_v2"}), "d.json", "'d.json' says it is a chara_card_v2 card but has no 'data'"),
        (as_bytes({"foo": 1}), "f.json", "'f.json' is not a character card: it has no 'spec', 'data' or 'name'"),
        (
            as_bytes({"spec": "chara_card_v3", "data": {"description": "x"}}),
            "n.json",
            "'n.json' has no character name (the 'name' field is missing)",
        ),
        (as_bytes(v2_card(name="  ")), "e.json", "'e.json' has an empty character name"),
        (as_bytes(v2_card(name=5)), "i.json", "'i.json' has invalid fields: 'name' input should be a valid string"),
        (
            as_bytes(v2_card(alternate_greetings="hi")),
            "g.json",
            "'g.json' has invalid fields: 'alternate_greetings' input should be a valid list (got str)",
        ),
        (as_bytes(v2_card(extensions=[1])), "x.json", "'extensions' input should be a valid dictionary"),
    ],
)
def test_bad_cards_name_the_problem_and_file(data: bytes, filename: str, expected: str) -> None:
    with pytest.raises(CardError) as info:
        parse_card(data, filename)
    assert expected in str(info.value)
    assert isinstance(info.value, ValueError)


# ---------------------------------------------------------------- export


def test_json_round_trips() -> None:
    c3 = parse_card(as_bytes(v3_card()), "a.json").character
    assert parse_card(as_bytes(card_json(c3, "v3")), "b.json").character == c3
    c2 = parse_card(as_bytes(v2_card()), "a.json").character
    exported = card_json(c2, "v2")
    assert exported["spec"] == "chara_card_v2" and "nickname" not in exported["data"]
    assert parse_card(as_bytes(exported), "b.json").character == c2


def test_png_round_trip_writes_both_chunks_and_keeps_extensions() -> None:
    c = parse_card(as_bytes(v3_card()), "a.json").character
    data = card_png(c, png(colour=(1, 2, 3)), "v3")
    with Image.open(io.BytesIO(data)) as image:
        chunks = dict(image.text)
        assert image.getpixel((0, 0)) == (1, 2, 3)
    assert json.loads(base64.b64decode(chunks["chara"]))["spec"] == "chara_card_v2"
    assert json.loads(base64.b64decode(chunks["ccv3"]))["spec"] == "chara_card_v3"
    back = parse_card(data, "a.png").character
    assert back == c
    assert back.extensions == v3_card()["data"]["extensions"]


def test_png_export_without_avatar_uses_placeholder() -> None:
    c = Character(name="No Face")
    data = card_png(c, None)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (256, 256)
    assert parse_card(data, "x.png").character.name == "No Face"


def test_png_export_replaces_stale_card_in_avatar() -> None:
    old = png({"chara": b64(v2_card(name="Stale")), "ccv3": b64(v3_card(name="Stale"))})
    assert parse_card(card_png(Character(name="Fresh"), old), "x.png").character.name == "Fresh"


def test_slugify() -> None:
    assert slugify("Zoë the Cat!") == "zoe-the-cat"
    assert slugify("猫") == "character"
    assert len(slugify("x" * 200)) <= 48


# ---------------------------------------------------------------- store


def test_default_character_is_always_listed_and_friendly(store: CharacterStore) -> None:
    characters = store.list()
    assert [c.id for c in characters] == [DEFAULT_CHARACTER_ID]
    default = store.get(DEFAULT_CHARACTER_ID)
    assert default.name == "Familiar"
    assert "{{char}}" in default.description and "{{user}}" in default.first_mes
    assert store.avatar_path(DEFAULT_CHARACTER_ID) is not None


def test_default_is_read_only(store: CharacterStore) -> None:
    default = store.get(DEFAULT_CHARACTER_ID)
    with pytest.raises(ReadOnlyCharacter, match="cannot be changed; duplicate it"):
        store.save(default.model_copy(update={"name": "Hacked"}))
    with pytest.raises(ReadOnlyCharacter, match="cannot be deleted"):
        store.delete(DEFAULT_CHARACTER_ID)
    copy = store.duplicate(DEFAULT_CHARACTER_ID)
    assert copy.id == "familiar-copy" and copy.name == "Familiar (copy)"
    default_avatar, copy_avatar = store.avatar_bytes(DEFAULT_CHARACTER_ID), store.avatar_bytes(copy.id)
    assert default_avatar is not None and copy_avatar is not None
    assert pixels(copy_avatar) == pixels(default_avatar)  # the same picture (re-encoded as a plain PNG)
    assert store.get(DEFAULT_CHARACTER_ID).name == "Familiar"


def test_import_png_saves_json_and_clean_avatar(store: CharacterStore) -> None:
    c = store.import_bytes(png({"ccv3": b64(v3_card())}), "aria.png")
    assert c.id == "aria"
    assert sorted(p.name for p in store.folder.iterdir()) == ["aria.json", "aria.png"]
    assert json.loads((store.folder / "aria.json").read_text())["spec"] == "chara_card_v3"
    with Image.open(store.avatar_path("aria")) as image:  # type: ignore[arg-type]
        assert "ccv3" not in image.text and "chara" not in image.text
    assert store.get("aria") == c
    assert [x.id for x in store.list()] == ["aria", DEFAULT_CHARACTER_ID]  # sorted by name


def test_import_assigns_unique_ids(store: CharacterStore) -> None:
    ids = [store.import_bytes(as_bytes(v2_card(name="Default")), "d.json").id for _ in range(3)]
    assert ids == ["default-2", "default-3", "default-4"]


def test_import_file(store: CharacterStore, tmp_path: Path) -> None:
    path = tmp_path / "card.json"
    path.write_bytes(as_bytes(v2_card(name="From File")))
    assert store.import_file(path).id == "from-file"
    with pytest.raises(CardError, match="could not be read"):
        store.import_file(tmp_path / "missing.json")


@pytest.mark.parametrize(
    "bad",
    [
        b"not a card",
        png(),
        png({"chara": "%%%"}),
        as_bytes(v2_card(tags="x")),
        png({"chara": b64(v2_card())})[:60],  # truncated before the card
    ],
)
def test_failed_import_leaves_store_unchanged(store: CharacterStore, bad: bytes) -> None:
    store.import_bytes(as_bytes(v2_card()), "aria.json")
    before = listing(store.folder)
    with pytest.raises(CardError):
        store.import_bytes(bad, "bad.png")
    assert listing(store.folder) == before


def test_save_with_bad_avatar_writes_nothing(store: CharacterStore) -> None:
    with pytest.raises(CardError, match="avatar is not an image"):
        store.save(Character(name="Bob"), b"not an image")
    assert listing(store.folder) == []


def test_save_round_trip_keeps_unknown_extensions(store: CharacterStore) -> None:
    c = Character(name="Ext", extensions={"unknown/app": {"deep": [1, {"x": None}]}}, character_book={"entries": []})
    saved = store.save(c)
    assert saved.id == "ext"
    assert store.get("ext") == saved
    edited = store.save(saved.model_copy(update={"description": "new"}))
    assert edited.id == "ext" and store.get("ext").description == "new"
    assert store.get("ext").extensions == c.extensions


def test_save_keeps_avatar_when_none_given(store: CharacterStore) -> None:
    c = store.save(Character(name="Pic"), png(colour=(1, 2, 3)))
    avatar = store.folder / "pic.png"
    first = avatar.read_bytes()
    store.save(c.model_copy(update={"description": "d"}))
    # The same picture, byte for byte, still next to the edited card.
    assert c.id == "pic" and store.get("pic").description == "d"
    assert store.avatar_path("pic") == avatar and avatar.read_bytes() == first
    assert store.avatar_bytes("pic") == first
    assert pixels(first) == ((4, 4), bytes((1, 2, 3, 255)) * 16)


def test_corrupt_file_is_skipped_logged_and_kept(store: CharacterStore, caplog: pytest.LogCaptureFixture) -> None:
    store.save(Character(name="Good"))
    broken = store.folder / "broken.json"
    broken.write_text('{"spec": "chara_card_v3", "data": {')
    with caplog.at_level(logging.WARNING):
        names = [c.name for c in store.list()]
    assert names == ["Familiar", "Good"]
    assert str(broken) in caplog.text
    assert broken.exists()
    with pytest.raises(CharacterNotFound, match=r"could not be read from .*broken\.json; the file was left in place"):
        store.get("broken")
    assert broken.exists()


def test_odd_files_in_folder_are_ignored(store: CharacterStore) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / "default.json").write_bytes(as_bytes(v2_card(name="Impostor")))
    (store.folder / "My Card.json").write_bytes(as_bytes(v2_card(name="Spaces")))
    (store.folder / ".aria.json.abc.tmp").write_text("partial")
    assert [c.name for c in store.list()] == ["Familiar"]


def test_get_missing_and_invalid_ids(store: CharacterStore) -> None:
    with pytest.raises(CharacterNotFound) as info:
        store.get("nobody")
    assert str(info.value) == "There is no character with id 'nobody'."
    with pytest.raises(CharacterNotFound, match="not a valid character id"):
        store.get("../settings")
    with pytest.raises(CharacterNotFound):
        store.delete("nobody")
    assert store.avatar_path("nobody") is None and store.avatar_bytes("nobody") is None


def test_delete_removes_json_and_avatar(store: CharacterStore) -> None:
    c = store.save(Character(name="Gone"), png())
    store.delete(c.id)
    assert listing(store.folder) == []
    assert [x.id for x in store.list()] == [DEFAULT_CHARACTER_ID]


def test_duplicate_user_character(store: CharacterStore) -> None:
    c = store.save(Character(name="Twin", extensions={"a": 1}), png())
    copy = store.duplicate(c.id)
    assert (copy.id, copy.name, copy.extensions) == ("twin-copy", "Twin (copy)", {"a": 1})
    assert store.avatar_bytes(copy.id) == store.avatar_bytes(c.id)


def test_save_rejects_invalid_character_and_id(store: CharacterStore) -> None:
    with pytest.raises(CardError, match="'name' string should have at least 1 character"):
        store.save(Character.model_construct(id="", name=""))
    with pytest.raises(CardError, match="'My Id' is not a valid character id"):
        store.save(Character(id="My Id", name="X"))
    assert listing(store.folder) == []


def test_too_big_card(store: CharacterStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.characters.MAX_CARD_BYTES", 10)
    path = tmp_path / "big.json"
    path.write_bytes(as_bytes(v2_card()))
    with pytest.raises(CardError, match=r"'big\.json' is larger than"):
        store.import_file(path)


# ---------------------------------------------------------------- malformed input (issue 9)

DEEP = 100_000  # json.loads itself raises RecursionError at this depth


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def card_text(field: str, raw_json: str) -> bytes:
    """A V2 card whose `field` holds `raw_json` pasted in verbatim (json.dumps cannot write these)."""
    text = json.dumps(v2_card(**{field: "PLACEHOLDER"}))
    return text.replace('"PLACEHOLDER"', raw_json).encode("utf-8")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (card_text("extensions", '{"x": ' + deep_json(DEEP) + "}"), "'n.json' is nested too deeply"),
        (card_text("extensions", '{"x": ' + deep_json(100) + "}"), "nested too deeply (more than 64 levels"),
        (card_text("character_book", '{"entries": ' + deep_json(DEEP) + "}"), "nested too deeply"),
        (card_text("creation_date", "9" * 5000), "holds a number longer than 4,300 digits"),
        (card_text("creation_date", "NaN"), "'creation_date' input should be a finite number"),
        (card_text("modification_date", "1e400"), "'modification_date' input should be a finite number"),
        (card_text("extensions", '{"x": [Infinity]}'), "an invalid field: 'extensions.x[0]' is not a finite number"),
        (card_text("character_book", '{"entries": [{"weight": -Infinity}]}'), "'character_book.entries[0].weight'"),
        (card_text("tags", '[1, {"a": []}]'), "'tags[0]' input should be a valid string (got int); 'tags[1]'"),
        (b'{"name": "\xff\xfe"}', "'n.json' is not UTF-8 text (invalid byte at position 10)"),
        (b"", "'n.json' is not a character card"),
        (b"\xef\xbb\xbf", "'n.json' is not a character card"),
    ],
    ids=[
        "recursion",
        "deep",
        "deep-lorebook",
        "big-int",
        "nan",
        "huge-float",
        "inf-extension",
        "inf-lorebook",
        "wrong-type",
        "not-utf8",
        "empty",
        "bom-only",
    ],
)
def test_malformed_cards_are_card_errors(data: bytes, expected: str) -> None:
    with pytest.raises(CardError) as info:
        parse_card(data, "n.json")
    assert expected in str(info.value)


@pytest.mark.parametrize("field", ["name", "description", "character_book"])
def test_lone_surrogates_become_replacement_characters_and_save(
    store: CharacterStore, caplog: pytest.LogCaptureFixture, field: str
) -> None:
    book = '{"entries": [{"keys": ["\\ud800"], "content": "half \\ud83d"}]}'
    value = book if field == "character_book" else '"A\\udfff"'
    with caplog.at_level(logging.WARNING):
        saved = store.import_bytes(card_text(field, value), "s.json")
    assert "lone surrogate" in caplog.text
    if field == "character_book":
        assert saved.character_book == {"entries": [{"keys": ["\ufffd"], "content": "half \ufffd"}]}
    else:
        assert getattr(saved, field) == "A\ufffd"
    assert store.get(saved.id) == saved
    assert parse_card(card_png(saved), "out.png").character == saved.model_copy(update={"id": slugify(saved.name)})


def test_a_paired_surrogate_escape_is_one_character() -> None:
    c = parse_card(card_text("description", '"\\ud83d\\ude00"'), "e.json").character
    assert c.description == "\U0001f600"


def test_save_refuses_what_json_cannot_hold_and_writes_nothing(store: CharacterStore) -> None:
    with pytest.raises(CardError, match=r"'extensions\.a\.b' is not a finite number"):
        store.save(Character(name="Nan", extensions={"a": {"b": float("nan")}}))
    with pytest.raises(CardError, match="'description' holds a lone surrogate"):
        store.save(Character(name="Half", description="\ud83d"))
    deep: Any = 1
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(
        CardError, match=r"Character 'Deep' has an invalid field: 'extensions\.x\[0\]\[0\]\[0\]\[0\]…' is nested too"
    ):
        store.save(Character(name="Deep", extensions={"x": deep}))
    with pytest.raises(CardError, match="'creation_date' input should be a finite number"):
        store.save(Character.model_construct(name="Inf", creation_date=float("inf")))
    assert listing(store.folder) == []


def test_png_export_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(CardError, match=r"'extensions\.x' is not a finite number"):
        card_png(Character(name="Nan", extensions={"x": float("inf")}))


def test_png_claiming_a_huge_image_is_a_card_error() -> None:
    data = bytearray(png({"chara": b64(v2_card())}))
    struct.pack_into(">II", data, 16, 60_000, 60_000)  # IHDR width and height
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    with pytest.raises(CardError, match=r"'huge\.png' is not a valid PNG image .*exceeds limit"):
        parse_card(bytes(data), "huge.png")


def test_undecodable_png_message_is_plain() -> None:
    with pytest.raises(CardError) as info:
        parse_card(b"\x89PNG\r\n\x1a\ngarbage", "x.png")
    assert "BytesIO" not in str(info.value) and "cannot be decoded" in str(info.value)


def test_nested_character_file_falls_back_like_a_missing_one(
    store: CharacterStore, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot answers as the default when the selected character is unreadable (issue 9)."""
    store.save(Character(name="Good"))
    nested = store.folder / "nested.json"
    nested.write_bytes(card_text("extensions", '{"x": ' + deep_json(DEEP) + "}"))
    with caplog.at_level(logging.WARNING):
        assert [c.name for c in store.list()] == ["Familiar", "Good"]
    assert "nested.json" in caplog.text and "nested too deeply" in caplog.text
    with pytest.raises(CharacterNotFound, match=r"could not be read from .*nested\.json; the file was left in place"):
        store.get("nested")
    big = store.folder / "big.json"
    big.write_bytes(card_text("creation_date", "9" * 5000))
    with pytest.raises(CharacterNotFound):
        store.get("big")
    assert nested.exists() and big.exists()


def test_batch_import_fails_only_for_the_bad_card(store: CharacterStore, tmp_path: Path) -> None:
    files = {
        "one.json": as_bytes(v2_card(name="One")),
        "nested.json": card_text("extensions", '{"x": ' + deep_json(DEEP) + "}"),
        "big.json": card_text("creation_date", "9" * 5000),
        "two.png": png({"chara": b64(v2_card(name="Two"))}),
    }
    imported, problems = [], []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        try:
            imported.append(store.import_file(tmp_path / name).name)
        except CardError as error:
            problems.append(str(error))
    assert imported == ["One", "Two"]
    assert len(problems) == 2 and "'nested.json'" in problems[0] and "'big.json'" in problems[1]


def test_import_that_cannot_write_is_a_card_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the characters folder should be")
    with pytest.raises(CardError, match=r"'aria\.json' could not be saved in"):
        CharacterStore(blocker).import_bytes(as_bytes(v2_card()), "aria.json")
    assert blocker.read_text().startswith("a file")


def test_the_longest_number_json_reads_is_kept(store: CharacterStore) -> None:
    saved = store.import_bytes(card_text("extensions", '{"n": ' + "9" * 4300 + "}"), "n.json")
    assert store.get(saved.id).extensions["n"] == int("9" * 4300)
    with pytest.raises(CardError, match="longer than 4,300 digits"):
        parse_card(card_text("extensions", '{"n": 1' + "0" * 4300 + "}"), "n.json")
    with pytest.raises(CardError, match=r"'extensions\.n' holds a number longer than 4,300 digits"):
        store.save(Character(name="Big", extensions={"n": 10**4300}))
