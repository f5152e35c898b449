"""IAM policy documents in CloudFormation's form: every string holding `${...}` an `Fn::Sub`,
image registries resolved from the template's mapping (the plain form, placeholders as text, is
what infrastructure/iam/*.json shows; validate.project.plain_intrinsics reads a template back)."""

from __future__ import annotations

from typing import Any

from sagebridge.plan.image_registries import ACCOUNTS, MAPPING_NAME, registry_variable

PolicyDocument = dict[str, Any]
POLICY_VERSION = "2012-10-17"
SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"
# The stack's KMS key, as `Fn::Sub` writes a `!GetAtt DataKey.Arn`.
KEY_ARN = "${DataKey.Arn}"

# `Fn::Sub` variables the policies use beyond pseudo parameters, resolved by the template.
REGISTRY_VARIABLES = tuple(registry_variable(r) for r in ACCOUNTS)


def _sub_variables(text: str) -> dict[str, Any]:
    """The registry variables in `text`, each resolved from the template's mapping."""
    variables = {}
    for name in REGISTRY_VARIABLES:
        if "${" + name + "}" in text:
            registry = name.removesuffix("Registry")
            variables[name] = {"Fn::FindInMap": [MAPPING_NAME, {"Ref": "AWS::Region"}, registry]}
    return variables


def cloudformation_form(document: Any) -> Any:
    """The same document for a template: each string holding `${...}` becomes an `Fn::Sub`
    (the list form, with `Fn::FindInMap` values, where it names an image registry)."""
    if isinstance(document, dict):
        return {key: cloudformation_form(value) for key, value in document.items()}
    if isinstance(document, list):
        return [cloudformation_form(value) for value in document]
    if isinstance(document, str) and "${" in document:
        variables = _sub_variables(document)
        return {"Fn::Sub": [document, variables] if variables else document}
    return document


def statement(sid: str, actions: list[str], resources: list[str] | str,
               condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Sid": sid,
        "Effect": "Allow",
        "Action": sorted(actions),
        "Resource": resources,
    }
    if condition:
        statement["Condition"] = condition
    return statement
