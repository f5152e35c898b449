"""Constants of a config.py module imported by train.py (examples/corpus/config-module): they
become SageMaker hyperparameters parsed where they are set, so every importer (`cfg.MAX_DEPTH`,
`from config import SEED`) sees the passed values; defaults kept, laptop run unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze.config_modules import find_config_module_constants
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import HyperparameterOrigin

from .runs import Migrated, metric, migrated, run_laptop, run_original, run_sagemaker

NAME = "config-module"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    return migrated(tmp_path_factory.mktemp(NAME), NAME)


@pytest.fixture(scope="module")
def default(project: Migrated) -> str:
    return metric("test_auc", run_original(project, []))


def test_module_constants_become_hyperparameters(project: Migrated) -> None:
    found = project.hyperparameters()
    assert found["MAX_DEPTH"] == {"default": 8, "flag": "--max_depth", "type": "int"}
    assert found["SEED"] == {"default": 42, "flag": "--seed", "type": "int"}  # from-imported
    assert found["CRITERION"]["default"] == "gini"
    assert not {"TARGET", "DATA_PATH", "MODEL_PATH"} & set(found)


def test_sagemaker_run_prints_the_original_metric(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    after, container = run_sagemaker(project, tmp_path, project.sagemaker_args())
    assert metric("test_auc", after) == default
    assert (container.model / "churn_forest.joblib").is_file()


def test_overridden_hyperparameters_change_the_run(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    config = (project.original / "config.py").read_text()
    edited = config.replace("MAX_DEPTH = 8", "MAX_DEPTH = 2").replace("SEED = 42", "SEED = 1")
    assert "MAX_DEPTH = 2" in edited and "SEED = 1" in edited
    changed = run_original(project, [], files={"config.py": edited})
    after, _ = run_sagemaker(project, tmp_path, project.sagemaker_args(MAX_DEPTH=2, SEED=1))
    assert metric("test_auc", after) == metric("test_auc", changed) != default


def test_laptop_run_is_unchanged(project: Migrated, default: str, tmp_path: Path) -> None:
    after, work = run_laptop(project, tmp_path)
    assert metric("test_auc", after) == default
    assert (work / "models" / "churn_forest.joblib").is_file()


def test_only_what_the_entry_point_reads_counts() -> None:
    entry = ParsedModule.parse(
        "train.py",
        "import settings.hp as hp\nfrom settings.hp import SEED\nprint(hp.LR, SEED)\n",
    )
    config = ParsedModule.parse(
        "settings/hp.py", "LR = 0.1\nSEED = 3\nUNUSED = 5\nPAD = 0\nprint(PAD)\n"
    )
    other = ParsedModule.parse("model.py", "HIDDEN = 64\n")
    found = find_config_module_constants([entry, config, other])
    assert [(h.name, h.default, h.file) for h in found] == [
        ("LR", 0.1, "settings/hp.py"),
        ("SEED", 3, "settings/hp.py"),
    ]
    assert all(h.origin is HyperparameterOrigin.CONSTANT for h in found)
