"""The sandbox layout and SM_* environment, pinned against sagebridge.contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sagebridge import contract
from sagebridge.local.run.sandbox import (
    hyperparameter_args,
    new_sandbox,
    training_env,
    write_training_config,
)


def test_layout_is_the_container_layout(tmp_path: Path) -> None:
    sandbox = new_sandbox(tmp_path / "job")
    for folder in (
        contract.INPUT_CONFIG_DIR,
        contract.INPUT_DATA_DIR,
        contract.MODEL_DIR,
        contract.OUTPUT_DATA_DIR,
        contract.OUTPUT_INTERMEDIATE_DIR,
        contract.CHECKPOINT_DIR,
        contract.CODE_DIR,
    ):
        assert (sandbox.root / folder).is_dir(), folder
    assert sandbox.failure_file == sandbox.root / contract.FAILURE_FILE


def test_rebase(tmp_path: Path) -> None:
    sandbox = new_sandbox(tmp_path / "job")
    assert sandbox.rebase("/opt/ml/processing/evaluation") == str(
        sandbox.root / "processing/evaluation"
    )
    assert sandbox.rebase("/opt/ml") == str(sandbox.root)
    assert sandbox.rebase("/opt/mlx/a") == "/opt/mlx/a"
    assert sandbox.rebase("--epochs") == "--epochs"
    with pytest.raises(ValueError, match="not under /opt/ml"):
        sandbox.inside("/tmp/elsewhere")


def test_hyperparameters_are_name_value_strings() -> None:
    assert hyperparameter_args({"batch_size": "64", "lr": "0.1"}) == [
        "--batch_size",
        "64",
        "--lr",
        "0.1",
    ]


def test_config_files_and_environment(tmp_path: Path) -> None:
    sandbox = new_sandbox(tmp_path / "job")
    hps = {"epochs": "2", "batch-size": "8"}
    channels = {"training": {"TrainingInputMode": "File"}, "test": {"TrainingInputMode": "File"}}
    write_training_config(sandbox, hps, channels, "ml.m5.xlarge")
    config = sandbox.root / contract.INPUT_CONFIG_DIR
    assert json.loads((config / contract.HYPERPARAMETERS_FILE).read_text()) == hps
    assert json.loads((config / contract.INPUT_DATA_CONFIG_FILE).read_text()) == channels
    resource = json.loads((config / contract.RESOURCE_CONFIG_FILE).read_text())
    assert resource["current_host"] == "algo-1" and resource["hosts"] == ["algo-1"]

    env = training_env(sandbox, hps, channels, "ml.m5.xlarge", "train.py", sandbox.root / "code")
    root = sandbox.root
    assert env[contract.ENV_MODEL_DIR] == str(root / contract.MODEL_DIR)
    assert env[contract.ENV_OUTPUT_DIR] == str(root / contract.OUTPUT_DIR)
    assert env[contract.ENV_OUTPUT_DATA_DIR] == str(root / contract.OUTPUT_DATA_DIR)
    assert env[contract.ENV_OUTPUT_INTERMEDIATE_DIR] == str(root / contract.OUTPUT_INTERMEDIATE_DIR)
    assert env[contract.ENV_OUTPUT_FAILURE] == str(root / contract.FAILURE_FILE)
    assert env[contract.ENV_CHECKPOINT_DIR] == str(root / contract.CHECKPOINT_DIR)
    assert env[contract.ENV_INPUT_CONFIG_DIR] == str(root / contract.INPUT_CONFIG_DIR)
    assert env[contract.BASE_DIR_ENV] == str(root)
    assert json.loads(env[contract.ENV_CHANNELS]) == ["test", "training"]
    assert env["SM_CHANNEL_TRAINING"] == str(root / contract.INPUT_DATA_DIR / "training")
    assert env["SM_CHANNEL_TEST"] == str(root / contract.INPUT_DATA_DIR / "test")
    assert json.loads(env[contract.ENV_HPS]) == hps
    assert env["SM_HP_EPOCHS"] == "2" and env["SM_HP_BATCH-SIZE"] == "8"
    assert json.loads(env[contract.ENV_HOSTS]) == ["algo-1"]
    assert env[contract.ENV_CURRENT_HOST] == "algo-1"
    assert env[contract.ENV_NUM_GPUS] == "0"
    assert json.loads(env[contract.ENV_USER_ARGS]) == ["--epochs", "2", "--batch-size", "8"]
    assert json.loads(env[contract.ENV_INPUT_DATA_CONFIG]) == channels
    training = json.loads(env[contract.ENV_TRAINING_ENV])
    assert training["hyperparameters"] == hps
    assert training["model_dir"] == env[contract.ENV_MODEL_DIR]
    assert env["SM_ENTRY_SCRIPT"] == "train.py"
