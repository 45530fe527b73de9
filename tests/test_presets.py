"""Generation presets: bounds, built-ins, the store and request parameters."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.presets import (
    BUILTIN_PRESETS,
    DEFAULT_PRESET_ID,
    Preset,
    PresetError,
    PresetNotFound,
    PresetStore,
    preset_bounds,
    request_params,
)


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    return PresetStore(tmp_path / "presets")


def test_builtins() -> None:
    assert DEFAULT_PRESET_ID == "balanced"
    assert list(BUILTIN_PRESETS) == ["balanced", "creative", "precise"]


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("temperature", -0.1),
        ("temperature", 2.01),
        ("top_p", 1.5),
        ("max_tokens", 0),
        ("max_tokens", 32769),
        ("frequency_penalty", -2.5),
        ("presence_penalty", 2.5),
        ("context_tokens", 511),
        ("context_tokens", 1_000_001),
        ("stop", ["a", "b", "c", "d", "e"]),
        ("stop", [""]),
        ("id", "../evil"),
        ("name", ""),
    ],
)
def test_bounds_are_enforced(field: str, bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        Preset.model_validate({"id": "x", "name": "X", field: bad})
    assert info.value.errors()[0]["loc"][0] == field


def test_bounds_readable_from_model() -> None:
    bounds = preset_bounds()
    assert bounds["temperature"] == (0.0, 2.0)
    assert bounds["top_p"] == (0.0, 1.0)
    assert bounds["max_tokens"] == (1, 32768)
    assert bounds["context_tokens"] == (512, 1_000_000)
    assert bounds["frequency_penalty"] == bounds["presence_penalty"] == (-2.0, 2.0)


def test_request_params() -> None:
    preset = Preset(id="x", name="X", temperature=0.5, top_p=0.9, max_tokens=100, presence_penalty=0.1)
    assert request_params(preset) == {
        "temperature": 0.5,
        "top_p": 0.9,
        "max_tokens": 100,
        "frequency_penalty": 0.0,
        "presence_penalty": 0.1,
    }
    assert request_params(preset.model_copy(update={"stop": ["\nUser:"]}))["stop"] == ["\nUser:"]


def test_list_builtins_first_then_users_by_name(store: PresetStore) -> None:
    store.save(Preset(id="zeta", name="Zeta"))
    store.save(Preset(id="alpha", name="alpha"))
    assert [p.id for p in store.list()] == ["balanced", "creative", "precise", "alpha", "zeta"]
    assert store.get("zeta").name == "Zeta"
    assert store.get(DEFAULT_PRESET_ID) is BUILTIN_PRESETS["balanced"]


def test_builtins_are_read_only(store: PresetStore) -> None:
    with pytest.raises(PresetError, match="'Balanced' is a built-in preset and cannot be changed"):
        store.save(BUILTIN_PRESETS["balanced"].model_copy(update={"temperature": 1.9}))
    with pytest.raises(PresetError, match="'Creative' is a built-in preset and cannot be deleted"):
        store.delete("creative")
    assert not store.folder.exists()


def test_duplicate_builtin(store: PresetStore) -> None:
    copy = store.duplicate("creative", "My Creative")
    assert copy.id == "my-creative" and copy.temperature == BUILTIN_PRESETS["creative"].temperature
    assert store.duplicate("creative", "My Creative").id == "my-creative-2"
    assert store.duplicate("precise", "Balanced").id == "balanced-2"
    assert json.loads((store.folder / "my-creative.json").read_text())["name"] == "My Creative"


def test_save_revalidates(store: PresetStore) -> None:
    bad = Preset.model_construct(
        id="x",
        name="X",
        temperature=9.0,
        top_p=1.0,
        max_tokens=10,
        frequency_penalty=0.0,
        presence_penalty=0.0,
        context_tokens=1024,
        stop=[],
    )
    with pytest.raises(PresetError, match="'temperature' input should be less than or equal to 2"):
        store.save(bad)
    assert not (store.folder / "x.json").exists()


def test_delete(store: PresetStore) -> None:
    store.save(Preset(id="mine", name="Mine"))
    store.delete("mine")
    assert [p.id for p in store.list()] == list(BUILTIN_PRESETS)
    with pytest.raises(PresetNotFound, match="There is no preset with id 'mine'"):
        store.delete("mine")
    with pytest.raises(PresetNotFound, match="not a valid preset id"):
        store.get("../x")


def test_corrupt_and_invalid_files_are_skipped_and_kept(store: PresetStore, caplog: pytest.LogCaptureFixture) -> None:
    store.save(Preset(id="good", name="Good"))
    broken = store.folder / "broken.json"
    broken.write_text("{ nope")
    hot = store.folder / "hot.json"
    hot.write_text(json.dumps({"name": "Hot", "temperature": 5}))
    with caplog.at_level(logging.WARNING):
        ids = [p.id for p in store.list()]
    assert ids == [*BUILTIN_PRESETS, "good"]
    assert str(broken) in caplog.text
    assert str(hot) in caplog.text and "'temperature'" in caplog.text
    assert broken.exists() and hot.exists()
    with pytest.raises(PresetNotFound) as info:
        store.get("hot")
    assert str(hot) in str(info.value) and "'temperature'" in str(info.value)


def test_file_name_is_the_id(store: PresetStore) -> None:
    store.folder.mkdir(parents=True)
    (store.folder / "renamed.json").write_text(json.dumps({"id": "other", "name": "Renamed"}))
    assert store.get("renamed").id == "renamed"


# -- malformed files (issue 9) -------------------------------------------------


def write(store: PresetStore, preset_id: str, text: str | bytes) -> Path:
    store.folder.mkdir(parents=True, exist_ok=True)
    path = store.folder / f"{preset_id}.json"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"name": "N", "stop": ' + "[" * 100_000 + "]" * 100_000 + "}", "is nested too deeply"),
        ('{"name": "N", "stop": ' + "[" * 70 + "]" * 70 + "}", "is nested too deeply"),
        ('{"name": "N", "max_tokens": ' + "9" * 5000 + "}", "holds a number longer than 4,300 digits"),
        ('{"name": "N", "temperature": NaN}', "'temperature' is not a finite number (NaN, Infinity or too large"),
        ('{"name": "N", "top_p": 1e400}', "'top_p' is not a finite number"),
        ('{"name": "\\ud800"}', "'name' holds a lone surrogate"),
        ('{"name": "N", "stop": ["ok", "\\udfff"]}', "'stop[1]' holds a lone surrogate"),
        ('{"name": "N", "stop": [["x"]]}', "'stop[0]' input should be a valid string (got list)"),
        (b'{"name": "\xff"}', "is not UTF-8 text (invalid byte at position 10)"),
        (b"", "cannot be parsed: Expecting value at line 1, column 1"),
    ],
    ids=[
        "recursion",
        "deep",
        "big-int",
        "nan",
        "huge-float",
        "surrogate-name",
        "surrogate-stop",
        "wrong-type",
        "not-utf8",
        "empty",
    ],
)
def test_malformed_preset_files_are_skipped_and_kept(
    store: PresetStore, caplog: pytest.LogCaptureFixture, text: str | bytes, expected: str
) -> None:
    path = write(store, "bad", text)
    before = path.read_bytes()
    with caplog.at_level(logging.WARNING):
        assert [p.id for p in store.list()] == list(BUILTIN_PRESETS)
    assert expected in caplog.text
    with pytest.raises(PresetNotFound) as info:
        store.get("bad")
    assert str(path) in str(info.value) and expected in str(info.value)
    assert path.read_bytes() == before


def test_bom_preset_file_loads(store: PresetStore) -> None:
    write(store, "bom", b"\xef\xbb\xbf" + json.dumps({"name": "Bom", "temperature": 0.5}).encode())
    assert store.get("bom").temperature == 0.5


def test_save_refuses_a_lone_surrogate_and_writes_nothing(store: PresetStore) -> None:
    with pytest.raises(PresetError, match="'name' input should be a valid string, unable to parse"):
        store.save(Preset.model_construct(id="half", name="half \ud83d"))
    with pytest.raises(PresetError, match=r"'stop\[0\]' input should be a valid string"):
        store.save(Preset.model_construct(id="stop", name="Stop", stop=["\udc00"]))
    assert not store.folder.exists() or list(store.folder.iterdir()) == []


def test_invalid_value_is_shown_briefly(store: PresetStore) -> None:
    write(store, "long", json.dumps({"name": "x" * 5000}))
    with pytest.raises(PresetNotFound) as info:
        store.get("long")
    assert "'name' string should have at most 100 characters" in str(info.value)
    assert len(str(info.value)) < 300
