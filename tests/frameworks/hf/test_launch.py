"""`accelerate launch` semantics, piece by piece: the plan picks torchrun for an Accelerate
script, the local training step starts torchrun's processes as the SDK's driver would, and the
runtime logs a metric from the main process only."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_project
from sagebridge.local.run.steps.launch import torchrun_command, torchrun_env, torchrun_processes
from sagebridge.plan import build_plan

CORPUS = EXAMPLES / "corpus"


@pytest.mark.parametrize("name", ["hf-accelerate", "hf-accelerate-multiprocess"])
def test_an_accelerate_script_is_launched_with_torchrun(name: str):
    plan = build_plan(analyze_project(CORPUS / name))
    assert plan.launch is not None and plan.launch.launcher == "torchrun"
    source = (CORPUS / name / plan.launch.file).read_text().splitlines()
    assert "Accelerator(" in source[plan.launch.line - 1]
    assert plan.launch.note in plan.warnings


@pytest.mark.parametrize("name", ["hf-trainer", "mnist-save-flag", "lightning-cli-csv"])
def test_other_scripts_run_as_one_python_process(name: str):
    assert build_plan(analyze_project(CORPUS / name)).launch is None


def test_an_accelerator_named_elsewhere_is_not_accelerate(tmp_path: Path):
    (tmp_path / "train.py").write_text("import torch\nclass Accelerator: pass\nAccelerator()\n")
    (tmp_path / "requirements.txt").write_text("torch\n")
    assert build_plan(analyze_project(tmp_path)).launch is None


def _drivers(tmp_path: Path, script: str, distributed: str) -> Path:
    drivers = tmp_path / "sm_drivers"
    drivers.mkdir(parents=True)
    (drivers / "sm_train.sh").write_text(script)
    (drivers / "distributed.json").write_text(distributed)
    return drivers


def test_the_process_count_is_the_jobs_else_the_local_option(tmp_path: Path):
    torchrun = "$SM_PYTHON_CMD /opt/ml/input/data/sm_drivers/distributed_drivers/torchrun_driver.py"
    basic = (
        "$SM_PYTHON_CMD /opt/ml/input/data/sm_drivers/distributed_drivers/basic_script_driver.py"
    )
    assert (
        torchrun_processes(
            _drivers(tmp_path / "a", torchrun, '{"process_count_per_node": null, "smp": null}'), 2
        )
        == 2
    )
    assert (
        torchrun_processes(_drivers(tmp_path / "b", torchrun, '{"process_count_per_node": 3}'), 2)
        == 3
    )
    assert torchrun_processes(_drivers(tmp_path / "c", basic, "{}"), 2) is None
    assert torchrun_processes(tmp_path / "nothing", 2) is None
    assert torchrun_env(1) == {} and torchrun_env(2) == {"ACCELERATE_USE_CPU": "true"}


def test_torchrun_starts_the_processes_with_their_ranks(tmp_path: Path):
    script = tmp_path / "entry.py"
    script.write_text(
        textwrap.dedent("""
        import os, sys
        rank, world = os.environ["RANK"], os.environ["WORLD_SIZE"]
        with open(f"rank{rank}", "w") as out:
            out.write(world + " " + " ".join(sys.argv[1:]))
    """)
    )
    subprocess.run(
        [*torchrun_command(str(script), 2), "--epochs", "1"], cwd=tmp_path, check=True,
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert {p.name: p.read_text() for p in tmp_path.glob("rank*")} == {
        "rank0": "2 --epochs 1", "rank1": "2 --epochs 1",
    }  # fmt: skip
