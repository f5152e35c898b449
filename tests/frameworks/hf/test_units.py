"""Each Hugging Face piece on its own: analysis (paths by use, metric phase), plan (channels,
resume, model, images) and the runtime's checkpoint helpers."""

from __future__ import annotations

import importlib.util
import os
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_project
from sagebridge.analyze.huggingface import is_local
from sagebridge.model import Framework, PathRole
from sagebridge.plan import build_plan
from sagebridge.plan.huggingface_images import with_huggingface_images
from sagebridge.plan.image_config import HUGGINGFACE_CONFIG
from sagebridge.render.runtime import render_runtime

CORPUS = EXAMPLES / "corpus"

TRAINER = """
import argparse
from transformers import AutoModelForTokenClassification, Trainer, TrainingArguments

parser = argparse.ArgumentParser()
parser.add_argument("--model_name_or_path", default="{model}")
parser.add_argument("--output_dir", default="runs")
parser.add_argument("--save_dir", default="final")
parser.add_argument("--resume_from_checkpoint", default=None)
args = parser.parse_args()
model = AutoModelForTokenClassification.from_pretrained(args.model_name_or_path)
trainer = Trainer(model=model, args=TrainingArguments(output_dir=args.output_dir))
trainer.train(resume_from_checkpoint=args.resume_from_checkpoint)
print(trainer.evaluate())
model.save_pretrained(args.save_dir)
"""


def _project(tmp_path: Path, code: str, requirements: str = "") -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "train.py").write_text(textwrap.dedent(code))
    (root / "requirements.txt").write_text(requirements or "torch\ntransformers\n")
    return root


def _roles(analysis, value: str) -> set[PathRole]:
    return {p.role for p in analysis.hard_coded_paths if p.value == value}


@pytest.mark.parametrize(
    ("source", "local"),
    [
        ("./tiny", True),
        ("/models/bert", True),
        ("data/tiny-bert", True),
        ("~/m", True),
        ("a/b/c", True),
        ("bert-base-uncased", False),
        ("google-bert/bert-base-uncased", False),
    ],
)
def test_local_sources_are_told_from_hub_ids(source: str, local: bool):
    assert is_local(source) is local


def test_trainer_output_dir_is_a_checkpoint_and_a_local_model_is_data(tmp_path: Path):
    analysis = analyze_project(_project(tmp_path, TRAINER.format(model="data/bert")))
    assert _roles(analysis, "runs") == {PathRole.CHECKPOINT}
    assert _roles(analysis, "data/bert") == {PathRole.DATA}  # not MODEL, whatever its name says
    assert _roles(analysis, "final") == {PathRole.MODEL}


def test_a_hub_model_id_is_kept_as_it_is(tmp_path: Path):
    root = _project(tmp_path, TRAINER.format(model="bert-base-uncased"))
    plan = build_plan(analyze_project(root))
    assert not any(p.value == "bert-base-uncased" for p in plan.analysis.hard_coded_paths)
    # kept as the setting; the pipeline passes the folder staged in an added channel
    assert [c.name for c in plan.channels] == ["training"]
    assert [h.default for h in plan.hyperparameters if h.name == "model_name_or_path"] == [
        "/opt/ml/input/data/training/bert-base-uncased"
    ]


def test_the_trainer_plan_resumes_and_serves_its_task(tmp_path: Path):
    root = _project(tmp_path, TRAINER.format(model="data/bert"))
    plan = build_plan(analyze_project(root))
    [checkpoint] = [p for p in plan.paths if p.role is PathRole.CHECKPOINT]
    assert (checkpoint.fallback, checkpoint.env) == ("runs", "SM_CHECKPOINT_DIR")
    assert plan.resume is not None and plan.resume.flag == "--resume_from_checkpoint"
    assert plan.checkpoint is None  # the script's own checkpoints, not a second mechanism
    assert plan.model is not None
    assert (plan.model.loader, plan.model.task) == ("huggingface", "token-classification")


def test_accelerate_state_folder_and_eval_metric_phase():
    analysis = analyze_project(CORPUS / "hf-accelerate")
    assert _roles(analysis, ".") == {PathRole.CHECKPOINT}  # save_state(join(args.output_dir, ..))
    # `eval_metric` printed inside `training_function`: the dict's name gives the phase
    assert [m.name for m in analysis.metrics] == ["validation_accuracy"]


def test_a_model_folder_inside_the_data_folder_shares_its_channel():
    root = CORPUS / "hf-accelerate"
    plan = build_plan(analyze_project(root))
    assert plan.channel_names == ("training",)
    assert {(c.fallback, c.filename) for c in plan.channels} == {
        ("data", "tiny-bert"),
        ("data", "train.csv"),
        ("data", "test.csv"),
    }


def test_the_resume_option_is_not_passed_and_other_none_defaults_travel_as_empty():
    """The pipeline never passes --resume_from_checkpoint: its "" would read back as None and
    override the newest-checkpoint default. --checkpointing_steps (None) is passed as "" (read
    back as None), so `-p checkpointing_steps=epoch` can set it."""
    root = CORPUS / "hf-accelerate"
    plan = build_plan(analyze_project(root))
    by_name = {h.name: h for h in plan.hyperparameters}
    assert "resume_from_checkpoint" not in by_name
    assert by_name["checkpointing_steps"].default == ""


def test_images_follow_the_transformers_and_torch_pins(tmp_path: Path):
    root = _project(
        tmp_path, TRAINER.format(model="data/bert"), "torch==2.5.1\ntransformers==4.49.0\n"
    )
    plan = build_plan(analyze_project(root))
    hf = plan.images.huggingface if plan.images else None
    assert hf is not None
    assert (hf.training_version, hf.training_base, hf.training_py_version) == (
        "4.49.0",
        "pytorch2.5.1",
        "py311",
    )
    assert hf.inference_version == "4.49.0" and hf.inference_base == "pytorch2.6.0"
    assert plan.images is not None and plan.images.inference_python == (3, 12)
    assert plan.images.python <= (3, 11)  # the HF training image's py311 bounds the code


def test_unpinned_takes_the_newest_and_other_projects_have_none(tmp_path: Path):
    root = _project(tmp_path, TRAINER.format(model="data/bert"))
    plan = build_plan(analyze_project(root))
    assert plan.images is not None and plan.images.huggingface is not None
    newest = max(
        HUGGINGFACE_CONFIG["training"]["versions"], key=lambda v: tuple(map(int, v.split(".")))
    )
    assert plan.images.huggingface.training_version == newest
    analysis = analyze_project(EXAMPLES / "ec2-mnist")
    assert Framework.TRANSFORMERS not in analysis.frameworks
    assert with_huggingface_images(plan.images, analysis) is plan.images


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    for name in list(os.environ):
        if name.startswith("SM_"):
            monkeypatch.delenv(name)
    [(name, text)] = render_runtime().items()
    path = tmp_path / name
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("hf_runtime_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checkpoint_dir_falls_back_off_sagemaker(runtime: ModuleType, tmp_path: Path, monkeypatch):
    assert runtime.checkpoint_dir("outputs") == "outputs"
    assert runtime.latest_checkpoint() is None
    monkeypatch.setenv("SM_CHECKPOINT_DIR", str(tmp_path / "ck"))
    assert runtime.checkpoint_dir("outputs") == str(tmp_path / "ck")


def test_latest_checkpoint_is_the_highest_number(runtime: ModuleType, tmp_path: Path, monkeypatch):
    folder = tmp_path / "ck"
    monkeypatch.setenv("SM_CHECKPOINT_DIR", str(folder))
    folder.mkdir()
    assert runtime.latest_checkpoint() is None  # a fresh job starts from scratch
    for name in ("checkpoint-100", "checkpoint-50", "checkpoint-150"):
        (folder / name).mkdir()
        (folder / name / "trainer_state.json").write_text("{}")
    (folder / "checkpoint-200").mkdir()  # empty: an interrupted save, never resumed
    assert runtime.latest_checkpoint() == str(folder / "checkpoint-150")
    assert runtime.latest_checkpoint("given") == "given"  # a value passed in still wins


def test_the_resume_warning_says_what_the_option_now_defaults_to():
    root = CORPUS / "hf-accelerate"
    plan = build_plan(analyze_project(root))
    resume = [w for w in plan.warnings if "--resume_from_checkpoint" in w]
    assert resume == [
        (
            "train.py:114: --resume_from_checkpoint defaults to the newest checkpoint folder in "
            "/opt/ml/checkpoints (None when there is none), so a restarted spot job resumes"
        )
    ]


def test_a_bare_trainer_train_is_planned_to_resume(tmp_path: Path):
    code = (
        TRAINER.format(model="data/bert")
        .replace(
            "trainer.train(resume_from_checkpoint=args.resume_from_checkpoint)", "trainer.train()"
        )
        .replace('parser.add_argument("--resume_from_checkpoint", default=None)\n', "")
    )
    root = _project(tmp_path, code)
    plan = build_plan(analyze_project(root))
    assert plan.resume is not None and plan.resume.flag is None
    assert code.splitlines()[plan.resume.line - 1] == "trainer.train()"


ACCELERATE_ONLY = """
import argparse
import os

import torch
from accelerate import Accelerator

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default="state")
args = parser.parse_args()
accelerator = Accelerator()
model = accelerator.prepare(torch.nn.Linear(2, 1))
for epoch in range(2):
    accelerator.save_state(os.path.join(args.output_dir, f"epoch_{epoch}"))
"""


def test_an_accelerate_loop_without_transformers_moves_its_state_folder(tmp_path: Path):
    root = _project(tmp_path, ACCELERATE_ONLY, "torch\naccelerate\n")
    plan = build_plan(analyze_project(root))
    assert [(p.role, p.fallback) for p in plan.paths] == [(PathRole.CHECKPOINT, "state")]


def test_checkpoint_named_paths_of_other_projects_stay(tmp_path: Path):
    code = 'import torch\nCHECKPOINT_DIR = "ckpts"\nos.makedirs(CHECKPOINT_DIR)\n'
    root = _project(tmp_path, code, "torch\n")
    plan = build_plan(analyze_project(root))
    assert not any(p.role is PathRole.CHECKPOINT for p in plan.paths)
    assert any("checkpoint path 'ckpts' left unchanged" in w for w in plan.warnings)


def test_only_the_main_process_logs_a_metric(runtime: ModuleType, tmp_path: Path, monkeypatch, capsys):
    """Under torchrun every process runs the script: the metric line (which the metric
    definitions read) and metrics.json come from RANK 0 only, as `accelerator.print`."""
    monkeypatch.setenv("SM_OUTPUT_DATA_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("RANK", "1")
    runtime.log_metric("validation_accuracy", 0.5)
    assert capsys.readouterr().out == "" and not (tmp_path / "out").exists()
    monkeypatch.setenv("RANK", "0")
    runtime.log_metric("validation_accuracy", 0.75)
    assert capsys.readouterr().out == "validation_accuracy=0.75;\n"
    assert (tmp_path / "out" / "metrics.json").exists()
