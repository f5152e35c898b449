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
    """`--config_file PATH --eval_iters 10` (SageMaker's form) reaches the user's untouched
    configurator as `PATH --eval_iters=10`, and `--batch_size 16`, the script's own default,
    is not passed on (it must not undo the config file): the same val loss as `train.py PATH`."""
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
                                           "--eval_iters", "10", "--batch_size", "16",
                                           "--init_from", "scratch"],
                       cwd=code, env=env)
    pattern = r"val loss [0-9.]+"
    assert _lines(pattern, before.stdout) and (
        _lines(pattern, before.stdout) == _lines(pattern, after.stdout)
    )
    assert "Overriding: eval_iters = 10" in after.stdout
    assert "Overriding: batch_size" not in after.stdout


def _shortened(tmp_path: Path, name: str, edits: dict[str, str]) -> Path:
    """A copy of a corpus project with its training shortened by editing module constants (the
    original and the migrated script both come from this copy: same data, same seed)."""
    copy = tmp_path / "source"
    shutil.copytree(CORPUS / name, copy)
    for file, (old, new) in ((f, e.split(" -> ")) for f, e in edits.items()):
        text = (copy / file).read_text()
        assert old in text, (file, old)
        (copy / file).write_text(text.replace(old, new))
    return copy


def _logged(name: str, text: str) -> list[float]:
    return [float(v) for v in re.findall(rf"^{re.escape(name)}=([-+0-9.eE]+);", text, re.MULTILINE)]


def test_synthetic_regression_logs_the_final_loss_last(tmp_path: Path) -> None:
    """The loss is printed every 200 batches and once after the loop: the migrated script's
    last logged value (the gate's FinalMetricDataList) is the final one."""
    source = _shortened(tmp_path, "synthetic-regression",
                        {"regression.py": "MAX_BATCHES = 3000 -> MAX_BATCHES = 600"})
    out = tmp_path / "out"
    migrate_project(source, out, entry_point="regression.py")
    before = run_script(source / "regression.py", [], cwd=source, env=plain_env())
    container, env = _container(tmp_path)
    after = run_script(out / "code" / "regression.py", [], cwd=out / "code", env=env)
    final = r"Loss: ([0-9.]+) after"
    assert _lines(final, before.stdout) and _lines(final, before.stdout) == _lines(
        final, after.stdout)
    assert _lines(r"batch \d+: loss [0-9.]+", after.stdout) == _lines(
        r"batch \d+: loss [0-9.]+", before.stdout)
    logged = _logged("loss", after.stdout)
    batches = _lines(r"batch \d+: loss ([0-9.]+)", after.stdout)
    assert batches and len(logged) == len(batches) + 1  # every report, then the final one
    assert [f"{v:.6f}" for v in logged] == [*batches, *_lines(final, after.stdout)]
    assert (container.model / "poly_model.pt").stat().st_size > 0


def test_siamese_same_test_accuracy_and_state_dict_in_the_model_dir(tmp_path: Path) -> None:
    source = _shortened(tmp_path, "siamese", {"train_siamese.py": '"epochs": 15 -> "epochs": 2'})
    out = tmp_path / "out"
    migrate_project(source, out, entry_point="train_siamese.py")
    before = run_script(source / "train_siamese.py", [], cwd=source, env=plain_env())
    container, env = _container(tmp_path)
    env["SM_CHANNEL_TRAINING"] = str(source / "data")
    after = run_script(out / "code" / "train_siamese.py", [], cwd=out / "code", env=env)
    pattern = r"Test accuracy \(same/different, unseen classes\): ([0-9.]+)"
    assert _lines(pattern, before.stdout) and (
        _lines(pattern, before.stdout) == _lines(pattern, after.stdout))
    assert [f"{v:.4f}" for v in _logged("test_accuracy", after.stdout)] == _lines(
        pattern, before.stdout)
    assert (container.model / "siamese.pt").stat().st_size > 0


def test_timeseries_same_rmse_with_the_data_its_generator_writes(tmp_path: Path) -> None:
    """generate_data.py (the Preprocess step) writes the channel; the checkpoint dict's model
    is exported beside the script's own save."""
    code = _migrate(tmp_path, "timeseries", "train.py")
    original = _original(tmp_path, "timeseries")
    run_script(original / "generate_data.py", [], cwd=original, env=plain_env())
    before = run_script(original / "train.py", ["--epochs", "1"], cwd=original, env=plain_env())
    container, env = _container(tmp_path)
    env["SM_CHANNEL_TRAINING"] = str(original / "data")
    after = run_script(code / "train.py", ["--epochs", "1"], cwd=code, env=env)
    pattern = r"Validation RMSE: ([0-9.]+)"
    assert _lines(pattern, before.stdout) and (
        _lines(pattern, before.stdout) == _lines(pattern, after.stdout))
    assert f"{_logged('validation_rmse', after.stdout)[-1]:.5f}" == _lines(pattern, after.stdout)[0]
    written = {path.name for path in container.model.iterdir()}
    assert {"forecaster.pt", "model.pth"} <= written


def test_mnist_save_flag_same_accuracy_and_the_save_on_under_sagemaker(tmp_path: Path) -> None:
    """The pipeline passes `--save-model True` (the save's guard): the model reaches the model
    dir; the accuracy is the original's."""
    code = _migrate(tmp_path, "mnist-save-flag", "main.py")
    original = _original(tmp_path, "mnist-save-flag")
    args = ["--epochs", "1", "--n-train", "256", "--n-test", "128"]
    before = run_script(original / "main.py", args, cwd=original, env=plain_env())
    container, env = _container(tmp_path)
    after = run_script(code / "main.py", [*args, "--save-model", "True"], cwd=code, env=env)
    pattern = r"Accuracy: (\d+)/(\d+)"
    [(correct, total)] = _lines(pattern, before.stdout)
    assert _lines(pattern, after.stdout) == [(correct, total)]
    assert _logged("test_accuracy", after.stdout) == [int(correct) / int(total)]
    assert (container.model / "mnist_cnn.pt").stat().st_size > 0


def test_word_lm_same_perplexity_and_the_pickled_module_travels(tmp_path: Path) -> None:
    """`torch.save(model, f)` pickles the whole RNNModel: model.py is shipped beside main.py,
    and the helper scripts are carried along untouched."""
    code = _migrate(tmp_path, "word-lm", "main.py")
    original = _original(tmp_path, "word-lm")
    for helper in ("model.py", "data.py", "generate.py", "make_corpus.py"):
        assert (code / helper).read_text() == (original / helper).read_text()
    args = ["--epochs", "1"]
    before = run_script(original / "main.py", args, cwd=original, env=plain_env())
    container, env = _container(tmp_path)
    env["SM_CHANNEL_TRAINING"] = str(original / "data" / "synth")
    after = run_script(code / "main.py", args, cwd=code, env=env)
    pattern = r"test ppl +([0-9.]+)"
    assert _lines(pattern, before.stdout) and (
        _lines(pattern, before.stdout) == _lines(pattern, after.stdout))
    assert f"{_logged('test_perplexity', after.stdout)[-1]:8.2f}".strip() == _lines(
        pattern, after.stdout)[0]
    assert (container.model / "model.pt").stat().st_size > 0
