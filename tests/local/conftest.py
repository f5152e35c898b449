"""Keep local state inside tmp_path."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_shared_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """State goes under each test's OUT/.sagebridge, never a developer's $SAGEBRIDGE_HOME."""
    monkeypatch.delenv("SAGEBRIDGE_HOME", raising=False)
