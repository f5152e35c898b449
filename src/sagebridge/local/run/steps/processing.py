"""Processing steps: stage the S3 inputs at their (rebased) local paths, run the container
entry point with this Python, upload each output folder to its S3 URI at the end of the job."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from sagebridge import contract
from sagebridge.local.run.sandbox import base_env, new_sandbox
from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.local.run.steps.process import run_process

PYTHON_COMMANDS = ("python", "python3")


def check_processing(step: Mapping[str, Any]) -> None:
    """Fail before anything runs if the step needs what we can't do locally."""
    arguments = step["Arguments"]
    entrypoint = arguments.get("AppSpecification", {}).get("ContainerEntrypoint") or []
    if not entrypoint or entrypoint[0] not in PYTHON_COMMANDS:
        raise Unsupported(
            f"step {step['Name']}: entry point {entrypoint!r} is not a python script "
            "(use ScriptProcessor(command=['python3'])"
        )
    paths = [i.get("S3Input", {}).get("LocalPath") for i in arguments.get("ProcessingInputs", [])]
    paths += [
        o.get("S3Output", {}).get("LocalPath")
        for o in arguments.get("ProcessingOutputConfig", {}).get("Outputs", [])
    ]
    for path in paths:
        if isinstance(path, str) and not path.startswith(contract.PROCESSING_BASE_DIR + "/"):
            raise Unsupported(
                f"step {step['Name']}: local path {path} is not under {contract.PROCESSING_BASE_DIR}"
            )
    for item in arguments.get("ProcessingInputs", []):
        if "S3Input" not in item:
            raise Unsupported(f"step {step['Name']}: input {item.get('InputName')} is not S3")
        if item["S3Input"].get("S3InputMode", "File") != "File":
            raise Unsupported(f"step {step['Name']}: only File input mode runs locally")
    for item in arguments.get("ProcessingOutputConfig", {}).get("Outputs", []):
        if "S3Output" not in item:
            raise Unsupported(f"step {step['Name']}: output {item.get('OutputName')} is not S3")


def run_processing(step: Mapping[str, Any], context: StepContext) -> StepOutcome:
    name = step["Name"]
    arguments = context.resolver.resolve(step["Arguments"])
    sandbox = new_sandbox(context.run_dir / name)
    for item in arguments.get("ProcessingInputs", []):
        s3 = item["S3Input"]
        context.store.stage(s3["S3Uri"], sandbox.inside(s3["LocalPath"]))
    outputs = arguments.get("ProcessingOutputConfig", {}).get("Outputs", [])
    for item in outputs:
        sandbox.inside(item["S3Output"]["LocalPath"]).mkdir(parents=True, exist_ok=True)
    app = arguments["AppSpecification"]
    command = [sys.executable] + [
        sandbox.rebase(str(part))
        for part in app["ContainerEntrypoint"][1:] + app.get("ContainerArguments", [])
    ]
    env = base_env(sandbox)
    env.update({k: str(v) for k, v in arguments.get("Environment", {}).items()})
    env[contract.BASE_DIR_ENV] = str(sandbox.root)
    env[contract.ENV_OUTPUT_FAILURE] = str(sandbox.failure_file)
    returncode, _ = run_process(command, sandbox.root, env, context.log_path, context.emit)
    if returncode != 0:
        detail = sandbox.failure_file.read_text() if sandbox.failure_file.exists() else ""
        raise StepFailed(f"{name}: the script exited with {returncode}", detail)
    for item in outputs:
        s3 = item["S3Output"]
        context.store.put_tree(sandbox.inside(s3["LocalPath"]), s3["S3Uri"])
    properties = {
        "ProcessingJobName": f"{name}-{context.execution_id}",
        "ProcessingJobStatus": "Completed",
        "ProcessingOutputConfig": {"Outputs": outputs},
        "ProcessingInputs": arguments.get("ProcessingInputs", []),
    }
    return StepOutcome(properties=properties)
