"""Issue 12 item 13 (the SDK's hidden repack job), avoided: registering a model with source
code makes the SDK add a training job that runs `_repack_model.py` (its own image, a random
name, the bucket root). Instead the training job's entry script (code/sagebridge_launch.py)
runs the migrated script and then copies the code folder into the model folder's code/, and
the model is registered without source code, naming the program the serving containers import
from /opt/ml/model/code. In the built definition of every example: no job but Train, the
registered container reads Train's own model.tar.gz, and the code channel Train gets holds
inference.py and the launcher.

What the offline build cannot show: the serving containers themselves. Their sources were read
(sagemaker-inference and the Hugging Face toolkit import SAGEMAKER_PROGRAM from
/opt/ml/model/code and install its requirements.txt; the scikit-learn and XGBoost containers
copy SAGEMAKER_SUBMIT_DIRECTORY to /opt/ml/code, install it and import it); that the archive
a run writes holds the code is shown by tests/local/test_e2e_examples.py and below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from infrastructure.projects import EXAMPLES
from sagebridge import contract


def _steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for step in steps:
        found.append(step)
        if step["Type"] == "Condition":
            found += _steps(step["Arguments"]["IfSteps"]) + _steps(step["Arguments"]["ElseSteps"])
    return found


def _code_channel_files(uploads: dict[str, bytes], uri: str) -> set[str]:
    prefix = uri.rstrip("/") + "/"
    return {key[len(prefix):] for key in uploads if key.startswith(prefix)}


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_model_is_registered_with_its_code_and_no_repack_job(generated, example):
    from sagebridge.project.definition import build_offline_definition

    project: Path = generated[example]
    uploads: dict[str, bytes] = {}
    definition = build_offline_definition(
        project, timeout=600, on_upload=lambda uri, body: uploads.__setitem__(uri, body))
    steps = _steps(definition["Steps"])
    assert [s["Name"] for s in steps if s["Type"] == "Training"] == ["Train"]
    assert not [s["Name"] for s in steps if "Repack" in s["Name"]]
    assert "_repack_model" not in json.dumps(definition)

    (register,) = [s for s in steps if s["Type"] == "RegisterModel"]
    (container,) = register["Arguments"]["InferenceSpecification"]["Containers"]
    assert container["ModelDataUrl"] == {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}
    assert container["Environment"][contract.INFERENCE_PROGRAM_ENV] == contract.INFERENCE_SCRIPT
    assert container["Environment"][contract.INFERENCE_SUBMIT_DIR_ENV] == "/opt/ml/model/code"

    train = next(s for s in steps if s["Name"] == "Train")["Arguments"]
    entry = json.loads((project / "metadata.json").read_text())["entry_point"]
    assert train["Environment"] == {contract.LAUNCH_ENTRY_ENV: entry}
    channels = {c["ChannelName"]: c["DataSource"]["S3DataSource"]["S3Uri"]
                for c in train["InputDataConfig"]}
    code = _code_channel_files(uploads, channels["code"])
    assert {contract.INFERENCE_SCRIPT, contract.LAUNCH_SCRIPT, entry} <= code, sorted(code)
    assert not {"preprocess.py", "evaluate.py"} & code
    drivers = _code_channel_files(uploads, channels["sm_drivers"])
    source = json.loads(uploads[f"{channels['sm_drivers'].rstrip('/')}/sourcecode.json"])
    assert "sourcecode.json" in drivers and source["entry_script"] == contract.LAUNCH_SCRIPT


def _launch(project: Path, model_dir: Path, script: str, *args: str) -> subprocess.CompletedProcess:
    code = project / "code"
    (code / "fake_train.py").write_text(script)
    env = {**os.environ, "SM_MODEL_DIR": str(model_dir),
           contract.LAUNCH_ENTRY_ENV: "fake_train.py"}
    return subprocess.run([sys.executable, contract.LAUNCH_SCRIPT, *args], cwd=code, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_the_launcher_runs_the_script_then_packs_the_code_as_it_was(project_copy, tmp_path):
    project = project_copy("sklearn-digits")
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    script = (
        "import os, sys\n"
        "open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.bin'), 'w').write(sys.argv[1:] and"
        " ' '.join(sys.argv[1:]))\n"
        "open('written_by_training.csv', 'w').write('1,2')\n"  # beside itself: not code
    )
    done = _launch(project, model_dir, script, "--alpha", "0.5")
    assert done.returncode == 0, done.stderr
    assert (model_dir / "model.bin").read_text() == "--alpha 0.5"
    packed = {p.relative_to(model_dir / "code").as_posix()
              for p in (model_dir / "code").rglob("*") if p.is_file()}
    assert {"inference.py", "requirements.txt", "train.py", "fake_train.py"} <= packed
    assert "written_by_training.csv" not in packed
    assert not [p for p in packed if "__pycache__" in p or p.endswith(".pyc")]

    # A failing script fails the job with its own status, and packs nothing.
    failed_dir = tmp_path / "failed"
    failed_dir.mkdir()
    failed = _launch(project, failed_dir, "import sys\nsys.exit(3)\n")
    assert failed.returncode == 3
    assert not (failed_dir / "code").exists()



def test_the_launcher_finds_the_script_from_another_working_folder(project_copy, tmp_path):
    """A toolkit may start the entry script by its path from another folder: the training
    script is then found beside the launcher."""
    project = project_copy("sklearn-digits")
    code = project / "code"
    (code / "fake_train.py").write_text(
        "import os\nopen(os.path.join(os.environ['SM_MODEL_DIR'], 'm'), 'w').write('x')\n")
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    env = {**os.environ, "SM_MODEL_DIR": str(model_dir),
           contract.LAUNCH_ENTRY_ENV: "fake_train.py"}
    done = subprocess.run([sys.executable, str(code / contract.LAUNCH_SCRIPT)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (model_dir / "m").read_text() == "x"
    assert (model_dir / "code" / "inference.py").is_file()
