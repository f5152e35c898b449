"""The rendered pipeline/pipeline.py builds its definition offline, with the expected wiring.

The subprocess gets no AWS endpoint (pipeline.py starts moto on 127.0.0.1 itself) and an
HTTP(S) proxy on a dead loopback port for everything else: a request to AWS would fail the
build, so a passing build shows none was made.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pipeline.sample_plan import NAMES, sample_plan

from sagebridge.plan.docs import template_values
from sagebridge.plan.layout import LAYOUT
from sagebridge.render.project import render_project

CODE_FILES = ("preprocess.py", "train.py", "evaluate.py", "inference.py", "requirements.txt",
              "sagebridge_launch.py")


def render(plan: Any, root: Path) -> Path:
    for relative, text in render_project(plan, template_values(plan)).items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name in CODE_FILES:  # the code templates are another stage's; any content will do here
        (root / "code" / name).write_text("print('placeholder')\n")
    return root


def offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="127.0.0.1,localhost",
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


def build(root: Path, *flags: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "pipeline/pipeline.py", "--definition", *flags],
        cwd=root,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(sample_plan(), tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def definition(project: Path) -> dict[str, Any]:
    return build(project)


def steps(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for step in definition["Steps"]:
        found[step["Name"]] = step
        if step["Type"] == "Condition":
            for child in step["Arguments"]["IfSteps"] + step["Arguments"]["ElseSteps"]:
                found[child["Name"]] = child
    return found


def test_steps_and_types(definition: dict[str, Any]) -> None:
    by_name = steps(definition)
    assert [s["Name"] for s in definition["Steps"][:4]] == [
        LAYOUT.preprocess_step,
        LAYOUT.train_step,
        LAYOUT.evaluate_step,
        LAYOUT.gate_step,
    ]
    assert by_name[LAYOUT.preprocess_step]["Type"] == "Processing"
    assert by_name[LAYOUT.train_step]["Type"] == "Training"
    assert by_name[LAYOUT.evaluate_step]["Type"] == "Processing"
    assert by_name[LAYOUT.gate_step]["Type"] == "Condition"
    assert by_name[LAYOUT.register_step]["Type"] == "RegisterModel"
    assert by_name[LAYOUT.fail_step]["Type"] == "Fail"


def test_parameters_and_defaults(definition: dict[str, Any]) -> None:
    parameters = {p["Name"]: p for p in definition["Parameters"]}
    assert parameters["epochs"] == {"Name": "epochs", "Type": "Integer", "DefaultValue": 10}
    assert parameters["lr"]["Type"] == "Float" and parameters["lr"]["DefaultValue"] == 1.0
    assert parameters["batch_size"]["DefaultValue"] == 64
    assert parameters["QualityThreshold"]["DefaultValue"] == 90.0
    assert parameters["ModelApprovalStatus"]["DefaultValue"] == "PendingManualApproval"
    for name in (
        "ProcessingInstanceType",
        "ProcessingInstanceCount",
        "TrainingInstanceType",
        "TrainingInstanceCount",
        "InputDataUri",
    ):
        assert name in parameters


def test_training_wiring(definition: dict[str, Any]) -> None:
    train = steps(definition)[LAYOUT.train_step]["Arguments"]
    # HyperParameters is a map of strings in CreateTrainingJob: numbers go through .to_string().
    assert train["HyperParameters"]["epochs"] == {
        "Std:Join": {"On": "", "Values": [{"Get": "Parameters.epochs"}]}}
    assert train["HyperParameters"]["batch_size"] == {
        "Std:Join": {"On": "", "Values": [{"Get": "Parameters.batch_size"}]}}
    channel = next(c for c in train["InputDataConfig"] if c["ChannelName"] == "training")
    assert channel["DataSource"]["S3DataSource"]["S3Uri"] == {
        "Get": f"Steps.{LAYOUT.preprocess_step}.ProcessingOutputConfig"
        f".Outputs['{LAYOUT.train_output}'].S3Output.S3Uri"
    }
    metrics = train["AlgorithmSpecification"]["MetricDefinitions"]
    assert metrics == [{"Name": "test_accuracy", "Regex": r"test_accuracy=([-+0-9.eE]+);"}]
    assert train["CheckpointConfig"]["LocalPath"] == "/opt/ml/checkpoints"
    assert train["ResourceConfig"]["InstanceType"] == {"Get": "Parameters.TrainingInstanceType"}


def test_property_file_gate_and_registration(definition: dict[str, Any]) -> None:
    by_name = steps(definition)
    evaluate = by_name[LAYOUT.evaluate_step]
    assert evaluate["PropertyFiles"] == [
        {
            "PropertyFileName": LAYOUT.property_file,
            "OutputName": LAYOUT.evaluation_output,
            "FilePath": LAYOUT.report_file,
        }
    ]
    outputs = evaluate["Arguments"]["ProcessingOutputConfig"]["Outputs"]
    assert [o["OutputName"] for o in outputs] == [LAYOUT.evaluation_output]
    assert outputs[0]["S3Output"]["LocalPath"] == LAYOUT.evaluation_output_path

    measured = {
        "Std:JsonGet": {
            "PropertyFile": {
                "Get": f"Steps.{LAYOUT.evaluate_step}.PropertyFiles.{LAYOUT.property_file}"
            },
            "Path": "metrics.test_accuracy.value",
        }
    }
    gate = by_name[LAYOUT.gate_step]["Arguments"]
    assert gate["Conditions"] == [
        {
            "Type": "GreaterThanOrEqualTo",
            "LeftValue": measured,
            "RightValue": {"Get": "Parameters.QualityThreshold"},
        }
    ]
    assert [s["Name"] for s in gate["IfSteps"]] == [LAYOUT.register_step]
    assert [s["Name"] for s in gate["ElseSteps"]] == [LAYOUT.fail_step]
    assert measured in by_name[LAYOUT.fail_step]["Arguments"]["ErrorMessage"]["Std:Join"]["Values"]

    register = by_name[LAYOUT.register_step]["Arguments"]
    assert register["ModelPackageGroupName"] == NAMES.model_package_group
    assert register["ModelApprovalStatus"] == {"Get": "Parameters.ModelApprovalStatus"}
    container = register["InferenceSpecification"]["Containers"][0]
    assert container["Environment"]["SAGEMAKER_PROGRAM"] == "inference.py"
    statistics = register["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"]["Std:Join"]
    assert statistics["Values"][-1] == LAYOUT.report_file


def test_processing_paths_come_from_the_layout(definition: dict[str, Any]) -> None:
    by_name = steps(definition)
    preprocess = by_name[LAYOUT.preprocess_step]["Arguments"]
    raw = preprocess["ProcessingInputs"][0]
    assert raw["InputName"] == LAYOUT.raw_input
    assert raw["S3Input"]["LocalPath"] == LAYOUT.raw_input_path
    assert raw["S3Input"]["S3Uri"] == {"Get": "Parameters.InputDataUri"}
    assert {
        o["OutputName"]: o["S3Output"]["LocalPath"]
        for o in preprocess["ProcessingOutputConfig"]["Outputs"]
    } == {
        LAYOUT.train_output: LAYOUT.train_output_path,
        LAYOUT.test_output: LAYOUT.test_output_path,
    }
    evaluate_inputs = {
        i["InputName"]: i["S3Input"]["LocalPath"]
        for i in by_name[LAYOUT.evaluate_step]["Arguments"]["ProcessingInputs"]
    }
    assert evaluate_inputs[LAYOUT.model_input] == LAYOUT.model_input_path
    assert evaluate_inputs[LAYOUT.test_input] == LAYOUT.test_input_path


def test_tuning_variant(project: Path) -> None:
    definition = build(project, "--tuning")
    by_name = steps(definition)
    assert LAYOUT.train_step not in by_name
    tune = by_name[LAYOUT.tune_step]["Arguments"]["HyperParameterTuningJobConfig"]
    assert tune["HyperParameterTuningJobObjective"] == {
        "MetricName": "test_accuracy",
        "Type": "Maximize",
    }
    ranges = tune["ParameterRanges"]
    assert ranges["ContinuousParameterRanges"][0]["Name"] == "lr"
    assert ranges["IntegerParameterRanges"][0]["Name"] == "batch_size"
    model_input = next(
        i
        for i in by_name[LAYOUT.evaluate_step]["Arguments"]["ProcessingInputs"]
        if i["InputName"] == LAYOUT.model_input
    )
    assert f"Steps.{LAYOUT.tune_step}.TrainingJobSummaries[0].TrainingJobName" in json.dumps(
        model_input
    )


def test_no_threshold_makes_a_required_parameter() -> None:
    plan = sample_plan(threshold=None)
    text = render_project(plan, template_values(plan))["pipeline/pipeline.py"]
    assert 'quality_threshold = ParameterFloat(name="QualityThreshold")' in text


def test_refuses_a_remote_endpoint(project: Path) -> None:
    env = offline_env() | {"AWS_ENDPOINT_URL": "https://s3.amazonaws.com"}
    done = subprocess.run(
        [sys.executable, "pipeline/pipeline.py", "--definition"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0
    assert "not on loopback" in done.stderr
