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
    bad = Preset.model_construct(id="x", name="X", temperature=9.0, top_p=1.0, max_tokens=10,
                                 frequency_penalty=0.0, presence_penalty=0.0, context_tokens=1024, stop=[])
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


def test_corrupt_and_invalid_files_are_skipped_and_kept(
    store: PresetStore, caplog: pytest.LogCaptureFixture
) -> None:
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
