"""An Accelerate loop that reads its data with `datasets.load_dataset` (local CSV/JSON files, a
local folder) and scores with `evaluate.load("accuracy")`: analysis finds the metric with its
direction and the data folder as the training channel, and a metric's name is never taken for
a path. The projects are built here with a tiny local dataset; analysis and migrate read them
and never import `datasets` or `evaluate`."""

from __future__ import annotations

import ast
import json
import textwrap
from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.analyze.huggingface import evaluate_keys
from sagebridge.migrate import migrate_project
from sagebridge.model import MigrationPlan, PathRole
from sagebridge.plan import build_plan

ACCELERATE_LOOP = """
    import argparse

    import evaluate
    import torch
    from accelerate import Accelerator
    from datasets import load_dataset
    from torch.utils.data import DataLoader
    from transformers import AutoModelForSequenceClassification, AutoTokenizer


    def training_function(args):
        accelerator = Accelerator(cpu=True)
        raw = load_dataset("csv", data_files={"train": "data/train.csv", "validation": "data/valid.csv"})
        tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
        metric = evaluate.load("accuracy")

        def tokenize(batch):
            return tokenizer(batch["text"], truncation=True, padding="max_length", max_length=16)

        tokenized = raw.map(tokenize, batched=True, remove_columns=["text"])
        tokenized.set_format("torch")
        train_dataloader = DataLoader(tokenized["train"], batch_size=16, shuffle=True)
        eval_dataloader = DataLoader(tokenized["validation"], batch_size=16)
        model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path)
        optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
        model, optimizer, train_dataloader, eval_dataloader = accelerator.prepare(
            model, optimizer, train_dataloader, eval_dataloader)
        for epoch in range(args.num_epochs):
            model.train()
            for batch in train_dataloader:
                outputs = model(**batch)
                accelerator.backward(outputs.loss)
                optimizer.step()
                optimizer.zero_grad()
            model.eval()
            for batch in eval_dataloader:
                with torch.no_grad():
                    outputs = model(**batch)
                predictions = outputs.logits.argmax(dim=-1)
                predictions, references = accelerator.gather_for_metrics(
                    (predictions, batch["labels"]))
                metric.add_batch(predictions=predictions, references=references)
            eval_metric = metric.compute()
            accelerator.print(f"epoch {epoch}:", eval_metric)
        accelerator.unwrap_model(model).save_pretrained("final_model")


    def main():
        parser = argparse.ArgumentParser()
        parser.add_argument("--model_name_or_path", default="data/tiny-bert")
        parser.add_argument("--num_epochs", type=int, default=2)
        parser.add_argument("--lr", type=float, default=1e-3)
        args = parser.parse_args()
        training_function(args)


    if __name__ == "__main__":
        main()
"""

JSON_FILES = """
    import argparse

    import evaluate
    from datasets import load_dataset

    parser = argparse.ArgumentParser()
    parser.add_argument("--train_file", default="data/train.jsonl")
    parser.add_argument("--validation_file", default="data/valid.jsonl")
    args = parser.parse_args()
    raw = load_dataset("json", data_files={"train": args.train_file, "validation": args.validation_file})
    f1 = evaluate.load("f1")
    for epoch in range(2):
        scores = f1.compute(predictions=[1, 0], references=[1, 1])
        print(f"epoch {epoch} validation:", scores)
"""

LOCAL_FOLDER = """
    import evaluate
    from datasets import load_dataset

    raw = load_dataset("data/reviews")
    accuracy = evaluate.load("accuracy")
    result = accuracy.compute(predictions=[1], references=[1])
    print("test", result)
"""


def _tiny_dataset(data: Path) -> None:
    """The few rows the scripts would read: CSV, JSON lines, and a folder of CSV files."""
    rows = [("a great movie", 1), ("an awful plot", 0), ("really fun", 1), ("so dull", 0)]
    data.mkdir(parents=True)
    for split in ("train", "valid"):
        csv = "text,label\n" + "".join(f"{text},{label}\n" for text, label in rows)
        (data / f"{split}.csv").write_text(csv)
        lines = [json.dumps({"text": text, "label": label}) for text, label in rows]
        (data / f"{split}.jsonl").write_text("\n".join(lines) + "\n")
    (data / "reviews").mkdir()
    (data / "reviews" / "train.csv").write_text((data / "train.csv").read_text())


def _project(root: Path, script: str) -> Path:
    _tiny_dataset(root / "data")
    (root / "train.py").write_text(textwrap.dedent(script))
    return root


def _plan(src: Path) -> MigrationPlan:
    return build_plan(analyze_project(src))


def test_accelerate_loop_metric_and_data_channel(tmp_path: Path) -> None:
    src = _project(tmp_path / "src", ACCELERATE_LOOP)
    analysis = analyze_project(src)
    [metric] = analysis.metrics
    assert (metric.name, metric.expression, metric.greater_is_better) == (
        "validation_accuracy", "eval_metric['accuracy']", True,
    )  # fmt: skip
    paths = {p.value: p.role for p in analysis.hard_coded_paths}
    assert "accuracy" not in paths  # evaluate.load's metric name is not a file it reads
    assert paths["data/train.csv"] is paths["data/valid.csv"] is PathRole.DATA
    plan = _plan(src)
    assert {(c.name, c.env, c.fallback) for c in plan.channels} == {
        ("training", "SM_CHANNEL_TRAINING", "data")
    }
    assert (plan.objective_metric, plan.objective_greater_is_better) == (
        "validation_accuracy", True,
    )  # fmt: skip


def test_migrated_loop_reads_its_files_from_the_channel_and_keeps_the_metric_name(
    tmp_path: Path,
) -> None:
    src = _project(tmp_path / "src", ACCELERATE_LOOP)
    migrate_project(src, tmp_path / "out")
    code = (tmp_path / "out" / "code" / "train.py").read_text()
    ast.parse(code)
    assert '    metric = evaluate.load("accuracy")\n' in code
    channel = 'os.environ.get("SM_CHANNEL_TRAINING", "data")'
    assert (
        f'load_dataset("csv", data_files={{"train": os.path.join({channel}, "train.csv"), '
        f'"validation": os.path.join({channel}, "valid.csv")}})'
    ) in code
    assert 'sagebridge_runtime.log_metric("validation_accuracy", eval_metric[\'accuracy\'])' in code


@pytest.mark.parametrize(
    ("script", "metric", "fallbacks"),
    [
        (JSON_FILES, ("validation_f1", "scores['f1']"), {"data"}),
        (LOCAL_FOLDER, ("test_accuracy", "result['accuracy']"), {"data/reviews"}),
    ],
)
def test_json_files_and_a_local_folder_are_channels_and_metric_names_are_not(
    tmp_path: Path, script: str, metric: tuple[str, str], fallbacks: set[str]
) -> None:
    src = _project(tmp_path / "src", script)
    analysis = analyze_project(src)
    assert [(m.name, m.expression) for m in analysis.metrics] == [metric]
    assert not {"f1", "accuracy"} & {p.value for p in analysis.hard_coded_paths}
    plan = _plan(src)
    assert {c.fallback for c in plan.channels} == fallbacks
    assert {c.env for c in plan.channels} == {"SM_CHANNEL_TRAINING"}


def test_a_glue_metric_reports_the_keys_its_compute_returns(tmp_path: Path) -> None:
    """accelerate's nlp_example: `evaluate.load("glue", "mrpc")` computes accuracy and f1."""
    script = ACCELERATE_LOOP.replace('evaluate.load("accuracy")', 'evaluate.load("glue", "mrpc")')
    src = _project(tmp_path / "src", script)
    found = [(m.name, m.expression, m.greater_is_better) for m in analyze_project(src).metrics]
    assert found == [
        ("validation_accuracy", "eval_metric['accuracy']", True),
        ("validation_f1", "eval_metric['f1']", True),
    ]
    assert _plan(src).objective_metric == "validation_accuracy"
    assert evaluate_keys("glue", "sst2") == ("accuracy",)
    assert evaluate_keys("evaluate-metric/rmse") == ("rmse",)
