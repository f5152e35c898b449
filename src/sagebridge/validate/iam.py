"""IAM policies: no wildcard actions, `Resource: "*"` only where IAM allows nothing narrower,
the JSON files identical to what the template embeds, and parliament's analysis clean.

Policies read: `infrastructure/iam/*.json` and the identity policies in the templates (roles'
trust and inline policies, managed and standalone policies). Resource policies (the KMS key
policy, bucket policies) are left to checkov: their `kms:*` for the account root and `s3:*`
in a Deny are the intended idioms, not grants.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import sys
import types
from pathlib import Path
from typing import Any

from sagebridge.contract import DEFAULT_ENVIRONMENT
from sagebridge.validate.iam_rules import (
    PASS_ROLE,
    needs_resource,
    pass_role_problem,
    unknown_action,
)
from sagebridge.validate.project import IAM_DIR, Project, UnreadableTemplate, line_of
from sagebridge.validate.project import plain_intrinsics as plain_form
from sagebridge.validate.report import CheckResult, Finding, Severity, result
from sagebridge.validate.tools import OFFLINE_ACCOUNT, OFFLINE_REGION

NAME = "iam"
_SAMPLE = {"AWS::Partition": "aws", "AWS::Region": OFFLINE_REGION,
           "AWS::AccountId": OFFLINE_ACCOUNT, "Environment": DEFAULT_ENVIRONMENT}
# Sample values for the template's own `Fn::Sub` variables: `${DataKey.Arn}` (a resource's
# ARN attribute: here the stack's KMS key) and `${...Registry}` (an image registry's account).
_SAMPLE_VARIABLES = (
    (re.compile(r"\$\{[A-Za-z0-9]+\.Arn\}"),
     f"arn:aws:kms:{OFFLINE_REGION}:{OFFLINE_ACCOUNT}:key/00000000-0000-0000-0000-000000000000"),
    (re.compile(r"\$\{[A-Za-z0-9]+Registry\}"), "763104351884"),
)
# The files under infrastructure/iam/, and which template policy each must equal:
# (resource type, policy name).
POLICY_FILES = {
    "trust": "trust-policy.json",
    "execution": "execution-policy.json",
    "model_registry": "model-registry-policy.json",
    "endpoint": "endpoint-policy.json",
}
_EMBEDDED = {
    "trust": ("AWS::IAM::Role", "AssumeRolePolicyDocument"),
    "execution": ("AWS::IAM::Role", "execution"),
    "model_registry": ("AWS::IAM::Role", "model-registry"),
    "endpoint": ("AWS::IAM::ManagedPolicy", "PolicyDocument"),
}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statement_findings(document: Any, file: Path, relative: str, label: str) -> list[Finding]:
    """Wildcard actions, NotAction grants and unjustified `Resource: "*"` in Allow statements."""
    findings: list[Finding] = []
    statements = _as_list(document.get("Statement", [])) if isinstance(document, dict) else []
    if not statements:
        return [Finding(NAME, Severity.ERROR, relative, None, f"{label}: no Statement")]
    for index, statement in enumerate(statements):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        sid = statement.get("Sid") or f"statement {index + 1}"
        line = line_of(file, f'"{statement["Sid"]}"') if statement.get("Sid") else None

        def add(message: str, line: int | None = line, sid: str = sid) -> None:
            findings.append(Finding(NAME, Severity.ERROR, relative, line,
                                    f"{label} {sid}: {message}"))

        if "NotAction" in statement:
            add("Allow with NotAction grants every other action")
        actions = [str(a) for a in _as_list(statement.get("Action", []))]
        for action in actions:
            if "*" in action:
                add(f"wildcard action {action!r}", line_of(file, f'"{action}"') or line)
            elif unknown := unknown_action(action):
                add(unknown, line_of(file, f'"{action}"') or line)
        if "Principal" in statement:
            continue  # a trust policy: no Resource
        resources = _as_list(plain_form(statement.get("Resource", [])))
        if PASS_ROLE in actions and (problem := pass_role_problem(statement, resources)):
            add(problem)
        if "*" in resources:
            broad = needs_resource(actions)
            if broad:
                add(f'Resource "*" for actions that support resource-level permissions: '
                    f"{', '.join(broad)}")
    return findings


def trust_findings(document: Any, relative: str) -> list[Finding]:
    """The trust policy lets exactly the SageMaker service assume the role."""
    findings = []
    for statement in _as_list(document.get("Statement", [])):
        principal = statement.get("Principal")
        services = _as_list(principal.get("Service", [])) if isinstance(principal, dict) else []
        if statement.get("Effect") == "Allow" and services != ["sagemaker.amazonaws.com"]:
            findings.append(Finding(NAME, Severity.ERROR, relative, None,
                                    f"trust policy principal {principal!r} is not only "
                                    "sagemaker.amazonaws.com"))
    return findings


def _substitute(text: str) -> str:
    for name, sample in _SAMPLE.items():
        text = text.replace("${" + name + "}", sample)
    for pattern, value in _SAMPLE_VARIABLES:
        text = pattern.sub(value, text)
    return text


def _load_parliament() -> Any:
    """parliament's analyser, or None. parliament 1.6 imports `pkg_resources` only for
    `resource_filename`; setuptools>=81 no longer ships it, so provide that one function."""
    if "pkg_resources" not in sys.modules:
        try:
            import pkg_resources  # noqa: F401
        except ImportError:
            shim = types.ModuleType("pkg_resources")
            shim.resource_filename = (  # type: ignore[attr-defined]
                lambda package, name: str(importlib.resources.files(package) / name))
            sys.modules["pkg_resources"] = shim
    try:
        from parliament import analyze_policy_string
    except ImportError:
        return None
    return analyze_policy_string


def parliament_findings(analyze: Any, document: Any, relative: str, label: str) -> list[Finding]:
    text = _substitute(json.dumps(plain_form(document), indent=2))
    policy = analyze(text, include_community_auditors=False)
    findings = []
    for issue in policy.findings:
        location = issue.location or {}
        line = location.get("line") if relative.endswith(".json") else None
        detail = issue.detail if isinstance(issue.detail, str) else json.dumps(issue.detail)[:300]
        findings.append(Finding(NAME, Severity.ERROR, relative, line,
                                f"{label}: parliament {issue.issue}: {detail}", issue.issue))
    return findings


def _template_policies(project: Project) -> list[tuple[Path, str, str, str, Any]]:
    """(file, relative, resource type, label, document) for each identity policy."""
    found = []
    for path in project.templates():
        relative = project.rel(path)
        try:
            resources = project.template(path).get("Resources", {}) or {}
        except UnreadableTemplate:
            continue  # cfn-lint reports why
        for logical_id, resource in sorted(resources.items()):
            kind = resource.get("Type", "")
            properties = resource.get("Properties", {}) or {}
            if kind == "AWS::IAM::Role":
                found.append((path, relative, kind, f"{logical_id}.AssumeRolePolicyDocument",
                              properties.get("AssumeRolePolicyDocument", {})))
                for policy in properties.get("Policies", []) or []:
                    found.append((path, relative, kind,
                                  f"{logical_id}.{policy.get('PolicyName')}",
                                  policy.get("PolicyDocument", {})))
            elif kind in {"AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"}:
                found.append((path, relative, kind, f"{logical_id}.PolicyDocument",
                              properties.get("PolicyDocument", {})))
    return found


def _identity_findings(project: Project, files: dict[str, Any],
                       embedded: list[tuple[Path, str, str, str, Any]]) -> list[Finding]:
    findings = []
    for key, file_name in POLICY_FILES.items():
        relative = f"{IAM_DIR}/{file_name}"
        if file_name not in files:
            findings.append(Finding(NAME, Severity.ERROR, relative, None, "policy file missing"))
            continue
        kind, suffix = _EMBEDDED[key]
        twins = [plain_form(doc) for _, _, k, label, doc in embedded
                 if k == kind and label.endswith(f".{suffix}")]
        if not twins:
            findings.append(Finding(NAME, Severity.ERROR, relative, None,
                                    f"no {kind} policy {suffix!r} in the templates to match"))
        elif files[file_name] not in twins:
            findings.append(Finding(NAME, Severity.ERROR, relative, None,
                                    f"differs from the {kind} policy {suffix!r} in the template"))
    return findings


def check(project: Project) -> CheckResult:
    findings: list[Finding] = []
    analyze = _load_parliament()
    files: dict[str, Any] = {}
    iam_dir = project.root / IAM_DIR
    for path in sorted(iam_dir.glob("*.json")) if iam_dir.is_dir() else []:
        relative = project.rel(path)
        try:
            files[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as error:
            findings.append(Finding(NAME, Severity.ERROR, relative, None, f"invalid JSON: {error}"))
    embedded = _template_policies(project)
    documents = [(project.root / IAM_DIR / name, f"{IAM_DIR}/{name}", name, doc)
                 for name, doc in files.items()]
    documents += [(path, relative, label, doc) for path, relative, _, label, doc in embedded]
    for path, relative, label, document in documents:
        findings += statement_findings(document, path, relative, label)
        if label.endswith(("AssumeRolePolicyDocument", POLICY_FILES["trust"])):
            findings += trust_findings(document, relative)
        elif analyze is not None:
            findings += parliament_findings(analyze, document, relative, label)
    findings += _identity_findings(project, files, embedded)
    tool = "parliament" if analyze is not None else None
    reason = None if analyze is not None else "parliament not installed: its analysis was skipped"
    return result(NAME, findings, tool=tool, reason=reason)
