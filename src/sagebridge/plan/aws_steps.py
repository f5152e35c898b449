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

from sagebridge.model import MigrationPlan

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
    dataset = plan.dataset
    steps = [
        AwsStep("deploy", "sagebridge deploy {out}",
                "the stack: bucket, KMS key, execution role, model package group, alarms "
                "(--alarm-email ADDRESS subscribes you to them)"),
    ]
    reads_s3 = plan.s3 is not None and bool(plan.s3.uri)  # InputDataUri defaults to its prefix
    if not reads_s3 and (dataset is None or dataset.kind != "sklearn_bundled"):
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
