"""`sagebridge analyze` through the real CLI, in subprocesses: JSON contract, imports, output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers.cli import sagebridge

from .conftest import EXAMPLES, REPO_ROOT, tree_digest

TOP_LEVEL_KEYS = [
    "argument_parsers",
    "companion_scripts",
    "complexity",
    "complexity_reasons",
    "cuda_uses",
    "data_loads",
    "dataset_downloads",
    "dependencies",
    "entry_point",
    "exec_configurators",
    "frameworks",
    "hard_coded_paths",
    "hyperparameters",
    "metrics",
    "model_classes",
    "model_saves",
    "notebook_magics",
    "positional_arguments",
    "readme_flags_not_passed",
    "risk",
    "root_name",
    "s3_accesses",
    "schema",
    "secrets",
    "source",
    "strategy",
    "strategy_reasons",
    "training",
    "training_loops",
    "warnings",
    "weight_downloads",
]


def test_json_document_shape() -> None:
    before = tree_digest(EXAMPLES / "ec2-mnist")
    result = sagebridge("analyze", "--json", "examples/ec2-mnist", cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == TOP_LEVEL_KEYS  # sorted keys, nothing more, nothing less
    assert document["schema"] == 1
    assert sorted(document["data_loads"]) == ["fetches", "first", "hub", "keras", "output_flags"]
    assert document["data_loads"]["first"]["kind"] == "torchvision"
    assert sorted(document["source"]) == [
        "config_files",
        "files",
        "lines_of_code",
        "notebook_files",
        "python_files",
        "total_files",
    ]
    assert sorted(document["risk"]) == ["level", "reasons", "score"]
    assert sorted(document["hyperparameters"][0]) == [
        "default",
        "documented",
        "file",
        "flag",
        "hazard",
        "line",
        "name",
        "origin",
        "position",
        "required",
        "type",
    ]
    assert sorted(document["dependencies"][0]) == [
        "declared",
        "issue",
        "name",
        "resolution",
        "status",
    ]
    # enums appear as their values, never as "RiskLevel.LOW"
    assert document["risk"]["level"] == "low"
    assert document["hyperparameters"][0]["origin"] == "constant"
    assert document["frameworks"] == ["pytorch", "torchvision"]
    assert "Level." not in result.stdout and "Origin." not in result.stdout
    assert str(REPO_ROOT) not in result.stdout  # no absolute paths
    assert tree_digest(EXAMPLES / "ec2-mnist") == before


def test_json_is_deterministic() -> None:
    first, second = (
        sagebridge("analyze", "--json", "examples/xgboost-tabular", cwd=REPO_ROOT, timeout=60),
        sagebridge("analyze", "--json", "examples/xgboost-tabular", cwd=REPO_ROOT, timeout=60),
    )
    assert first.returncode == 0 and first.stdout == second.stdout


def test_analyze_imports_neither_torch_nor_sagemaker() -> None:
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['sagebridge', 'analyze', '--json', 'examples/ec2-mnist']\n"
        "try:\n"
        "    runpy.run_module('sagebridge', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'torch', 'sagemaker'})\n"
        "print('HEAVY:', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        check=False,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert '"root_name": "ec2-mnist"' in result.stdout
    assert "HEAVY: []" in result.stderr


def test_human_summary() -> None:
    result = sagebridge("analyze", "examples/sklearn-digits", cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    for expected in (
        "sklearn-digits",
        "--balanced",
        "store_true",
        "type_bool",
        "joblib.dump",
        "test_accuracy",
        "risk: low",
    ):
        assert expected in result.stdout


def test_entry_point_option_is_honoured(tmp_path: Path) -> None:
    root = tmp_path / "two"
    root.mkdir()
    script = 'for epoch in range(2):\n    pass\nif __name__ == "__main__":\n    pass\n'
    (root / "a.py").write_text(script)
    (root / "b.py").write_text(script)
    result = sagebridge("analyze", "--json", "--entry-point", "b.py", str(root), cwd=REPO_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entry_point"] == "b.py"
