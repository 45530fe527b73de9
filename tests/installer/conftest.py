"""The packaging tests: static checks run always; building and installing the .deb only with FAMILIAR_PACKAGING=1."""

from __future__ import annotations

import pytest

# Xvfb + trayer, as the tray test starts them (the packaged app is checked the same way).
from tests.desktop.test_x11_tray import x_display  # noqa: F401 - a fixture

PACKAGING_ENV = "FAMILIAR_PACKAGING"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"packaging: builds and installs the packaged app (root; only with {PACKAGING_ENV}=1, as .ci/run sets)",
    )
