"""A Hub dataset id (`load_dataset("glue", "mrpc")`) kept as written and staged by Preprocess:
the plan, the migrated call, the generated staging script and pipeline, and the runtime's
reader where it needs no `datasets` (no channel: the script's own call)."""

from __future__ import annotations

import ast
import importlib.util
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project
from sagebridge.model.steps import PreprocessKind
from sagebridge.plan import build_plan
from sagebridge.render.runtime import render_runtime

GLUE = """
import argparse
from datasets import load_dataset
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--task", default="mrpc")
parser.add_argument("--model-dir", default="model")
args = parser.parse_args()
raw = load_dataset("glue", args.task)
test = load_dataset("glue", "mrpc", split="test")
model = torch.nn.Linear(2, 2)
print(f"accuracy={len(raw['train']) / (len(raw['train']) + len(test)):.3f}")
torch.save(model.state_dict(), args.model_dir + "/model.pt")
"""


def _project(tmp_path: Path, code: str) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "train.py").write_text(textwrap.dedent(code))
    (root / "requirements.txt").write_text("torch\ndatasets==3.6.0\n")
    return root


def test_the_id_and_config_are_staged_by_preprocess(tmp_path: Path):
    """Both calls read one staged copy (the config from the setting's default); the training
    channel carries it; Preprocess is the staging step, with the project's datasets pin."""
    plan = build_plan(analyze_project(_project(tmp_path, GLUE)))
    dataset = plan.dataset
    assert dataset is not None and dataset.kind == "hub_dataset"
    assert (dataset.loader_args, dataset.channel_file) == ("'glue', 'mrpc'", "glue--mrpc")
    assert dataset.staged_lines == (10, 11)
    assert dataset.channel_env == "SM_CHANNEL_TRAINING"
    assert dataset.requirement == "datasets==3.6.0"
    assert plan.channel_names == ("training",)
    assert plan.steps is not None and plan.steps.preprocess.kind is PreprocessKind.HUB_DATASET


@pytest.mark.parametrize(
    ("calls", "why"),
    [
        ('load_dataset("glue", "mrpc")\nload_dataset("glue", "sst2")', "several configs"),
        ('load_dataset("imdb", split="train[:10%]")', "not a plain split name"),
        ('load_dataset("imdb", streaming=True)', "arguments besides"),
        ('load_dataset("imdb")\nopen("data/extra.csv")', "reads a data folder"),
    ],
)
def test_what_is_not_staged_stays_as_written_with_a_note(tmp_path: Path, calls: str, why: str):
    code = f"from datasets import load_dataset\nimport torch\n{calls}\n"
    plan = build_plan(analyze_project(_project(tmp_path, code)))
    assert plan.dataset is None or plan.dataset.kind != "hub_dataset"
    assert [w for w in plan.warnings if why in w], plan.warnings


def test_the_migrated_calls_read_the_staged_copy_and_the_step_has_internet(tmp_path: Path):
    root = _project(tmp_path, GLUE)
    out = tmp_path / "out"
    migrate_project(root, out)
    code = (out / "code" / "train.py").read_text()
    assert (
        "sagebridge_runtime.hub_dataset('SM_CHANNEL_TRAINING', 'glue--mrpc', "
        'lambda: load_dataset("glue", args.task))' in code
    )
    assert (
        "sagebridge_runtime.hub_dataset('SM_CHANNEL_TRAINING', 'glue--mrpc', "
        'lambda: load_dataset("glue", "mrpc", split="test"), split="test")' in code
    )
    staging = (out / "code" / "preprocess.py").read_text()
    ast.parse(staging)
    assert "LOAD_ARGUMENTS = ('glue', 'mrpc',)" in staging
    assert "FOLDER = 'glue--mrpc'" in staging and "REQUIREMENT = 'datasets==3.6.0'" in staging
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert "enable_network_isolation=False" in pipeline
    assert "hub_dataset" in (out / "code" / "sagebridge_runtime.py").read_text()
    guide = (out / "docs" / "MIGRATION_GUIDE.md").read_text()
    assert "- dataset `glue` (train.py:10): staged for you." in guide


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.delenv("SM_CHANNEL_TRAINING", raising=False)
    [(name, text)] = render_runtime(downloads=True).items()
    path = tmp_path / name
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("hub_runtime_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_off_sagemaker_the_scripts_own_call_runs(runtime: ModuleType):
    assert runtime.hub_dataset("SM_CHANNEL_TRAINING", "imdb", lambda: "called") == "called"


def test_a_channel_without_the_staged_copy_says_so(runtime: ModuleType, tmp_path, monkeypatch):
    monkeypatch.setenv("SM_CHANNEL_TRAINING", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="Preprocess step saves the Hub dataset"):
        runtime.hub_dataset("SM_CHANNEL_TRAINING", "imdb", lambda: "never")
