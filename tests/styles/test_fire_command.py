"""Python Fire (examples/corpus/fire-function): the fired function's keyword defaults are
SageMaker hyperparameters, which Fire reads from `--name value` as it reads a laptop's (booleans
too); the defaults are kept and the laptop run unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze.fire_commands import find_fire_settings
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import HyperparameterOrigin

from .runs import Migrated, metric, migrated, run_laptop, run_original, run_sagemaker

NAME = "fire-function"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    return migrated(tmp_path_factory.mktemp(NAME), NAME)


@pytest.fixture(scope="module")
def default(project: Migrated) -> str:
    return metric("test_accuracy", run_original(project, []))


def test_parameters_become_hyperparameters(project: Migrated) -> None:
    found = project.hyperparameters()
    assert found["hidden"] == {"default": 32, "flag": "--hidden", "type": "int"}
    assert found["learning_rate"] == {"default": 0.001, "flag": "--learning_rate", "type": "float"}
    assert found["early_stopping"]["type"] == "bool"
    assert not {"data_file", "model_path"} & set(found)  # paths: channel and model dir
    assert "fire" in (project.code / "requirements.txt").read_text().split()


def test_sagemaker_run_prints_the_original_metric(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    after, container = run_sagemaker(project, tmp_path, project.sagemaker_args())
    assert metric("test_accuracy", after) == default
    assert (container.model / "digits_mlp.joblib").is_file()


def test_overridden_hyperparameters_change_the_run(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    changed = run_original(project, ["--hidden", "8", "--early_stopping", "True"])
    args = project.sagemaker_args(hidden=8, early_stopping=True)
    after, _ = run_sagemaker(project, tmp_path, args)
    assert metric("test_accuracy", after) == metric("test_accuracy", changed) != default


def test_laptop_run_is_unchanged(project: Migrated, default: str, tmp_path: Path) -> None:
    after, work = run_laptop(project, tmp_path)
    assert metric("test_accuracy", after) == default
    assert (work / "digits_mlp.joblib").is_file()


def test_find_fire_settings_reads_the_fired_function_only() -> None:
    source = (
        "import fire\n"
        "def helper(x=1):\n    return x\n"
        "def train(data, epochs=3, *, lr=0.1, tag=None, out='models/m.pt'):\n    pass\n"
        "class Trainer:\n    pass\n"
        "if __name__ == '__main__':\n    fire.Fire(train)\n    fire.Fire(Trainer)\n"
    )
    found = find_fire_settings(ParsedModule.parse("train.py", source))
    assert [(h.name, h.default, h.type, h.flag) for h in found.hyperparameters] == [
        ("epochs", 3, "int", "--epochs"),
        ("lr", 0.1, "float", "--lr"),
    ]
    assert all(h.origin is HyperparameterOrigin.FIRE for h in found.hyperparameters)
    assert [w.split(": ")[1].split(" ")[0] for w in found.warnings] == [
        "train(tag=...)",
        "fire.Fire(Trainer)",
    ]
