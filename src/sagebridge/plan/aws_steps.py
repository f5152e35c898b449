"""The one path to AWS, in the order a user runs it: the `sagebridge` commands (with the
parameters each needs) that the generated README, MIGRATION_GUIDE and `migrate`'s closing lines
all print from here, so the three can't disagree. The scripts under scripts/ run the same
commands (`scripts/deploy_infrastructure.sh` is `sagebridge deploy`, ...).

    aws_steps(plan)[0] == AwsStep("deploy", "sagebridge deploy {out}", "the stack: ...")
    aws_steps(plan)[0].line(".")  # "sagebridge deploy ."
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from sagebridge.model import MigrationPlan, UserScriptPreprocess
from sagebridge.model.datasets import DatasetKind
from sagebridge.plan.pipeline_parts import pipeline_parts

# The channel `upload-data` fills where the pipeline's InputDataUri reads by default.
RAW_CHANNEL = "raw"


@dataclass(frozen=True)
class AwsStep:
    name: str
    command: str  # `{out}` stands for the generated project's folder
    purpose: str

    def line(self, out: str) -> str:
        """The command for the project in `out` (quoted for a POSIX shell)."""
        return self.command.replace("{out}", out if out == "." else shlex.quote(out))


def aws_steps(plan: MigrationPlan) -> tuple[AwsStep, ...]:
    """deploy -> upload-data -> doctor -> execute -> status/approve -> endpoint deploy -> cleanup."""
    threshold = " -p QualityThreshold=VALUE" if plan.threshold_required else ""
    steps = [
        AwsStep("deploy", "sagebridge deploy {out}",
                "the stack: bucket, KMS key, execution role, model package group, alarms "
                "(--alarm-email ADDRESS subscribes you to them)"),
    ]
    if uploads_data(plan):
        steps.append(AwsStep(
            "upload-data", f"sagebridge upload-data {{out}} {RAW_CHANNEL}=FOLDER",
            "your data into the stack's bucket, where the pipeline's InputDataUri reads"))
    steps += [
        AwsStep("doctor", "sagebridge doctor {out}",
                "preflight: credentials, the stack's outputs, images, quotas, the role's "
                "permissions, CreatePipeline accepting the definition"),
        AwsStep("execute", f"sagebridge execute {{out}}{threshold} --wait",
                "build the pipeline with the stack's role and bucket, upsert it, run it"
                + (" (QualityThreshold has no default: choose it)" if threshold else "")),
        AwsStep("status", "sagebridge status {out}",
                "executions, model versions and their metrics, the endpoint, the alarms"),
        AwsStep("approve", "sagebridge approve {out}", "approve the newest model version"),
        AwsStep("endpoint deploy", "sagebridge endpoint {out} deploy",
                "serve the newest approved version"),
        AwsStep("cleanup", "sagebridge cleanup {out}",
                "list, then delete everything the project made on AWS"),
    ]
    return tuple(steps)


def uploads_data(plan: MigrationPlan) -> bool:
    """Whether the user uploads data: the pipeline has an InputDataUri (raw files a generated
    preprocess.py reads, or the script's data folder) that does not default to the S3 prefix
    the script reads itself, for a script that does not load scikit-learn's bundled data."""
    reads_s3 = plan.s3 is not None and bool(plan.s3.uri)  # InputDataUri defaults to its prefix
    bundled = plan.dataset is not None and plan.dataset.kind is DatasetKind.SKLEARN_BUNDLED
    return pipeline_parts(plan).needs_raw and not reads_s3 and not bundled


def no_upload_reason(plan: MigrationPlan) -> str:
    """Why there is nothing to upload when `uploads_data` is False (for the README and guide)."""
    dataset, steps = plan.dataset, plan.steps
    preprocess = steps.preprocess if steps is not None else None
    call = f"`{' '.join(dataset.source.split())}`" if dataset is not None else ""
    step = plan.layout.preprocess_step if plan.layout is not None else "Preprocess"
    if plan.s3 is not None and plan.s3.uri:
        return (f"the pipeline's InputDataUri defaults to {plan.s3.uri}/, the S3 prefix the "
                "script reads")
    if isinstance(preprocess, UserScriptPreprocess):
        return (f"the {step} step runs your own data-preparation script "
                f"`code/{preprocess.script}`, which writes the data training reads")
    if dataset is not None and dataset.kind is DatasetKind.HUB_DATASET:
        return (f"the {step} step (the one step with network access) "
                f"downloads {call} from the Hugging Face Hub and stages it for training")
    if dataset is not None and dataset.kind is DatasetKind.SKLEARN_FETCH:
        return (f"the {step} step (the one step with network access) "
                f"runs {call}, which downloads it, and stages it for training")
    if dataset is not None and dataset.kind is DatasetKind.SKLEARN_BUNDLED:
        return f"{call} ships with scikit-learn"
    return (f"the pipeline reads no input data: sagebridge found no data folder that "
            f"`{plan.entry_point}` reads, so it makes or downloads its own")
