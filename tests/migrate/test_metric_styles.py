"""Every report style's metric reaches the log as a line the plan's metric definition reads."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from helpers.cli import sagebridge

from sagebridge.migrate import migrate_project

SCRIPT = """
import json
import logging

logging.basicConfig(level=logging.INFO)


class Tracker:  # stands in for mlflow: the calls are what matter
    def log_metric(self, key, value):
        pass

    def log_metrics(self, values):
        pass


mlflow = Tracker()


def evaluate(total):
    return {"val_loss": total / 12}


total, n = 3.0, 4
rmse = total / n
print("RMSE: %s" % rmse)
logging.info("val_auc=%.4f", 0.5 + n / 16)
mlflow.log_metric("mae", total / 10)
mlflow.log_metrics({"r2": 1 - rmse / 2})
print({"eval_accuracy": n / 5})
scores = {"f1": n / 8}
scores["bleu"] = rmse * 10
print(f"epoch 1: {scores}")
result = evaluate(total)
with open("scores.json", "w") as handle:
    json.dump({"test_mse": rmse**2}, handle)
print(f"step 100: train loss {rmse:.3f}, valid ppl {2 ** result['val_loss']:.3f}")
"""

EXPECTED = {
    "rmse": 0.75,
    "validation_auc": 0.75,
    "mae": 0.3,
    "r2": 0.625,
    "validation_accuracy": 0.8,
    "f1": 0.5,
    "bleu": 7.5,
    "validation_loss": 0.25,
    "test_mse": 0.5625,
    "validation_perplexity": 2**0.25,
}


def test_each_style_logs_a_line_its_definition_reads(tmp_path: Path) -> None:
    src = tmp_path / "styles"
    src.mkdir()
    (src / "train.py").write_text(textwrap.dedent(SCRIPT))
    out = tmp_path / "out"
    result = migrate_project(src, out)
    assert set(result.plan.metrics) == set(EXPECTED)  # held-out only: train_loss is left out
    assert not [w for w in result.warnings if "was not found" in w]  # each report was logged
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SM_")}
    done = subprocess.run(
        [sys.executable, str(out / "code" / "train.py")],
        cwd=run_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    log = done.stdout + done.stderr
    for name, regex in result.plan.metrics.items():
        values = re.findall(regex, log)
        assert values, f"{name}: no line matches {regex}"
        assert float(values[-1]) == EXPECTED[name], name
    assert json.loads((run_dir / "scores.json").read_text()) == {"test_mse": 0.5625}


def test_unknown_metric_is_a_one_line_error_listing_the_found_ones(tmp_path: Path) -> None:
    src = tmp_path / "styles"
    src.mkdir()
    (src / "train.py").write_text(textwrap.dedent(SCRIPT))
    out = tmp_path / "out"
    done = sagebridge("migrate", src, "-o", out, "--metric", "recall:max", timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--metric recall" in lines[0], done.stderr
    assert "validation_accuracy" in lines[0] and "rmse" in lines[0]  # what it did find
    assert not out.exists()


def test_metric_override_sets_the_gate_direction(tmp_path: Path) -> None:
    src = tmp_path / "styles"
    src.mkdir()
    # A model to register (a script that writes none gets no gate: plan/steps.py).
    saves = 'import joblib\njoblib.dump(scores, "model.joblib")\n'
    (src / "train.py").write_text(textwrap.dedent(SCRIPT) + saves)
    result = migrate_project(src, tmp_path / "out", metric="validation_perplexity")
    assert (result.plan.objective_metric, result.plan.objective_direction) == (
        "validation_perplexity",
        "min",
    )
    pipeline = (tmp_path / "out" / "pipeline" / "pipeline.py").read_text()
    assert "ConditionLessThanOrEqualTo(left=measured" in pipeline
    assert "TUNING_OBJECTIVE_TYPE = 'Minimize'" in pipeline
    assert "FinalMetricDataList[OBJECTIVE_METRIC]" in pipeline
