"""A CSV inside the project: its head is sampled, its columns judged, and the generated tests
write synthetic rows in that schema, with no row of the user's data in OUT.

Real files in tmp_path and the real xgboost-tabular example; the generated conftest is imported
as the generated tests import it.
"""

from __future__ import annotations

import importlib.util
import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from sagebridge.analyze import analyze_project, analyze_with_index, read_data_samples
from sagebridge.analyze.data_files import SAMPLE_ROWS
from sagebridge.model import ColumnKind
from sagebridge.plan import build_plan
from sagebridge.plan.dataset import plan_dataset
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project

from .conftest import EXAMPLES

CHURN = EXAMPLES / "xgboost-tabular" / "data" / "churn.csv"
TRAIN = """
    import pandas as pd
    import xgboost as xgb
    from sklearn.metrics import accuracy_score

    df = pd.read_csv({path!r})
    X = df.drop(columns=["row_id"])
    y = df["label"]
    X = X.drop(columns=["label"])
    booster = xgb.train({{}}, xgb.DMatrix(X, label=y))
    print("validation accuracy: {{:.4f}}".format(accuracy_score(y, booster.predict(xgb.DMatrix(X)) > 0.5)))
    booster.save_model("./models/model.json")
"""


def csv_project(tmp_path: Path, data: str | None, path: str = "./data/d.csv") -> Path:
    (tmp_path / "train.py").write_text(textwrap.dedent(TRAIN.format(path=path)))
    if data is not None:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "d.csv").write_text(textwrap.dedent(data).lstrip())
    return tmp_path


def dataset_of(src: Path):
    analysed = analyze_with_index(src)
    return plan_dataset(analysed.analysis, read_data_samples(src))


def test_each_kind_and_range_is_judged_from_the_sampled_rows(tmp_path):
    src = csv_project(tmp_path, """
        row_id,flag,code,count,price,ratio,odd,label
        r1,0,3,10,1.5,1e-3,1_0,0
        r2,1,5,20,2.25,,x,1
        r3,1,3,30,NA,0.5,2,1
        r4,0,7,40,-4.125,0.25,3,0
        r5,1,3,50,3,0.75,4,1
        r6,0,5,60,2,0.5,5,0
        r7,1,3,70,2,0.5,6,0
        r8,0,5,80,2,0.5,7,1
        r9,1,3,90,2,0.5,8,1
        r10,0,5,100,2,0.5,9,0
        r11,1,3,110,2,0.5,1,1
    """)
    dataset = dataset_of(src)
    kinds = {c.name: c for c in dataset.columns}
    assert [c.name for c in dataset.columns] == [
        "row_id", "flag", "code", "count", "price", "ratio", "odd", "label"]
    assert kinds["row_id"].kind is ColumnKind.TEXT
    assert (kinds["flag"].kind, kinds["flag"].codes) == (ColumnKind.BINARY, (0, 1))
    assert (kinds["code"].kind, kinds["code"].codes) == (ColumnKind.CATEGORY, (3, 5, 7))
    assert (kinds["count"].kind, kinds["count"].low, kinds["count"].high) == (
        ColumnKind.INTEGER, 10, 110)
    price = kinds["price"]  # "NA" is missing, not text; "3" is a float column's whole value
    assert (price.kind, price.low, price.high, price.decimals) == (ColumnKind.FLOAT, -4.125, 3.0, 3)
    assert (kinds["ratio"].kind, kinds["ratio"].low) == (ColumnKind.FLOAT, 0.001)
    assert kinds["odd"].kind is ColumnKind.TEXT  # "1_0" and "x" are not numbers to pandas
    assert dataset.sampled_rows == 11
    assert dataset.input_shape == (6,)
    assert any("odd" in note and "text" in note for note in dataset.notes)


@pytest.mark.parametrize(
    ("data", "path", "note"),
    [
        (None, "./data/d.csv", "./data/d.csv is not in the project"),
        ("row_id,label\nr1,0\n", "/srv/data/d.csv", "/srv/data/d.csv is not in the project"),
        ("id,x,label\n1,2,0\n2,3,1\n", "./data/d.csv", "has no column row_id"),
        ("row_id,x,label\nr1,2,1\nr2,3,1\n", "./data/d.csv", "label holds one value"),
    ],
    ids=["no-file", "outside-project", "missing-column", "one-class"],
)
def test_no_schema_when_synthetic_rows_cannot_stand_in(tmp_path, data, path, note):
    dataset = dataset_of(csv_project(tmp_path, data, path))
    assert dataset.kind == "csv"
    assert dataset.columns == () and dataset.sampled_rows == 0
    assert any(note in n for n in dataset.notes), dataset.notes


def test_sampling_is_bounded_and_skips_what_is_not_utf8_csv(tmp_path):
    src = csv_project(tmp_path, "a,b\n" + "".join(f"{i},{i}\n" for i in range(SAMPLE_ROWS * 3)))
    (src / "data" / "latin1.csv").write_bytes("a,b\n\xe9,1\n".encode("latin-1"))
    (src / "data" / "empty.csv").write_text("")
    samples = read_data_samples(src)
    assert sorted(samples) == ["data/d.csv"]
    assert samples["data/d.csv"].header == ("a", "b")
    assert len(samples["data/d.csv"].rows) == SAMPLE_ROWS


def test_churn_schema_comes_from_the_example_file():
    dataset = dataset_of(EXAMPLES / "xgboost-tabular")
    kinds = {c.name: c.kind for c in dataset.columns}
    assert list(kinds) == list(pd.read_csv(CHURN, nrows=0).columns)
    assert kinds["customer_id"] is ColumnKind.TEXT
    assert kinds["churn"] is ColumnKind.BINARY
    assert kinds["contract_type"] is ColumnKind.CATEGORY
    assert kinds["monthly_charges"] is ColumnKind.FLOAT
    assert dataset.sampled_rows == SAMPLE_ROWS
    assert dataset.input_shape == (12,)


def _generated_conftest(out: Path):
    spec = importlib.util.spec_from_file_location("generated_conftest_csv", out / "tests/conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_rows_have_the_real_schema(migrated, tmp_path):
    conftest = _generated_conftest(migrated("xgboost-tabular"))
    raw = conftest.write_synthetic_csv(tmp_path / "raw")
    synthetic = pd.read_csv(raw / "churn.csv")
    real = pd.read_csv(CHURN)
    assert list(synthetic.columns) == list(real.columns)
    assert len(synthetic) == conftest.SYNTHETIC_ROWS
    features = real.drop(columns=["customer_id", "churn"]).columns
    for name in features:
        assert pd.api.types.is_numeric_dtype(synthetic[name]), name
        assert pd.api.types.is_integer_dtype(synthetic[name]) == pd.api.types.is_integer_dtype(
            real[name]), name
        head = real[name].head(SAMPLE_ROWS)
        assert head.min() <= synthetic[name].min() <= synthetic[name].max() <= head.max(), name
    assert sorted(synthetic["churn"].unique()) == [0, 1]
    assert synthetic["churn"].value_counts().min() >= conftest.SYNTHETIC_ROWS // 2
    assert not set(synthetic["customer_id"]) & set(real["customer_id"])


def test_no_row_of_the_users_data_is_in_out(migrated):
    out = migrated("xgboost-tabular")
    lines = CHURN.read_text().splitlines()
    rows = set(lines[1:])
    ids = {line.split(",")[0] for line in lines[1:]}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_text(errors="replace")
        assert not rows.intersection(text.splitlines()), path
        assert not ids.intersection(re.findall(r"\bC\d{6}\b", text)), path


def test_without_the_csv_the_generated_tests_skip_with_the_reason(tmp_path):
    src = csv_project(tmp_path, None)
    plan = build_plan(analyze_project(src), read_data_samples(src))
    files = render_project(plan, template_values(plan))
    # Without the CSV there is no Preprocess step (the data folder is the training channel as it
    # is): the tests that need data skip, naming the folder to point SAGEBRIDGE_TEST_DATA at.
    assert "pytest.skip(f\"set {TEST_DATA_ENV} to the script's data folder (./data)" in files[
        "tests/conftest.py"]
    assert "write_synthetic_csv" not in files["tests/conftest.py"]
    assert "(the tests that need data are skipped without it)" in files["README.md"]
