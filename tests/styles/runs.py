"""Shared by the style tests: a corpus project migrated once, run as the original, as SageMaker
runs the migrated script (SM_* folders under tmp_path, every pipeline hyperparameter passed as
`--flag value` strings) and as a laptop runs it (no SM_* variable, no argument)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.migrate import migrate_project

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@dataclass(frozen=True)
class Migrated:
    name: str
    original: Path  # a pristine copy of the project, where the original runs
    out: Path  # migrate's output

    @property
    def code(self) -> Path:
        return self.out / "code"

    def metadata(self) -> dict[str, object]:
        loaded = json.loads((self.out / "metadata.json").read_text())
        assert isinstance(loaded, dict)
        return loaded

    def hyperparameters(self) -> dict[str, dict[str, object]]:
        found = self.metadata()["hyperparameters"]
        assert isinstance(found, dict)
        return found

    def sagemaker_args(self, **overrides: object) -> list[str]:
        """Every hyperparameter as CreateTrainingJob passes it: `--flag value`, strings."""
        args: list[str] = []
        for name, entry in sorted(self.hyperparameters().items()):
            value = overrides.pop(name, entry["default"])
            args += [str(entry["flag"]), str(value)]
        assert not overrides, f"not hyperparameters: {sorted(overrides)}"
        return args


def migrated(root: Path, name: str) -> Migrated:
    original = root / "original"
    shutil.copytree(CORPUS / name, original, ignore=shutil.ignore_patterns("__pycache__"))
    out = root / "out"
    migrate_project(CORPUS / name, out, entry_point="train.py")
    return Migrated(name, original, out)


def run_original(
    project: Migrated, args: list[str], files: dict[str, str] | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """The original in a fresh copy of the project (its outputs don't meet another run's),
    with `files` ({path: text}) written over the copy's."""
    work = project.original.parent / f"original-{_count(project.original.parent, 'original-')}"
    shutil.copytree(project.original, work)
    for path, text in (files or {}).items():
        (work / path).write_text(text)
    return run_script(work / "train.py", args, cwd=work, env=plain_env(**env))


def run_sagemaker(
    project: Migrated, tmp_path: Path, args: list[str], data: str | None = "data"
) -> tuple[subprocess.CompletedProcess[str], FakeContainer]:
    """The migrated script as a training job runs it: the data folder in the training channel,
    the SM_* variables set, the hyperparameters as arguments, from a copy of code/."""
    container = FakeContainer(tmp_path / f"opt_ml-{_count(tmp_path, 'opt_ml-')}")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    if data is not None:  # None: the script reads no input data
        shutil.copytree(project.original / data, container.channel())
    code = container.root / "code"
    shutil.copytree(project.code, code)
    done = run_script(code / "train.py", args, cwd=code, env=plain_env(**container.env()))
    return done, container


def run_laptop(
    project: Migrated,
    tmp_path: Path,
    data: str | None = "data",
    env: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The migrated script where the original ran: its data beside it, no SM_* variable."""
    work = tmp_path / f"laptop-{_count(tmp_path, 'laptop-')}"
    shutil.copytree(project.code, work)
    if data is not None:
        shutil.copytree(project.original / data, work / data)
    return run_script(work / "train.py", [], cwd=work, env=plain_env(**(env or {}))), work


def metric(name: str, done: subprocess.CompletedProcess[str]) -> str:
    found = re.findall(rf"^{name}: ([0-9.]+)$", done.stdout, re.MULTILINE)
    assert len(found) == 1, done.stdout + done.stderr
    return found[0]


def _count(folder: Path, prefix: str) -> int:
    return sum(1 for p in folder.iterdir() if p.name.startswith(prefix)) if folder.exists() else 0
