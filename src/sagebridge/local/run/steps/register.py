"""RegisterModel steps: a new model package version in the local registry (SQLite).

The package gets the container's model data (from the store), the approval status, the
metrics of the ModelQuality statistics report (`{"metrics": {name: {"value": v}}}`) and the
inference program the container names (`SAGEMAKER_PROGRAM`, found under code/ in the archive).
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Mapping
from typing import Any

from sagebridge import contract
from sagebridge.local.registry import registry_for
from sagebridge.local.run.steps import StepContext, StepFailed, StepOutcome, Unsupported
from sagebridge.project.evaluation import EvaluationReportError, evaluation_metrics

PROGRAM_ENV = "SAGEMAKER_PROGRAM"


def check_register(step: Mapping[str, Any]) -> None:
    arguments = step["Arguments"]
    if "ModelPackageGroupName" not in arguments:
        raise Unsupported(f"step {step['Name']}: unversioned model packages are not supported")
    containers = arguments.get("InferenceSpecification", {}).get("Containers", [])
    if len(containers) != 1:
        raise Unsupported(f"step {step['Name']}: exactly one inference container is supported")


def report_metrics(report: Any) -> dict[str, float]:
    try:
        return evaluation_metrics(report)
    except EvaluationReportError as error:
        raise StepFailed(str(error)) from None


def run_register(step: Mapping[str, Any], context: StepContext) -> StepOutcome:
    arguments = context.resolver.resolve(step["Arguments"])
    container = arguments["InferenceSpecification"]["Containers"][0]
    model_data = context.store.path_for(container["ModelDataUrl"])
    program = container.get("Environment", {}).get(PROGRAM_ENV)
    inference_code = None
    if program:
        inference_code = f"{contract.INFERENCE_CODE_DIR}/{program}"
        with tarfile.open(model_data) as tar:
            if inference_code not in tar.getnames():
                raise StepFailed(f"{model_data.name} has no {inference_code}")
    metrics: dict[str, float] = {}
    quality = arguments.get("ModelMetrics", {}).get("ModelQuality", {}).get("Statistics")
    if quality:
        metrics = report_metrics(json.loads(context.store.path_for(quality["S3Uri"]).read_text()))
    package = registry_for(context.out).register(
        group=arguments["ModelPackageGroupName"],
        model_data=model_data,
        approval_status=arguments.get("ModelApprovalStatus", "PendingManualApproval"),
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
