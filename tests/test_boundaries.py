"""The package boundaries, read from the source: bot/ never names desktop/, and desktop/ only
observes (the snapshot, `supervisor.view`) and commands the supervisor, never its live objects."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The supervisor's live objects: the bot runs with them, so the GUI must not hold them.
LIVE_ATTRIBUTES = {"client", "brain", "config", "settings", "_memory", "_model", "_secret_store"}


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_bot_never_names_the_desktop_package() -> None:
    offences: list[str] = []
    for path in sources("bot"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            named: str | None = None
            if isinstance(node, ast.Import):
                named = next((a.name for a in node.names if a.name.split(".")[0] == "desktop"), None)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "desktop":
                named = node.module
            elif (  # importlib.import_module("desktop.app") and the like
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and (node.value == "desktop" or node.value.startswith("desktop."))
            ):
                named = node.value
            if named is not None:
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno}: {named}")  # type: ignore[attr-defined]
    assert offences == [], "bot/ must work without the desktop app (headless servers)"


def _is_supervisor(node: ast.expr) -> bool:
    """`supervisor`, `self.supervisor`, `self._supervisor`, `shell.supervisor`..."""
    if isinstance(node, ast.Name):
        return node.id.lstrip("_") == "supervisor"
    if isinstance(node, ast.Attribute):
        return node.attr.lstrip("_") == "supervisor"
    return False


def test_the_desktop_reads_the_bot_only_through_its_view() -> None:
    offences: list[str] = []
    for path in sources("desktop"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in LIVE_ATTRIBUTES and _is_supervisor(node.value):
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
    assert offences == [], "use supervisor.view (bot/bot_view.py) or the snapshot instead"


def test_the_check_would_catch_a_live_read() -> None:
    # The walk above finds what it is meant to find (a check that finds nothing proves nothing).
    tree = ast.parse("x = self._supervisor.client\ny = supervisor.brain.memory\nz = self.supervisor.view.config")
    found = [
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in LIVE_ATTRIBUTES and _is_supervisor(node.value)
    ]
    assert sorted(found) == ["brain", "client"]
