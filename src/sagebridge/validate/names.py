"""Every AWS name agrees across artifacts with the names in metadata.json (the plan's names).

Compared: names and ARNs in the CloudFormation templates and infrastructure/iam/*.json, the
literal names passed in pipeline/pipeline.py, and the
model package group and role in the built pipeline definition.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from sagebridge.contract import ACCOUNT_WIDE_NAME_SUFFIX, ENVIRONMENTS
from sagebridge.model import Names
from sagebridge.validate.project import (
    IAM_DIR,
    PIPELINE_SOURCE,
    Project,
    UnreadableTemplate,
)
from sagebridge.validate.report import CheckResult, Finding, Severity, result

NAME = "names"

# Keyword arguments in pipeline.py whose literal value must equal a name.
_PIPELINE_KEYWORDS = {"pipeline_name": "pipeline", "model_package_group_name":
                      "model_package_group"}
# ARN fragments in templates and policies: (regex, Names field, SageMaker lower-cases it).
# A service-linked role (`role/aws-service-role/<service>/...`) is AWS's, not the project's.
_ARN_PATTERNS = (
    # The role's name ends in the region and environment (`Fn::Sub` form, or resolved).
    (re.compile(r":role/(?!aws-service-role/)([A-Za-z0-9+=,.@_-]+?)"
                r"(?:-\$\{AWS::Region\}-\$\{Environment\}|-[a-z]{2}(?:-gov)?-[a-z]+-\d-"
                rf"(?:{'|'.join(ENVIRONMENTS)}))?(?![A-Za-z0-9+=,.@_$-])"), "role", False),
    (re.compile(r"model-package-group/([A-Za-z0-9-]+)"), "model_package_group", True),
    (re.compile(r"model-package/([A-Za-z0-9-]+)/"), "model_package_group", True),
    (re.compile(r"sagemaker:[^\"]*:endpoint/([A-Za-z0-9-]+)"), "endpoint", True),
)
_ROLE_ARN = _ARN_PATTERNS[0][0]
# CloudFormation properties/outputs that must equal a name.
_TEMPLATE_PROPERTIES = {
    ("AWS::IAM::Role", "RoleName"): "role",
    ("AWS::SageMaker::ModelPackageGroup", "ModelPackageGroupName"): "model_package_group",
}
_TEMPLATE_OUTPUTS = {"PipelineName": "pipeline", "EndpointName": "endpoint",
                     "ModelPackageGroupName": "model_package_group"}


def _mismatch(file: str, line: int | None, what: str, found: str, names: Names,
              field: str) -> Finding:
    return Finding(NAME, Severity.ERROR, file, line,
                   f"{what} is {found!r} but the project's {field} is "
                   f"{getattr(names, field)!r}")


def _line(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def _arn_findings(text: str, relative: str, names: Names) -> list[Finding]:
    findings = []
    for pattern, field, lower in _ARN_PATTERNS:
        expected = getattr(names, field)
        expected = expected.lower() if lower else expected
        for match in pattern.finditer(text):
            name = match.group(1)
            if name != expected:
                findings.append(_mismatch(relative, text.count("\n", 0, match.start()) + 1,
                                          f"ARN {match.group(0)!r}", name, names, field))
    return findings


def _template_findings(project: Project, path: Path) -> list[Finding]:
    relative, names = project.rel(path), project.names
    text = path.read_text(encoding="utf-8")
    findings = _arn_findings(text, relative, names)
    try:
        template = project.template(path)
    except UnreadableTemplate:
        return findings  # cfn-lint reports why
    for logical_id, resource in (template.get("Resources") or {}).items():
        properties = resource.get("Properties") or {}
        for (kind, key), field in _TEMPLATE_PROPERTIES.items():
            value = properties.get(key)
            if key == "RoleName" and value == {"Fn::Sub": names.role + ACCOUNT_WIDE_NAME_SUFFIX}:
                continue  # account-wide: the region and environment keep stacks apart
            if resource.get("Type") == kind and value != getattr(names, field):
                findings.append(_mismatch(relative, _line(text, f"{key}:"),
                                          f"{logical_id}.{key}", str(value), names, field))
        bucket = properties.get("BucketName")
        if resource.get("Type") == "AWS::S3::Bucket":
            literal = bucket.get("Fn::Sub") if isinstance(bucket, dict) else bucket
            if not str(literal).startswith(f"{names.bucket_prefix}-"):
                findings.append(_mismatch(relative, _line(text, "BucketName:"),
                                          f"{logical_id}.BucketName", str(literal), names,
                                          "bucket_prefix"))
    outputs = template.get("Outputs") or {}
    for key, field in _TEMPLATE_OUTPUTS.items():
        value = (outputs.get(key) or {}).get("Value")
        if key in outputs and value != getattr(names, field):
            findings.append(_mismatch(relative, _line(text, f"{key}:"), f"output {key}",
                                      str(value), names, field))
    return findings


def _pipeline_source_findings(project: Project) -> list[Finding]:
    path = project.root / PIPELINE_SOURCE
    if not path.is_file():
        return []
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return []
    findings = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.keyword) or not isinstance(node.value, ast.Constant):
            continue
        field = _PIPELINE_KEYWORDS.get(node.arg or "")
        value = node.value.value
        if field and isinstance(value, str) and value != getattr(project.names, field):
            findings.append(_mismatch(PIPELINE_SOURCE, node.value.lineno, f"{node.arg}=",
                                      value, project.names, field))
        if node.arg == "base_job_name" and isinstance(value, str) and not value.startswith(
                project.names.base_job):
            findings.append(_mismatch(PIPELINE_SOURCE, node.value.lineno, "base_job_name=",
                                      value, project.names, "base_job"))
    return findings


def _definition_findings(project: Project) -> list[Finding]:
    findings = []
    for key, value in _walk(project.definition):
        if key == "ModelPackageGroupName" and isinstance(value, str) and (
                value != project.names.model_package_group):
            findings.append(_mismatch(PIPELINE_SOURCE, None, "the definition's "
                                      "ModelPackageGroupName", value, project.names,
                                      "model_package_group"))
        role = _ROLE_ARN.search(value) if isinstance(value, str) else None
        if key in {"RoleArn", "ExecutionRoleArn"} and isinstance(value, str) and (
                role is None or role.group(1) != project.names.role):
            findings.append(_mismatch(PIPELINE_SOURCE, None, f"the definition's {key}", value,
                                      project.names, "role"))
    return findings


def _walk(node: Any) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            pairs.append((str(key), value))
            pairs += _walk(value)
    elif isinstance(node, list):
        for value in node:
            pairs += _walk(value)
    return pairs


def check(project: Project) -> CheckResult:
    findings: list[Finding] = []
    for path in project.templates():
        findings += _template_findings(project, path)
    iam_dir = project.root / IAM_DIR
    for path in sorted(iam_dir.glob("*.json")) if iam_dir.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        try:
            json.loads(text)
        except ValueError:
            continue  # reported by the iam check
        findings += _arn_findings(text, project.rel(path), project.names)
    findings += _pipeline_source_findings(project)
    findings += _definition_findings(project)
    return result(NAME, findings, reason="against metadata.json's names")
