"""Hugging Face Hub ids fetched at run time: analysis records them (a local folder is data, not
a Hub id) and the migration guide gives each a channel to stage it through."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.analyze.downloads import find_downloads
from sagebridge.analyze.source import ParsedModule
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project

SCRIPT = '''import argparse

import pandas as pd
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer

parser = argparse.ArgumentParser()
parser.add_argument("--model_name_or_path", default="google-bert/bert-base-uncased")
parser.add_argument("--epochs", type=int, default=1)
args = parser.parse_args()
{data}
tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path)
local = AutoTokenizer.from_pretrained("./tokenizer")
raw = load_dataset("glue", "mrpc")
print(f"accuracy: {{0.5}}")
'''


def _guide(tmp_path: Path, data: str) -> str:
    (tmp_path / "train.py").write_text(SCRIPT.format(data=data))
    plan = build_plan(analyze_project(tmp_path, "train.py"))
    return render_project(plan, template_values(plan))["docs/MIGRATION_GUIDE.md"]


def test_hub_ids_are_facts_and_local_folders_are_not() -> None:
    module = ParsedModule.parse("train.py", SCRIPT.format(data=""))
    hub = [(d.dataset, d.hub, d.line) for d in find_downloads(module) if d.hub]
    assert hub == [
        ("google-bert/bert-base-uncased", "model", 12),
        ("google-bert/bert-base-uncased", "model", 13),
        ("glue", "dataset", 15),
    ]


def test_guide_gives_each_hub_id_a_channel_and_the_parameter_to_pass(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "train.csv").write_text("text,label\na,0\n")
    guide = _guide(tmp_path, 'frame = pd.read_csv("data/train.csv")')
    assert "### Hugging Face Hub ids" in guide
    assert (
        "- model `google-bert/bert-base-uncased` (train.py:12): `hf download "
        "google-bert/bert-base-uncased --local-dir google-bert--bert-base-uncased`" in guide
    )
    # The pipeline passes the staged folder by default (plan/hub_staging.py): no internet needed.
    assert (
        "the pipeline passes `-p model_name_or_path=/opt/ml/input/data/training/"
        "google-bert--bert-base-uncased` by default, so the job needs no internet" in guide
    )
    assert guide.count("- model `google-bert/bert-base-uncased`") == 1  # once per id
    assert '`datasets.load_from_disk("/opt/ml/input/data/training/glue")`' in guide


def test_guide_stages_through_an_added_channel_when_the_script_reads_none(tmp_path: Path) -> None:
    # no Hub dataset either: one staged by a Preprocess step would feed the training channel
    (tmp_path / "train.py").write_text(SCRIPT.format(data="").replace(
        'local = AutoTokenizer.from_pretrained("./tokenizer")\n', "").replace(
        'raw = load_dataset("glue", "mrpc")\n', ""))
    plan = build_plan(analyze_project(tmp_path, "train.py"))
    # No data folder: a `training` channel is added for the staged Hub folder.
    assert [(c.name, c.line) for c in plan.channels] == [("training", 0)]
    guide = render_project(plan, template_values(plan))["docs/MIGRATION_GUIDE.md"]
    assert "(the `training` channel): the pipeline passes `-p model_name_or_path=" in guide


def test_a_hub_model_beside_a_staged_hub_dataset_is_said_to_need_internet(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(SCRIPT.format(data="").replace(
        'local = AutoTokenizer.from_pretrained("./tokenizer")\n', ""))
    plan = build_plan(analyze_project(tmp_path, "train.py"))
    assert plan.steps is not None and plan.steps.preprocess.kind == "hub_dataset"
    guide = render_project(plan, template_values(plan))["docs/MIGRATION_GUIDE.md"]
    model_line = next(line for line in guide.splitlines()
                      if line.startswith("- model `google-bert/bert-base-uncased`"))
    assert "left as written, so the training job downloads it and needs internet" in model_line
    assert "input data URI" not in model_line  # the channel is Preprocess' output, not an upload
