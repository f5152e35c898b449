"""RegisterModel steps: a new model package version in the local registry (SQLite).

The package gets the container's model data (from the store), the approval status, the
metrics of the ModelQuality statistics report (`{"metrics": {name: {"value": v}}}`) and the
inference program the container names (`SAGEMAKER_PROGRAM`, found under code/ in the archive).
"""

from __future__ import annotations

import json
import tarfile
from typing import Any

from sagebridge import contract
from sagebridge.local.registry import registry_for
from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.project.evaluation import EvaluationReportError, evaluation_metrics
from sagebridge.project.jobs import ModelPackage
from sagebridge.project.pipeline_definition import RegisterModelStep, Step

PROGRAM_ENV = "SAGEMAKER_PROGRAM"


def check_register(step: Step) -> None:
    assert isinstance(step, RegisterModelStep)
    if step.package.group is None:
        raise Unsupported(f"step {step.name}: unversioned model packages are not supported")
    if len(step.package.containers) != 1:
        raise Unsupported(f"step {step.name}: exactly one inference container is supported")


def report_metrics(report: Any) -> dict[str, float]:
    try:
        return evaluation_metrics(report)
    except EvaluationReportError as error:
        raise StepFailed(str(error)) from None


def run_register(step: Step, context: StepContext) -> StepOutcome:
    request = ModelPackage.parse(context.resolver.resolve(step.arguments))
    container = request.containers[0]
    model_data = context.store.path_for(container.model_data_url)
    program = container.environment.get(PROGRAM_ENV)
    inference_code = None
    if program:
        inference_code = f"{contract.INFERENCE_CODE_DIR}/{program}"
        with tarfile.open(model_data) as tar:
            if inference_code not in tar.getnames():
                raise StepFailed(f"{model_data.name} has no {inference_code}")
    metrics: dict[str, float] = {}
    if request.quality_statistics_uri is not None:
        report = json.loads(context.store.path_for(request.quality_statistics_uri).read_text())
        metrics = report_metrics(report)
    package = registry_for(context.out).register(
        group=request.group,
        model_data=model_data,
        approval_status=(
            "PendingManualApproval" if request.approval_status is None else request.approval_status
        ),
        metrics=metrics,
        inference_code=inference_code,
        description=f"pipeline execution {context.execution_id}",
    )
    context.emit(f"registered {package.group} version {package.version}")
    registered = {
        "group": package.group,
        "version": package.version,
        "approval_status": str(package.approval_status),
        "model_data": str(package.model_data),
    }
    arn = f"arn:aws:sagemaker:local:000000000000:model-package/{package.group}/{package.version}"
    return StepOutcome(properties={"ModelPackageArn": arn}, registered=registered)
