"""A file read from a URL becomes an input channel: read from the channel in SageMaker and from
the URL on a laptop (plan/url_data.py + the channels transform); the guide names the URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.model import MigrationPlan
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project
from sagebridge.transform import transform_file

URL = "https://example.org/datasets/winequality-red.csv"
SCRIPT = f'''import numpy as np
import pandas as pd
from sklearn.linear_model import ElasticNet
from sklearn.model_selection import train_test_split

csv_url = "{URL}"
data = pd.read_csv(csv_url, sep=";")
train, test = train_test_split(data)
model = ElasticNet().fit(train.drop(["quality"], axis=1), train[["quality"]])
rmse = float(np.sqrt(((model.predict(test.drop(["quality"], axis=1)) - test["quality"]) ** 2).mean()))
print(f"rmse: {{rmse}}")
'''


def _plan(tmp_path: Path, code: str) -> MigrationPlan:
    (tmp_path / "train.py").write_text(code)
    return build_plan(analyze_project(tmp_path, "train.py"))


def test_the_url_read_is_the_training_channel(tmp_path: Path) -> None:
    plan = _plan(tmp_path, SCRIPT)
    [channel] = plan.channels
    assert (channel.name, channel.env) == ("training", "SM_CHANNEL_TRAINING")
    assert (channel.fallback, channel.filename, channel.line) == (
        "https://example.org/datasets", "winequality-red.csv", 6
    )


def test_migrated_path_is_the_channel_in_sagemaker_and_the_url_on_a_laptop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = _plan(tmp_path, SCRIPT)
    code = transform_file(plan, "train.py", SCRIPT).code
    [line] = [x for x in code.splitlines() if x.startswith("csv_url = ")]
    expression = line.removeprefix("csv_url = ")  # our own generated expression
    monkeypatch.delenv("SM_CHANNEL_TRAINING", raising=False)
    assert eval(expression, {"os": os}) == URL
    monkeypatch.setenv("SM_CHANNEL_TRAINING", "/opt/ml/input/data/training")
    assert eval(expression, {"os": os}) == "/opt/ml/input/data/training/winequality-red.csv"
    # The read is not also handled as a `download=` constructor.
    assert "download" not in " ".join(plan.warnings)


def test_a_second_data_folder_keeps_training_and_the_url_gets_its_own(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "extra.csv").write_text("a,b\n1,2\n")
    code = SCRIPT.replace('data = pd.read_csv', 'extra = pd.read_csv("data/extra.csv")\ndata = pd.read_csv')
    plan = _plan(tmp_path, code)
    assert [(c.name, c.fallback) for c in plan.channels] == [
        ("training", "data"), ("winequality_red", "https://example.org/datasets")
    ]


def test_readme_and_guide_name_the_url_to_upload(tmp_path: Path) -> None:
    plan = _plan(tmp_path, SCRIPT)
    files = render_project(plan, template_values(plan))
    assert f"- `winequality-red.csv` from {URL} (train.py:7)" in files["README.md"]
    assert "Upload `winequality-red.csv` to the pipeline's `InputDataUri` (" in files["README.md"]
    assert f"2. Download `winequality-red.csv` from {URL}" in files["docs/MIGRATION_GUIDE.md"]


SPLIT_SCRIPT = f'''import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

data = pd.read_csv("{URL}", sep=";")
y = data["quality"]
X = data.drop(columns=["quality"])
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=1)
model = LogisticRegression().fit(X_train, y_train)
print(f"accuracy: {{model.score(X_test, y_test)}}")
'''


def test_preprocess_reads_the_uploaded_file_with_the_scripts_separator(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    plan = _plan(project, SPLIT_SCRIPT)
    assert plan.dataset is not None and plan.dataset.loader_args == "sep=';'"
    assert plan.steps.preprocess.kind == "csv"
    script = tmp_path / "preprocess.py"
    script.write_text(render_project(plan, template_values(plan))["code/preprocess.py"])
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = "".join(f"{i % 7};{i * 0.5};{i % 2}\n" for i in range(40))
    (raw / "winequality-red.csv").write_text('"acidity";"alcohol";"quality"\n' + rows)
    done = subprocess.run(
        [sys.executable, str(script), "--raw-dir", str(raw), "--train-dir", str(tmp_path / "train"),
         "--test-dir", str(tmp_path / "test")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "train" / "winequality-red.csv").read_text().startswith('"acidity";')
    test_rows = (tmp_path / "test" / "test.csv").read_text().splitlines()
    assert test_rows[0] == "acidity,alcohol,quality" and len(test_rows) == 1 + 10
