"""Corpus scripts (examples/corpus) migrated, then run under the container contract: the same
printed numbers as the original on the same seed, and the settings they take as SageMaker
passes them (`--name value`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

CORPUS = EXAMPLES / "corpus"


def _migrate(tmp_path: Path, name: str, entry: str) -> Path:
    out = tmp_path / "out"
    migrate_project(CORPUS / name, out, entry_point=entry)
    return out / "code"


def _original(tmp_path: Path, name: str) -> Path:
    copy = tmp_path / "original"
    shutil.copytree(CORPUS / name, copy)
    return copy


def _container(tmp_path: Path, name: str = "opt_ml") -> tuple[FakeContainer, dict[str, str]]:
    container = FakeContainer(tmp_path / name)
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    return container, plain_env(**container.env())


def _lines(pattern: str, text: str) -> list[str]:
    return re.findall(pattern, text)


def test_vae_same_test_loss_and_side_overridden_before_first_use(tmp_path: Path) -> None:
    code = _migrate(tmp_path, "vae", "main.py")
    original = _original(tmp_path, "vae")
    before = run_script(original / "main.py", ["--epochs", "1"], cwd=original, env=plain_env())
    _, env = _container(tmp_path)
    after = run_script(code / "main.py", ["--epochs", "1"], cwd=code, env=env)
    losses = _lines(r"Test set loss: [0-9.]+", before.stdout)
    assert losses and losses == _lines(r"Test set loss: [0-9.]+", after.stdout)
    # SageMaker's `--side 12` must reach the model built at import time, not only the loop.
    _, fresh = _container(tmp_path, "another_job")
    run_script(code / "main.py", ["--epochs", "1", "--side", "12"], cwd=code, env=fresh)


def test_dcgan_same_losses_and_both_networks_in_the_model_dir(tmp_path: Path) -> None:
    code = _migrate(tmp_path, "dcgan", "train.py")
    original = _original(tmp_path, "dcgan")
    args = ["--dataset", "fake", "--niter", "1", "--fakeSize", "64"]
    before = run_script(original / "train.py", args, cwd=original, env=plain_env())
    container, env = _container(tmp_path)
    after = run_script(code / "train.py", args, cwd=code, env=env)
    pattern = r"Loss_D: [0-9.]+ Loss_G: [0-9.]+"
    assert _lines(pattern, before.stdout) and (
        _lines(pattern, before.stdout) == _lines(pattern, after.stdout)
    )
    written = {path.name for path in container.model.iterdir()}
    assert {"netG_epoch_0.pth", "netD_epoch_0.pth"} <= written
    missing = run_script(code / "train.py", ["--niter", "1"], cwd=code, env=env, check=False)
    assert missing.returncode == 2 and "--dataset" in missing.stderr


@pytest.mark.parametrize("name", ["vae"])
def test_no_checkpoints_on_a_laptop_with_a_hand_set_model_dir(tmp_path: Path, name: str) -> None:
    """SM_MODEL_DIR alone (a laptop): the runtime must not use /opt/ml/checkpoints."""
    code = _migrate(tmp_path, name, "main.py")
    probe = (
        "import sagebridge_runtime as r; print('checkpoint_dir', r.checkpoint_dir())"
    )
    (code / "probe.py").write_text(probe + "\n")
    done = run_script(code / "probe.py", [], cwd=code,
                      env=plain_env(SM_MODEL_DIR=str(tmp_path / "model")))
    assert "checkpoint_dir None" in done.stdout


def test_nanogpt_takes_sagemaker_pairs_through_its_exec_configurator(tmp_path: Path) -> None:
    """`--config_file PATH --batch_size 16` (SageMaker's form) reaches the user's untouched
    configurator as `PATH --batch_size=16`: the same val loss as `train.py PATH`."""
    code = _migrate(tmp_path, "nanogpt-style", "train.py")
    original = _original(tmp_path, "nanogpt-style")
    assert (code / "configurator.py").read_text() == (original / "configurator.py").read_text()
    run_script(original / "data" / "tiny" / "prepare.py", [], cwd=original, env=plain_env())
    before = run_script(original / "train.py", ["config/train_small.py"], cwd=original,
                        env=plain_env())
    container, env = _container(tmp_path)
    # os.path.join('data', dataset) is read by np.memmap: the token folder is the channel
    shutil.copytree(original / "data", container.channel(), dirs_exist_ok=True)
    after = run_script(code / "train.py", ["--config_file", "config/train_small.py",
                                           "--batch_size", "16", "--init_from", "scratch"],
                       cwd=code, env=env)
    pattern = r"val loss [0-9.]+"
    assert _lines(pattern, before.stdout) and (
        _lines(pattern, before.stdout) == _lines(pattern, after.stdout)
    )
    assert "Overriding: batch_size = 16" in after.stdout
