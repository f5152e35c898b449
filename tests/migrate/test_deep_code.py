"""Code that `analyze` accepts but LibCST recurses too deep on is migrated (on a deeper stack),
or, deeper still, refused in one line; never a RecursionError traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sagebridge.errors import UserError
from sagebridge.migrate import migrate_project
from sagebridge.transform import deep

from .conftest import EXAMPLES

DEEP_CODE = {
    "1100-statements": "".join(f"x{i} = {i}\n" for i in range(1100)),
    "500-term-sum": "total = " + " + ".join(str(i) for i in range(500)) + "\n",
    "140-brackets": "nested = " + "[" * 140 + "]" * 140 + "\n",
}


def _project(tmp_path: Path, extra: str) -> Path:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLES / "sklearn-digits", src)
    train = src / "train.py"
    train.write_text(train.read_text() + "\n" + extra)
    return src


@pytest.mark.parametrize("case", sorted(DEEP_CODE))
def test_deep_code_is_migrated(tmp_path: Path, case: str) -> None:
    src = _project(tmp_path, DEEP_CODE[case])
    result = migrate_project(src, tmp_path / "out")

    migrated = (tmp_path / "out" / "code" / "train.py").read_text()
    assert DEEP_CODE[case].splitlines()[-1] in migrated
    assert [change.path for change in result.changes] == ["code/train.py"]


def test_code_too_deep_even_for_the_deep_stack_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Monkeypatched: the deep retry's limit is lowered to the default so the retry fails too."""
    monkeypatch.setattr(deep, "DEEP_RECURSION_LIMIT", 1000)
    src = _project(tmp_path, DEEP_CODE["500-term-sum"])
    with pytest.raises(UserError, match=r"^train\.py: nested too deeply") as refused:
        migrate_project(src, tmp_path / "out")
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "out").exists()
