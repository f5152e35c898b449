"""absl flags (examples/corpus/absl-flags): the flags are SageMaker hyperparameters, read back
typed by absl (booleans included, joined as `--name=value`), the defaults kept, and the laptop
run unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze.absl_flags import find_absl_flags
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import HyperparameterOrigin

from .runs import Migrated, metric, migrated, run_laptop, run_original, run_sagemaker

NAME = "absl-flags"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Migrated:
    return migrated(tmp_path_factory.mktemp(NAME), NAME)


@pytest.fixture(scope="module")
def default(project: Migrated) -> str:
    """The original's metric with its defaults (run once for the module's tests)."""
    return metric("val_accuracy", run_original(project, []))


def test_flags_become_typed_tunable_hyperparameters(project: Migrated) -> None:
    found = project.hyperparameters()
    assert found["n_estimators"] == {"default": 100, "flag": "--n_estimators", "type": "int"}
    assert found["learning_rate"]["type"] == "float"
    assert found["stratify"] == {"default": True, "flag": "--stratify", "type": "bool"}
    assert found["loss"]["default"] == "log_loss"
    assert not {"data_path", "model_dir"} & set(found)  # paths: channel and model dir
    pipeline = (project.out / "pipeline" / "pipeline.py").read_text()
    assert "'learning_rate': ranges.ContinuousParameter(" in pipeline
    assert "'n_estimators': ranges.IntegerParameter(" in pipeline
    assert "absl-py" in (project.code / "requirements.txt").read_text().split()


def test_sagemaker_run_prints_the_original_metric(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    after, container = run_sagemaker(project, tmp_path, project.sagemaker_args())
    assert metric("val_accuracy", after) == default
    # FLAGS.model_dir is followed to its default: the model folder, where serving loads it
    assert (container.model / "model.joblib").is_file(), sorted(container.model.rglob("*"))


def test_overridden_hyperparameters_change_the_run(
    project: Migrated, default: str, tmp_path: Path
) -> None:
    changed = run_original(project, ["--n_estimators=20", "--nostratify"])
    args = project.sagemaker_args(n_estimators=20, stratify=False)  # --stratify False
    after, _ = run_sagemaker(project, tmp_path, args)
    assert metric("val_accuracy", after) == metric("val_accuracy", changed) != default


def test_laptop_run_is_unchanged(project: Migrated, default: str, tmp_path: Path) -> None:
    after, work = run_laptop(project, tmp_path)
    assert metric("val_accuracy", after) == default
    assert (work / "artifacts" / "model.joblib").is_file()


def test_find_absl_flags_reads_every_spelling(tmp_path: Path) -> None:
    source = (
        "from absl import app, flags\n"
        "from absl.flags import DEFINE_float\n"
        "flags.DEFINE_integer('epochs', 10, 'rounds')\n"
        "DEFINE_float(name='lr', default=0.5, help='rate')\n"
        "flags.DEFINE_bool('shuffle', False, 'shuffle')\n"
        "flags.DEFINE_list('layers', ['64', '32'], 'sizes')\n"
        "flags.DEFINE_string('out', None, 'where')\n"
        "flags.DEFINE_string('data_dir', '/tmp/data', 'where')\n"
    )
    module = ParsedModule.parse("train.py", source)
    found = find_absl_flags(module)
    assert [(h.name, h.default, h.type, h.flag) for h in found.hyperparameters] == [
        ("epochs", 10, "int", "--epochs"),
        ("lr", 0.5, "float", "--lr"),
        ("shuffle", False, "bool", "--shuffle"),
    ]
    assert all(h.origin is HyperparameterOrigin.ABSL for h in found.hyperparameters)
    assert [w.split(": ")[0] for w in found.warnings] == ["train.py:6", "train.py:7"]
