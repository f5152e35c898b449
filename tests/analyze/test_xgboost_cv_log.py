"""`xgb.cv(...)` with its log printed (`EvaluationMonitor`, `verbose_eval`) or its returned
table printed reports each fold set's mean per metric: read from the table's last row."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sagebridge.analyze.metrics import find_metrics
from sagebridge.model import MetricReport

from .conftest import parse

CV = """
import numpy as np
import xgboost as xgb

rng = np.random.default_rng(0)
X = rng.normal(size=(300, 4))
dtrain = xgb.DMatrix(X, label=(X[:, 0] + 0.5 * rng.normal(size=300) > 0).astype(int))
params = {"max_depth": 2, "eta": 0.5, "objective": "binary:logistic"}
res = xgb.cv(params, dtrain, 6, nfold=5, metrics={"error"}, seed=0,
             callbacks=[xgb.callback.EvaluationMonitor(show_stdv=True)])
"""


def _found(source: str) -> dict[str, tuple[str, str, bool, bool]]:
    return {
        m.name: (m.kind, m.expression, m.held_out, m.greater_is_better)
        for m in find_metrics(parse(source))
        if m.reported_by is MetricReport.LIBRARY_LOG
    }


def test_cv_log_metrics_are_the_last_rows_test_and_train_means() -> None:
    assert _found(CV) == {
        "test_error": ("error", "float(list(res['test-error-mean'])[-1])", True, False),
        "train_error": ("error", "float(list(res['train-error-mean'])[-1])", False, False),
    }


def test_cv_metrics_come_from_the_params_without_a_metrics_argument() -> None:
    source = """
import xgboost as xgb
params = {"objective": "binary:logistic", "eval_metric": "auc"}
history = xgb.cv(params, dtrain, num_boost_round=10, nfold=3, verbose_eval=True)
"""
    assert _found(source)["test_auc"] == (
        "auc", "float(list(history['test-auc-mean'])[-1])", True, True,
    )  # fmt: skip


def test_a_printed_cv_table_reports_its_metrics_and_a_silent_call_none() -> None:
    silent = """
import xgboost as xgb
res = xgb.cv({"objective": "reg:squarederror"}, dtrain, 10, nfold=3)
"""
    assert _found(silent) == {}
    assert set(_found(silent + "print(res)\n")) == {"test_rmse", "train_rmse"}
    assert _found(silent.replace("nfold=3", "nfold=3, verbose_eval=False")) == {}


def test_the_expression_reads_the_last_round_the_log_prints(tmp_path: Path) -> None:
    """Run the script with the metric's expression printed after it: the value equals the
    last logged round's `test-error` mean."""
    (expression,) = [m.expression for m in find_metrics(parse(CV)) if m.name == "test_error"]
    script = tmp_path / "cv.py"
    script.write_text(CV + f"print('VALUE', {expression})\n")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    output = done.stdout + done.stderr
    line = r"^\[(\d+)\]\ttrain-error:\S+\ttest-error:([0-9.]+)\+"
    logged = re.findall(line, output, re.MULTILINE)
    assert [round_ for round_, _ in logged] == [str(i) for i in range(6)]
    (value,) = re.findall(r"^VALUE ([0-9.e-]+)$", output, re.MULTILINE)
    assert f"{float(value):.5f}" == logged[-1][1]
