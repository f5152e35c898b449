"""Issue 12: the static AWS checks hold for every project of issue 9's corpus, not only the
three examples. Each corpus project (examples/corpus/*, with its manifest's entry point and
options) is migrated, its pipeline definition built offline (and its --tuning variant where it
has one), and then checked, cheaply (no linters, no runs):

* every step's Arguments against botocore's input shape of the API it calls (aws-shapes);
* the generated and the user's code against the image's Python (python-version);
* every image the jobs and the registered model run: SageMaker's own registry for the region
  (the SDK's image config for the framework), the version metadata.json names, and pullable by
  the execution role's policy (evaluated with the stack's ImageRegistries mapping);
* every job tagged with the project (the execution role may only create tagged jobs) and
  encrypted with the stack's key; no hidden repack job;
* the deployer policy allows every call the CLI makes for its commands (validate/iam_calls).

What this cannot show: that SageMaker accepts what botocore's shapes accept (service-side
checks), that the images run the code (tests/local runs it on this machine's Python).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomllib
from infrastructure.projects import names_of

from sagebridge import contract
from sagebridge.migrate import migrate_project
from sagebridge.project.pipeline_definition import parse_definition
from sagebridge.validate import aws_shapes, iam_calls, python_version
from sagebridge.validate.iam_eval import Request, evaluate, substitute
from sagebridge.validate.project import Project, load_cloudformation
from sagebridge.validate.report import CheckStatus
from validate.corpus_build import Builder, in_process_builder

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
PROJECTS = sorted(p.name for p in CORPUS.iterdir() if (p / "corpus.toml").is_file())
REGION = "us-east-1"
OFFLINE_KEY = "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000"
SAMPLE = {"AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": "000000000000",
          "Environment": "dev", "DataKey.Arn": OFFLINE_KEY}
IMAGE = re.compile(r"(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com/([a-z0-9._/-]+):(\S+)")
NO_TUNING = ("nothing to tune", "reports no metric")


@pytest.fixture(scope="module")
def builder() -> Iterator[Builder]:
    with in_process_builder() as built:
        yield built


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("corpus")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _migrate(name: str, dest: Path) -> Path:
    manifest = tomllib.loads((CORPUS / name / "corpus.toml").read_text())
    options = [str(word) for word in manifest.get("migrate_options", [])]
    metric = options[options.index("--metric") + 1] if "--metric" in options else None
    migrate_project(CORPUS / name, dest, entry_point=str(manifest.get("entry_point", "train.py")),
                    metric=metric)
    return dest


def _steps(steps: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for step in steps:
        yield step
        if step["Type"] == "Condition":
            yield from _steps(step["Arguments"]["IfSteps"] + step["Arguments"]["ElseSteps"])


def _images(step: dict[str, Any]) -> list[str]:
    arguments = step["Arguments"]
    found = [arguments.get("AlgorithmSpecification", {}).get("TrainingImage"),
             arguments.get("AppSpecification", {}).get("ImageUri")]
    for definition in [arguments.get("TrainingJobDefinition", {}),
                       *arguments.get("TrainingJobDefinitions", [])]:
        found.append(definition.get("AlgorithmSpecification", {}).get("TrainingImage"))
    found += [c.get("Image") for c in
              arguments.get("InferenceSpecification", {}).get("Containers", [])]
    return [image for image in found if image is not None]


def _sdk_registries(frameworks: set[str]) -> set[str]:
    from sagemaker.core import image_uris

    accounts: set[str] = set()
    for framework in frameworks:
        config = image_uris.config_for_framework(framework)
        scopes = [config[s] for s in ("training", "inference") if s in config] or [config]
        for scope in scopes:
            for version in scope.get("versions", {}).values():
                accounts.update(version.get("registries", {}).values())
    return accounts


def _pullable(project: Path, account: str, repository: str) -> bool:
    template = load_cloudformation(project / "infrastructure/cloudformation/main.yaml")
    mapping = template["Mappings"]["ImageRegistries"][REGION]
    values = {**SAMPLE, **{f"{key}Registry": value for key, value in mapping.items()}}
    policy = json.loads((project / "infrastructure/iam/execution-policy.json").read_text())
    request = Request("ecr:BatchGetImage",
                      f"arn:aws:ecr:{REGION}:{account}:repository/{repository}")
    return evaluate([substitute(policy, values)], request).allowed


def _job_findings(project: Path, definition: dict[str, Any], label: str) -> list[str]:
    """What AWS or the execution role would refuse in the built definition, as messages (and
    one if the definition runs no job image at all: nothing would have been checked)."""
    records = parse_definition(definition)
    problems = [f"{label}{m.message}" for m in aws_shapes.definition_findings(records)]
    metadata = json.loads((project / "metadata.json").read_text())
    images = metadata["images"]
    versions = {images["training_version"], images["inference_version"]}
    frameworks = {images["framework"]}
    if images.get("huggingface"):
        versions |= {images["huggingface"]["training_version"],
                     images["huggingface"]["inference_version"]}
        frameworks.add("huggingface")
    registries = _sdk_registries(frameworks)
    project_tag = {"Key": "Project", "Value": metadata["names"]["project"]}
    if not any(_images(step) for step in _steps(definition["Steps"])):
        problems.append(f"{label}the definition runs no image")
    for step in _steps(definition["Steps"]):
        name = f"{label}step {step['Name']}"
        if "Repack" in step["Name"]:
            problems.append(f"{name}: the SDK's hidden repack job")
        for image in _images(step):
            match = IMAGE.fullmatch(image)
            if match is None:
                problems.append(f"{name}: image {image} is no ECR image URI")
                continue
            account, region, repository, tag = match.groups()
            if region != REGION or account not in registries:
                problems.append(f"{name}: {image} is not in the SDK's image config for {REGION}")
            if not any(tag.startswith(version) for version in versions):
                problems.append(f"{name}: {image} is none of the versions {sorted(versions)}")
            if not _pullable(project, account, repository):
                problems.append(f"{name}: the execution role may not pull {image}")
        arguments = step["Arguments"]
        if step["Type"] in ("Training", "Processing", "Tuning"):
            if project_tag not in arguments.get("Tags", []):
                problems.append(f"{name}: not tagged {project_tag} (the role requires it)")
            output = arguments.get("OutputDataConfig") or arguments.get(
                "ProcessingOutputConfig") or arguments.get("TrainingJobDefinition", {}).get(
                "OutputDataConfig", {})
            if output.get("KmsKeyId") != OFFLINE_KEY:
                problems.append(f"{name}: outputs not encrypted with the stack's key")
    return problems


@pytest.mark.parametrize("name", PROJECTS)
def test_corpus_project_meets_the_aws_contracts(name: str, builder: Builder,
                                                workspace: Path) -> None:
    project = _migrate(name, workspace / name)
    problems = _job_findings(project, builder.build(project), "")
    try:
        problems += _job_findings(project, builder.build(project, tuning=True), "--tuning: ")
    except ValueError as error:  # the project has no tuning step: pipeline.py says why
        assert any(reason in str(error) for reason in NO_TUNING), error

    checked = python_version.check(Project.load(project))
    assert checked.status is CheckStatus.PASSED, checked
    policy = json.loads((project / "infrastructure/iam/endpoint-policy.json").read_text())
    problems += [why for _, why in iam_calls.refused(policy, names_of(project), SAMPLE)]
    assert problems == []
    assert (project / "code" / contract.INFERENCE_SCRIPT).is_file() == (
        project / "code" / contract.LAUNCH_SCRIPT).is_file()



def test_the_checks_fail_on_what_aws_would_refuse(builder: Builder, workspace: Path) -> None:
    """The same checks on a corpus project's definition broken as the old templates broke it:
    an Integer parameter straight into HyperParameters, the SDK's repack job on its fixed
    scikit-learn 1.2-1 image (another account's registry), an untagged, unencrypted job."""
    project = _migrate("sklearn-params-yaml", workspace / "broken")
    definition = builder.build(project)
    train = next(s for s in _steps(definition["Steps"]) if s["Type"] == "Training")
    assert _job_findings(project, definition, "") == []
    definition["Parameters"].append({"Name": "Epochs", "Type": "Integer", "DefaultValue": 3})
    train["Arguments"]["HyperParameters"]["epochs"] = {"Get": "Parameters.Epochs"}
    repack = json.loads(json.dumps(train))
    repack["Name"] = "RegisterModel-RepackModel-model"
    repack["Arguments"]["AlgorithmSpecification"]["TrainingImage"] = (
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3")
    repack["Arguments"]["Tags"] = []
    del repack["Arguments"]["OutputDataConfig"]["KmsKeyId"]
    definition["Steps"].append(repack)
    problems = _job_findings(project, definition, "")
    expected = [
        "Invalid type for parameter HyperParameters.epochs",
        "step RegisterModel-RepackModel-model: the SDK's hidden repack job",
        "is not in the SDK's image config",
        "is none of the versions",
        "the execution role may not pull",
        "not tagged",
        "outputs not encrypted",
    ]
    for text in expected:
        assert any(text in problem for problem in problems), (text, problems)
