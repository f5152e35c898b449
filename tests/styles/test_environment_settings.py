"""Settings read from environment variables (examples/corpus/env-settings): SageMaker passes
them as `--epochs 10` arguments, the migrated script puts them into the variables it reads;
the defaults are kept and a laptop run (variables and all) is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze.environment_settings import find_environment_settings
from sagebridge.analyze.source import ParsedModule

from .runs import Migrated, metric, migrated, run_laptop, run_original, run_sagemaker

NAME = "env-settings"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    return migrated(tmp_path_factory.mktemp(NAME), NAME)


@pytest.fixture(scope="module")
def default(project: Migrated) -> str:
    """The original's metric with its defaults (run once for the module's tests)."""
    return metric("val_rmse", run_original(project, []))


def test_variables_become_typed_hyperparameters(project: Migrated) -> None:
    found = project.hyperparameters()
    assert found["EPOCHS"] == {"default": 10, "flag": "--epochs", "type": "int"}
    assert found["LEARNING_RATE"] == {"default": 0.01, "flag": "--learning_rate", "type": "float"}
    assert found["WEIGHT_DECAY"]["default"] == 0.0001
    assert found["ACTIVATION"] == {"default": "relu", "flag": "--activation", "type": "str"}
    assert "DATA_FILE" not in found  # a path: the training channel
    assert "'learning_rate': ranges.ContinuousParameter(" in (
        project.out / "pipeline" / "pipeline.py"
    ).read_text()


def test_sagemaker_run_prints_the_original_metric(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    after, container = run_sagemaker(project, tmp_path, project.sagemaker_args())
    assert metric("val_rmse", after) == default
    assert (container.model / "model.pt").is_file()


def test_overridden_hyperparameter_changes_the_run(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    changed = run_original(project, [], EPOCHS="3", ACTIVATION="tanh")
    args = project.sagemaker_args(EPOCHS=3, ACTIVATION="tanh")
    after, _ = run_sagemaker(project, tmp_path, args)
    assert metric("val_rmse", after) == metric("val_rmse", changed) != default
    # a laptop run of the migrated script reads the same variables the same way
    laptop, work = run_laptop(project, tmp_path, env={"EPOCHS": "3", "ACTIVATION": "tanh"})
    assert metric("val_rmse", laptop) == metric("val_rmse", changed)
    assert (work / "model.pt").is_file()


def test_find_environment_settings_takes_converted_reads_only() -> None:
    source = (
        "import os\n"
        "from os import getenv\n"
        "EPOCHS = int(os.environ.get('EPOCHS', '10'))\n"
        "LR = float(getenv('LR', 0.5))\n"
        "MODEL = os.environ.get('MODEL', 'tiny')\n"
        "STEPS = os.environ.get('STEPS', 100)\n"
        "RANK = int(os.environ.get('RANK', 0))\n"
        "OUT = os.environ.get('OUTPUT_DIR', 'out')\n"
        "NEED = os.environ['NEED']\n"
        "AGAIN = int(os.environ.get('EPOCHS', '12'))\n"
    )
    found, warnings = find_environment_settings(ParsedModule.parse("train.py", source))
    assert [(h.name, h.default, h.type, h.line) for h in found] == [
        ("EPOCHS", 10, "int", 3),
        ("LR", 0.5, "float", 4),
        ("MODEL", "tiny", "str", 5),
    ]
    assert len(warnings) == 1 and warnings[0].startswith("train.py:6: STEPS")
