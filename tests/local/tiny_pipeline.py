"""A small hand-made pipeline definition (the JSON shape the SDK v3 writes) and its scripts.

Preprocess (processing) -> Train (training through the v3 driver channel) -> Evaluate
(processing with a PropertyFile) -> Gate (JsonGet >= threshold) -> Register | Fail.
The scripts are real and tiny: they do arithmetic on a text file so that every number the
tests check can be computed independently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sagebridge.local.run.store import ObjectStore

BUCKET = "tiny"
CODE = f"s3://{BUCKET}/code"

PREPROCESS = """
import argparse, pathlib
p = argparse.ArgumentParser()
p.add_argument("--raw"); p.add_argument("--train"); p.add_argument("--test")
a = p.parse_args()
numbers = [int(x) for x in pathlib.Path(a.raw, "numbers.txt").read_text().split()]
pathlib.Path(a.train, "train.txt").write_text(" ".join(map(str, numbers[:-2])))
pathlib.Path(a.test, "test.txt").write_text(" ".join(map(str, numbers[-2:])))
print(f"split {len(numbers)} numbers")
"""

TRAIN = """
import argparse, json, os, pathlib
p = argparse.ArgumentParser()
p.add_argument("--scale", type=float)
p.add_argument("--epochs", type=int)
a = p.parse_args()
numbers = [int(x) for x in pathlib.Path(os.environ["SM_CHANNEL_TRAINING"], "train.txt").read_text().split()]
for epoch in range(1, a.epochs + 1):
    print(f"epoch {epoch}")
weight = a.scale * sum(numbers) / len(numbers)
pathlib.Path(os.environ["SM_MODEL_DIR"], "model.json").write_text(json.dumps({"weight": weight}))
print(f"train_mean={weight};")
"""

EVALUATE = """
import argparse, json, pathlib, tarfile
p = argparse.ArgumentParser()
p.add_argument("--model-dir"); p.add_argument("--test-dir"); p.add_argument("--output-dir")
a = p.parse_args()
with tarfile.open(pathlib.Path(a.model_dir, "model.tar.gz")) as tar:
    model = json.load(tar.extractfile("model.json"))
test = [int(x) for x in pathlib.Path(a.test_dir, "test.txt").read_text().split()]
score = model["weight"] + sum(test)
pathlib.Path(a.output_dir, "evaluation.json").write_text(json.dumps({"metrics": {"score": {"value": score}}}))
print(f"score={score};")
"""

INFERENCE = "def model_fn(model_dir):\n    return None\n"


def _processing(
    name: str, script: str, inputs: list[dict[str, Any]], outputs: list[str], args: list[str]
) -> dict[str, Any]:
    return {
        "Name": name,
        "Type": "Processing",
        "Arguments": {
            "ProcessingResources": {
                "ClusterConfig": {
                    "InstanceType": "ml.m5.xlarge",
                    "InstanceCount": 1,
                    "VolumeSizeInGB": 30,
                }
            },
            "AppSpecification": {
                "ImageUri": "image",
                "ContainerEntrypoint": ["python3", f"/opt/ml/processing/input/code/{script}"],
                "ContainerArguments": args,
            },
            "RoleArn": "arn:aws:iam::000000000000:role/r",
            "ProcessingInputs": inputs
            + [
                {
                    "InputName": "code",
                    "S3Input": {
                        "S3Uri": f"{CODE}/{script}",
                        "LocalPath": "/opt/ml/processing/input/code",
                        "S3DataType": "S3Prefix",
                        "S3InputMode": "File",
                    },
                }
            ],
            "ProcessingOutputConfig": {
                "Outputs": [
                    {
                        "OutputName": out,
                        "S3Output": {
                            "S3Uri": {
                                "Std:Join": {
                                    "On": "/",
                                    "Values": [
                                        f"s3://{BUCKET}",
                                        {"Get": "Execution.PipelineExecutionId"},
                                        out,
                                    ],
                                }
                            },
                            "LocalPath": f"/opt/ml/processing/{out}",
                            "S3UploadMode": "EndOfJob",
                        },
                    }
                    for out in outputs
                ]
            },
        },
    }


def _input(name: str, uri: Any) -> dict[str, Any]:
    return {
        "InputName": name,
        "S3Input": {
            "S3Uri": uri,
            "LocalPath": f"/opt/ml/processing/{name}",
            "S3DataType": "S3Prefix",
            "S3InputMode": "File",
        },
    }


def definition() -> dict[str, Any]:
    preprocess = _processing(
        "Preprocess",
        "preprocess.py",
        [_input("raw", {"Get": "Parameters.InputDataUri"})],
        ["train", "test"],
        [
            "--raw",
            "/opt/ml/processing/raw",
            "--train",
            "/opt/ml/processing/train",
            "--test",
            "/opt/ml/processing/test",
        ],
    )
    train = {
        "Name": "Train",
        "Type": "Training",
        "Arguments": {
            "AlgorithmSpecification": {
                "TrainingImage": "image",
                "TrainingInputMode": "File",
                "MetricDefinitions": [{"Name": "train_mean", "Regex": "train_mean=([-0-9.]+);"}],
                "ContainerEntrypoint": ["/bin/bash"],
                "ContainerArguments": ["-c", "/opt/ml/input/data/sm_drivers/sm_train.sh"],
            },
            "HyperParameters": {
                "scale": {"Std:Join": {"On": "", "Values": [{"Get": "Parameters.Scale"}]}},
                "epochs": {"Std:Join": {"On": "", "Values": [{"Get": "Parameters.epochs"}]}},
            },
            "InputDataConfig": [
                {
                    "ChannelName": "training",
                    "DataSource": {
                        "S3DataSource": {
                            "S3DataType": "S3Prefix",
                            "S3Uri": {
                                "Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"
                            },
                        }
                    },
                },
                {
                    "ChannelName": "code",
                    "DataSource": {
                        "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{CODE}/train"}
                    },
                },
                {
                    "ChannelName": "sm_drivers",
                    "DataSource": {
                        "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{CODE}/drivers"}
                    },
                },
            ],
            "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/models"},
            "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},
            "CheckpointConfig": {
                "S3Uri": f"s3://{BUCKET}/checkpoints",
                "LocalPath": "/opt/ml/checkpoints",
            },
        },
    }
    evaluate = _processing(
        "Evaluate",
        "evaluate.py",
        [
            _input("model", {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}),
            _input(
                "test",
                {"Get": "Steps.Preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri"},
            ),
        ],
        ["evaluation"],
        [
            "--model-dir",
            "/opt/ml/processing/model",
            "--test-dir",
            "/opt/ml/processing/test",
            "--output-dir",
            "/opt/ml/processing/evaluation",
        ],
    )
    evaluate["PropertyFiles"] = [
        {"PropertyFileName": "Report", "OutputName": "evaluation", "FilePath": "evaluation.json"}
    ]
    measured = {
        "Std:JsonGet": {
            "PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.Report"},
            "Path": "metrics.score.value",
        }
    }
    register = {
        "Name": "Register",
        "Type": "RegisterModel",
        "Arguments": {
            "ModelPackageGroupName": "tiny-models",
            "ModelApprovalStatus": {"Get": "Parameters.ModelApprovalStatus"},
            "ModelMetrics": {
                "ModelQuality": {
                    "Statistics": {
                        "ContentType": "application/json",
                        "S3Uri": {
                            "Std:Join": {
                                "On": "/",
                                "Values": [
                                    {
                                        "Get": "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri"
                                    },
                                    "evaluation.json",
                                ],
                            }
                        },
                    }
                }
            },
            "InferenceSpecification": {
                "Containers": [
                    {
                        "Image": "image",
                        "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"},
                    }
                ]
            },
        },
    }
    fail = {
        "Name": "GateFailed",
        "Type": "Fail",
        "Arguments": {
            "ErrorMessage": {
                "Std:Join": {
                    "On": " ",
                    "Values": ["score", measured, "is below", {"Get": "Parameters.Threshold"}],
                }
            }
        },
    }
    gate = {
        "Name": "Gate",
        "Type": "Condition",
        "Arguments": {
            "Conditions": [
                {
                    "Type": "GreaterThanOrEqualTo",
                    "LeftValue": measured,
                    "RightValue": {"Get": "Parameters.Threshold"},
                }
            ],
            "IfSteps": [register],
            "ElseSteps": [fail],
        },
    }
    return {
        "Version": "2020-12-01",
        "Parameters": [
            {"Name": "InputDataUri", "Type": "String", "DefaultValue": f"s3://{BUCKET}/raw"},
            {"Name": "Scale", "Type": "Float", "DefaultValue": 1.0},
            {"Name": "epochs", "Type": "Integer", "DefaultValue": 2},
            {"Name": "Threshold", "Type": "Float", "DefaultValue": 0.0},
            {"Name": "ModelApprovalStatus", "Type": "String", "DefaultValue": "Approved"},
        ],
        "Steps": [preprocess, train, evaluate, gate],
    }


def upload_code(
    store: ObjectStore, train_script: str = TRAIN, evaluate_script: str = EVALUATE
) -> None:
    """What the SDK uploads while it builds the definition, written straight to the store."""
    store.put_bytes(PREPROCESS.encode(), f"{CODE}/preprocess.py")
    store.put_bytes(evaluate_script.encode(), f"{CODE}/evaluate.py")
    store.put_bytes(train_script.encode(), f"{CODE}/train/train.py")
    store.put_bytes(INFERENCE.encode(), f"{CODE}/train/inference.py")
    store.put_bytes(
        json.dumps({"entry_script": "train.py", "source_dir": "/opt/ml/input/data/code"}).encode(),
        f"{CODE}/drivers/sourcecode.json",
    )


def write_numbers(folder: Path, numbers: list[int]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "numbers.txt").write_text(" ".join(map(str, numbers)))
    return folder
