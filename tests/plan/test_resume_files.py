"""A file the script saves in training and loads back at start-up when it exists (a snapshot):
found in analyze/ (TrainingFacts.resume_files), moved to the checkpoint folder by the plan
(PathPlan.resume), its save left as written, and no sagebridge checkpoint beside it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.model.training import ResumeFile
from sagebridge.plan import build_plan

SNAPSHOT = """\
import os

import torch

SNAPSHOT = "snapshots/last.pt"


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 1)

    def forward(self, x):
        return self.fc(x)


def train(epochs):
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    start = 0
    if os.path.exists(SNAPSHOT):
        start = torch.load(SNAPSHOT)["epoch"]
    for epoch in range(start, epochs):
        optimizer.step()
        torch.save({"model": model.state_dict(), "epoch": epoch + 1}, SNAPSHOT)
    print(f"loss: {0.5:.3f}")


if __name__ == "__main__":
    train(3)
"""


def _project(tmp_path: Path, source: str) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "train.py").write_text(textwrap.dedent(source))
    return tmp_path


def test_snapshot_saved_and_loaded_when_it_exists_is_a_resume_file(tmp_path: Path) -> None:
    analysis = analyze_project(_project(tmp_path, SNAPSHOT))
    assert analysis.training.resume_files == (
        ResumeFile("train.py", 25, "SNAPSHOT", 5, "snapshots/last.pt"),
    )
    plan = build_plan(analysis)
    (path,) = [p for p in plan.paths if p.line == 5]
    assert path.resume
    (save,) = plan.saves
    assert not save.into_model_dir  # the runtime copies the file into SM_MODEL_DIR at the end
    assert plan.checkpoint is None  # the script resumes itself: no second checkpoint


def test_a_save_never_loaded_back_is_a_model_file(tmp_path: Path) -> None:
    source = SNAPSHOT.replace(
        '        start = torch.load(SNAPSHOT)["epoch"]\n', "        start = 1\n"
    )
    analysis = analyze_project(_project(tmp_path, source))
    assert analysis.training.resume_files == ()
    plan = build_plan(analysis)
    assert not any(p.resume for p in plan.paths)
    assert plan.checkpoint is not None  # sagebridge's own checkpoints resume the loop


def test_migrated_script_reads_the_snapshot_from_the_runtime(tmp_path: Path) -> None:
    from sagebridge.migrate import migrate_project

    migrate_project(_project(tmp_path / "src", SNAPSHOT), tmp_path / "out")
    migrated = (tmp_path / "out" / "code" / "train.py").read_text()
    assert 'SNAPSHOT = sagebridge_runtime.resume_file("snapshots/last.pt")' in migrated
    assert "Checkpoints(" not in migrated
    assert 'torch.save({"model": model.state_dict(), "epoch": epoch + 1}, SNAPSHOT)' in migrated


def test_migrating_the_migrated_script_keeps_its_resume_file(tmp_path: Path) -> None:
    from sagebridge.migrate import migrate_project

    migrate_project(_project(tmp_path / "src", SNAPSHOT), tmp_path / "once")
    migrate_project(tmp_path / "once" / "code", tmp_path / "twice")
    once = (tmp_path / "once" / "code" / "train.py").read_text()
    assert (tmp_path / "twice" / "code" / "train.py").read_text() == once
