"""The policy evaluator behind the IAM sufficiency check (sagebridge.validate.iam_eval)."""

from __future__ import annotations

import pytest

from sagebridge.validate.iam_eval import Request, UnsupportedCondition, evaluate, substitute

BUCKET = "arn:aws:s3:::b"


def _doc(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(action: object, resource: object = "*", **extra: object) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def test_action_and_resource_wildcards() -> None:
    doc = _doc(_allow("s3:Get*", f"{BUCKET}/data/*"))
    assert evaluate([doc], Request("s3:GetObject", f"{BUCKET}/data/x/y")).allowed
    assert evaluate([doc], Request("S3:getobject", f"{BUCKET}/data/x")).allowed  # action case
    assert not evaluate([doc], Request("s3:PutObject", f"{BUCKET}/data/x")).allowed
    assert not evaluate([doc], Request("s3:GetObject", f"{BUCKET}/other/x")).allowed
    assert not evaluate([doc], Request("s3:GetObject", f"{BUCKET}/DATA/x")).allowed  # ARN case
    assert evaluate([_doc(_allow("s3:GetObjec?", BUCKET))], Request("s3:GetObject", BUCKET)).allowed
    # `[` is no wildcard in IAM
    assert not evaluate([_doc(_allow("s3:[G]etObject"))], Request("s3:GetObject")).allowed


def test_explicit_deny_wins_and_default_is_deny() -> None:
    doc = _doc(_allow("s3:*"), {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"})
    assert evaluate([doc], Request("s3:PutObject")).allowed
    decision = evaluate([doc], Request("s3:DeleteObject"))
    assert (decision.allowed, decision.reason) == (False, "explicit deny")
    assert evaluate([], Request("s3:PutObject")).reason == "implicit deny"


def test_not_action_and_not_resource() -> None:
    doc = _doc({"Effect": "Allow", "NotAction": "iam:*", "NotResource": f"{BUCKET}/secret/*"})
    assert evaluate([doc], Request("s3:GetObject", f"{BUCKET}/a")).allowed
    assert not evaluate([doc], Request("iam:PassRole", "x")).allowed
    assert not evaluate([doc], Request("s3:GetObject", f"{BUCKET}/secret/a")).allowed


def test_conditions() -> None:
    passed = _doc(_allow("iam:PassRole", "r", Condition={
        "StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}))
    ok = Request("iam:PassRole", "r", {"iam:PassedToService": "sagemaker.amazonaws.com"})
    assert evaluate([passed], ok).allowed
    assert not evaluate([passed], Request("iam:PassRole", "r", {
        "iam:PassedToService": "ec2.amazonaws.com"})).allowed
    assert not evaluate([passed], Request("iam:PassRole", "r")).allowed  # missing key fails
    like = _doc(_allow("x:Y", Condition={"StringLike": {"k": ["a/*", "b"]},
                                         "Bool": {"g": "true"}}))
    assert evaluate([like], Request("x:Y", "*", {"k": "a/1", "g": "True"})).allowed
    assert not evaluate([like], Request("x:Y", "*", {"k": "c", "g": "true"})).allowed
    assert not evaluate([like], Request("x:Y", "*", {"k": "b", "g": "false"})).allowed
    if_exists = _doc(_allow("x:Y", Condition={"StringEqualsIfExists": {"k": "v"}}))
    assert evaluate([if_exists], Request("x:Y")).allowed
    assert not evaluate([if_exists], Request("x:Y", "*", {"k": "w"})).allowed
    negated = _doc(_allow("x:Y", Condition={"StringNotEquals": {"k": "v"}}))
    assert not evaluate([negated], Request("x:Y", "*", {"k": "v"})).allowed
    assert evaluate([negated], Request("x:Y", "*", {"k": "w"})).allowed
    with pytest.raises(UnsupportedCondition):
        evaluate([_doc(_allow("x:Y", Condition={"NumericLessThan": {"k": "1"}}))],
                 Request("x:Y", "*", {"k": "0"}))


def test_substitute_pseudo_parameters() -> None:
    doc = {"Resource": ["arn:${AWS::Partition}:s3:::b-${AWS::AccountId}", "${DataKey.Arn}"]}
    assert substitute(doc, {"AWS::Partition": "aws", "AWS::AccountId": "1",
                            "DataKey.Arn": "k"}) == {"Resource": ["arn:aws:s3:::b-1", "k"]}
