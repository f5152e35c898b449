"""AWS names: derived once, valid for every service's rules, and shared by the whole plan."""

from __future__ import annotations

import re

import pytest
from helpers.paths import EXAMPLES
from hypothesis import given
from hypothesis import strategies as st

from sagebridge.analyze import analyze_project
from sagebridge.plan import build_plan
from sagebridge.plan.names import derive_names, slug

SAGEMAKER_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9])*$")
STACK = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]*$")
ROLE = re.compile(r"^[\w+=,.@-]+$")
BUCKET_PREFIX = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")


def assert_valid(folder_name: str) -> None:
    names = derive_names(folder_name)
    assert STACK.match(names.stack) and len(names.stack) <= 128
    for name, limit in ((names.pipeline, 256), (names.model_package_group, 63),
                        (names.endpoint, 63), (names.base_job, 63 - 24)):
        assert SAGEMAKER_NAME.match(name) and len(name) <= limit, name
    assert ROLE.match(names.role) and len(names.role) <= 64
    # the stack's role and deployer policy append -<region up to 14>-<environment up to 7>
    role = f"{names.role}-ap-southeast-2-staging"
    assert ROLE.match(role) and len(role) <= 64, role
    assert len(f"{names.role}-deployer-ap-southeast-2-staging") <= 128
    # the template appends -<12-digit account>-<region up to 14>: the bucket stays within 63
    bucket = f"{names.bucket_prefix}-123456789012-ap-southeast-2"
    assert BUCKET_PREFIX.match(bucket) and 3 <= len(bucket) <= 63, bucket
    assert all(value == value.lower() for value in vars(names).values())


@pytest.mark.parametrize("folder_name", [
    "ec2-mnist", "My Project (v2)", "123-start-with-digit", "___", "a" * 200, "Ünïcode_model",
])
def test_names_are_valid(folder_name: str) -> None:
    assert_valid(folder_name)


@given(st.text(max_size=80))
def test_any_folder_name_gives_valid_names(folder_name: str) -> None:
    assert_valid(folder_name)


def test_slug_examples() -> None:
    assert slug("ec2-mnist") == "ec2-mnist"
    assert slug("My Project (v2)") == "my-project-v2"
    assert slug("123") == "p-123"
    assert slug("") == "project"


def test_long_names_that_share_a_start_stay_distinct() -> None:
    first, second = slug("customer-churn-model-q3-2025"), slug("customer-churn-model-q4-2025")
    assert first != second and len(first) <= 20


def test_the_plan_uses_the_one_set_of_names() -> None:
    src = EXAMPLES / "ec2-mnist"
    plan = build_plan(analyze_project(src))
    assert plan.names == derive_names("ec2-mnist")
    assert plan.names.project == "ec2-mnist"
    assert plan.names.pipeline.startswith(plan.names.project)
