"""Every fixture pair: `cases/<transform>/<case>.in.py` through that one transform gives
`<case>.out.py`, byte for byte; a second pass changes nothing (idempotent); the output is valid
Python. Regenerate the `.out.py` files with SAGEBRIDGE_REGEN=1 and review them in the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sagebridge.transform import TRANSFORMS, transform_file

from .decisions import CASES, FILE

CASES_DIR = Path(__file__).parent / "cases"
BY_NAME = {transform.NAME: transform for transform in TRANSFORMS}
NO_OP = "already_migrated"
HOW = "set it on the training job from Secrets Manager or an SSM SecureString parameter"
# Cases whose decisions can't be applied safely: the transform leaves the code and says why.
EXPECTED_WARNINGS = {
    ("dataset_downloads", "not_literal"): (
        "train.py:5: datasets.MNIST: download=fetch is not a literal; left unchanged",
    ),
    ("failure_file", "no_guard"): (
        'train.py: no `if __name__ == "__main__":` block; no failure file',
    ),
    ("secrets", "literals"): (
        f"train.py:3: hard-coded password (hu****) replaced by a read of DB_PASSWORD: {HOW}",
        f"train.py:4: hard-coded api_key (ab****) replaced by a read of API_KEY: {HOW}",
        (
            "train.py:5: hard-coded openai_api_key (sk-a****0123) is not a plain string; remove"
            " it by hand and read OPENAI_API_KEY from the environment"
        ),
        (
            "train.py:13: --hf-token: hard-coded huggingface_token (hf_a****6789) is not a"
            f" pipeline hyperparameter; the migrated script reads HF_TOKEN: {HOW}"
        ),
    ),
}


def _cases() -> list[tuple[str, str]]:
    found = [
        (path.parent.name, path.name[: -len(".in.py")])
        for path in sorted(CASES_DIR.glob("*/*.in.py"))
    ]
    assert found, "no fixture cases"
    return found


@pytest.mark.parametrize(("transform_name", "case"), _cases(), ids=[f"{t}/{c}" for t, c in _cases()])
def test_case(transform_name: str, case: str) -> None:
    folder = CASES_DIR / transform_name
    source = (folder / f"{case}.in.py").read_text()
    plan = CASES[(transform_name, case)]()
    transforms = (BY_NAME[transform_name],)

    result = transform_file(plan, FILE, source, transforms)

    expected_file = folder / f"{case}.out.py"
    if os.environ.get("SAGEBRIDGE_REGEN"):
        expected_file.write_text(result.code)
    assert result.code == expected_file.read_text()
    compile(result.code, f"{case}.out.py", "exec")
    assert result.warnings == EXPECTED_WARNINGS.get((transform_name, case), ())
    assert transform_file(plan, FILE, result.code, transforms).code == result.code


def test_every_transform_has_a_no_op_case() -> None:
    for name in BY_NAME:
        source = (CASES_DIR / name / f"{NO_OP}.in.py").read_text()
        assert source == (CASES_DIR / name / f"{NO_OP}.out.py").read_text(), name
        assert (name, NO_OP) in CASES


def test_every_case_has_decisions() -> None:
    assert set(_cases()) == set(CASES)
