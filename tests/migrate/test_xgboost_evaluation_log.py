"""A script whose only metric is XGBoost's evaluation log (`[3]\tvalid-error:0.12`, printed by
xgb.train for its watchlist) gets that metric logged for the gate, with the value of the last
round the original printed (real scripts: XGBoost's guide-python demos, issue 11 section 2)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import numpy as np

from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

# Our own script in the style of XGBoost's basic walkthrough: data in .npy files beside it,
# a watchlist, no evals_result and no metric printed by the script itself.
WALKTHROUGH = textwrap.dedent(
    """
    import numpy as np
    import xgboost as xgb

    X = np.load("data/features.npy")
    y = np.load("data/labels.npy")
    dtrain = xgb.DMatrix(X[:150], label=y[:150])
    dvalid = xgb.DMatrix(X[150:], label=y[150:])
    param = {"max_depth": 2, "eta": 0.3, "objective": "binary:logistic", "eval_metric": "error",
             "nthread": 1, "seed": 0}
    watchlist = [(dvalid, "valid"), (dtrain, "train")]
    bst = xgb.train(param, dtrain, 4, watchlist)
    bst.save_model("walkthrough.json")
    """
)


def test_the_watchlist_metric_is_logged_with_the_originals_last_value(tmp_path: Path):
    project = tmp_path / "demo"
    (project / "data").mkdir(parents=True)
    (project / "train.py").write_text(WALKTHROUGH)
    rng = np.random.default_rng(3)
    features = rng.normal(size=(220, 4))
    np.save(project / "data" / "features.npy", features)
    np.save(project / "data" / "labels.npy", (features[:, 0] - features[:, 2] > 0.3).astype(int))
    before = run_script(project / "train.py", [], cwd=project, env=plain_env())
    printed = re.findall(r"valid-error:([0-9.]+)", before.stdout + before.stderr)
    assert len(printed) == 4, before.stdout + before.stderr

    out = tmp_path / "out"
    migrate_project(project, out)
    metadata = json.loads((out / "metadata.json").read_text())
    assert "validation_error" in json.dumps(metadata)
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    (container.channel()).mkdir(parents=True)
    for name in ("features.npy", "labels.npy"):
        (container.channel() / name).write_bytes((project / "data" / name).read_bytes())
    code = out / "code"
    after = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))

    logged = json.loads((container.output_data / "metrics.json").read_text())
    assert round(logged["validation_error"], 5) == float(printed[-1])
    assert re.findall(r"valid-error:([0-9.]+)", after.stdout + after.stderr) == printed
    assert (container.model / "walkthrough.json").is_file()
