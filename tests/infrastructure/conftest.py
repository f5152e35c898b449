from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from infrastructure.projects import EXAMPLES, copy_project, migrate_example


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example migrated once per session (read-only: copy before changing anything)."""
    root = tmp_path_factory.mktemp("generated")
    return {example: migrate_example(example, root / example) for example in EXAMPLES}


@pytest.fixture
def project_copy(generated: dict[str, Path], tmp_path: Path) -> Callable[[str], Path]:
    """A private, writable copy of an example's generated project."""
    def make(example: str = "ec2-mnist") -> Path:
        return copy_project(generated[example], tmp_path / example)
    return make
