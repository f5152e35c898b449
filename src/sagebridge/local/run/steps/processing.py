"""Processing steps: stage the S3 inputs at their (rebased) local paths, run the container
entry point with this Python, upload each output folder to its S3 URI at the end of the job."""

from __future__ import annotations

import sys

from sagebridge import contract
from sagebridge.local.run.sandbox import base_env, new_sandbox
from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.local.run.steps.process import run_process
from sagebridge.project.jobs import ProcessingJob
from sagebridge.project.pipeline_definition import ProcessingStep, Step

PYTHON_COMMANDS = ("python", "python3")


def check_processing(step: Step) -> None:
    """Fail before anything runs if the step needs what we can't do locally."""
    assert isinstance(step, ProcessingStep)
    job = step.job
    if not job.entrypoint or job.entrypoint[0] not in PYTHON_COMMANDS:
        raise Unsupported(
            f"step {step.name}: entry point {list(job.entrypoint)!r} is not a python script "
            "(use ScriptProcessor(command=['python3'])"
        )
    paths = [i.local_path for i in job.inputs] + [o.local_path for o in job.outputs]
    for path in paths:
        if isinstance(path, str) and not path.startswith(contract.PROCESSING_BASE_DIR + "/"):
            raise Unsupported(
                f"step {step.name}: local path {path} is not under {contract.PROCESSING_BASE_DIR}"
            )
    for item in job.inputs:
        if not item.is_s3:
            raise Unsupported(f"step {step.name}: input {item.name} is not S3")
        if item.input_mode != "File":
            raise Unsupported(f"step {step.name}: only File input mode runs locally")
    for output in job.outputs:
        if not output.is_s3:
            raise Unsupported(f"step {step.name}: output {output.name} is not S3")


def run_processing(step: Step, context: StepContext) -> StepOutcome:
    name = step.name
    # the resolved request: its typed fields to run the job, its parts as they are for the
    # step's properties (DescribeProcessingJob's shape)
    request = context.resolver.resolve(step.arguments)
    job = ProcessingJob.parse(request)
    sandbox = new_sandbox(context.run_dir / name)
    for item in job.inputs:
        context.store.stage(item.s3_uri, sandbox.inside(item.local_path))
    for output in job.outputs:
        sandbox.inside(output.local_path).mkdir(parents=True, exist_ok=True)
    command = [sys.executable] + [
        sandbox.rebase(str(part)) for part in job.entrypoint[1:] + job.arguments
    ]
    env = base_env(sandbox)
    env.update({k: str(v) for k, v in job.environment.items()})
    env[contract.BASE_DIR_ENV] = str(sandbox.root)
    env[contract.ENV_OUTPUT_FAILURE] = str(sandbox.failure_file)
    returncode, _ = run_process(command, sandbox.root, env, context.log_path, context.emit)
    if returncode != 0:
        detail = sandbox.failure_file.read_text() if sandbox.failure_file.exists() else ""
        raise StepFailed(f"{name}: the script exited with {returncode}", detail)
    for output in job.outputs:
        context.store.put_tree(sandbox.inside(output.local_path), output.s3_uri)
    properties = {
        "ProcessingJobName": f"{name}-{context.execution_id}",
        "ProcessingJobStatus": "Completed",
        "ProcessingOutputConfig": {
            "Outputs": request.get("ProcessingOutputConfig", {}).get("Outputs", [])
        },
        "ProcessingInputs": request.get("ProcessingInputs", []),
    }
    return StepOutcome(properties=properties)
