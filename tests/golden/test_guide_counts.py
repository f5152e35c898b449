"""The migration guide counts the generated test files that are really written: a step left out
(evaluate.py, inference.py) takes its tests with it, and the guide must not list them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent
TREES = sorted(p for p in GOLDEN.iterdir() if (p / "metadata.json").is_file())


@pytest.mark.parametrize("tree", TREES, ids=[p.name for p in TREES])
def test_the_guide_lists_the_test_files_written(tree: Path) -> None:
    written = sorted(f"tests/{p.name}" for p in (tree / "tests").glob("test_*.py"))
    guide = (tree / "docs" / "MIGRATION_GUIDE.md").read_text()
    line = re.search(r"\*\*Generated Test Files\*\*: (\d+) \((.*?)\), run with", guide)
    assert line is not None, "the guide has no Generated Test Files line"
    listed = sorted(re.findall(r"`([^`]+)`", line.group(2)))
    assert listed == written
    assert int(line.group(1)) == len(written)
    metadata = json.loads((tree / "metadata.json").read_text())
    assert metadata["components"]["generated_tests"] == len(written)
