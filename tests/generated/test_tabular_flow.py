"""sklearn-digits and xgboost-tabular end to end: preprocess -> train -> evaluate -> inference.

The held-out set preprocess.py writes must be exactly the split the user's script scores on, so
evaluate.py's numbers must equal the ones the migrated script logs. The independent checks
recompute the split and the scores with scikit-learn/XGBoost directly.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from sagebridge.validate.report import CheckStatus

from .conftest import EXAMPLES, fake_opt_ml, pack_model, run_pytest_in, run_script

pytestmark = pytest.mark.slow
CHURN = EXAMPLES / "xgboost-tabular" / "data"

# Settings that keep training short; everything else keeps the script's defaults.
SHORT_RUN = {"sklearn-digits": ("n_estimators", "20"), "xgboost-tabular": ("NUM_ROUND", "40")}


def independent_split(example: str):
    if example == "sklearn-digits":
        digits = load_digits()
        _, x_test, _, y_test = train_test_split(
            digits.data, digits.target, test_size=0.2, random_state=42, stratify=digits.target
        )
        return x_test, y_test
    frame = pd.read_csv(CHURN / "churn.csv")
    features = frame.drop(columns=["churn", "customer_id"])
    _, x_test, _, y_test = train_test_split(
        features, frame["churn"], test_size=0.2, random_state=7, stratify=frame["churn"]
    )
    return x_test, y_test.to_numpy()


class Flow:
    """One example migrated, staged, trained and packed (shared by the tests of a class)."""

    def __init__(self, out: Path, root: Path, example: str):
        self.out, self.example = out, example
        self.metadata = json.loads((out / "metadata.json").read_text())
        raw = CHURN if example == "xgboost-tabular" else root / "raw"
        raw.mkdir(exist_ok=True)
        self.train_dir, self.test_dir = root / "train", root / "test"
        staged = run_script(out / "code" / "preprocess.py", "--raw-dir", str(raw), "--train-dir",
                            str(self.train_dir), "--test-dir", str(self.test_dir))
        assert staged.returncode == 0, staged.stderr
        name, value = SHORT_RUN[example]
        flag = self.metadata["hyperparameters"][name]["flag"]
        channel = self.train_dir if self.metadata["channels"] else None
        self.trained = run_script(out / "code" / "train.py", flag, value,
                                  env=fake_opt_ml(root / "opt_ml", channel))
        assert self.trained.returncode == 0, self.trained.stderr[-3000:]
        self.model_dir = root / "opt_ml" / "model"
        self.archive = pack_model(self.model_dir, out / "code", root / "model_input")

    def logged(self, metric: str) -> float:
        values = re.findall(rf"^{metric}=([0-9.eE+-]+);", self.trained.stdout, re.MULTILINE)
        return float(values[-1])

    def evaluate(self, model_input: Path, tmp: Path):
        result = run_script(self.out / "code" / "evaluate.py", "--model-dir", str(model_input),
                            "--test-dir", str(self.test_dir), "--output-dir", str(tmp / "ev"),
                            env={"SM_OUTPUT_FAILURE": str(tmp / "failure")})
        return result, tmp / "ev" / "evaluation.json"

    def predict(self, rows: np.ndarray) -> np.ndarray:
        artifact = self.model_dir / self.metadata["model"]["artifacts"][0]
        if self.example == "sklearn-digits":
            import joblib

            return joblib.load(artifact).predict(rows)
        import xgboost as xgb

        booster = xgb.Booster()
        booster.load_model(str(artifact))
        best = int(booster.attr("best_iteration"))
        matrix = xgb.DMatrix(pd.DataFrame(rows, columns=booster.feature_names))
        return booster.predict(matrix, iteration_range=(0, best + 1))


@pytest.fixture(scope="module", params=["sklearn-digits", "xgboost-tabular"])
def flow(request, migrated, tmp_path_factory) -> Flow:
    example = request.param
    return Flow(migrated(example), tmp_path_factory.mktemp(f"flow-{example}"), example)


def test_preprocess_exports_exactly_the_scripts_own_test_split(flow):
    x_test, y_test = independent_split(flow.example)
    exported = pd.read_csv(flow.test_dir / "test.csv")
    label = "target" if flow.example == "sklearn-digits" else "churn"
    assert exported[label].tolist() == list(y_test)
    if flow.example == "sklearn-digits":
        assert np.array_equal(exported.drop(columns=[label]).to_numpy(), x_test)
    else:
        assert exported["customer_id"].tolist() == pd.read_csv(CHURN / "churn.csv").loc[
            x_test.index, "customer_id"].tolist()
        # The training channel holds the file where the script reads it, unchanged.
        assert (flow.train_dir / "churn.csv").read_bytes() == (CHURN / "churn.csv").read_bytes()
    report = json.loads((flow.test_dir / "validation.json").read_text())
    assert report["splits"]["test"]["examples"] == len(y_test)


def test_evaluate_equals_an_independent_score_and_the_scripts_own_log(flow, tmp_path):
    result, report_path = flow.evaluate(flow.archive.parent, tmp_path)
    assert result.returncode == 0, result.stderr
    metrics = json.loads(report_path.read_text())["metrics"]
    x_test, y_test = independent_split(flow.example)
    predicted = flow.predict(np.asarray(x_test, dtype=np.float64))
    if flow.example == "xgboost-tabular":
        from sklearn.metrics import log_loss, roc_auc_score

        assert metrics["validation_auc"]["value"] == pytest.approx(
            roc_auc_score(y_test, predicted), abs=1e-9)
        assert metrics["validation_logloss"]["value"] == pytest.approx(
            log_loss(y_test, predicted), abs=1e-6)
        assert metrics["validation_auc"]["value"] == pytest.approx(
            flow.logged("validation_auc"), abs=1e-9)
        predicted = (predicted > 0.5).astype(int)
    objective = flow.metadata["objective_metric"]
    accuracy = float((predicted == y_test).mean())
    assert metrics[objective]["value"] == pytest.approx(accuracy, abs=1e-12)
    assert metrics[objective]["value"] == pytest.approx(flow.logged(objective), abs=1e-12)


def test_evaluate_fails_without_a_model(flow, tmp_path):
    empty = tmp_path / "model"
    empty.mkdir()
    with tarfile.open(empty / "model.tar.gz", "w:gz") as tar:
        data = b"not a model"
        info = tarfile.TarInfo(flow.metadata["model"]["artifacts"][0])
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    result, report_path = flow.evaluate(empty, tmp_path)
    assert result.returncode == 1
    assert not report_path.exists()
    assert "does not load" in (tmp_path / "failure").read_text()


def test_inference_csv_round_trip_and_bad_rows(flow, tmp_path):
    with tarfile.open(flow.archive) as tar:
        tar.extractall(tmp_path)
    spec = importlib.util.spec_from_file_location(f"inf_{flow.example.replace('-', '_')}",
                                                  tmp_path / "code" / "inference.py")
    inference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(inference)
    x_test, _ = independent_split(flow.example)
    rows = np.asarray(x_test, dtype=np.float64)[:6]
    model = inference.model_fn(str(tmp_path))
    body = "\n".join(",".join(repr(float(v)) for v in row) for row in rows)
    response, content_type = inference.output_fn(
        inference.predict_fn(inference.input_fn(body, "text/csv"), model), "application/json")
    assert content_type == "application/json"
    assert np.allclose(json.loads(response)["predictions"], flow.predict(rows), atol=1e-6)
    with pytest.raises(inference.PayloadError) as raised:
        inference.predict_fn(inference.input_fn("1.0,2.0\n", "text/csv"), model)
    assert raised.value.status == 400


@pytest.mark.parametrize("example", ["sklearn-digits", "xgboost-tabular"])
def test_generated_tests_pass_inside_out(validated, example):
    """On the data the project has by default: bundled digits, synthetic rows in churn's columns.

    `validate` runs them inside OUT (`python -m pytest tests`, offline); this reads the session's
    one validate of the example (tests/conftest.py) rather than running them a second time."""
    tests = validated(example).check("generated-tests")
    assert tests.status is CheckStatus.PASSED, tests
    assert tests.findings == (), tests  # no failure, no error, nothing skipped
    summary = tests.reason  # pytest's own last line, e.g. "12 passed, 1 warning"
    assert " passed" in summary and "failed" not in summary and "skipped" not in summary
    assert "warning" not in summary, summary  # e.g. sklearn's feature-name warning


def test_generated_csv_tests_run_on_the_real_data_when_given_it(migrated, tmp_path):
    out = migrated("xgboost-tabular")
    result = run_pytest_in(out, {"SAGEBRIDGE_TEST_DATA": str(CHURN)})
    assert result.returncode == 0, result.stdout[-4000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary
    # The variable does switch the data: a folder without churn.csv fails the staging fixture
    # (-x: the first test that needs the data shows it; the others would fail the same way).
    elsewhere = tmp_path / "no-data"
    elsewhere.mkdir()
    result = run_pytest_in(out, {"SAGEBRIDGE_TEST_DATA": str(elsewhere)}, "-x")
    assert result.returncode != 0
    assert f"churn.csv not found under {elsewhere}" in result.stdout
