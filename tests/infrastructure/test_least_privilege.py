"""Issue 9 item 13: the stack's own KMS key, AWS-owned image registries, tag-scoped pipeline
jobs, KMS-encrypted job volumes, sampled data capture that expires."""

from __future__ import annotations

import json
import re

import pytest

from infrastructure.projects import EXAMPLES, TEMPLATE, names_of
from sagebridge.contract import DATA_CAPTURE_PREFIX, DEFAULT_CAPTURE_PERCENT
from sagebridge.plan.image_registries import ACCOUNTS, DLC, FIRST_PARTY, registry_mapping
from sagebridge.validate.project import load_cloudformation
from sagebridge.validate.project import plain_intrinsics as plain_form


def _statements(project) -> list[dict]:
    docs = [json.loads(p.read_text()) for p in (project / "infrastructure/iam").glob("*.json")]
    return [s for doc in docs for s in doc["Statement"]]


def _resources(statement: dict) -> list[str]:
    value = statement.get("Resource", [])
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("example", EXAMPLES)
def test_kms_grants_name_the_stacks_own_key(generated, example):
    project = generated[example]
    # kms:ListAliases (pipeline.py's lookup of the stack key) has no resource type and uses
    # no key: it is the one KMS action allowed on "*".
    kms = [s for s in _statements(project)
           if any(a.startswith("kms:") and a != "kms:ListAliases" for a in s["Action"])]
    assert kms
    for statement in kms:
        assert _resources(statement) == ["${DataKey.Arn}"], statement
    text = (project / TEMPLATE).read_text()
    assert "key/*" not in text
    role = load_cloudformation(project / TEMPLATE)["Resources"]["ExecutionRole"]["Properties"]
    execution = next(p for p in role["Policies"] if p["PolicyName"] == "execution")
    key_grants = [s for s in execution["PolicyDocument"]["Statement"] if "Key" in s["Sid"]]
    # Fn::Sub resolves ${DataKey.Arn} to `!GetAtt DataKey.Arn`.
    assert all(s["Resource"] == {"Fn::Sub": "${DataKey.Arn}"} for s in key_grants)


@pytest.mark.parametrize("example", EXAMPLES)
def test_image_pulls_only_from_aws_owned_registries(generated, example):
    project = generated[example]
    pulls = [s for s in _statements(project) if "ecr:BatchGetImage" in s["Action"]]
    assert pulls
    for arn in (r for s in pulls for r in _resources(s)):
        assert "repository/*" not in arn and ":*:" not in arn, arn
        match = re.fullmatch(
            r"arn:\$\{AWS::Partition\}:ecr:\$\{AWS::Region\}:(\$\{\w+\}):repository/[a-z-]+", arn)
        assert match, arn
        assert match.group(1) in {"${FirstPartyRegistry}", "${DeepLearningContainersRegistry}"}, arn
    template = load_cloudformation(project / TEMPLATE)
    mapping = template["Mappings"]["ImageRegistries"]
    # Only the registries of the images the pipeline runs: sklearn and xgboost from AWS's first-party one, PyTorch from the DLC one.
    expected = {"ec2-mnist": {"DeepLearningContainers": "763104351884"}}.get(
        example, {"FirstParty": "683313688378"})
    assert mapping["us-east-1"] == expected


def test_registry_accounts_match_the_sdk_image_config():
    from sagemaker.core import image_uris

    for region in ("us-east-1", "eu-west-1", "ap-southeast-2"):
        sklearn = image_uris.retrieve(framework="sklearn", region=region, version="1.2-1",
                                      py_version="py3", image_scope="training",
                                      instance_type="ml.m5.xlarge")
        torch = image_uris.retrieve(framework="pytorch", region=region, version="2.5.1",
                                    py_version="py311", image_scope="training",
                                    instance_type="ml.m5.xlarge")
        assert sklearn.split(".")[0] == ACCOUNTS[FIRST_PARTY][region]
        assert torch.split(".")[0] == ACCOUNTS[DLC][region]
    assert set(registry_mapping("pytorch")["us-east-1"]) == {DLC}
    assert set(registry_mapping(None)["us-east-1"]) == {FIRST_PARTY, DLC}


@pytest.mark.parametrize("example", EXAMPLES)
def test_pipeline_job_wildcards_require_the_project_tag(generated, example):
    project = generated[example]
    names = names_of(project)
    scoped = [s for s in _statements(project)
              if any(":sagemaker:" in r and "/pipelines-" in r for r in _resources(s))]
    assert scoped
    for statement in scoped:
        condition = statement.get("Condition", {}).get("StringEquals", {})
        tags = {k: v for k, v in condition.items() if k.startswith("aws:")}
        assert tags in ({"aws:RequestTag/Project": names.project},
                        {"aws:ResourceTag/Project": names.project}), statement
    pipeline = (project / "pipeline/pipeline.py").read_text()
    # The tag is the environment's project name (sagebridge.aws.environments): dev's is the slug.
    assert f"PROJECT = {names.project!r} + NAME_SUFFIX\n" in pipeline
    assert 'PROJECT_TAGS = [{"Key": "Project", "Value": PROJECT}]' in pipeline


def _steps(definition: dict) -> list[dict]:
    steps = []
    for step in definition["Steps"]:
        steps.append(step)
        if step["Type"] == "Condition":
            steps += _steps({"Steps": step["Arguments"]["IfSteps"]})
            steps += _steps({"Steps": step["Arguments"]["ElseSteps"]})
    return steps


def test_jobs_encrypt_volumes_and_outputs_with_the_stack_key(generated, tmp_path):
    import subprocess
    import sys

    from sagebridge.project.definition import loopback_moto, offline_env

    project = generated["sklearn-digits"]
    key = "arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555"
    with loopback_moto() as endpoint:
        done = subprocess.run(
            [sys.executable, "pipeline/pipeline.py", "--definition", "--kms-key", key],
            cwd=project, env=offline_env(endpoint), capture_output=True,
            text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    steps = _steps(json.loads(done.stdout))
    jobs = [s for s in steps if s["Type"] in {"Training", "Processing"}]
    assert len(jobs) == 3  # preprocess, train, evaluate (no repack job)
    for step in jobs:
        arguments = step["Arguments"]
        assert {"Key": "Project", "Value": "sklearn-digits"} in arguments["Tags"], step["Name"]
        if step["Type"] == "Processing":
            assert arguments["ProcessingResources"]["ClusterConfig"]["VolumeKmsKeyId"] == key
            assert arguments["ProcessingOutputConfig"]["KmsKeyId"] == key
            assert arguments["NetworkConfig"]["EnableNetworkIsolation"] is True
        else:
            assert arguments["OutputDataConfig"]["KmsKeyId"] == key
            assert arguments["ResourceConfig"]["VolumeKmsKeyId"] == key


@pytest.mark.parametrize("example", EXAMPLES)
def test_data_capture_expires(generated, example):
    template = load_cloudformation(generated[example] / TEMPLATE)
    rules = template["Resources"]["DataBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    capture = [r for r in rules if plain_form(r.get("Prefix")) == f"{DATA_CAPTURE_PREFIX}/"]
    assert len(capture) == 1
    assert capture[0]["Status"] == "Enabled" and 0 < capture[0]["ExpirationInDays"] <= 365
    assert 0 < DEFAULT_CAPTURE_PERCENT < 100
