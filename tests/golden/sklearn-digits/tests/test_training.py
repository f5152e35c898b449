"""One short training run of the migrated code/train.py under a stand-in /opt/ml."""

from __future__ import annotations

import json
import re

from conftest import ARTIFACTS

METRICS = ['test_accuracy']
OBJECTIVE_METRIC = 'test_accuracy'


def test_training_writes_every_model_artifact(trained):
    model_dir, _ = trained
    written = sorted(p.name for p in model_dir.iterdir())
    assert ARTIFACTS, "the plan names no model files"
    for name in ARTIFACTS:
        assert name in written, f"{name} missing from SM_MODEL_DIR ({written})"
        assert (model_dir / name).stat().st_size > 0


def test_training_logs_its_metrics_in_the_regex_format(trained):
    _, result = trained
    for name in METRICS:
        values = re.findall(rf"^{re.escape(name)}=([-+0-9.eE]+);", result.stdout, re.MULTILINE)
        assert values, f"no `{name}=<value>;` line in the training log"
        assert all(float(v) == float(v) for v in values)  # parseable, not NaN


def test_metrics_json_holds_the_last_logged_objective(trained):
    model_dir, result = trained
    metrics_file = model_dir.parent / "output" / "data" / "metrics.json"
    recorded = json.loads(metrics_file.read_text())
    logged = re.findall(rf"^{re.escape(OBJECTIVE_METRIC)}=([-+0-9.eE]+);", result.stdout, re.M)
    assert recorded[OBJECTIVE_METRIC] == float(logged[-1])


def test_training_leaves_no_failure_file(trained):
    model_dir, _ = trained
    assert not (model_dir.parent / "output" / "failure").exists()
