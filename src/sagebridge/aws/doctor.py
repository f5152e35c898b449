"""`sagebridge doctor OUT`: a preflight before the first AWS execution, one record per check.

    region -> credentials -> stack outputs -> definition -> images -> quotas -> permissions
    -> CreatePipeline (a throwaway `<pipeline>-doctor`, upserted then deleted)

Each check is `ok`, `fail` or `skipped` with the reason; a check that needs an earlier one's
result is skipped when that failed. Only `fail` makes the command exit 1. Nothing here prints.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sagebridge.aws.definition import Variant, deployable_definition, read_definition
from sagebridge.aws.project import Project
from sagebridge.aws.session import Clients, describe_client_error, error_code
from sagebridge.aws.stack import describe_stack, stack_outputs
from sagebridge.project.pipeline_definition import (
    OtherStep,
    PipelineDefinition,
    ProcessingStep,
    RegisterModelStep,
    TrainingStep,
    TuningStep,
)

OK, FAIL, SKIPPED = "ok", "fail", "skipped"
ROLE_OUTPUT, BUCKET_OUTPUT = "ExecutionRoleArn", "BucketName"
DOCTOR_SUFFIX = "-doctor"
IMAGE_URI = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/([^:@]+)")
# What SageMaker does under the execution role while the pipeline runs.
PIPELINE_ACTIONS = (
    "sagemaker:CreateProcessingJob", "sagemaker:CreateTrainingJob",
    "sagemaker:CreateModelPackage", "s3:GetObject", "s3:PutObject", "s3:ListBucket",
    "logs:CreateLogStream", "logs:PutLogEvents", "ecr:GetAuthorizationToken",
    "kms:Decrypt", "kms:GenerateDataKey",
)


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | fail | skipped
    detail: str


@dataclass(frozen=True)
class DoctorReport:
    checks: tuple[Check, ...]

    @property
    def failed(self) -> bool:
        return any(c.status == FAIL for c in self.checks)

    def as_json(self) -> dict[str, Any]:
        return {"ok": not self.failed,
                "checks": [{"name": c.name, "status": c.status, "detail": c.detail}
                           for c in self.checks]}


DEFAULT_VARIANT = Variant()


def doctor(
    project: Project, clients: Clients, variant: Variant = DEFAULT_VARIANT
) -> DoctorReport:
    return DoctorReport(tuple(_checks(project, clients, variant)))


def _checks(project: Project, clients: Clients, variant: Variant) -> Iterator[Check]:
    region = clients.region
    if not region or region == "None":
        yield Check("region", FAIL, "no region: pass --region, set AWS_REGION or a profile's")
        return
    yield Check("region", OK, region)
    try:
        who = clients.get("sts").get_caller_identity()
    except Exception as error:  # noqa: BLE001 - no or refused credentials
        yield Check("credentials", FAIL, _why(error))
        return
    yield Check("credentials", OK, f"{who['Arn']} (account {who['Account']})")

    stack = project.names.stack
    outputs = stack_outputs(describe_stack(clients, stack))
    missing = [k for k in (ROLE_OUTPUT, BUCKET_OUTPUT) if not outputs.get(k)]
    if missing:
        yield Check("stack", FAIL, f"stack {stack} in {region} lacks {', '.join(missing)}: "
                    f"run `sagebridge deploy {project.root}`")
        return
    role, bucket = outputs[ROLE_OUTPUT], outputs[BUCKET_OUTPUT]
    yield Check("stack", OK, f"{stack}: role {role}, bucket {bucket}")

    try:
        text = deployable_definition(
            project, role_arn=role, bucket=bucket, region=region,
            endpoint_url=clients.endpoint_url, profile=clients.options.profile, variant=variant,
        )  # fmt: skip
        definition = read_definition(json.loads(text), project.pipeline_file)
    except Exception as error:  # noqa: BLE001 - the build's own message is the answer
        yield Check("definition", FAIL, f"pipeline/pipeline.py did not build: {error}")
        return
    yield Check("definition", OK, f"{len(definition.steps)} top-level steps built")
    yield _images(definition, region)
    yield _quotas(clients, definition)
    yield _permissions(clients, role)
    yield _create_pipeline(clients, project, role, text)


def _why(error: Exception) -> str:
    if error_code(error):
        return describe_client_error(error)
    return f"{type(error).__name__}: {error}"


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _image_registry() -> dict[str, set[tuple[str, str]]] | None:
    """{region: {(registry account, repository)}} from the SDK's image config, or None."""
    try:
        folder = resources.files("sagemaker.core") / "image_uri_config"
    except ModuleNotFoundError:
        return None
    found: dict[str, set[tuple[str, str]]] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        for key, value in _walk(json.loads(entry.read_text(encoding="utf-8"))):
            if key == "registries" and isinstance(value, dict):
                continue
            if isinstance(value, dict) and "repository" in value and "registries" in value:
                for reg_region, account in value["registries"].items():
                    found.setdefault(reg_region, set()).add((str(account), value["repository"]))
    return found


def _image_uris(definition: PipelineDefinition) -> set[Any]:
    """The images the steps run: their jobs', their model packages' containers', and for a
    step type the reader does not know, any image its arguments name."""
    found: set[Any] = set()
    for step in definition.all_steps:
        if isinstance(step, ProcessingStep | TrainingStep):
            found.add(step.job.image)
        elif isinstance(step, TuningStep):
            found.add(None if step.job is None else step.job.image)
        elif isinstance(step, RegisterModelStep):
            found.update(container.image for container in step.package.containers)
        elif isinstance(step, OtherStep):
            found.update(v for k, v in _walk(step.arguments) if k in _IMAGE_KEYS)
    return found


_IMAGE_KEYS = ("ImageUri", "TrainingImage", "Image")


def _images(definition: PipelineDefinition, region: str) -> Check:
    uris = sorted(uri for uri in _image_uris(definition) if isinstance(uri, str))
    if not uris:
        return Check("images", SKIPPED, "the definition names no image")
    known = _image_registry()
    if known is None:
        return Check("images", SKIPPED, "the sagemaker SDK (its image config) is not installed")
    bad = []
    for uri in uris:
        match = IMAGE_URI.match(uri)
        if not match or match[2] != region or (match[1], match[3]) not in known.get(region, set()):
            bad.append(uri)
    if bad:
        return Check("images", FAIL, f"not in the SDK's image config for {region}: {', '.join(bad)}")
    return Check("images", OK, f"{len(uris)} image(s) published in {region}")


def _instance_types(definition: PipelineDefinition) -> list[str]:
    return sorted({str(p.default) for p in definition.parameters.values()
                   if p.name.endswith("InstanceType") and p.default})


def _quotas(clients: Clients, definition: PipelineDefinition) -> Check:
    types = _instance_types(definition)
    try:
        paginator = clients.get("service-quotas", max_attempts=2).get_paginator(
            "list_service_quotas")
        quotas = {q["QuotaName"]: q.get("Value", 0.0)
                  for page in paginator.paginate(ServiceCode="sagemaker")
                  for q in page.get("Quotas", [])}
    except Exception as error:  # noqa: BLE001 - moto and restricted callers land here
        return Check("quotas", SKIPPED, f"Service Quotas did not answer: "
                     f"{_why(error)}")
    zero, unknown = [], []
    for instance in types:
        named = {n: v for n, v in quotas.items() if n.startswith(f"{instance} for ")}
        if not named:
            unknown.append(instance)
        elif all(v < 1 for v in named.values()):
            zero.append(instance)
    if zero:
        return Check("quotas", FAIL, f"quota 0 for {', '.join(zero)}: request an increase")
    if unknown:
        return Check("quotas", SKIPPED, f"no sagemaker quota listed for {', '.join(unknown)}")
    return Check("quotas", OK, f"non-zero quotas for {', '.join(types)}")


def _permissions(clients: Clients, role: str) -> Check:
    try:
        answer = clients.get("iam", max_attempts=2).simulate_principal_policy(
            PolicySourceArn=role, ActionNames=list(PIPELINE_ACTIONS))
    except Exception as error:  # noqa: BLE001 - caller lacks the action, or moto lacks the API
        return Check("permissions", SKIPPED, "cannot check: iam:SimulatePrincipalPolicy failed "
                     f"({_why(error)})")
    denied = [r["EvalActionName"] for r in answer.get("EvaluationResults", [])
              if r.get("EvalDecision") != "allowed"]
    if denied:
        return Check("permissions", FAIL, f"the role is denied {', '.join(denied)}")
    return Check("permissions", OK, f"{len(PIPELINE_ACTIONS)} actions allowed (resources: *)")


def _token(action: str) -> str:
    """A ClientRequestToken: 32 to 128 characters, fresh per request (a name-derived one was
    shorter than 32 for short project names, and botocore refused the call)."""
    return f"doctor-{action}-{uuid.uuid4().hex}"


def _create_pipeline(clients: Clients, project: Project, role: str, definition: str) -> Check:
    name = f"{project.names.pipeline}{DOCTOR_SUFFIX}"
    sagemaker = clients.get("sagemaker")
    try:
        try:
            sagemaker.create_pipeline(PipelineName=name, PipelineDefinition=definition,
                                      RoleArn=role, ClientRequestToken=_token("create"))
        except Exception as error:  # a copy left by an earlier run: update it
            if error_code(error) not in ("ResourceInUse", "ValidationException") or \
                    "exist" not in str(error).lower():
                raise
            sagemaker.update_pipeline(PipelineName=name, PipelineDefinition=definition,
                                      RoleArn=role)
    except Exception as error:  # noqa: BLE001 - the service's refusal is the answer
        return Check("create-pipeline", FAIL, f"CreatePipeline refused: "
                     f"{_why(error)}")
    try:
        sagemaker.delete_pipeline(PipelineName=name, ClientRequestToken=_token("delete"))
    except Exception as error:  # noqa: BLE001
        return Check("create-pipeline", FAIL, f"accepted, but {name} was not deleted: "
                     f"{_why(error)}")
    return Check("create-pipeline", OK, f"accepted as {name} (created, then deleted)")
