"""FAMILIAR_SHARD_COUNT / FAMILIAR_SHARD_IDS and the saved shard settings: parsed, checked together,
named when wrong."""

from __future__ import annotations

import pytest

from bot.secrets import Secrets
from bot.settings import Settings, SettingsError, effective_config
from bot.sharding import shard_of

NO_SECRETS = Secrets(None, None)


@pytest.mark.parametrize(
    ("env", "count", "ids"),
    [
        ({}, None, ()),
        ({"FAMILIAR_SHARD_COUNT": "auto"}, "auto", ()),
        ({"FAMILIAR_SHARD_COUNT": "AUTO"}, "auto", ()),
        ({"FAMILIAR_SHARD_COUNT": "3"}, 3, ()),
        ({"FAMILIAR_SHARD_COUNT": "3", "FAMILIAR_SHARD_IDS": "0, 1"}, 3, (0, 1)),
        ({"FAMILIAR_SHARD_COUNT": "3", "FAMILIAR_SHARD_IDS": "2"}, 3, (2,)),
    ],
)
def test_shard_variables(env: dict[str, str], count: object, ids: tuple[int, ...]) -> None:
    config = effective_config(Settings(), NO_SECRETS, env)
    assert (config.shard_count, config.shard_ids) == (count, ids)
    assert ("shard_count" in config.overridden) == ("FAMILIAR_SHARD_COUNT" in env)


@pytest.mark.parametrize(
    ("env", "variable", "words"),
    [
        ({"FAMILIAR_SHARD_COUNT": "two"}, "FAMILIAR_SHARD_COUNT", "not a whole number of shards"),
        ({"FAMILIAR_SHARD_COUNT": "0"}, "FAMILIAR_SHARD_COUNT", "not a whole number of shards"),
        ({"FAMILIAR_SHARD_COUNT": "2", "FAMILIAR_SHARD_IDS": "0;1"}, "FAMILIAR_SHARD_IDS", "separated by commas"),
        ({"FAMILIAR_SHARD_COUNT": "2", "FAMILIAR_SHARD_IDS": "2"}, "FAMILIAR_SHARD_IDS", "go from 0 to 1"),
        ({"FAMILIAR_SHARD_COUNT": "2", "FAMILIAR_SHARD_IDS": "1,1"}, "FAMILIAR_SHARD_IDS", "each shard once"),
        ({"FAMILIAR_SHARD_IDS": "1"}, "FAMILIAR_SHARD_IDS", "needs FAMILIAR_SHARD_COUNT"),
        (
            {"FAMILIAR_SHARD_COUNT": "auto", "FAMILIAR_SHARD_IDS": "1"},
            "FAMILIAR_SHARD_IDS",
            "needs FAMILIAR_SHARD_COUNT",
        ),
    ],
)
def test_bad_shard_variables_name_the_variable(env: dict[str, str], variable: str, words: str) -> None:
    with pytest.raises(SettingsError) as raised:
        effective_config(Settings(), NO_SECRETS, env)
    assert f"The environment variable {variable} is" in str(raised.value) and words in str(raised.value)
    relaxed = effective_config(Settings(), NO_SECRETS, env, strict=False)
    assert relaxed.shard_count is None and relaxed.env_errors  # the saved (unsharded) value, and the error


def test_saved_shard_settings_are_checked_and_the_environment_wins() -> None:
    saved = Settings(shard_count=4, shard_ids=[3])
    assert (effective_config(saved, NO_SECRETS, {}).shard_count, effective_config(saved, NO_SECRETS, {}).shard_ids) == (
        4,
        (3,),
    )
    moved = effective_config(saved, NO_SECRETS, {"FAMILIAR_SHARD_COUNT": "2"})
    assert (moved.shard_count, moved.shard_ids) == (2, ())  # the saved ids belonged to the old count
    assert Settings(shard_count="auto").shard_count == "auto"
    for bad in ({"shard_count": 0}, {"shard_count": 2, "shard_ids": [2]}, {"shard_ids": [0]}):
        with pytest.raises(ValueError):
            Settings(**bad)  # type: ignore[arg-type]


def test_discords_shard_formula() -> None:
    assert shard_of(0, 3) == 0
    assert shard_of(1 << 22, 3) == 1 and shard_of(5 << 22, 3) == 2
    assert shard_of(81384788765712384, 1) == 0
