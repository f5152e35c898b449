"""Hydra (examples/corpus/hydra-conf): every scalar of conf/config.yaml, nested ones included,
is a SageMaker hyperparameter `--model.max_depth`, given to Hydra as its `model.max_depth=6`
override inside SageMaker; the defaults are kept and the laptop run unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze.hydra_configs import find_hydra_settings
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import HyperparameterOrigin

from .runs import Migrated, metric, migrated, run_laptop, run_original, run_sagemaker

NAME = "hydra-conf"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    return migrated(tmp_path_factory.mktemp(NAME), NAME)


@pytest.fixture(scope="module")
def default(project: Migrated) -> str:
    return metric("test_accuracy", run_original(project, []))


def test_config_values_become_hyperparameters(project: Migrated) -> None:
    found = project.hyperparameters()
    assert found["model_max_depth"] == {"default": 6, "flag": "--model.max_depth", "type": "int"}
    assert found["train_verbose"]["type"] == "bool"
    assert found["model_learning_rate"]["default"] == 0.1
    pipeline = (project.out / "pipeline" / "pipeline.py").read_text()
    assert "'model.learning_rate': ranges.ContinuousParameter(" in pipeline
    assert "hydra-core" in (project.code / "requirements.txt").read_text().split()


def test_sagemaker_run_prints_the_original_metric(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    after, container = run_sagemaker(project, tmp_path, project.sagemaker_args(), data=None)
    assert metric("test_accuracy", after) == default
    assert (container.model / "model.joblib").is_file()


def test_overridden_hyperparameters_change_the_run(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    changed = run_original(project, ["model.n_estimators=120", "model.learning_rate=0.05"])
    args = project.sagemaker_args(model_n_estimators=120, model_learning_rate=0.05)
    after, _ = run_sagemaker(project, tmp_path, args, data=None)
    assert metric("test_accuracy", after) == metric("test_accuracy", changed) != default


def test_laptop_run_is_unchanged(project: Migrated, default: str, tmp_path: Path) -> None:
    after, work = run_laptop(project, tmp_path, data=None)
    assert metric("test_accuracy", after) == default
    assert (work / "model.joblib").is_file()


def test_find_hydra_settings_flattens_the_primary_config() -> None:
    module = ParsedModule.parse(
        "src/train.py",
        "import hydra\n"
        "@hydra.main(version_base=None, config_path='../conf', config_name='base')\n"
        "def main(cfg):\n    pass\n",
    )
    config = (
        "defaults:\n  - _self_\n"
        "lr: 0.01\n"
        "optim:\n  betas:\n    first: 0.9\n  name: adam\n"
        "data:\n  root: data/train.csv\n"
        "layers: [64, 32]\n"
        "tag: null\n"
        "hydra:\n  run:\n    dir: outputs\n"
    )
    found = find_hydra_settings(module, {"conf/base.yaml": config})
    assert [(h.name, h.default, h.flag, h.line) for h in found.hyperparameters] == [
        ("lr", 0.01, "--lr", 3),
        ("optim_name", "adam", "--optim.name", 7),
        ("optim_betas_first", 0.9, "--optim.betas.first", 6),
    ]
    assert all(h.origin is HyperparameterOrigin.HYDRA for h in found.hyperparameters)
    assert all(h.file == "conf/base.yaml" for h in found.hyperparameters)
    assert [w.split(": ")[0] for w in found.warnings] == ["conf/base.yaml:9"]


def test_a_hydra_config_named_with_its_suffix_is_not_also_a_plain_config(tmp_path: Path) -> None:
    from sagebridge.analyze import analyze_project

    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "config.yaml").write_text("lr: 0.1\n")
    (tmp_path / "train.py").write_text(
        "import hydra\n"
        "@hydra.main(version_base='1.3', config_path='conf', config_name='config.yaml')\n"
        "def main(cfg):\n    print(f'loss: {cfg.lr}')\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    analysis = analyze_project(tmp_path)
    assert [(h.name, h.origin) for h in analysis.hyperparameters] == [
        ("lr", HyperparameterOrigin.HYDRA)
    ]
