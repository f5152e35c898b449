"""Training steps: a sandboxed /opt/ml, the channels staged, the entry script run with this
Python and `--name value` hyperparameters, the model folder packed to model.tar.gz.

The entry script is found the way the containers find it: SDK v3's driver channel
(`sm_drivers/sourcecode.json`), or the toolkit's `sagemaker_program` +
`sagemaker_submit_directory` hyperparameters (what v3 tuning jobs still use). The SDK's model
repack job (`_repack_model.py`, created by ModelBuilder.register) hard-codes /opt/ml paths, so
it is done here natively, with the same result: the model archive's files at the root and the
source directory under code/.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tarfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sagebridge import contract
from sagebridge.local.run.sandbox import (
    Sandbox,
    base_env,
    hyperparameter_args,
    new_sandbox,
    training_env,
    write_training_config,
)
from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.local.run.steps.launch import torchrun_command, torchrun_env, torchrun_processes
from sagebridge.local.run.steps.process import run_process
from sagebridge.project.jobs import MetricDefinition, TrainingJob
from sagebridge.project.pipeline_definition import Step, TrainingStep

DRIVER_CHANNEL = "sm_drivers"
CODE_CHANNEL = "code"
SOURCE_CODE_JSON = "sourcecode.json"
PROGRAM_HP = "sagemaker_program"
SUBMIT_DIR_HP = "sagemaker_submit_directory"
REPACK_SCRIPT = "_repack_model.py"
REPACK_LAUNCHER = "_repack_script_launcher.sh"


def check_training(step: Step, job: TrainingJob | None = None) -> None:
    """`job`: the training job to check when it is not the step's own (a tuning step's)."""
    if job is None:
        assert isinstance(step, TrainingStep)
        job = step.job
    if job.input_mode != "File":
        raise Unsupported(f"step {step.name}: only File input mode runs locally")
    if job.algorithm_name is not None:
        raise Unsupported(f"step {step.name}: marketplace algorithms can't run locally")
    for channel in job.channels:
        if not channel.is_s3:
            raise Unsupported(f"step {step.name}: channel {channel.name} is not S3")


def run_training(step: Step, context: StepContext) -> StepOutcome:
    request = context.resolver.resolve(step.arguments)
    job_name = f"{step.name}-{context.execution_id}"
    job = TrainingJob.parse(request)
    return train_job(step.name, job_name, job, request, job.hyperparameters, context)


def train_job(
    step_name: str,
    job_name: str,
    job: TrainingJob,
    request: Mapping[str, Any],
    hyperparameters: Mapping[str, Any],
    context: StepContext,
) -> StepOutcome:
    """One training job (also one tuning trial) from its resolved CreateTrainingJob request
    (`job` is its record, `request` the request as it is)."""
    if int(job.cluster.instance_count) != 1:
        raise Unsupported(
            f"{step_name}: distributed training (InstanceCount > 1) runs on SageMaker only"
        )
    sandbox = new_sandbox(context.run_dir / job_name)
    data_dir = sandbox.path(contract.INPUT_DATA_DIR)
    channels: dict[str, dict[str, str]] = {}
    for channel in job.channels:
        context.store.stage(channel.s3_uri, data_dir / channel.name)
        channels[channel.name] = {
            "TrainingInputMode": "File",
            "S3DistributionType": channel.distribution,
            "RecordWrapperType": "None",
        }
    all_hps = {k: sandbox.rebase(str(v)) for k, v in hyperparameters.items()}
    user_hps = {k: v for k, v in all_hps.items() if not k.startswith("sagemaker_")}
    instance_type = "local" if job.cluster.instance_type is None else str(job.cluster.instance_type)
    checkpoint = job.checkpoint_uri
    if checkpoint and context.store.exists(checkpoint):
        context.store.stage(checkpoint, sandbox.path(contract.CHECKPOINT_DIR))

    entry_script, source_dir = _entry_point(sandbox, data_dir, all_hps, context)
    write_training_config(sandbox, user_hps, channels, instance_type)
    if entry_script == REPACK_LAUNCHER and (source_dir / REPACK_SCRIPT).exists():
        context.emit(f"repacking {all_hps.get('model_archive')} with {source_dir.name}/")
        _repack(sandbox, data_dir, all_hps)
        metrics: dict[str, float] = {}
    else:
        env = base_env(sandbox)
        env.update({k: str(v) for k, v in job.environment.items()})
        env.update(
            training_env(sandbox, user_hps, channels, instance_type, entry_script, source_dir)
        )
        torchrun = torchrun_processes(data_dir / DRIVER_CHANNEL, context.processes)
        if torchrun is not None and entry_script.endswith(".py"):
            command = torchrun_command(entry_script, torchrun)
            env.update(torchrun_env(torchrun))
        elif entry_script.endswith(".py"):
            command = [sys.executable, entry_script]
        elif entry_script.endswith(".sh"):
            command = ["bash", entry_script]
        else:
            raise Unsupported(f"{step_name}: entry script {entry_script} is neither .py nor .sh")
        command += hyperparameter_args(user_hps)
        watcher = MetricWatcher(job.metric_definitions)

        def emit(line: str) -> None:
            watcher.feed(line)
            context.emit(line)

        returncode, _ = run_process(command, source_dir, env, context.log_path, emit)
        metrics = watcher.metrics
        if returncode != 0:
            detail = sandbox.failure_file.read_text() if sandbox.failure_file.exists() else ""
            raise StepFailed(f"{step_name}: the training script exited with {returncode}", detail)
    if checkpoint:
        context.store.put_tree(sandbox.path(contract.CHECKPOINT_DIR), checkpoint)

    output_path = str(job.output_path).rstrip("/")
    model_uri = f"{output_path}/{job_name}/output/{contract.MODEL_ARCHIVE}"
    archive = sandbox.root / contract.MODEL_ARCHIVE
    pack_model(sandbox.path(contract.MODEL_DIR), archive)
    context.store.put_file(archive, model_uri)
    properties = {
        "TrainingJobName": job_name,
        "TrainingJobStatus": "Completed",
        "HyperParameters": user_hps,
        "ModelArtifacts": {"S3ModelArtifacts": model_uri},
        "OutputDataConfig": request["OutputDataConfig"],
        "FinalMetricDataList": [{"MetricName": k, "Value": v} for k, v in metrics.items()],
    }
    return StepOutcome(properties=properties, metrics=metrics)


def _entry_point(
    sandbox: Sandbox, data_dir: Path, hyperparameters: Mapping[str, str], context: StepContext
) -> tuple[str, Path]:
    drivers = data_dir / DRIVER_CHANNEL / SOURCE_CODE_JSON
    # A tuning job gets the driver channel too, but no code channel and no container entry
    # point: its container's toolkit runs sagemaker_program from sagemaker_submit_directory.
    toolkit = PROGRAM_HP in hyperparameters and SUBMIT_DIR_HP in hyperparameters
    if drivers.exists() and not toolkit:
        source = json.loads(drivers.read_text())
        entry = source.get("entry_script")
        if not entry:
            raise Unsupported("SourceCode.command is not supported locally; use entry_script")
        return str(entry), data_dir / CODE_CHANNEL
    if toolkit:
        code_dir = sandbox.path(contract.CODE_DIR)
        archive_dir = sandbox.root / "submit"
        context.store.stage(hyperparameters[SUBMIT_DIR_HP], archive_dir)
        for archive in archive_dir.glob("*.tar.gz"):
            with tarfile.open(archive) as tar:
                tar.extractall(code_dir, filter="data")
        return hyperparameters[PROGRAM_HP], code_dir
    raise Unsupported(
        "training job without SDK source code (no sm_drivers channel, no sagemaker_program): "
        "the image's own entry point can't run without its container"
    )


def _repack(sandbox: Sandbox, data_dir: Path, hyperparameters: Mapping[str, str]) -> None:
    """What `_repack_model.py` does: the model archive's files + the source dir under code/."""
    archive = data_dir / "training" / hyperparameters["model_archive"].split("/")[-1]
    model_dir = sandbox.path(contract.MODEL_DIR)
    with tarfile.open(archive) as tar:
        tar.extractall(model_dir, filter="data")
    code_dir = model_dir / contract.INFERENCE_CODE_DIR
    if code_dir.exists():
        shutil.rmtree(code_dir)
    source = data_dir / CODE_CHANNEL
    if hyperparameters.get("source_dir"):
        shutil.copytree(source, code_dir)
    else:
        code_dir.mkdir()
        script = hyperparameters["inference_script"]
        shutil.copy2(source / script, code_dir / script)


def pack_model(model_dir: Path, archive: Path) -> None:
    """model.tar.gz with the model folder's content at the archive root (the contract)."""
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(model_dir.iterdir()):
            tar.add(path, arcname=path.name)


class MetricWatcher:
    """The last value each metric definition's regex captures in the job's log, line by line
    as SageMaker reads CloudWatch log events (the log itself is not kept in memory)."""

    def __init__(self, definitions: Iterable[MetricDefinition]) -> None:
        self.patterns = [(d.name, re.compile(d.regex)) for d in definitions]
        self.metrics: dict[str, float] = {}

    def feed(self, line: str) -> None:
        for name, pattern in self.patterns:
            matches = pattern.findall(line)
            if matches:
                last = matches[-1]
                self.metrics[name] = float(last[0] if isinstance(last, tuple) else last)
