"""The Lightning pieces one at a time: the plan (self.log labels, monitor, LightningCLI config
and its data paths, the gate), the codemod, the cwd-anchored data path, and the runtime's
LightningCLI argv and checkpoint lookup."""

from __future__ import annotations

import importlib.util
import os
import sys
import textwrap
import time
from pathlib import Path
from types import ModuleType

import pytest

from sagebridge.analyze import analyze_project, read_settings_files
from sagebridge.migrate import migrate_project
from sagebridge.model import GateSource, MigrationPlan
from sagebridge.plan import build_plan
from sagebridge.render.runtime import render_runtime

from .conftest import CORPUS

MODULE = """
    import lightning as L
    import torch
    from torch import nn


    class Lit(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.layer = nn.Linear(4, 2)

        def forward(self, x):
            return self.layer(x)

        def training_step(self, batch, batch_idx):
            x, y = batch
            loss = nn.functional.cross_entropy(self(x), y)
            self.log("train_loss", loss)
            return loss

        def validation_step(self, batch, batch_idx):
            x, y = batch
            self.log("val_loss", nn.functional.cross_entropy(self(x), y))

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)
"""

TRAINER_SCRIPT = (
    MODULE
    + """

    def main():
        model = Lit()
        trainer = L.Trainer(max_epochs=2)
        trainer.fit(model)


    if __name__ == "__main__":
        main()
"""
)

CLI_SCRIPT = (
    """
    import lightning as L
    import pandas as pd
    from lightning.pytorch.cli import LightningCLI
"""
    + MODULE.split("from torch import nn", 1)[1].replace(
        "class Lit", "from torch import nn\n\n\n    class Lit"
    )
    + """

    class Data(L.LightningDataModule):
        def __init__(self, csv_path: str = "data/rows.csv"):
            super().__init__()
            self.csv_path = csv_path

        def setup(self, stage=None):
            self.frame = pd.read_csv(self.csv_path)


    if __name__ == "__main__":
        LightningCLI(Lit, Data)
"""
)

CLI_CONFIG = """
    trainer:
      max_epochs: 2
    data:
      csv_path: data/rows.csv
"""


def _project(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root


def _plan(src: Path) -> MigrationPlan:
    settings = {path: copy.data for path, copy in read_settings_files(src).items()}
    return build_plan(analyze_project(src), settings=settings)


def test_self_log_is_logged_per_epoch_by_the_callback_not_after_each_call(tmp_path: Path) -> None:
    src = _project(tmp_path / "src", {"train.py": TRAINER_SCRIPT})
    plan = _plan(src)
    assert plan.lightning is not None
    assert ("val_loss", "validation_loss") in plan.lightning.metrics
    assert (plan.lightning.monitor, plan.lightning.mode) == ("val_loss", "min")
    migrate_project(src, tmp_path / "out")
    code = (tmp_path / "out" / "code" / "train.py").read_text()
    assert "sagebridge_runtime.log_metric(" not in code  # not once per batch
    assert '"val_loss": "validation_loss"}, monitor="val_loss", mode="min")' in code
    assert code.index("sagebridge_lightning.install(") < code.index("        main()")
    assert (tmp_path / "out" / "code" / "sagebridge_lightning.py").is_file()


def test_a_project_without_lightning_has_no_lightning_plan_or_runtime(tmp_path: Path) -> None:
    script = "import torch\n\nprint('loss:', float(torch.zeros(1)))\n"
    src = _project(tmp_path / "src", {"train.py": script})
    assert _plan(src).lightning is None
    migrate_project(src, tmp_path / "out")
    assert not (tmp_path / "out" / "code" / "sagebridge_lightning.py").exists()


def test_lightning_cli_gets_fit_its_config_and_the_config_data_path_as_a_channel(
    tmp_path: Path,
) -> None:
    src = _project(tmp_path / "src", {"main.py": CLI_SCRIPT, "config.yaml": CLI_CONFIG})
    plan = _plan(src)
    assert plan.lightning is not None and plan.lightning.cli
    assert plan.lightning.cli_config == "config.yaml"
    [channel] = plan.channels
    assert plan.lightning.cli_paths == (("data.csv_path", channel.env, "rows.csv"),)
    migrate_project(src, tmp_path / "out")
    code = (tmp_path / "out" / "code" / "main.py").read_text()
    assert (
        f'sagebridge_lightning.cli_argv(config="config.yaml", paths={{"data.csv_path": '
        f'("{channel.env}", "rows.csv")}})'
    ) in code


def test_lightning_cli_with_run_false_gets_no_subcommand(tmp_path: Path) -> None:
    """`LightningCLI(..., run=False)` parses no subcommand (the script calls `cli.trainer.fit`
    itself): a `fit` put in front of its flags is an unrecognised argument."""
    script = CLI_SCRIPT.replace(
        "LightningCLI(Lit, Data)",
        "cli = LightningCLI(Lit, Data, run=False)\n        cli.trainer.fit(cli.model, cli.datamodule)",
    )
    src = _project(tmp_path / "src", {"main.py": script, "config.yaml": CLI_CONFIG})
    plan = _plan(src)
    assert plan.lightning is not None and plan.lightning.cli
    assert not plan.lightning.cli_subcommand
    migrate_project(src, tmp_path / "out")
    code = (tmp_path / "out" / "code" / "main.py").read_text()
    assert ", subcommand=False)" in code
    assert _plan(_project(tmp_path / "src2", {"main.py": CLI_SCRIPT})).lightning.cli_subcommand


def test_datamodule_corpus_project_gates_on_the_training_jobs_validation_metric() -> None:
    """val_acc is measured on the DataModule's validation split: evaluate.py, which scores
    the test set, can't recompute it, so the gate reads the training job's own value."""
    plan = _plan(CORPUS / "lightning-mnist-datamodule")
    assert plan.objective_metric == "validation_accuracy"
    assert plan.gate is GateSource.TRAINING_METRIC


def test_a_path_joined_on_the_working_directory_is_a_channel(tmp_path: Path) -> None:
    script = """
        import argparse
        import os

        import pandas as pd

        parser = argparse.ArgumentParser()
        parser.add_argument("--data_dir", default=os.path.join(os.getcwd(), "data"))
        args = parser.parse_args()
        frame = pd.read_csv(os.path.join(args.data_dir, "rows.csv"))
        print("rmse:", float(frame["y"].std()))
    """
    src = _project(tmp_path / "src", {"train.py": script})
    plan = _plan(src)
    assert [c.fallback for c in plan.channels] == ["data"]
    # a path, not a hyperparameter whose default would be None
    assert "data_dir" not in [h.name for h in plan.hyperparameters]
    assert not [w for w in plan.warnings if "defaults to None" in w]
    migrate_project(src, tmp_path / "out")
    code = (tmp_path / "out" / "code" / "train.py").read_text()
    env = plan.channels[0].env
    assert f'os.path.join(os.getcwd(), os.environ.get("{env}", "data"))' in code


# ---- the runtime ------------------------------------------------------------------------------


@pytest.fixture
def lightning_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    for name in list(os.environ):
        if name.startswith("SM_"):
            monkeypatch.delenv(name)
    for name, text in render_runtime(lightning=True).items():
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])  # not syspath_prepend: see test_mnist_behaviour
    monkeypatch.delitem(sys.modules, "sagebridge_runtime", raising=False)
    spec = importlib.util.spec_from_file_location(
        "lightning_under_test", tmp_path / "sagebridge_lightning.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_argv_adds_fit_and_the_config_beside_the_script(
    lightning_runtime: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config.yaml").write_text("trainer: {}\n")
    script = str(tmp_path / "main.py")
    monkeypatch.setattr(sys, "argv", [script, "--trainer.max_epochs", "2"])
    monkeypatch.setenv("SM_CHANNEL_TRAINING", "/opt/ml/input/data/training")
    lightning_runtime.cli_argv(
        config="config.yaml", paths={"data.csv_path": ("SM_CHANNEL_TRAINING", "rows.csv")}
    )
    assert sys.argv[1:] == [
        "fit", "--config", str(tmp_path / "config.yaml"), "--trainer.max_epochs", "2",
        "--data.csv_path=/opt/ml/input/data/training/rows.csv",
    ]  # fmt: skip


def test_cli_argv_keeps_what_the_user_gave(
    lightning_runtime: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = ["validate", "-c", "other.yaml", "--data.csv_path", "mine.csv"]
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "main.py"), *given])
    monkeypatch.setenv("SM_CHANNEL_TRAINING", "/channel")
    lightning_runtime.cli_argv(
        config="config.yaml", paths={"data.csv_path": ("SM_CHANNEL_TRAINING", "rows.csv")}
    )
    assert sys.argv[1:] == given


def test_cli_argv_on_a_laptop_adds_no_channel_path(
    lightning_runtime: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "main.py")])
    lightning_runtime.cli_argv(
        config="missing.yaml", paths={"data.x": ("SM_CHANNEL_TRAINING", "x")}
    )
    assert sys.argv[1:] == ["fit"]


def test_cli_argv_without_subcommand_keeps_the_flags_first(
    lightning_runtime: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config.yaml").write_text("trainer: {}\n")
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "main.py"), "--trainer.max_epochs", "2"])
    lightning_runtime.cli_argv(config="config.yaml", paths={}, subcommand=False)
    assert sys.argv[1:] == [
        "--config", str(tmp_path / "config.yaml"), "--trainer.max_epochs", "2",
    ]  # fmt: skip


def test_newest_checkpoint_is_found_in_subfolders(
    lightning_runtime: ModuleType, tmp_path: Path
) -> None:
    assert lightning_runtime.newest_checkpoint(str(tmp_path / "none")) is None
    old = tmp_path / "ckpt" / "lightning_logs" / "version_0" / "checkpoints" / "epoch=0.ckpt"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"0")
    new = tmp_path / "ckpt" / "checkpoints" / "last.ckpt"
    new.parent.mkdir(parents=True)
    new.write_bytes(b"1")
    os.utime(old, (time.time() - 60, time.time() - 60))
    assert lightning_runtime.newest_checkpoint(str(tmp_path / "ckpt")) == str(new)


def test_inference_test_is_left_out_with_evaluate_whose_helpers_it_uses() -> None:
    """tests/test_inference.py reads its examples and expected outputs through evaluate.py:
    with no Evaluate step it would fail in `validate`, so it goes with it."""
    plan = _plan(CORPUS / "lightning-mnist-datamodule")
    assert plan.steps is not None
    assert "code/evaluate.py" in plan.steps.left_out_files
    assert "code/inference.py" not in plan.steps.left_out_files
    assert "tests/test_inference.py" in plan.steps.left_out_files


def test_the_pytorch_images_follow_the_projects_torch_pin(tmp_path: Path) -> None:
    src = _project(
        tmp_path / "src",
        {"train.py": TRAINER_SCRIPT, "requirements.txt": "torch==2.5.1\nlightning==2.5.0\n"},
    )
    plan = _plan(src)
    assert plan.images is not None
    assert plan.images.framework == "pytorch"
    assert plan.images.training_version.startswith("2.5")
    assert "lightning==2.5.0" in plan.requirements


def test_a_lightning_module_is_loaded_from_its_checkpoint_when_it_can_be_rebuilt(
    tmp_path: Path,
) -> None:
    """load_from_checkpoint rebuilds a module that saves its hyperparameters or needs none;
    one whose constructor needs arguments it never saved keeps the state_dict path."""
    plan = _plan(CORPUS / "lightning-mnist-datamodule")  # save_hyperparameters()
    assert plan.model is not None and plan.model.checkpoint_file == "model.ckpt"
    assert plan.model.artifacts[0] == "model.ckpt"
    plain = _project(tmp_path / "plain", {"train.py": TRAINER_SCRIPT})  # Lit(): no arguments
    plain_model = _plan(plain).model
    assert plain_model is not None and plain_model.checkpoint_file == "model.ckpt"
    needs_args = (
        TRAINER_SCRIPT.replace("def __init__(self):", "def __init__(self, width):")
        .replace("nn.Linear(4, 2)", "nn.Linear(4, width)")
        .replace("model = Lit()", "model = Lit(2)")
    )
    unsaved = _project(tmp_path / "unsaved", {"train.py": needs_args})
    model = _plan(unsaved).model
    assert model is not None and model.constructor_args == "2"
    assert model.checkpoint_file == "" and "model.ckpt" not in model.artifacts
