"""A small IAM identity-policy evaluator: is one request allowed by a set of policy documents?

Enough of IAM's evaluation logic for the policies sagebridge generates, and strict where it
stops: an explicit Deny wins, then any Allow; otherwise the request is implicitly denied.
`Action`/`NotAction` and `Resource`/`NotResource` match with IAM's `*` and `?` wildcards
(actions case-insensitively); conditions support the String*, Arn* and Bool operators (with
`IfExists`); any other operator raises `UnsupportedCondition` rather than guessing. A condition
key the request lacks fails the condition (as in IAM), unless the operator ends in `IfExists`.

    allowed([doc], Request("s3:GetObject", "arn:aws:s3:::b/k")).allowed
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class UnsupportedCondition(ValueError):
    """A condition operator this evaluator does not implement."""


@dataclass(frozen=True)
class Request:
    """One authorization request: action (`service:Action`), resource ARN and context keys."""

    action: str
    resource: str = "*"
    context: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    statement: str | None  # the Sid (or index) that decided, None for an implicit deny
    reason: str  # "allow" | "explicit deny" | "implicit deny"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _pattern(text: str, *, case: bool) -> re.Pattern[str]:
    # IAM: `*` any run of characters (including `/` and `:`), `?` one; nothing else is special.
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text)
    return re.compile(body + r"\Z", 0 if case else re.IGNORECASE)


def wildcard_match(pattern: str, value: str, *, case: bool = True) -> bool:
    return _pattern(pattern, case=case).match(value) is not None


def _matches_any(patterns: Iterable[str], value: str, *, case: bool) -> bool:
    return any(wildcard_match(p, value, case=case) for p in patterns)


def _string_test(operator: str, expected: str, actual: str) -> bool:
    if operator == "StringEquals":
        return actual == expected
    if operator == "StringEqualsIgnoreCase":
        return actual.lower() == expected.lower()
    if operator in ("StringLike", "ArnLike", "ArnEquals"):
        # IAM: ArnEquals and ArnLike both take wildcards, segment by segment; one pattern
        # over the whole ARN is the same for the ARNs used here.
        return wildcard_match(expected, actual)
    if operator == "Bool":
        return actual.lower() == expected.lower()
    raise UnsupportedCondition(operator)


_NEGATED = {"StringNotEquals": "StringEquals", "StringNotLike": "StringLike",
            "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
            "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike"}


def _condition_holds(conditions: Mapping[str, Any], context: Mapping[str, str]) -> bool:
    for raw_operator, tests in conditions.items():
        operator = raw_operator.removesuffix("IfExists")
        if_exists = operator != raw_operator
        if operator.startswith(("ForAnyValue:", "ForAllValues:")):
            raise UnsupportedCondition(raw_operator)
        negated = operator in _NEGATED
        base = _NEGATED.get(operator, operator)
        for key, expected_values in tests.items():
            actual = next((v for k, v in context.items() if k.lower() == key.lower()), None)
            if actual is None:
                if if_exists or negated:
                    continue  # IAM: a missing key satisfies ...IfExists and the negations
                return False
            hit = any(_string_test(base, str(e), actual) for e in _as_list(expected_values))
            if hit == negated:
                return False
    return True


def _statement_applies(statement: Mapping[str, Any], request: Request) -> bool:
    if "Action" in statement:
        if not _matches_any(_as_list(statement["Action"]), request.action, case=False):
            return False
    elif _matches_any(_as_list(statement.get("NotAction")), request.action, case=False):
        return False
    if "Resource" in statement:
        if not _matches_any(_as_list(statement["Resource"]), request.resource, case=True):
            return False
    elif _matches_any(_as_list(statement.get("NotResource")), request.resource, case=True):
        return False
    return _condition_holds(statement.get("Condition", {}), request.context)


def evaluate(documents: Iterable[Mapping[str, Any]], request: Request) -> Decision:
    """IAM's decision for `request` under the identity policies `documents` (plain strings:
    every `${...}` already substituted)."""
    allow: str | None = None
    for document in documents:
        for index, statement in enumerate(_as_list(document.get("Statement"))):
            if not _statement_applies(statement, request):
                continue
            sid = str(statement.get("Sid", index))
            if statement.get("Effect") == "Deny":
                return Decision(False, sid, "explicit deny")
            if statement.get("Effect") == "Allow" and allow is None:
                allow = sid
    if allow is not None:
        return Decision(True, allow, "allow")
    return Decision(False, None, "implicit deny")


def substitute(document: Any, values: Mapping[str, str]) -> Any:
    """`document` with each `${name}` of `values` replaced (CloudFormation's `Fn::Sub`)."""
    if isinstance(document, dict):
        return {key: substitute(value, values) for key, value in document.items()}
    if isinstance(document, list):
        return [substitute(value, values) for value in document]
    if isinstance(document, str):
        for name, value in values.items():
            document = document.replace("${" + name + "}", value)
        return document
    return document
