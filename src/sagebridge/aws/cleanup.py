"""`sagebridge cleanup OUT [--yes]`: find everything the project created on AWS, list it, delete it.

Two hops: `inventory()` only reads (endpoint, scaling targets, endpoint configs, models, the
pipeline, model package versions, the stack and its buckets with their object versions);
`delete()` removes what the inventory found, dependants first:

    scaling targets -> endpoint -> endpoint configs -> models -> pipeline -> model packages
    -> empty buckets (every version and delete marker) -> stack -> buckets the stack retains

The KMS key is retained by the template's DeletionPolicy (its deletion is a 7-30 day schedule
and would make any copy of the data unreadable), so it is reported, not deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sagebridge.aws.project import Project
from sagebridge.aws.registry import list_versions
from sagebridge.aws.scaling import SCALABLE_DIMENSION
from sagebridge.aws.session import (
    Backoff,
    Clients,
    describe_client_error,
    error_code,
    poll_until,
)
from sagebridge.aws.stack import describe_stack, failure_events
from sagebridge.aws.upload import DRY_RUN_BUCKET
from sagebridge.errors import ChecksFailed
from sagebridge.progress import Level, Progress

DELETE_BATCH = 1000  # DeleteObjects takes at most 1000 keys
GONE_BACKOFF = Backoff(initial_s=5.0, factor=1.5, max_s=30.0, timeout_s=3600.0)
_MISSING = {"ValidationException", "ValidationError", "ResourceNotFound", "NoSuchBucket"}


@dataclass(frozen=True)
class Inventory:
    endpoint: str | None
    scaling_targets: tuple[str, ...]
    endpoint_configs: tuple[str, ...]
    models: tuple[str, ...]
    pipeline: str | None
    model_packages: tuple[str, ...]
    model_package_group: str | None  # only when the stack does not own it
    buckets: tuple[tuple[str, int], ...]  # (name, object versions + delete markers)
    stack: str | None
    retained: tuple[str, ...]  # resources the stack keeps on deletion and we leave alone

    def is_empty(self) -> bool:
        return not (
            self.endpoint
            or self.endpoint_configs
            or self.models
            or self.pipeline
            or self.model_packages
            or self.model_package_group
            or self.buckets
            or self.stack
        )

    def lines(self) -> list[str]:
        rows = []
        if self.endpoint:
            rows.append(f"endpoint {self.endpoint}")
        rows += [f"scaling target {t}" for t in self.scaling_targets]
        rows += [f"endpoint config {c}" for c in self.endpoint_configs]
        rows += [f"model {m}" for m in self.models]
        if self.pipeline:
            rows.append(f"pipeline {self.pipeline}")
        rows += [f"model package {p}" for p in self.model_packages]
        if self.model_package_group:
            rows.append(f"model package group {self.model_package_group}")
        rows += [f"bucket {b} ({n} object versions)" for b, n in self.buckets]
        if self.stack:
            rows.append(f"stack {self.stack}")
        return rows


def inventory(project: Project, clients: Clients) -> Inventory:
    names = project.names
    if clients.dry_run:
        # Nothing can be looked up without AWS: show the deletions by the project's names.
        return Inventory(
            names.endpoint,
            (),
            (f"{names.endpoint}-*",),
            (f"{names.endpoint}-v*",),
            names.pipeline,
            (f"{names.model_package_group}/*",),
            None,
            ((DRY_RUN_BUCKET, 0),),
            names.stack,
            (),
        )
    sagemaker = clients.get("sagemaker")
    endpoint = (
        names.endpoint
        if _exists(sagemaker.describe_endpoint, EndpointName=names.endpoint)
        else None
    )
    targets = _scaling_targets(clients, names.endpoint)
    configs = _named(
        sagemaker, "list_endpoint_configs", "EndpointConfigs", "EndpointConfigName", names.endpoint
    )
    models = _named(sagemaker, "list_models", "Models", "ModelName", names.endpoint)
    pipeline = (
        names.pipeline
        if _exists(sagemaker.describe_pipeline, PipelineName=names.pipeline)
        else None
    )
    packages = tuple(
        v.arn for v in list_versions(clients, names.model_package_group, with_metrics=False)
    )
    stack = describe_stack(clients, names.stack)
    resources = _stack_resources(clients, names.stack) if stack else []
    owned_types = {r.get("ResourceType") for r in resources}
    group = None
    if "AWS::SageMaker::ModelPackageGroup" not in owned_types and _exists(
        sagemaker.describe_model_package_group, ModelPackageGroupName=names.model_package_group
    ):
        group = names.model_package_group
    buckets = tuple(
        (str(r["PhysicalResourceId"]), _count_versions(clients, str(r["PhysicalResourceId"])))
        for r in resources
        if r.get("ResourceType") == "AWS::S3::Bucket" and r.get("PhysicalResourceId")
    )
    retained = tuple(
        f"{r['ResourceType']} {r.get('PhysicalResourceId', r['LogicalResourceId'])}"
        for r in resources
        if r.get("ResourceType") == "AWS::KMS::Key"
    )
    return Inventory(
        endpoint,
        targets,
        configs,
        models,
        pipeline,
        packages,
        group,
        buckets,
        names.stack if stack else None,
        retained,
    )


def delete(project: Project, clients: Clients, progress: Progress, found: Inventory) -> None:
    """Delete in dependency order; a refusal is reported and the rest still goes.

    Raises ChecksFailed at the end naming everything that could not be deleted.
    """
    failures: list[str] = []

    def attempt(label: str, action: Callable[[], object]) -> None:
        from botocore.exceptions import ClientError

        try:
            action()
        except (ClientError, ChecksFailed) as error:
            reason = describe_client_error(error) if isinstance(error, ClientError) else str(error)
            failures.append(f"{label}: {reason}")
            progress.message(f"  not deleted {label}: {reason}", Level.ERROR)
        else:
            progress.message(f"  deleted {label}")

    sagemaker = clients.get("sagemaker")
    if found.endpoint or found.scaling_targets or found.endpoint_configs or found.models:
        attempt(
            "endpoint resources",
            lambda: delete_endpoint_resources(project, clients, progress, found),
        )
    if found.pipeline:
        pipeline = found.pipeline
        attempt(
            f"pipeline {pipeline}",
            lambda: sagemaker.delete_pipeline(
                PipelineName=pipeline, ClientRequestToken=str(uuid.uuid4())
            ),
        )
    for arn in found.model_packages:
        attempt(
            f"model package {arn}", partial(sagemaker.delete_model_package, ModelPackageName=arn)
        )
    if found.model_package_group:
        group = found.model_package_group
        attempt(
            f"model package group {group}",
            lambda: sagemaker.delete_model_package_group(ModelPackageGroupName=group),
        )
    for bucket, _ in found.buckets:
        attempt(f"every object version in {bucket}", partial(_empty_bucket, clients, bucket))
    if found.stack:
        stack = found.stack
        attempt(f"stack {stack}", lambda: _delete_stack(clients, stack))
    for bucket, _ in found.buckets:
        attempt(f"bucket {bucket}", partial(_delete_bucket, clients, bucket))
    if failures:
        raise ChecksFailed(
            f"cleanup incomplete, {len(failures)} not deleted:\n  " + "\n  ".join(failures)
        )


def delete_endpoint_resources(
    project: Project, clients: Clients, progress: Progress, found: Inventory | None = None
) -> bool:
    """Scaling targets, the endpoint, its configs and models; True if anything was there."""
    found = found or inventory(project, clients)
    autoscaling = clients.get("application-autoscaling")
    for resource in found.scaling_targets:
        autoscaling.deregister_scalable_target(
            ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension=SCALABLE_DIMENSION
        )
    sagemaker = clients.get("sagemaker")
    if found.endpoint:
        sagemaker.delete_endpoint(EndpointName=found.endpoint)
        if not clients.dry_run:
            poll_until(
                lambda: _exists(sagemaker.describe_endpoint, EndpointName=found.endpoint),
                lambda exists: not exists,
                what=f"endpoint {found.endpoint} to be deleted",
                backoff=GONE_BACKOFF,
            )
        progress.message(f"  deleted endpoint {found.endpoint}")
    for config in found.endpoint_configs:
        sagemaker.delete_endpoint_config(EndpointConfigName=config)
        progress.message(f"  deleted endpoint config {config}")
    for model in found.models:
        sagemaker.delete_model(ModelName=model)
        progress.message(f"  deleted model {model}")
    return bool(found.endpoint or found.endpoint_configs or found.models)


def _exists(describe: Any, **params: Any) -> bool:
    from botocore.exceptions import ClientError

    try:
        return bool(describe(**params))
    except ClientError as error:
        if error_code(error) in _MISSING:
            return False
        raise


def _named(sagemaker: Any, operation: str, key: str, field: str, prefix: str) -> tuple[str, ...]:
    """Resources whose names the endpoint commands made: `<endpoint>-...`."""
    found: list[str] = []
    for page in sagemaker.get_paginator(operation).paginate(NameContains=prefix):
        found.extend(
            str(item[field])
            for item in page.get(key) or []
            if str(item[field]).startswith(prefix + "-")
        )
    return tuple(sorted(found))


def _scaling_targets(clients: Clients, endpoint: str) -> tuple[str, ...]:
    targets: list[str] = []
    paginator = clients.get("application-autoscaling").get_paginator("describe_scalable_targets")
    for page in paginator.paginate(ServiceNamespace="sagemaker"):
        targets.extend(
            str(t["ResourceId"])
            for t in page.get("ScalableTargets") or []
            if str(t["ResourceId"]).startswith(f"endpoint/{endpoint}/")
        )
    return tuple(sorted(targets))


def _stack_resources(clients: Clients, stack: str) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    for page in (
        clients.get("cloudformation")
        .get_paginator("list_stack_resources")
        .paginate(StackName=stack)
    ):
        resources.extend(page.get("StackResourceSummaries") or [])
    return resources


def _versions(clients: Clients, bucket: str) -> list[dict[str, str]]:
    from botocore.exceptions import ClientError

    keys: list[dict[str, str]] = []
    try:
        for page in clients.get("s3").get_paginator("list_object_versions").paginate(Bucket=bucket):
            for entry in (page.get("Versions") or []) + (page.get("DeleteMarkers") or []):
                keys.append({"Key": entry["Key"], "VersionId": entry["VersionId"]})
    except ClientError as error:
        if error_code(error) == "NoSuchBucket":
            return []
        raise
    return keys


def _count_versions(clients: Clients, bucket: str) -> int:
    return len(_versions(clients, bucket))


def _empty_bucket(clients: Clients, bucket: str) -> int:
    if clients.dry_run:
        clients.get("s3").delete_objects(Bucket=bucket, Delete={"Objects": "<every version>"})
        return 0
    keys = _versions(clients, bucket)
    s3 = clients.get("s3")
    for start in range(0, len(keys), DELETE_BATCH):
        answer = s3.delete_objects(
            Bucket=bucket, Delete={"Objects": keys[start : start + DELETE_BATCH], "Quiet": True}
        )
        errors = answer.get("Errors") or []
        if errors:
            first = errors[0]
            raise ChecksFailed(
                f"bucket {bucket}: {len(errors)} object(s) not deleted, e.g. "
                f"{first.get('Key')}: {first.get('Code')} {first.get('Message')}"
            )
    return len(keys)


def _delete_bucket(clients: Clients, bucket: str) -> None:
    from botocore.exceptions import ClientError

    s3 = clients.get("s3")
    try:
        s3.delete_bucket(Bucket=bucket)
    except ClientError as error:
        code = error_code(error)
        if code == "NoSuchBucket":
            return  # the stack deleted it (no Retain policy)
        if code != "BucketNotEmpty":
            raise
        # Access logs can land after the first pass: empty once more, then delete.
        _empty_bucket(clients, bucket)
        s3.delete_bucket(Bucket=bucket)


def _delete_stack(clients: Clients, stack: str) -> None:
    cfn = clients.get("cloudformation")
    cfn.delete_stack(StackName=stack)
    if clients.dry_run:
        return
    final = poll_until(
        lambda: describe_stack(clients, stack) or {"StackStatus": "DELETE_COMPLETE"},
        lambda s: str(s.get("StackStatus")) in {"DELETE_COMPLETE", "DELETE_FAILED"},
        what=f"stack {stack} to be deleted",
        backoff=GONE_BACKOFF,
    )
    if final.get("StackStatus") == "DELETE_FAILED":
        details = "; ".join(
            f"{e.resource} ({e.resource_type}): {e.reason}"
            for e in failure_events(clients, stack, None)
        )
        raise ChecksFailed(f"stack {stack} could not be deleted: {details or 'see its events'}")
