"""nanoGPT style (examples/corpus/nanogpt-style): the config file the exec'd configurator reads
is a pipeline parameter, and the script's own resume (`init_from='resume'` reading
`out_dir/ckpt.pt`) works in the checkpoint folder while the final model lands in SM_MODEL_DIR."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import torch

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project
from sagebridge.model import HyperparameterOrigin
from sagebridge.plan import build_plan

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

PROJECT = EXAMPLES / "corpus" / "nanogpt-style"
VAL_LOSS = r"step (\d+): train loss [0-9.]+, val loss ([0-9.]+)"


def test_the_config_file_is_a_pipeline_parameter() -> None:
    """`python train.py config/train_small.py`: the pipeline can pass the positional config
    file (`-p config_file=config/train_small.py`); "" (none) by default."""
    plan = build_plan(analyze_project(PROJECT, "train.py"), {})
    config = [hp for hp in plan.hyperparameters if hp.name == "config_file"]
    assert len(config) == 1
    assert config[0].flag == "--config_file" and config[0].default == ""
    assert config[0].origin is HyperparameterOrigin.CONFIGURATOR
    assert config[0].tuning is None


def _container(root: Path) -> tuple[FakeContainer, dict[str, str]]:
    container = FakeContainer(root)
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    return container, plain_env(**container.env())


def test_config_file_run_resumes_from_the_checkpoint_folder(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run_script(original / "data/tiny/prepare.py", [], cwd=original, env=plain_env())
    before = run_script(original / "train.py", ["config/train_small.py"], cwd=original,
                        env=plain_env())  # fmt: skip
    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    code = out / "code"
    container, env = _container(tmp_path / "opt_ml")
    shutil.copytree(original / "data", container.channel(), dirs_exist_ok=True)
    # The pipeline's default ("") passes no config file: the script's own defaults.
    container_default, env_default = _container(tmp_path / "default_job")
    shutil.copytree(original / "data", container_default.channel(), dirs_exist_ok=True)
    plain = run_script(code / "train.py", ["--config_file", "", "--max_iters", "0"], cwd=code,
                       env=env_default)  # fmt: skip
    assert "Overriding config with" not in plain.stdout

    after = run_script(code / "train.py", ["--config_file", "config/train_small.py"], cwd=code,
                       env=env)  # fmt: skip
    # config/train_small.py sets out_dir = 'out-small': still the checkpoint folder in the job.
    assert re.findall(VAL_LOSS, before.stdout) == re.findall(VAL_LOSS, after.stdout)
    assert re.findall(VAL_LOSS, after.stdout)
    assert not (code / "out-small").exists()
    assert (container.checkpoints / "ckpt.pt").is_file()
    # The final model is in SM_MODEL_DIR: the checkpoint dict and the exported state_dict.
    model_files = {p.name for p in container.model.iterdir()}
    assert {"ckpt.pt", "model.pth"} <= model_files
    saved = torch.load(container.model / "ckpt.pt", map_location="cpu", weights_only=False)
    assert saved["iter_num"] == torch.load(
        container.checkpoints / "ckpt.pt", map_location="cpu", weights_only=False
    )["iter_num"]

    # A restarted job (same checkpoint folder) resumes with the script's own logic.
    resumed = run_script(
        code / "train.py",
        ["--config_file", "config/train_small.py", "--init_from", "resume", "--max_iters", "80"],
        cwd=code, env=env,
    )  # fmt: skip
    assert f"Resuming training from {container.checkpoints}" in resumed.stdout
    steps = [int(step) for step, _ in re.findall(VAL_LOSS, resumed.stdout)]
    assert steps and steps[0] == saved["iter_num"] and steps[-1] == 80
