"""`sagebridge endpoint OUT deploy|update|delete`: serve an approved model package.

    deploy --version 3                      # one variant AllTraffic serving v3 (100 %)
    update --version 4 --variant-weight 0.1 # A/B: AllTraffic (v3) keeps 90 %, Candidate (v4) 10 %
    update --version 4                      # v4 alone, as AllTraffic
    delete                                  # endpoint, its configs and models

Every endpoint config captures a sample of requests and responses (`--capture-percent`, 20 % by
default) to `s3://<bucket>/data-capture/` (what Model Monitor reads; the stack's bucket expires
it after 90 days), and every variant gets a target-tracking scaling policy on
`SageMakerVariantInvocationsPerInstance`. Config names carry a hash of their content, so running
the same command twice reuses what exists instead of piling up copies. Variant names are the
stable `contract.PRIMARY_VARIANT`/`CANDIDATE_VARIANT` the stack's alarms and dashboard watch; the
model version is in the model's name (`<endpoint>-v3`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sagebridge import contract
from sagebridge.aws.project import Project
from sagebridge.aws.registry import pick_version
from sagebridge.aws.role import resolve_role
from sagebridge.aws.scaling import SCALABLE_DIMENSION
from sagebridge.aws.session import Backoff, Clients, error_code, poll_until
from sagebridge.aws.upload import data_bucket
from sagebridge.errors import ChecksFailed, UserError
from sagebridge.progress import Progress
from sagebridge.project.approval import ApprovalStatus

DEFAULT_INSTANCE_TYPE = "ml.m5.large"
# Target tracking: AWS's documentation uses 70 invocations per instance per minute as its
# example target; it is a starting point to tune after a load test, not a measured value.
DEFAULT_INVOCATIONS_PER_INSTANCE = 70.0
DEFAULT_MAX_INSTANCES = 2
SCALE_IN_COOLDOWN_S = 300
SCALE_OUT_COOLDOWN_S = 60
ENDPOINT_BACKOFF = Backoff(initial_s=15.0, factor=1.5, max_s=60.0, timeout_s=3600.0)


@dataclass(frozen=True)
class Variant:
    name: str  # contract.PRIMARY_VARIANT or CANDIDATE_VARIANT
    model: str
    version: int
    weight: float
    instance_type: str
    instance_count: int


@dataclass(frozen=True)
class Scaling:
    max_instances: int = DEFAULT_MAX_INSTANCES
    invocations_per_instance: float = DEFAULT_INVOCATIONS_PER_INSTANCE


@dataclass(frozen=True)
class EndpointResult:
    endpoint: str
    action: str  # "deployed" | "updated" | "deleted" | "planned"
    config: str
    status: str
    variants: tuple[Variant, ...]


def _model_name(project: Project, version: int) -> str:
    return f"{project.names.endpoint}-v{version}"


def _model_version(model: str) -> int:
    """The version in a model name `<endpoint>-v3` (0 for a model sagebridge did not name)."""
    suffix = model.rpartition("-v")[2]
    return int(suffix) if suffix.isdigit() else 0


def deploy_endpoint(
    project: Project,
    clients: Clients,
    progress: Progress,
    *,
    version: int | None,
    instance_type: str,
    instance_count: int,
    role_option: str | None,
    scaling: Scaling,
    capture_percent: int = contract.DEFAULT_CAPTURE_PERCENT,
    backoff: Backoff = ENDPOINT_BACKOFF,
) -> EndpointResult:
    name = project.names.endpoint
    if _describe_endpoint(clients, name) is not None:
        raise UserError(f"endpoint {name} exists; change it with `sagebridge endpoint OUT update`")
    variant = _prepare_variant(
        project, clients, version, 1.0, instance_type, instance_count, role_option,
        contract.PRIMARY_VARIANT,
    )
    config = _ensure_config(project, clients, (variant,), capture_percent)
    clients.get("sagemaker").create_endpoint(
        EndpointName=name,
        EndpointConfigName=config,
        Tags=[{"Key": "sagebridge:project", "Value": project.names.project}],
    )
    return _finish(project, clients, progress, config, (variant,), (), "deployed", scaling, backoff)


def update_endpoint(
    project: Project,
    clients: Clients,
    progress: Progress,
    *,
    version: int | None,
    weight: float | None,
    instance_type: str,
    instance_count: int,
    role_option: str | None,
    scaling: Scaling,
    capture_percent: int = contract.DEFAULT_CAPTURE_PERCENT,
    backoff: Backoff = ENDPOINT_BACKOFF,
) -> EndpointResult:
    name = project.names.endpoint
    if weight is not None and not 0.0 < weight <= 1.0:
        raise UserError(f"--variant-weight {weight}: give the new version's share, in (0, 1]")
    current = _current_variants(clients, name)
    if current is None:
        raise UserError(f"endpoint {name} does not exist; create it with `endpoint OUT deploy`")
    share = 1.0 if weight is None else weight
    slot = contract.PRIMARY_VARIANT if share >= 1.0 else contract.CANDIDATE_VARIANT
    new = _prepare_variant(
        project, clients, version, share, instance_type, instance_count, role_option, slot
    )
    variants: tuple[Variant, ...] = (new,)
    if share < 1.0:
        incumbent = max(current, key=lambda v: v.weight) if current else None
        if incumbent is None and clients.dry_run:  # a dry run can't read the live config
            incumbent = Variant("<current variant>", "<current model>", 0, 1.0, instance_type, 1)
        if incumbent is None or incumbent.version == new.version:
            raise UserError(
                f"an A/B split needs a different version beside v{new.version}; the endpoint "
                f"serves {', '.join(f'v{v.version}' for v in current) or 'nothing'}"
            )
        kept = Variant(
            contract.PRIMARY_VARIANT,  # the version serving most traffic is the primary
            incumbent.model,
            incumbent.version,
            round(1.0 - share, 4),
            incumbent.instance_type,
            incumbent.instance_count,
        )
        variants = (kept, new)
    config = _ensure_config(project, clients, variants, capture_percent)
    removed = tuple(v for v in current if v.name not in {x.name for x in variants})
    _deregister_scaling(clients, name, removed)
    clients.get("sagemaker").update_endpoint(EndpointName=name, EndpointConfigName=config)
    return _finish(
        project, clients, progress, config, variants, removed, "updated", scaling, backoff
    )


def delete_endpoint(project: Project, clients: Clients, progress: Progress) -> EndpointResult:
    """Delete the endpoint (scaling targets first), then every config and model it used."""
    from sagebridge.aws.cleanup import delete_endpoint_resources

    deleted = delete_endpoint_resources(project, clients, progress)
    action = "planned" if clients.dry_run else ("deleted" if deleted else "absent")
    return EndpointResult(project.names.endpoint, action, "", "", ())


def _prepare_variant(
    project: Project,
    clients: Clients,
    version: int | None,
    weight: float,
    instance_type: str,
    instance_count: int,
    role_option: str | None,
    variant_name: str,
) -> Variant:
    package = pick_version(
        clients, project.names.model_package_group, version, status=ApprovalStatus.APPROVED
    )
    role = resolve_role(project, clients, option=role_option)
    model = _model_name(project, package.version)
    sagemaker = clients.get("sagemaker")
    if not _exists(sagemaker.describe_model, ModelName=model):
        sagemaker.create_model(
            ModelName=model,
            ExecutionRoleArn=role.arn,
            PrimaryContainer={"ModelPackageName": package.arn},
            Tags=[{"Key": "sagebridge:project", "Value": project.names.project}],
        )
    return Variant(
        variant_name,
        model,
        package.version,
        weight,
        instance_type,
        instance_count,
    )


def _ensure_config(
    project: Project, clients: Clients, variants: tuple[Variant, ...], capture_percent: int
) -> str:
    if not 1 <= capture_percent <= 100:
        raise UserError(f"--capture-percent {capture_percent}: give a whole number from 1 to 100")
    bucket = data_bucket(project, clients)
    production = [
        {
            "VariantName": v.name,
            "ModelName": v.model,
            "InitialInstanceCount": v.instance_count,
            "InstanceType": v.instance_type,
            "InitialVariantWeight": v.weight,
        }
        for v in variants
    ]
    capture = {
        "EnableCapture": True,
        "InitialSamplingPercentage": capture_percent,
        "DestinationS3Uri": f"s3://{bucket}/{contract.DATA_CAPTURE_PREFIX}/{project.names.endpoint}",
        "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
        "CaptureContentTypeHeader": {
            "JsonContentTypes": ["application/json"],
            "CsvContentTypes": ["text/csv"],
        },
    }
    digest = hashlib.sha256(json.dumps([production, capture], sort_keys=True).encode()).hexdigest()[
        :10
    ]
    name = f"{project.names.endpoint}-{digest}"
    sagemaker = clients.get("sagemaker")
    if _exists(sagemaker.describe_endpoint_config, EndpointConfigName=name):
        return name
    sagemaker.create_endpoint_config(
        EndpointConfigName=name,
        ProductionVariants=production,
        DataCaptureConfig=capture,
        Tags=[{"Key": "sagebridge:project", "Value": project.names.project}],
    )
    return name


def _finish(
    project: Project,
    clients: Clients,
    progress: Progress,
    config: str,
    variants: tuple[Variant, ...],
    removed: tuple[Variant, ...],
    action: str,
    scaling: Scaling,
    backoff: Backoff,
) -> EndpointResult:
    name = project.names.endpoint
    status = ""
    if not clients.dry_run:
        final = _wait_in_service(clients, progress, name, backoff)
        status = str(final.get("EndpointStatus", ""))
        if status != "InService":
            raise ChecksFailed(
                f"endpoint {name} ended {status}: {final.get('FailureReason') or 'no reason given'}"
            )
    for variant in variants:
        _register_scaling(clients, name, variant, scaling)
    return EndpointResult(name, "planned" if clients.dry_run else action, config, status, variants)


def _wait_in_service(
    clients: Clients, progress: Progress, name: str, backoff: Backoff
) -> dict[str, Any]:
    seen: list[str] = []

    def describe() -> dict[str, Any]:
        return _describe_endpoint(clients, name) or {"EndpointStatus": "Deleted"}

    def show(endpoint: dict[str, Any]) -> None:
        status = str(endpoint.get("EndpointStatus"))
        if not seen or seen[-1] != status:
            seen.append(status)
            progress.message(f"  endpoint {name}: {status}")

    return poll_until(
        describe,
        lambda e: str(e.get("EndpointStatus")) in {"InService", "Failed", "Deleted"},
        what=f"endpoint {name}",
        backoff=backoff,
        on_poll=show,
    )


def _register_scaling(clients: Clients, endpoint: str, variant: Variant, scaling: Scaling) -> None:
    autoscaling = clients.get("application-autoscaling")
    resource = f"endpoint/{endpoint}/variant/{variant.name}"
    autoscaling.register_scalable_target(
        ServiceNamespace="sagemaker",
        ResourceId=resource,
        ScalableDimension=SCALABLE_DIMENSION,
        MinCapacity=variant.instance_count,
        MaxCapacity=max(scaling.max_instances, variant.instance_count),
    )
    autoscaling.put_scaling_policy(
        PolicyName=f"{endpoint}-{variant.name}-invocations",
        ServiceNamespace="sagemaker",
        ResourceId=resource,
        ScalableDimension=SCALABLE_DIMENSION,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": scaling.invocations_per_instance,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"
            },
            "ScaleInCooldown": SCALE_IN_COOLDOWN_S,
            "ScaleOutCooldown": SCALE_OUT_COOLDOWN_S,
        },
    )


def _deregister_scaling(clients: Clients, endpoint: str, variants: tuple[Variant, ...]) -> None:
    from botocore.exceptions import ClientError

    autoscaling = clients.get("application-autoscaling")
    for variant in variants:
        try:
            autoscaling.deregister_scalable_target(
                ServiceNamespace="sagemaker",
                ResourceId=f"endpoint/{endpoint}/variant/{variant.name}",
                ScalableDimension=SCALABLE_DIMENSION,
            )
        except ClientError as error:
            if error_code(error) != "ObjectNotFoundException":
                raise


def _describe_endpoint(clients: Clients, name: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        answer: dict[str, Any] = clients.get("sagemaker").describe_endpoint(EndpointName=name)
    except ClientError as error:
        if error_code(error) in {"ValidationException", "ResourceNotFound"}:
            return None
        raise
    return answer or None


def _current_variants(clients: Clients, name: str) -> tuple[Variant, ...] | None:
    endpoint = _describe_endpoint(clients, name)
    if endpoint is None:
        return None if not clients.dry_run else ()
    config = clients.get("sagemaker").describe_endpoint_config(
        EndpointConfigName=endpoint["EndpointConfigName"]
    )
    variants = []
    for v in config.get("ProductionVariants") or []:
        variants.append(
            Variant(
                name=str(v["VariantName"]),
                model=str(v["ModelName"]),
                version=_model_version(str(v["ModelName"])),
                weight=float(v.get("InitialVariantWeight", 1.0)),
                instance_type=str(v.get("InstanceType", "")),
                instance_count=int(v.get("InitialInstanceCount", 1)),
            )
        )
    return tuple(variants)


def _exists(describe: Callable[..., Any], **name: str) -> bool:
    """Whether `describe(**name)` finds the resource (SageMaker says "not found" as a 400)."""
    from botocore.exceptions import ClientError

    try:
        return bool(describe(**name))
    except ClientError as error:
        if error_code(error) in {"ValidationException", "ResourceNotFound"}:
            return False
        raise
