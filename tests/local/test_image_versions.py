"""Issue 12, local strictness: the Python and framework versions of each job step's image are
recorded beside the step (the --json summary and `<run>/<step>.versions.json`), and the run
warns, once per image, where they differ from this machine's (major.minor).

The runner is run on the tiny hand-made pipeline (tiny_pipeline.py) with a metadata.json whose
`images` record names the image's versions, as `sagebridge migrate` writes it.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

import pytest
from tiny_pipeline import definition, upload_code, write_numbers

from sagebridge.local.run.image_versions import step_versions, version_warnings
from sagebridge.local.run.runner import RunOptions, local_store, run_definition, summary_document
from sagebridge.project.pipeline_definition import parse_step
from sagebridge.serialize import to_json

HERE = f"{sys.version_info.major}.{sys.version_info.minor}"
PYTEST = metadata.version("pytest")
JOBS = ["Preprocess", "Train", "Evaluate"]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    upload_code(local_store(folder))
    write_numbers(tmp_path / "data", [1, 2, 3, 4, 5, 6])
    return folder


def _images(out: Path, python: list[int], version: str) -> None:
    images = {"framework": "sklearn", "requirement": "pytest", "training_version": version,
              "inference_version": version, "python": python, "inference_python": python,
              "huggingface": None}
    (out / "metadata.json").write_text(json.dumps({"images": images}))


def _run(out: Path) -> dict:
    options = RunOptions(out=out, parameters={"Threshold": "13"},
                         data={"raw": str(out.parent / "data")})
    return json.loads(to_json(summary_document(run_definition(definition(), options))))


def test_each_job_step_records_its_image_and_the_run_warns_once_where_they_differ(out):
    _images(out, [3, 7], "0.1-0")
    summary = _run(out)
    assert summary["status"] == "succeeded"
    by_name = {step["name"]: step for step in summary["steps"]}
    assert [name for name, step in by_name.items() if step["versions"]] == JOBS
    train = by_name["Train"]["versions"]
    assert train["image"] == "image"
    assert (train["image_python"], train["image_libraries"]) == ("3.7", {"pytest": "0.1-0"})
    assert train["local_python"].startswith(HERE + ".")
    assert train["local_libraries"] == {"pytest": PYTEST}
    assert train["differences"] == [f"Python 3.7 there, {HERE} here",
                                    f"pytest 0.1-0 there, {PYTEST} here"]
    beside = Path(by_name["Train"]["log"]).with_name("Train.versions.json")
    recorded = json.loads(beside.read_text())
    recorded.pop("schema")
    assert recorded == train
    (warning,) = [w for w in summary["warnings"] if "SageMaker runs" in w]
    assert warning.startswith("Preprocess, Train, Evaluate: ran here, but SageMaker runs image")
    assert f"Python 3.7 there, {HERE} here" in warning


def test_no_warning_when_the_image_runs_what_this_machine_runs(out):
    major, minor = sys.version_info[:2]
    _images(out, [major, minor], ".".join(PYTEST.split(".")[:2]) + "-1")
    summary = _run(out)
    assert all(step["versions"]["differences"] == []
               for step in summary["steps"] if step["name"] in JOBS)
    assert not [w for w in summary["warnings"] if "SageMaker runs" in w]


def test_hugging_face_images_name_transformers_and_their_pytorch(tmp_path):
    images = {"framework": "pytorch", "requirement": "torch", "training_version": "2.10.0",
              "python": [3, 12], "huggingface": {"training_version": "5.3.0",
                                                 "training_base": "pytorch2.9.0",
                                                 "training_py_version": "py312"}}
    (tmp_path / "metadata.json").write_text(json.dumps({"images": images}))
    hf_image = ("763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:"
                "2.9.0-transformers5.3.0-gpu-py312-cu126-ubuntu22.04")
    steps = [{"Name": "Train", "Type": "Training",
              "Arguments": {"AlgorithmSpecification": {"TrainingImage": hf_image}}},
             {"Name": "Tune", "Type": "Tuning", "Arguments": {"TrainingJobDefinition": {
                 "AlgorithmSpecification": {"TrainingImage": "x/pytorch-training:2.10.0"}}}},
             {"Name": "Gate", "Type": "Condition", "Arguments": {}}]
    found = step_versions(tmp_path, [parse_step(step) for step in steps])
    assert set(found) == {"Train", "Tune"}
    assert found["Train"].python == "3.12"
    assert dict(found["Train"].libraries) == {"transformers": "5.3.0", "torch": "2.9.0"}
    assert dict(found["Tune"].libraries) == {"torch": "2.10.0"}
    assert len(version_warnings(found)) == len({r.image for r in found.values() if r.differences})


def test_no_metadata_records_nothing(tmp_path):
    assert step_versions(tmp_path, [parse_step({"Name": "Train", "Type": "Training", "Arguments": {
        "AlgorithmSpecification": {"TrainingImage": "image"}}})]) == {}
