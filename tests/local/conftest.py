"""Make tests/ importable (helpers, sample plans) and keep local state inside tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))


@pytest.fixture(autouse=True)
def _no_shared_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """State goes under each test's OUT/.sagebridge, never a developer's $SAGEBRIDGE_HOME."""
    monkeypatch.delenv("SAGEBRIDGE_HOME", raising=False)
