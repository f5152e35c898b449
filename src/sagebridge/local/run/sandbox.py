"""A fresh folder per step, laid out like the container's /opt/ml, and the SM_* environment.

Every `/opt/ml/...` path the step's definition names (arguments, hyperparameters, input and
output local paths, checkpoint path) is rebased into the sandbox with `rebase`, so the script
sees the same relative layout it sees on SageMaker. Names and folders come from
`sagebridge.contract`; nothing here invents its own.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sagebridge import contract

HOST = "algo-1"
SHIM_DIR = "bin"  # python/python3 -> this interpreter, for entry points that call `python`


@dataclass(frozen=True)
class Sandbox:
    root: Path  # plays /opt/ml

    def rebase(self, value: str) -> str:
        """`/opt/ml/x` -> `<root>/x`; other strings unchanged."""
        base = contract.BASE_DIR
        if value == base or value.startswith(base + "/"):
            return str(self.root / value[len(base) :].lstrip("/"))
        return value

    def inside(self, container_path: str) -> Path:
        """A container path that must lie under /opt/ml, as a path in the sandbox."""
        rebased = self.rebase(container_path)
        if rebased == container_path:
            raise ValueError(f"{container_path}: not under {contract.BASE_DIR}")
        return Path(rebased)

    def path(self, relative: str) -> Path:
        return self.root / relative

    @property
    def failure_file(self) -> Path:
        return self.path(contract.FAILURE_FILE)

    def python_shim(self) -> Path:
        """A folder whose `python`/`python3` run this interpreter (prepend it to PATH)."""
        shim = self.root / SHIM_DIR
        shim.mkdir(parents=True, exist_ok=True)
        for name in ("python", "python3"):
            link = shim / name
            if not link.exists():
                link.symlink_to(sys.executable)
        return shim


def new_sandbox(root: Path) -> Sandbox:
    """Create the training layout under `root` (which must not exist yet)."""
    root.mkdir(parents=True)
    for folder in (
        contract.INPUT_CONFIG_DIR,
        contract.INPUT_DATA_DIR,
        contract.MODEL_DIR,
        contract.OUTPUT_DATA_DIR,
        contract.OUTPUT_INTERMEDIATE_DIR,
        contract.CHECKPOINT_DIR,
        contract.CODE_DIR,
    ):
        (root / folder).mkdir(parents=True, exist_ok=True)
    return Sandbox(root)


def hyperparameter_args(hyperparameters: Mapping[str, str]) -> list[str]:
    """SageMaker passes each hyperparameter as `--name value`, every value a string."""
    args: list[str] = []
    for name, value in hyperparameters.items():
        args += [f"--{name}", value]
    return args


def write_training_config(
    sandbox: Sandbox,
    hyperparameters: Mapping[str, str],
    channels: Mapping[str, Mapping[str, str]],
    instance_type: str,
) -> None:
    """input/config/{hyperparameters,inputdataconfig,resourceconfig}.json."""
    config = sandbox.path(contract.INPUT_CONFIG_DIR)
    (config / contract.HYPERPARAMETERS_FILE).write_text(json.dumps(dict(hyperparameters)))
    (config / contract.INPUT_DATA_CONFIG_FILE).write_text(json.dumps(dict(channels)))
    resource = {"current_host": HOST, "hosts": [HOST], "current_instance_type": instance_type}
    (config / contract.RESOURCE_CONFIG_FILE).write_text(json.dumps(resource))


def training_env(
    sandbox: Sandbox,
    hyperparameters: Mapping[str, str],
    channels: Mapping[str, Mapping[str, str]],
    instance_type: str,
    entry_script: str,
    source_dir: Path,
) -> dict[str, str]:
    """The SM_* variables the training toolkit and the SDK v3 driver set, for this sandbox."""
    data_dir = sandbox.path(contract.INPUT_DATA_DIR)
    args = hyperparameter_args(hyperparameters)
    env: dict[str, str] = {
        contract.BASE_DIR_ENV: str(sandbox.root),
        contract.ENV_MODEL_DIR: str(sandbox.path(contract.MODEL_DIR)),
        contract.ENV_CHANNELS: json.dumps(sorted(channels)),
        contract.ENV_OUTPUT_DIR: str(sandbox.path(contract.OUTPUT_DIR)),
        contract.ENV_OUTPUT_DATA_DIR: str(sandbox.path(contract.OUTPUT_DATA_DIR)),
        contract.ENV_OUTPUT_INTERMEDIATE_DIR: str(sandbox.path(contract.OUTPUT_INTERMEDIATE_DIR)),
        contract.ENV_OUTPUT_FAILURE: str(sandbox.failure_file),
        contract.ENV_HPS: json.dumps(dict(hyperparameters)),
        contract.ENV_HOSTS: json.dumps([HOST]),
        contract.ENV_CURRENT_HOST: HOST,
        contract.ENV_NUM_GPUS: "0",
        contract.ENV_NUM_CPUS: str(os.cpu_count() or 1),
        contract.ENV_INPUT_DIR: str(sandbox.path("input")),
        contract.ENV_INPUT_CONFIG_DIR: str(sandbox.path(contract.INPUT_CONFIG_DIR)),
        contract.ENV_RESOURCE_CONFIG: json.dumps(
            {"current_host": HOST, "hosts": [HOST], "current_instance_type": instance_type}
        ),
        contract.ENV_INPUT_DATA_CONFIG: json.dumps(dict(channels)),
        contract.ENV_USER_ARGS: json.dumps(args),
        contract.ENV_LOG_LEVEL: "20",
        contract.ENV_CHECKPOINT_DIR: str(sandbox.path(contract.CHECKPOINT_DIR)),
        "SM_SOURCE_DIR": str(source_dir),
        "SM_ENTRY_SCRIPT": entry_script,
        "SM_HOST_COUNT": "1",
        "SM_CURRENT_HOST_RANK": "0",
        "SM_MASTER_ADDR": HOST,
        "SM_MASTER_PORT": "7777",
    }
    for channel in channels:
        env[contract.channel_env(channel)] = str(data_dir / channel)
    for name, value in hyperparameters.items():
        env[contract.hyperparameter_env(name)] = value
    training_env_doc = {
        "channel_input_dirs": {c: str(data_dir / c) for c in channels},
        "current_host": HOST,
        "hosts": [HOST],
        "hyperparameters": dict(hyperparameters),
        "input_data_config": dict(channels),
        "model_dir": env[contract.ENV_MODEL_DIR],
        "output_data_dir": env[contract.ENV_OUTPUT_DATA_DIR],
        "output_dir": env[contract.ENV_OUTPUT_DIR],
        "num_cpus": int(env[contract.ENV_NUM_CPUS]),
        "num_gpus": 0,
        "user_entry_point": entry_script,
    }
    env[contract.ENV_TRAINING_ENV] = json.dumps(training_env_doc, sort_keys=True)
    return env


def base_env(sandbox: Sandbox) -> dict[str, str]:
    """The parent environment minus anything that could reach AWS, plus the python shim."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "SM_", "SAGEMAKER_")) or k == "AWS_DEFAULT_REGION"
    }
    env["PATH"] = str(sandbox.python_shim()) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"  # logs stream line by line to the console and the log file
    return env
