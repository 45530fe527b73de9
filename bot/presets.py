"""Generation presets: sampling settings sent with every model request.

Three read-only built-ins are defined here in code (so they can never be
damaged on disk); the user's own presets are one JSON file each.  The
bounds live in the `Field` constraints so a settings page can read them
from `Preset.model_fields` (or `preset_bounds()`) instead of repeating them.
"""

from __future__ import annotations

import builtins
import logging
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.atomic import atomic_write_bytes, json_bytes
from bot.strict_json import (
    JsonProblem,
    describe_path,
    find_problem,
    parse_json_bytes,
    printable,
)

log = logging.getLogger(__name__)

DEFAULT_PRESET_ID = "balanced"
_ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # ids are file names

StopString = Annotated[str, Field(min_length=1)]


class PresetError(ValueError):
    """A preset cannot be saved, deleted or read; the message is for the user."""


class PresetNotFound(KeyError):
    """No usable preset with that id (missing, or its file is damaged)."""

    def __str__(self) -> str:  # KeyError would wrap the sentence in quotes
        return str(self.args[0]) if self.args else "Preset not found."


class Preset(BaseModel):
    # No NaN/Infinity: JSON cannot hold them (the bounds reject them too).
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)

    id: str = Field(pattern=rf"^{_ID_RE.pattern}$")  # anchored: pydantic patterns search
    name: str = Field(min_length=1, max_length=100)
    temperature: float = Field(0.8, ge=0.0, le=2.0)
    top_p: float = Field(0.95, ge=0.0, le=1.0)
    max_tokens: int = Field(512, ge=1, le=32768, description="Longest reply, in tokens.")
    frequency_penalty: float = Field(0.0, ge=-2.0, le=2.0)
    presence_penalty: float = Field(0.0, ge=-2.0, le=2.0)
    context_tokens: int = Field(8192, ge=512, le=1_000_000, description="Prompt budget, in tokens.")
    # OpenAI accepts at most four stop sequences; an empty one would stop at once.
    stop: list[StopString] = Field(default_factory=list, max_length=4)


BUILTIN_PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset(id="balanced", name="Balanced", temperature=0.8, top_p=0.95, max_tokens=512),
        Preset(
            id="creative",
            name="Creative",
            temperature=1.1,
            top_p=1.0,
            max_tokens=768,
            frequency_penalty=0.3,
            presence_penalty=0.4,
        ),
        Preset(id="precise", name="Precise", temperature=0.3, top_p=0.9, max_tokens=512),
    )
}


def preset_bounds() -> dict[str, tuple[Any, Any]]:
    """(min, max) of every numeric field, read from the model's constraints.

    Values keep the field's type (int for token counts) so a UI can pick a
    spin box or a slider from them.
    """
    bounds: dict[str, tuple[Any, Any]] = {}
    for name, info in Preset.model_fields.items():
        low = next((m.ge for m in info.metadata if isinstance(m, Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, Le)), None)
        if low is not None and high is not None:
            bounds[name] = (low, high)
    return bounds


def request_params(preset: Preset) -> dict[str, Any]:
    """Keyword arguments for `chat.completions.create`."""
    params: dict[str, Any] = {
        "temperature": preset.temperature,
        "top_p": preset.top_p,
        "max_tokens": preset.max_tokens,
        "frequency_penalty": preset.frequency_penalty,
        "presence_penalty": preset.presence_penalty,
    }
    if preset.stop:  # some servers reject `stop: []`
        params["stop"] = list(preset.stop)
    return params


class PresetStore:
    """Built-in presets plus the user's, one `<id>.json` each in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def list(self) -> builtins.list[Preset]:
        """Built-ins first (in their fixed order), then user presets by name."""
        user: builtins.list[Preset] = []
        if self.folder.is_dir():
            for path in sorted(self.folder.glob("*.json")):
                preset = self._load_or_warn(path)
                if preset is not None:
                    user.append(preset)
        user.sort(key=lambda p: (p.name.casefold(), p.id))
        return [*BUILTIN_PRESETS.values(), *user]

    def get(self, preset_id: str) -> Preset:
        if preset_id in BUILTIN_PRESETS:
            return BUILTIN_PRESETS[preset_id]
        path = self._path(preset_id)
        if not path.is_file():
            raise PresetNotFound(f"There is no preset with id '{preset_id}'.")
        try:
            return self._load(path)
        except PresetError as exc:
            log.warning("%s", exc)
            raise PresetNotFound(f"{exc} The file was left in place.") from exc

    def save(self, preset: Preset) -> Preset:
        if preset.id in BUILTIN_PRESETS:
            raise PresetError(
                f"'{preset.name}' is a built-in preset and cannot be changed; duplicate it and edit the copy."
            )
        label = f"Preset '{printable(preset.name, 60)}'"
        try:  # re-validate: model_construct and attribute assignment skip the checks
            preset = Preset.model_validate(preset.model_dump())
        except ValidationError as exc:
            raise PresetError(f"{label} is invalid: {_describe(exc)}.") from exc
        path = self._path(preset.id)
        atomic_write_bytes(path, _preset_bytes(preset, label))
        log.info("Saved preset %s (%s)", preset.id, printable(preset.name))
        return preset

    def delete(self, preset_id: str) -> None:
        if preset_id in BUILTIN_PRESETS:
            raise PresetError(f"'{BUILTIN_PRESETS[preset_id].name}' is a built-in preset and cannot be deleted.")
        path = self._path(preset_id)
        if not path.is_file():
            raise PresetNotFound(f"There is no preset with id '{preset_id}'.")
        path.unlink()
        log.info("Deleted preset %s", preset_id)

    def duplicate(self, preset_id: str, new_name: str) -> Preset:
        """A user-owned copy; the way to customise a built-in."""
        original = self.get(preset_id)
        copy = original.model_copy(update={"id": self._unique_id(new_name), "name": new_name}, deep=True)
        return self.save(copy)

    # -- helpers

    def _path(self, preset_id: str) -> Path:
        if not _ID_RE.fullmatch(preset_id or ""):  # also the guard against "../x"
            raise PresetNotFound(f"'{preset_id}' is not a valid preset id.")
        return self.folder / f"{preset_id}.json"

    def _load(self, path: Path) -> Preset:
        """The preset in `path`, or a PresetError; whatever this returns can be saved."""
        label = f"Preset file {path}"
        try:
            raw = parse_json_bytes(path.read_bytes())
        except OSError as exc:
            raise PresetError(f"{label} cannot be read: {exc.strerror or exc}.") from exc
        except JsonProblem as exc:
            raise PresetError(f"{label} {exc.reason}.") from None
        if not isinstance(raw, dict):
            raise PresetError(f"{label} does not hold a JSON object.")
        raw["id"] = path.stem  # the file name is the id, whatever the file says
        # Checked before pydantic, whose message for a lone surrogate is cryptic.
        problem = find_problem({k: v for k, v in raw.items() if k in Preset.model_fields})
        if problem is not None:
            raise PresetError(f"{label} is invalid: '{problem.where}' {problem.reason}.")
        try:
            preset = Preset.model_validate(raw)
        except ValidationError as exc:
            raise PresetError(f"{label} is invalid: {_describe(exc)}.") from exc
        _preset_bytes(preset, label)
        return preset

    def _load_or_warn(self, path: Path) -> Preset | None:
        if path.stem in BUILTIN_PRESETS or not _ID_RE.fullmatch(path.stem):
            log.warning("Ignoring preset file %s: its name is a built-in or not a valid preset id", path)
            return None
        try:
            return self._load(path)
        except PresetError as exc:
            log.warning("Skipping preset: %s", exc)
            return None

    def _unique_id(self, name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-") or "preset"
        candidate, n = base, 1
        while candidate in BUILTIN_PRESETS or (self.folder / f"{candidate}.json").exists():
            n += 1
            candidate = f"{base[:44]}-{n}"
        return candidate


def _preset_bytes(preset: Preset, label: str) -> bytes:
    """The file's bytes, or a PresetError naming the field JSON cannot hold (a lone surrogate)."""
    problem = find_problem(preset.model_dump())  # Python mode: JSON mode would turn NaN into null
    if problem is not None:
        raise PresetError(f"{label} is invalid: '{problem.where}' {problem.reason}.")
    return json_bytes(preset.model_dump(mode="json"))


def _describe(exc: ValidationError) -> str:
    """Pydantic's errors as one short phrase per field."""
    parts = []
    for err in exc.errors()[:3]:
        field = describe_path(err["loc"]) or "preset"
        parts.append(f"'{field}' {err['msg'][:1].lower()}{err['msg'][1:]} (got {_shown(err.get('input'))})")
    return "; ".join(parts)


def _shown(value: Any) -> str:
    """A short, printable account of a bad value: a number or short text as it is, else its type."""
    if isinstance(value, bool | int | float | str) or value is None:
        try:
            return printable(repr(value), 60)
        except ValueError:  # an int too long to print (over 4,300 digits)
            return "a number too long to show"
    return type(value).__name__
