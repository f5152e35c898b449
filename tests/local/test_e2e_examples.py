"""End to end on the tabular examples: migrated, then `sagebridge run --local`, then
`sagebridge serve` and `sagebridge invoke` on the registered version. Every command is a real
subprocess of this Python; the steps train real scikit-learn and XGBoost models (small
hyperparameters, so the whole module takes well under a minute).

Nothing here trusts the product's own numbers. The test set is read back from the local object
store (what Preprocess uploaded) and checked to be the user script's own held-out split; the
registered model.tar.gz is opened here, its model loaded with joblib / xgboost and scored with
sklearn.metrics; the endpoint's answers are compared with that directly loaded model.
"""

from __future__ import annotations

import json
import shutil
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from helpers.cli import sagebridge
from helpers.serving import serving

REPO = Path(__file__).resolve().parents[2]
ENDPOINT_ROWS = 5

pytestmark = pytest.mark.slow


# ---- the examples: what differs between them -------------------------------------------------


@dataclass(frozen=True)
class Example:
    name: str
    run_args: tuple[str, ...]  # small hyperparameters, the data the pipeline needs
    group: str
    objective: str  # the metric the quality gate reads
    label: str
    drop: tuple[str, ...]  # non-feature columns of the test set
    model_file: str  # at the root of model.tar.gz
    held_out: Callable[[], pd.DataFrame]  # the user script's own test split, recomputed here
    score: Callable[[Path, pd.DataFrame], dict[str, float]]  # metrics, computed here
    predict: Callable[[Path, np.ndarray], list[Any]]  # the model's answers for feature rows


def digits_held_out() -> pd.DataFrame:
    """examples/sklearn-digits/train.py's split: test_size=0.2, random_state=42, stratified."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    _, x_test, _, y_test = train_test_split(
        digits.data, digits.target, test_size=0.2, random_state=42, stratify=digits.target
    )
    frame = pd.DataFrame(x_test, columns=digits.feature_names)
    frame["target"] = y_test
    return frame


def digits_score(model_file: Path, test: pd.DataFrame) -> dict[str, float]:
    import joblib
    from sklearn.metrics import accuracy_score

    model = joblib.load(model_file)
    features = test.drop(columns=["target"]).to_numpy()  # the script fitted on arrays
    return {"test_accuracy": accuracy_score(test["target"], model.predict(features))}


def digits_predict(model_file: Path, rows: np.ndarray) -> list[Any]:
    import joblib

    return joblib.load(model_file).predict(rows).tolist()


CHURN_CSV = REPO / "examples" / "xgboost-tabular" / "data" / "churn.csv"


def churn_held_out() -> pd.DataFrame:
    """examples/xgboost-tabular/train.py's validation split: 0.2, random_state=7, stratified."""
    from sklearn.model_selection import train_test_split

    frame = pd.read_csv(CHURN_CSV)
    _, x_val, _, _ = train_test_split(
        frame.drop(columns=["churn", "customer_id"]),
        frame["churn"],
        test_size=0.2,
        random_state=7,
        stratify=frame["churn"],
    )
    return frame.loc[x_val.index].reset_index(drop=True)


def booster_probabilities(model_file: Path, features: pd.DataFrame | np.ndarray) -> np.ndarray:
    """P(churn), with the trees up to the best round as the user's script predicts."""
    import xgboost as xgb

    booster = xgb.Booster()
    booster.load_model(str(model_file))
    matrix = xgb.DMatrix(features, feature_names=booster.feature_names)
    return booster.predict(matrix, iteration_range=(0, booster.best_iteration + 1))


def churn_score(model_file: Path, test: pd.DataFrame) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, log_loss, roc_auc_score

    labels = test["churn"].to_numpy()
    probability = booster_probabilities(model_file, test.drop(columns=["churn", "customer_id"]))
    # As train.py computes them: on XGBoost's float32 probabilities (log_loss in float64 moves
    # the 8th decimal).
    return {
        "validation_accuracy": accuracy_score(labels, probability > 0.5),
        "validation_auc": roc_auc_score(labels, probability),
        "validation_logloss": log_loss(labels, probability),
    }


def churn_predict(model_file: Path, rows: np.ndarray) -> list[Any]:
    return booster_probabilities(model_file, rows).tolist()


EXAMPLES = {
    "sklearn-digits": Example(
        name="sklearn-digits",
        run_args=("-p", "n_estimators=20", "-p", "n_jobs=1"),  # load_digits: no data to stage
        group="sklearn-digits-models",
        objective="test_accuracy",
        label="target",
        drop=(),
        model_file="model.joblib",
        held_out=digits_held_out,
        score=digits_score,
        predict=digits_predict,
    ),
    "xgboost-tabular": Example(
        name="xgboost-tabular",
        # Preprocess's `raw` input (the InputDataUri parameter) reads the folder with churn.csv.
        run_args=("-p", "NUM_ROUND=30", "--data", f"raw={CHURN_CSV.parent}"),
        group="xgboost-tabular-models",
        objective="validation_accuracy",
        label="churn",
        drop=("customer_id",),
        model_file="xgboost-model.json",
        held_out=churn_held_out,
        score=churn_score,
        predict=churn_predict,
    ),
}


@dataclass(frozen=True)
class Ran:
    example: Example
    out: Path
    summary: dict[str, Any]
    scratch: Path


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def ran(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    built: Callable[[str], Path],
) -> Ran:
    example = EXAMPLES[request.param]
    root = tmp_path_factory.mktemp(example.name)
    out = root / "out"
    # The session's migrate of the example, its definition already built (tests/conftest.py):
    # `sagebridge migrate` as a command is tested in tests/migrate/test_cli.py, and a run that
    # builds its definition from a fresh OUT in test_e2e_mnist.py.
    shutil.copytree(built(example.name), out)
    done = sagebridge(
        "run", out, "--local", "--json", "-p", "QualityThreshold=0.3", *example.run_args
    )  # fmt: skip
    assert done.stdout, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert done.returncode == 0, summary
    return Ran(example, out, summary, root)


def extracted_model(ran: Ran) -> Path:
    """The registered model.tar.gz's model file, extracted here."""
    archive = Path(ran.summary["registered_model"]["model_data"])
    dest = ran.scratch / "registered"
    with tarfile.open(archive) as tar:
        tar.extract(ran.example.model_file, dest, filter="data")
    return dest / ran.example.model_file


def stored_test_set(ran: Ran) -> pd.DataFrame:
    """test.csv as Preprocess uploaded it: s3://<bucket>/<pipeline>/<execution>/test/ locally."""
    store = ran.out / ".sagebridge" / "s3"
    found = sorted(store.glob(f"*/*/{ran.summary['execution_id']}/test/test.csv"))
    assert len(found) == 1, found
    return pd.read_csv(found[0])


def test_every_step_succeeds_and_the_model_is_registered(ran: Ran) -> None:
    summary = ran.summary
    assert summary["status"] == "succeeded"
    assert summary["failure"] is None
    states = {s["name"]: s["status"] for s in summary["steps"]}
    assert states.pop("QualityGateFailed") == "not_run"
    # No repack job: Train packs the inference code into the model archive itself.
    assert {"Preprocess", "Train", "Evaluate", "QualityGate", "RegisterModel"} == set(states)
    assert set(states.values()) == {"succeeded"}, states
    for step in summary["steps"]:
        if step["status"] == "succeeded":
            assert Path(step["log"]).is_file()

    registered = summary["registered_model"]
    assert registered["group"] == ran.example.group
    assert registered["approval_status"] == "PendingManualApproval"
    with tarfile.open(registered["model_data"]) as tar:
        names = set(tar.getnames())
        assert {ran.example.model_file, "code/inference.py", "code/requirements.txt"} <= names

    listed = sagebridge("models", ran.out, "--json")
    assert listed.returncode == 0, listed.stderr
    (package,) = json.loads(listed.stdout)["model_packages"]
    assert package["group"] == ran.example.group
    assert package["version"] == registered["version"] == 1
    assert package["metrics"] == summary["metrics"]
    assert (ran.out / package["model_data"]).resolve() == Path(registered["model_data"])
    assert package["inference_code"] == "code/inference.py"


def test_the_test_set_is_the_scripts_own_held_out_split(ran: Ran) -> None:
    stored = stored_test_set(ran)
    expected = ran.example.held_out()
    assert list(stored.columns) == list(expected.columns)
    np.testing.assert_array_equal(stored.to_numpy(), expected.to_numpy())


def test_metrics_equal_an_independent_computation(ran: Ran) -> None:
    measured = ran.example.score(extracted_model(ran), stored_test_set(ran))
    assert set(measured) == set(ran.summary["metrics"])
    for name, value in measured.items():
        assert ran.summary["metrics"][name] == pytest.approx(value, abs=1e-9), name
    assert ran.summary["metrics"][ran.example.objective] > 0.6  # the model learnt something


def test_the_endpoint_answers_as_the_registered_model(ran: Ran) -> None:
    test = stored_test_set(ran)
    features = test.drop(columns=[ran.example.label, *ran.example.drop]).to_numpy()[:ENDPOINT_ROWS]
    sample = ran.scratch / "rows.csv"
    np.savetxt(sample, features, delimiter=",", fmt="%.17g")
    expected = ran.example.predict(extracted_model(ran), features)

    version = str(ran.summary["registered_model"]["version"])  # pending: name it, not "approved"
    with serving(ran.out, "--model-version", version, logs=ran.scratch / "serve") as (url, _):
        port = url.rsplit(":", 1)[1]
        answer = sagebridge("invoke", ran.out, sample, "--port", port)
        assert answer.returncode == 0, answer.stderr
        predictions = json.loads(answer.stdout)["predictions"]
        assert len(predictions) == ENDPOINT_ROWS
        np.testing.assert_allclose(predictions, expected, rtol=0, atol=1e-7)

        bad = ran.scratch / "short.csv"
        bad.write_text("1,2,3\n")
        rejected = sagebridge("invoke", ran.out, bad, "--port", port)
        assert rejected.returncode == 2
        assert "answered 400" in rejected.stderr
        again = sagebridge("invoke", ran.out, sample, "--port", port)  # still serving
        assert json.loads(again.stdout)["predictions"] == predictions
