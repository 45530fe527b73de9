"""Settings: defaults, atomic saves, corrupt files, errors, migration, env overrides."""

from __future__ import annotations

import json
import logging
import os
import stat
import typing
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from bot.folders import Folders
from bot.secrets import Secrets, SecretStore
from bot.settings import (
    NEW_MODEL,
    RECONNECT,
    SCHEMA_VERSION,
    UI,
    EffectiveConfig,
    Settings,
    SettingsError,
    SettingsPage,
    changes_take,
    effective_config,
    field_ui,
    load_settings,
    migrate,
    save_settings,
)

TOKEN = "MTIzNDU2Nzg5.saved-discord-token.abcdefghijkl"
API_KEY = "sk-saved-openai-key-0123456789"


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Folders:
    monkeypatch.setenv("FAMILIAR_HOME", str(tmp_path / "home"))
    return Folders.resolve()


@pytest.fixture
def file_store(folders: Folders) -> SecretStore:
    """The real 0600-file secret store (a keyring that never works)."""
    return SecretStore(folders, keyring_backend=fail.Keyring())


def write_raw(folders: Folders, value: Any) -> bytes:
    data = value if isinstance(value, bytes) else json.dumps(value).encode()
    folders.settings_file.parent.mkdir(parents=True, exist_ok=True)
    folders.settings_file.write_bytes(data)
    return data


def config_files(folders: Folders) -> list[str]:
    return sorted(p.name for p in folders.config.iterdir())


# -- defaults, round trip, atomic save ---------------------------------------


def test_missing_file_gives_defaults_and_creates_nothing(folders: Folders) -> None:
    settings = load_settings(folders)
    assert settings == Settings()
    assert settings.model == "gpt-4o-mini" and settings.request_timeout == 60
    assert settings.discord_api_base == "https://discord.com/api/v10"
    assert not folders.settings_file.exists()


def test_save_then_load_round_trips_with_schema_version(folders: Folders) -> None:
    settings = Settings(model="llama3", channel_casts={"123": ["nyx", "zed"]}, allowed_guilds=[42], start_at_login=True)
    save_settings(folders, settings)
    on_disk = json.loads(folders.settings_file.read_text())
    assert on_disk["schema_version"] == SCHEMA_VERSION
    assert load_settings(folders) == settings
    assert config_files(folders) == ["settings.json"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_crash_mid_save_keeps_the_old_file_and_no_temp(
    folders: Folders, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    save_settings(folders, Settings(model="original-model"))
    before = folders.settings_file.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, crash)
    with pytest.raises(OSError):
        save_settings(folders, Settings(model="new-model"))
    monkeypatch.undo()

    assert folders.settings_file.read_bytes() == before
    assert config_files(folders) == ["settings.json"]
    assert load_settings(folders).model == "original-model"


def test_validate_assignment(folders: Folders) -> None:
    settings = Settings()
    with pytest.raises(ValueError):
        settings.request_timeout = 0
    with pytest.raises(ValueError):
        settings.discord_api_base = "discord.com"


# -- corrupt and invalid files ------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b'{"model": "llama3", "request_timeout": ', b"[1, 2, 3]", b"\xff\xfe not utf-8", b""],
    ids=["truncated", "not-an-object", "not-utf8", "empty"],
)
def test_corrupt_file_is_moved_aside_and_defaults_returned(
    folders: Folders, caplog: pytest.LogCaptureFixture, data: bytes
) -> None:
    write_raw(folders, data)

    assert load_settings(folders) == Settings()

    names = config_files(folders)
    assert len(names) == 1 and names[0].startswith("settings.json.corrupt-"), names
    assert (folders.config / names[0]).read_bytes() == data
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "settings.json" in errors[0].getMessage()

    # Twice in a row keeps both copies.
    write_raw(folders, data)
    load_settings(folders)
    assert len(config_files(folders)) == 2


def test_unknown_field_names_field_and_file_and_leaves_file(folders: Folders) -> None:
    data = write_raw(folders, {"schema_version": 2, "modle": "llama3"})
    with pytest.raises(SettingsError) as err:
        load_settings(folders)
    message = str(err.value)
    assert "settings.json" in message and "'modle'" in message
    assert err.value.field == "modle" and err.value.path == folders.settings_file
    assert folders.settings_file.read_bytes() == data
    assert config_files(folders) == ["settings.json"]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("request_timeout", 700, "Input should be less than or equal to 600"),
        ("request_timeout", 0.5, "Input should be greater than or equal to 1"),
        ("user_cooldown_seconds", -1, "Input should be greater than or equal to 0"),
        ("discord_api_base", "ftp://discord.com", "http:// or https:// URL"),
        ("allowed_channels", ["general"], "valid integer"),
        ("reply_in_dms", "sometimes", "valid boolean"),
    ],
)
def test_invalid_value_names_field_and_file(folders: Folders, field: str, value: Any, expected: str) -> None:
    data = write_raw(folders, {"schema_version": 2, field: value})
    with pytest.raises(SettingsError) as err:
        load_settings(folders)
    message = str(err.value)
    assert message.startswith(f"{folders.settings_file}: field '{field}")
    assert expected in message
    assert folders.settings_file.read_bytes() == data  # not moved, not rewritten


def test_exact_message_for_out_of_range_value(folders: Folders) -> None:
    write_raw(folders, {"schema_version": 2, "request_timeout": 601})
    with pytest.raises(
        SettingsError, match=r"settings\.json: field 'request_timeout': Input should be less than or equal to 600$"
    ):
        load_settings(folders)


def test_newer_version_is_an_error_and_file_kept(folders: Folders) -> None:
    data = write_raw(folders, {"schema_version": SCHEMA_VERSION + 1, "some_future_field": True})
    with pytest.raises(SettingsError) as err:
        load_settings(folders)
    assert "newer Familiar" in str(err.value) and "settings.json" in str(err.value)
    assert folders.settings_file.read_bytes() == data
    assert config_files(folders) == ["settings.json"]


# -- migration ----------------------------------------------------------------


def test_migrate_v1_is_pure_and_step_by_step() -> None:
    raw = {"openai_api_base": "http://localhost:11434/v1", "model_name": "llama3", "reply_in_dms": False}
    assert migrate(raw) == {
        "schema_version": 3,
        "openai_base_url": "http://localhost:11434/v1",
        "model": "llama3",
        "reply_in_dms": False,
    }
    assert "schema_version" not in raw  # input untouched
    current = {"schema_version": 3, "model": "x"}
    assert migrate(current) == current


def test_v2_channel_characters_become_casts_of_one(folders: Folders) -> None:
    """Issue 11: one character per channel became a cast per channel; a v2 file keeps its choices."""
    write_raw(folders, {"schema_version": 2, "character_id": "nyx", "channel_characters": {"123": "zed", "456": "ida"}})
    settings = load_settings(folders)
    assert settings.channel_casts == {"123": ["zed"], "456": ["ida"]} and settings.character_id == "nyx"
    on_disk = json.loads(folders.settings_file.read_text())
    assert on_disk["schema_version"] == 3 and "channel_characters" not in on_disk  # rewritten at once


def test_v1_file_migrates_and_inline_secrets_move_to_the_store(folders: Folders, file_store: SecretStore) -> None:
    write_raw(
        folders,
        {
            "discord_token": TOKEN,
            "openai_api_key": API_KEY,
            "openai_api_base": "http://localhost:11434/v1",
            "model_name": "llama3",
            "reply_in_dms": False,
        },
    )

    settings = load_settings(folders, secret_store=file_store)

    assert settings.openai_base_url == "http://localhost:11434/v1"
    assert settings.model == "llama3" and settings.reply_in_dms is False
    # Rewritten at once, without the secrets.
    text = folders.settings_file.read_text()
    assert TOKEN not in text and API_KEY not in text
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    # ...which are now in the (0600 file) secret store.
    stored = SecretStore(folders, keyring_backend=fail.Keyring()).load()
    assert stored == Secrets(discord_token=TOKEN, openai_api_key=API_KEY)
    assert stat.S_IMODE(folders.secrets_file.stat().st_mode) == 0o600
    # Loading again is a plain v2 load.
    assert load_settings(folders, secret_store=file_store) == settings


def test_v1_placeholder_token_is_not_migrated(folders: Folders, file_store: SecretStore) -> None:
    write_raw(folders, {"schema_version": 1, "discord_token": "YOUR_DISCORD_BOT_TOKEN", "model_name": "m"})
    assert load_settings(folders, secret_store=file_store).model == "m"
    assert file_store.load() == Secrets()
    assert "YOUR_DISCORD_BOT_TOKEN" not in folders.settings_file.read_text()


def test_existing_stored_secret_wins_over_v1_inline(folders: Folders, file_store: SecretStore) -> None:
    file_store.save(Secrets(discord_token="newer-token-from-the-app"))
    write_raw(folders, {"discord_token": TOKEN, "openai_api_key": API_KEY})
    load_settings(folders, secret_store=file_store)
    assert file_store.load() == Secrets("newer-token-from-the-app", API_KEY)


def test_invalid_v1_file_is_not_migrated_or_touched(folders: Folders, file_store: SecretStore) -> None:
    data = write_raw(folders, {"discord_token": TOKEN, "request_timeout": 9999})
    with pytest.raises(SettingsError, match="request_timeout"):
        load_settings(folders, secret_store=file_store)
    assert folders.settings_file.read_bytes() == data
    assert not folders.secrets_file.exists()


# -- effective config and environment overrides ------------------------------

SAVED = Settings(
    discord_api_base="http://saved.example/api/v10",
    openai_base_url="http://saved.example/v1",
    model="saved-model",
)
SAVED_SECRETS = Secrets(discord_token=TOKEN, openai_api_key=API_KEY)


@pytest.mark.parametrize(
    ("variable", "attribute", "value"),
    [
        ("FAMILIAR_DISCORD_TOKEN", "discord_token", "env-discord-token-xyz123"),
        ("FAMILIAR_DISCORD_API_BASE", "discord_api_base", "http://127.0.0.1:8765/api/v10"),
        ("FAMILIAR_OPENAI_BASE_URL", "openai_base_url", "http://127.0.0.1:9876/v1"),
        ("FAMILIAR_OPENAI_API_KEY", "openai_api_key", "sk-env-api-key-456789"),
        ("FAMILIAR_MODEL", "model", "env-model"),
    ],
)
def test_env_overrides_win_and_are_not_written_back(
    folders: Folders,
    file_store: SecretStore,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    attribute: str,
    value: str,
) -> None:
    save_settings(folders, SAVED)
    file_store.save(SAVED_SECRETS)
    monkeypatch.setenv(variable, value)

    settings = load_settings(folders, secret_store=file_store)
    config = effective_config(settings, file_store.load())  # default env: os.environ

    assert getattr(config, attribute) == value
    assert config.overridden == {attribute}
    baseline = effective_config(SAVED, SAVED_SECRETS, env={})
    for other in ("discord_token", "discord_api_base", "openai_base_url", "openai_api_key", "model"):
        if other != attribute:
            assert getattr(config, other) == getattr(baseline, other)

    # Saving (e.g. the settings window) never persists the override.
    save_settings(folders, config.settings)
    file_store.save(file_store.load())
    on_disk = b"".join(p.read_bytes() for p in folders.config.iterdir())
    assert value.encode() not in on_disk
    monkeypatch.delenv(variable)
    assert effective_config(load_settings(folders), file_store.load()) == baseline


def test_empty_env_variable_does_not_override() -> None:
    config = effective_config(SAVED, SAVED_SECRETS, env={"FAMILIAR_MODEL": "", "FAMILIAR_DISCORD_TOKEN": "  "})
    assert config.model == "saved-model" and config.discord_token == TOKEN
    assert config.overridden == frozenset()


def test_invalid_env_url_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="FAMILIAR_DISCORD_API_BASE"):
        effective_config(SAVED, SAVED_SECRETS, env={"FAMILIAR_DISCORD_API_BASE": "not a url"})


def test_is_configured_needs_a_discord_token() -> None:
    assert not effective_config(Settings(), Secrets(), env={}).is_configured
    assert effective_config(Settings(), Secrets(), env={"FAMILIAR_DISCORD_TOKEN": "abc.def.ghi"}).is_configured
    configured = effective_config(Settings(), Secrets(discord_token=TOKEN), env={})
    assert configured.is_configured
    assert TOKEN not in repr(configured)


def test_familiar_home_puts_everything_under_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "portable"
    monkeypatch.setenv("FAMILIAR_HOME", str(home))
    folders = Folders.resolve()
    for path in (folders.settings_file, folders.secrets_file, folders.log_file, folders.memory_db, folders.characters):
        assert path.is_relative_to(home), path

    save_settings(folders, Settings(model="m"))
    SecretStore(folders, keyring_backend=fail.Keyring()).save(SAVED_SECRETS)
    written = {p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()}
    assert written == {"config/settings.json", "config/secrets.json"}
    assert load_settings(Folders.resolve()).model == "m"


# -- malformed files (issue 9) -------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'{"model": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"channel_characters": ' + b'{"a": ' * 70 + b"1" + b"}" * 70 + b"}",
        b'{"schema_version": 2, "request_timeout": ' + b"9" * 5000 + b"}",
        b"\xef\xbb\xbf[",
    ],
    ids=["recursion", "deeper-than-any-settings", "big-int", "bom-truncated"],
)
def test_unreadable_json_is_moved_aside_like_any_parse_failure(
    folders: Folders, caplog: pytest.LogCaptureFixture, data: bytes
) -> None:
    write_raw(folders, data)
    with caplog.at_level(logging.ERROR):
        assert load_settings(folders) == Settings()
    (aside,) = config_files(folders)
    assert aside.startswith("settings.json.corrupt-")
    assert (folders.config / aside).read_bytes() == data
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "is not valid settings JSON" in errors[0]
    assert len(errors[0]) < 500  # the reason, never the file's text


def test_bom_is_accepted(folders: Folders) -> None:
    write_raw(folders, b"\xef\xbb\xbf" + json.dumps({"schema_version": 2, "model": "bom-model"}).encode())
    assert load_settings(folders).model == "bom-model"
    assert config_files(folders) == ["settings.json"]


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ('{"schema_version": 2, "model": "\\ud800"}', "model", "field 'model' holds a lone surrogate"),
        (
            '{"schema_version": 3, "channel_casts": {"1": ["a\\udfff"]}}',
            "channel_casts",
            "field 'channel_casts.1[0]' holds a lone surrogate",
        ),
        (
            '{"schema_version": 3, "channel_casts": {"\\ud800": ["a"]}}',
            "channel_casts",
            "field 'channel_casts.\\ud800' holds a lone surrogate",
        ),
        (
            '{"schema_version": 2, "request_timeout": NaN}',
            "request_timeout",
            "field 'request_timeout' is not a finite number",
        ),
        (
            '{"schema_version": 2, "user_cooldown_seconds": -Infinity}',
            "user_cooldown_seconds",
            "field 'user_cooldown_seconds' is not a finite number",
        ),
        (
            '{"schema_version": 2, "allowed_guilds": [1e400]}',
            "allowed_guilds",
            "field 'allowed_guilds[0]' is not a finite number",
        ),
    ],
)
def test_values_json_cannot_save_name_the_field_and_leave_the_file(
    folders: Folders, text: str, field: str, expected: str
) -> None:
    data = write_raw(folders, text.encode())
    with pytest.raises(SettingsError) as info:
        load_settings(folders)
    assert expected in str(info.value) and str(folders.settings_file) in str(info.value)
    assert info.value.field == field
    str(info.value).encode("utf-8")  # printable: a surrogate in a key is shown escaped
    assert folders.settings_file.read_bytes() == data


def test_v1_inline_token_with_a_lone_surrogate_is_refused_without_the_value(
    folders: Folders, file_store: SecretStore
) -> None:
    raw = '{"discord_token": "' + TOKEN + '\\ud800", "openai_api_key": "' + API_KEY + '", "model_name": "m"}'
    data = write_raw(folders, raw.encode())
    with pytest.raises(SettingsError) as info:
        load_settings(folders, secret_store=file_store)
    message = str(info.value)
    assert "field 'discord_token' holds a lone surrogate" in message
    assert TOKEN not in message and API_KEY not in message
    assert folders.settings_file.read_bytes() == data  # nothing migrated, nothing lost
    assert not folders.secrets_file.exists()


def test_v1_inline_secrets_with_a_damaged_secrets_file_is_a_settings_error(
    folders: Folders, file_store: SecretStore
) -> None:
    data = write_raw(folders, {"discord_token": TOKEN, "model_name": "m"})
    folders.secrets_file.write_text('{"openai_api_key": "' + API_KEY)  # truncated
    with pytest.raises(SettingsError) as info:
        load_settings(folders, secret_store=file_store)
    assert "could not be moved to the secret store" in str(info.value)
    assert TOKEN not in str(info.value) and API_KEY not in str(info.value)
    assert info.value.field == "discord_token"
    assert folders.settings_file.read_bytes() == data
    assert API_KEY in folders.secrets_file.read_text()


def test_save_refuses_what_json_cannot_hold(folders: Folders) -> None:
    save_settings(folders, Settings(model="kept"))
    before = folders.settings_file.read_bytes()
    with pytest.raises(SettingsError, match="field 'model' holds a lone surrogate"):
        save_settings(folders, Settings.model_construct(model="half \ud83d"))
    assert folders.settings_file.read_bytes() == before
    assert config_files(folders) == ["settings.json"]


def test_a_corrupt_file_that_cannot_be_moved_aside_is_a_settings_error(
    folders: Folders, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_raw(folders, b"{not json")

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SettingsError, match="could not be moved aside: Permission denied"):
        load_settings(folders)
    monkeypatch.undo()
    assert folders.settings_file.read_bytes() == data


def test_a_hand_written_file_with_only_some_keys_is_valid_and_the_rest_take_their_defaults(folders: Folders) -> None:
    folders.settings_file.parent.mkdir(parents=True, exist_ok=True)
    folders.settings_file.write_text(
        json.dumps(
            {"schema_version": 3, "dm_policy": "nobody", "blocked_users": [123], "daily_token_limit_total": 5000}
        ),
        encoding="utf-8",
    )
    settings = load_settings(folders)
    assert (settings.dm_policy, settings.blocked_users, settings.daily_token_limit_total) == ("nobody", [123], 5000)
    assert settings.allowed_users == [] and settings.daily_token_limit_per_user == 0 and settings.use_webhooks


def test_a_bad_access_value_is_named(folders: Folders) -> None:
    folders.settings_file.parent.mkdir(parents=True, exist_ok=True)
    folders.settings_file.write_text(json.dumps({"schema_version": 3, "dm_policy": "friends"}), encoding="utf-8")
    with pytest.raises(SettingsError, match="dm_policy"):
        load_settings(folders)


# ----- what a change takes, read from the fields' metadata -----


def _config(settings: Settings, token: str = "t0ken", key: str | None = "sk-1") -> EffectiveConfig:
    return effective_config(settings, Secrets(discord_token=token, openai_api_key=key), {}, strict=False)


def test_changes_take_what_the_fields_metadata_says() -> None:
    base = Settings()
    old = _config(base)
    assert changes_take(None, old) == {RECONNECT, NEW_MODEL}
    assert changes_take(old, _config(base)) == set()
    # Read at each reply: nothing more than the new value.
    assert changes_take(old, _config(base.model_copy(update={"greeting_mode": "off", "max_images": 2}))) == set()
    assert changes_take(old, _config(base, token="other")) == {RECONNECT}
    assert changes_take(old, _config(base.model_copy(update={"discord_api_base": "http://127.0.0.1:1/api"}))) == {
        RECONNECT
    }
    assert changes_take(old, _config(base.model_copy(update={"shard_count": 2}))) == {RECONNECT}
    assert changes_take(old, _config(base, key="sk-2")) == {NEW_MODEL}
    assert changes_take(old, _config(base.model_copy(update={"model": "other-model"}))) == {NEW_MODEL}
    assert changes_take(old, _config(base.model_copy(update={"request_timeout": 5.0}))) == {NEW_MODEL}


#: Settings that no page of the settings window edits, and why.
NOT_ON_A_PAGE = {
    "schema_version": "the file format's version, not a choice",
    "shard_count": "big bots run headless: settings.json or FAMILIAR_SHARD_COUNT",
    "shard_ids": "big bots run headless: settings.json or FAMILIAR_SHARD_IDS",
}


def test_every_setting_but_those_says_where_the_window_shows_it() -> None:
    """What the settings window shows of a field is described once, on the field (`ui`): the page
    builds the row from it (tests/desktop/settings/test_field_rows.py checks each is on its page)."""
    assert set(NOT_ON_A_PAGE) <= set(Settings.model_fields), "NOT_ON_A_PAGE names a setting that is gone"
    pages = set(typing.get_args(SettingsPage))
    for name, info in Settings.model_fields.items():
        described = field_ui(name)
        if name in NOT_ON_A_PAGE:
            assert described is None, name
            continue
        assert described is not None, f"{name}: no ui(...) metadata (or add it to NOT_ON_A_PAGE with why)"
        assert described.page in pages and described.group and described.label.strip(), name
        if typing.get_origin(info.annotation) is typing.Literal:
            assert set(described.choices) == set(typing.get_args(info.annotation)), f"{name}: words for each choice"
    # The metadata is plain JSON: the model's JSON schema carries it.
    schema = json.loads(json.dumps(Settings.model_json_schema()))
    assert schema["properties"]["request_timeout"][UI]["label"] == field_ui("request_timeout").label  # type: ignore[union-attr]
