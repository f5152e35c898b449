"""A Tuning step (the shape SDK v3's HyperparameterTuner writes: the toolkit's
sagemaker_program/sagemaker_submit_directory convention) on the tiny pipeline's scripts."""

from __future__ import annotations

import io
import random
import tarfile
from pathlib import Path
from typing import Any

from tiny_pipeline import BUCKET, TRAIN, definition, upload_code, write_numbers

from sagebridge.local.run.runner import RunOptions, RunStatus, local_store, run_definition
from sagebridge.local.run.steps.tuning import sample
from sagebridge.project.jobs import TuningConfig

RANGES = {
    "ContinuousParameterRanges": [
        {"Name": "scale", "MinValue": "0.5", "MaxValue": "3.0", "ScalingType": "Logarithmic"}
    ],
    "IntegerParameterRanges": [
        {"Name": "epochs", "MinValue": "1", "MaxValue": "3", "ScalingType": "Linear"}
    ],
}


def tuning_definition() -> dict[str, Any]:
    document = definition()
    train = document["Steps"][1]["Arguments"]
    job = {
        "AlgorithmSpecification": train["AlgorithmSpecification"],
        "InputDataConfig": [train["InputDataConfig"][0]],  # the data channel only
        "OutputDataConfig": train["OutputDataConfig"],
        "ResourceConfig": train["ResourceConfig"],
        "StaticHyperParameters": {
            "sagemaker_program": "train.py",
            "sagemaker_submit_directory": f"s3://{BUCKET}/code/sourcedir.tar.gz",
        },
    }
    document["Steps"][1] = {
        "Name": "Tune",
        "Type": "Tuning",
        "Arguments": {
            "HyperParameterTuningJobConfig": {
                "Strategy": "Random",
                "HyperParameterTuningJobObjective": {
                    "Type": "Maximize",
                    "MetricName": "train_mean",
                },
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 3, "MaxParallelTrainingJobs": 1},
                "ParameterRanges": RANGES,
            },
            "TrainingJobDefinition": job,
        },
    }
    model_input = document["Steps"][2]["Arguments"]["ProcessingInputs"][0]["S3Input"]
    model_input["S3Uri"] = {
        "Std:Join": {
            "On": "/",
            "Values": [
                "s3:/",
                BUCKET,
                "models",
                {"Get": "Steps.Tune.TrainingJobSummaries[0].TrainingJobName"},
                "output/model.tar.gz",
            ],
        }
    }
    register = document["Steps"][3]["Arguments"]["IfSteps"][0]["Arguments"]
    register["InferenceSpecification"]["Containers"][0]["ModelDataUrl"] = model_input["S3Uri"]
    return document


def test_random_search_keeps_the_best_trial(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    store = local_store(out)
    upload_code(store)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("train.py")
        info.size = len(TRAIN.encode())
        tar.addfile(info, io.BytesIO(TRAIN.encode()))
    store.put_bytes(buffer.getvalue(), f"s3://{BUCKET}/code/sourcedir.tar.gz")
    data = write_numbers(tmp_path / "data", [1, 2, 3, 4, 5, 6])

    summary = run_definition(tuning_definition(), RunOptions(out=out, data={"raw": str(data)}))

    assert summary.status == RunStatus.SUCCEEDED, summary.failure
    # The same seeded sampler, replayed: the trials' scales and the best of them.
    rng = random.Random("Tune")
    ranges = TuningConfig.parse({"ParameterRanges": RANGES}).ranges
    scales = [float(sample(ranges, rng)["scale"]) for _ in range(3)]
    assert all(0.5 <= s <= 3.0 for s in scales)
    best_weight = max(scales) * 2.5
    assert summary.metrics["train_mean"] == best_weight
    assert summary.metrics["score"] == best_weight + 11
    trial_dirs = sorted(p.name for p in (out / ".sagebridge/runs").glob("*/Tune-*"))
    assert len(trial_dirs) == 3
