"""`sagebridge run --local` when things go wrong, and with a relative OUT, through the real CLI.

The migrated sklearn-digits project is the cheapest that trains for real (a 5-tree forest on
the bundled digits, no data to stage): a broken copy of its train.py must fail the run with the
traceback shown and nothing registered; a working copy must run from a relative OUT (steps run
with their sandbox as working directory, so every path the runner hands them must be absolute).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import sagebridge

EXAMPLE = "sklearn-digits"  # its pristine OUT: the `migrated` fixture (tests/conftest.py)
SMALL = ("-p", "QualityThreshold=0.3", "-p", "n_estimators=5", "-p", "n_jobs=1")
BROKEN = 'raise RuntimeError("deliberately broken")'


def break_training(out: Path) -> None:
    """Make main() of OUT/code/train.py raise before it does anything."""
    train = out / "code" / "train.py"
    source = train.read_text()
    assert source.count("def main():\n") == 1
    train.write_text(source.replace("def main():\n", f"def main():\n    {BROKEN}\n"))


def registered_versions(out: Path) -> list[dict[str, Any]]:
    listed = sagebridge("models", out, "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)["model_packages"]


@pytest.mark.slow
def test_a_broken_training_script_fails_the_run_with_its_traceback(
    migrated: Callable[[str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "exp[old]" / "out"  # brackets: the human view must not read them as markup
    shutil.copytree(migrated(EXAMPLE), out)
    break_training(out)

    done = sagebridge("run", out, "--local", "--json", *SMALL)
    assert done.returncode == 1, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["status"] == "failed"
    assert summary["failure"] == "Train: the training script exited with 1"
    assert summary["registered_model"] is None
    states = {s["name"]: s["status"] for s in summary["steps"]}
    assert states["Preprocess"] == "succeeded"
    assert states["Train"] == "failed"
    assert {states[n] for n in states if n not in ("Preprocess", "Train")} == {"not_run"}
    (train,) = [s for s in summary["steps"] if s["name"] == "Train"]
    log = Path(train["log"])
    assert log.is_file()
    assert "Traceback (most recent call last)" in log.read_text()
    assert "RuntimeError: deliberately broken" in log.read_text()
    assert registered_versions(out) == []

    # For a person: the failure file's traceback and the log path, after the steps table.
    # (The failed step is not cached: this run trains, and fails, again.)
    shown = sagebridge("run", out, "--local", *SMALL)
    assert shown.returncode == 1
    summary_part = shown.stdout.split("pipeline failed:", 1)
    assert len(summary_part) == 2, shown.stdout
    reason, detail = summary_part[1].split("\n", 1)
    assert reason.strip() == "Train: the training script exited with 1"
    assert "failure file:" in detail
    assert "Traceback (most recent call last)" in detail
    assert BROKEN in detail  # the offending line, quoted by the traceback
    assert "RuntimeError: deliberately broken" in detail
    (log_line,) = [line for line in detail.splitlines() if line.startswith("log: ")]
    shown_log = Path(log_line.removeprefix("log: "))
    assert shown_log.name == "Train.log" and shown_log.is_file()
    assert shown_log.parent.parent == log.parent.parent  # OUT/.sagebridge/runs, brackets kept
    assert "Train | RuntimeError: deliberately broken" in shown.stderr  # streamed live
    assert registered_versions(out) == []


@pytest.fixture(scope="module")
def relative_run(
    built: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`cd ROOT && sagebridge run out --local --json` on a fresh copy: (ROOT, the process).

    The copy's definition is cached (`built`, tests/conftest.py): `run` makes OUT absolute
    before it builds or reuses one, and the broken-script test above builds one from a copy."""
    root = tmp_path_factory.mktemp("relative")
    shutil.copytree(built(EXAMPLE), root / "out")
    return root, sagebridge("run", "out", "--local", "--json", *SMALL, cwd=root)


@pytest.mark.slow
def test_a_relative_out_runs_and_registers(
    relative_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    root, done = relative_run
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["status"] == "succeeded"
    out = (root / "out").resolve()
    for step in summary["steps"]:
        if step["log"] is not None:
            assert Path(step["log"]).is_absolute()
            assert Path(step["log"]).is_relative_to(out / ".sagebridge" / "runs")
    model_data = Path(summary["registered_model"]["model_data"])
    assert model_data.is_absolute() and model_data.is_file()
    assert model_data.is_relative_to(out / ".sagebridge")
    (package,) = registered_versions(root / "out")
    assert package["metrics"] == summary["metrics"]
    assert 0.5 < summary["metrics"]["test_accuracy"] <= 1.0
    assert not (root / ".sagebridge").exists()  # state under OUT, not the working directory


def test_reasons_and_paths_are_shown_as_they_are_not_as_markup(tmp_path: Path) -> None:
    """Rich markup in a failure reason or a path used to vanish ("[old]") or crash ("[/x]")."""
    from rich.console import Console

    from sagebridge.cli.render_local import print_summary
    from sagebridge.local.run.records import RunStatus, RunSummary, StepRecord, StepStatus

    log = "/work/exp[/x]/out/.sagebridge/runs/abc/Train.log"
    summary = RunSummary(
        status=RunStatus.FAILED,
        execution_id="abc",
        steps=(StepRecord("Train", "Training", StepStatus.FAILED, 1.0, log),),
        metrics={"[bold]accuracy": 0.5},
        registered_model=None,
        failure="QualityGateFailed: accuracy 0.5 is below [threshold] 0.9",
    )
    console = Console(record=True, width=200, color_system=None)
    print_summary(console, summary)
    text = console.export_text()
    assert "pipeline failed: QualityGateFailed: accuracy 0.5 is below [threshold] 0.9" in text
    assert f"log: {log}" in text
    assert "[bold]accuracy = 0.5" in text

    listed = sagebridge("models", tmp_path / "exp[old]")
    assert listed.returncode == 0
    assert f"No model registered for {tmp_path / 'exp[old]'}" in " ".join(listed.stdout.split())


def test_a_missing_out_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = sagebridge("run", tmp_path / "nowhere", "--local", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ") and str(tmp_path / "nowhere") in lines[0]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.slow
def test_data_for_an_input_the_pipeline_lacks_is_one_line_and_exit_2(
    relative_run: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    root, _ = relative_run  # built once: its definition is cached, so this check is quick
    out = root / "out"
    runs_before = sorted((out / ".sagebridge" / "runs").iterdir())
    done = sagebridge("run", out, "--local", "--json", *SMALL, "--data", f"nosuchinput={tmp_path}")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: --data nosuchinput=")
    assert "Traceback" not in done.stderr
    assert sorted((out / ".sagebridge" / "runs").iterdir()) == runs_before  # nothing ran


def test_a_file_uri_with_a_host_is_refused_not_read_as_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--data raw=file://data` used to stage "" (the whole working directory) as the input."""
    from sagebridge.errors import UserError
    from sagebridge.local.run.store import ObjectStore, stage_user_data

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "churn.csv").write_text("a,b\n1,2\n")
    monkeypatch.chdir(tmp_path)
    store = ObjectStore(tmp_path / "store")
    for typo in ("file://data", "file://data/churn.csv"):
        with pytest.raises(UserError, match="a file:// URI names an absolute path"):
            stage_user_data(store, typo, "s3://local/raw")
    assert not (tmp_path / "store").exists()

    stage_user_data(store, f"file://{tmp_path / 'data'}", "s3://local/raw")
    assert (tmp_path / "store" / "local" / "raw" / "churn.csv").read_text() == "a,b\n1,2\n"


@pytest.mark.slow
def test_a_wrong_approval_status_is_refused_before_anything_runs(
    relative_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """It used to be found by the RegisterModel step, after the whole training, with no summary."""
    root, _ = relative_run
    out = root / "out"
    runs_before = sorted((out / ".sagebridge" / "runs").iterdir())
    done = sagebridge("run", out, "--local", "--json", *SMALL, "-p", "ModelApprovalStatus=approved")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: step RegisterModel: approval status 'approved'")
    assert "Approved, PendingManualApproval, Rejected" in lines[0]
    assert sorted((out / ".sagebridge" / "runs").iterdir()) == runs_before  # nothing ran
