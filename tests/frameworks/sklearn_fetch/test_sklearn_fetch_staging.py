"""scikit-learn `fetch_*` datasets are staged: Preprocess (the one step with network) runs the
script's own fetcher with `data_home=<training channel>`, and the migrated call gets
`data_home=sagebridge_runtime.sklearn_data_home(...)`, the channel in SageMaker and the script's
own data home elsewhere. It was a needs-review item (exit 3) and the job downloaded.

No network here: a stand-in California housing cache is written in scikit-learn's own layout
(`_pkl_filepath(home, "cal_housing.pkz")`, joblib), and every run has scikit-learn's downloader
replaced by one that fails, so a run that tried to download would fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import joblib
import numpy as np
import pytest
from migrate.conftest import FakeContainer, plain_env, run_script
from sklearn.datasets._base import _pkl_filepath

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project
from sagebridge.model import ArtifactStatus
from sagebridge.plan import build_plan

TRAIN = """
import argparse

from sklearn.datasets import fetch_california_housing
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--alpha", type=float, default=1.0)
    args = parser.parse_args()
    X, y = fetch_california_housing(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    model = Ridge(alpha=args.alpha).fit(X_train, y_train)
    rmse = mean_squared_error(y_test, model.predict(X_test)) ** 0.5
    print(f"test rmse: {rmse:.6f}")


if __name__ == "__main__":
    main()
"""

# Runs a script with scikit-learn's downloader failing: a job with no internet.
OFFLINE = """
import os
import runpy
import sys

import sklearn.datasets._base as base
import sklearn.datasets._california_housing as housing


def offline(*args, **kwargs):
    raise OSError("no internet in this job")


base._fetch_remote = housing._fetch_remote = offline
script, sys.argv = sys.argv[1], sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
runpy.run_path(script, run_name="__main__")
"""


def _stand_in_home(home: Path) -> Path:
    """California housing's cache as fetch_california_housing writes it: 9 columns, target first."""
    rng = np.random.default_rng(7)
    rows = rng.uniform(1.0, 10.0, size=(240, 9))
    rows[:, 0] = (rows[:, 1] * 0.5 + rows[:, 3] * 0.1 + rng.normal(0, 0.3, 240)) * 100_000
    home.mkdir(parents=True, exist_ok=True)
    joblib.dump(rows, _pkl_filepath(str(home), "cal_housing.pkz"), compress=6)
    return home


def _rmse(stdout: str) -> str:
    found = re.search(r"test rmse: ([0-9.]+)", stdout)
    assert found, stdout
    return found.group(1)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fetch")
    source = root / "project"
    source.mkdir()
    (source / "train.py").write_text(TRAIN)
    (source / "requirements.txt").write_text("scikit-learn\n")
    migrate_project(source, root / "out", entry_point="train.py")
    return root


def test_the_job_reads_the_staged_cache_and_prints_the_originals_metric(
    migrated: Path, tmp_path: Path
) -> None:
    offline = tmp_path / "offline.py"
    offline.write_text(OFFLINE)
    home = _stand_in_home(tmp_path / "scikit_learn_data")
    empty = tmp_path / "empty_home"
    empty.mkdir()
    before = run_script(
        offline, [str(migrated / "project" / "train.py")], cwd=migrated / "project",
        env=plain_env(SCIKIT_LEARN_DATA=str(home)),
    )  # fmt: skip
    code = migrated / "out" / "code"
    container = FakeContainer(tmp_path / "opt_ml")
    shutil.copytree(home, container.channel())
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True, exist_ok=True)
    # SageMaker-style: scikit-learn's default data home is empty; only the channel has the cache.
    after = run_script(
        offline, [str(code / "train.py")], cwd=code,
        env=plain_env(**container.env(), SCIKIT_LEARN_DATA=str(empty)),
    )  # fmt: skip
    assert _rmse(after.stdout) == _rmse(before.stdout)
    # On a laptop the migrated call is the original's: scikit-learn's own data home.
    laptop = run_script(
        offline, [str(code / "train.py")], cwd=code, env=plain_env(SCIKIT_LEARN_DATA=str(home))
    )
    assert _rmse(laptop.stdout) == _rmse(before.stdout)
    refused = run_script(
        offline, [str(code / "train.py")], cwd=code,
        env=plain_env(SCIKIT_LEARN_DATA=str(empty)), check=False,
    )  # fmt: skip
    assert refused.returncode != 0 and "no internet in this job" in refused.stderr


def test_preprocess_runs_the_scripts_fetcher_into_the_channel(
    migrated: Path, tmp_path: Path
) -> None:
    train_dir = _stand_in_home(tmp_path / "train")  # what the download would leave there
    test_dir = tmp_path / "test"
    offline = tmp_path / "offline.py"
    offline.write_text(OFFLINE)
    done = subprocess.run(
        [sys.executable, str(offline), str(migrated / "out" / "code" / "preprocess.py"),
         "--train-dir", str(train_dir), "--test-dir", str(test_dir)],
        capture_output=True, text=True, timeout=300, check=False,
        env=plain_env(SCIKIT_LEARN_DATA=str(tmp_path / "elsewhere")),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    [report] = [p for p in test_dir.iterdir() if p.suffix == ".json"]
    staged = json.loads(report.read_text())
    assert staged["data_home"] == str(train_dir)
    assert [(c["call"], c["rows"]) for c in staged["calls"]] == [("fetch_california_housing", 240)]
    assert staged["calls"][0]["arguments"] == "((), {'return_X_y': True})"


def _plan(tmp_path: Path, source: str):  # type: ignore[no-untyped-def]
    (tmp_path / "train.py").write_text(textwrap.dedent(source))
    return build_plan(analyze_project(tmp_path, entry_point="train.py"))


def test_the_scripts_own_arguments_are_passed_and_data_home_is_left_to_preprocess(
    tmp_path: Path,
) -> None:
    plan = _plan(tmp_path, """
        from sklearn.datasets import fetch_20newsgroups, fetch_openml
        HOME = "cache"
        train = fetch_20newsgroups(subset="train", data_home=HOME, download_if_missing=True)
        titanic = fetch_openml("titanic", version=1, as_frame=True)
        print("test accuracy: 0.5")
    """)
    assert plan.dataset.kind == "sklearn_fetch"
    assert plan.dataset.loader_args == (
        "[('fetch_20newsgroups', (), {'subset': 'train'}), "
        "('fetch_openml', ('titanic',), {'version': 1, 'as_frame': True})]"
    )
    assert plan.steps.preprocess.kind == "sklearn_fetch"
    assert not [a for a in plan.steps.artifacts if a.status is ArtifactStatus.NEEDS_REVIEW]


def test_arguments_known_only_when_the_script_runs_stay_a_review_item(tmp_path: Path) -> None:
    plan = _plan(tmp_path, """
        import sys
        from sklearn.datasets import fetch_openml
        data = fetch_openml(sys.argv[1])
        print("test accuracy: 0.5")
    """)
    assert plan.dataset is None or plan.dataset.kind != "sklearn_fetch"
    [review] = [a for a in plan.steps.artifacts if a.status is ArtifactStatus.NEEDS_REVIEW]
    assert review.where == "train.py:4"
    assert "not staged: its arguments are not known before the script runs" in review.reason


def test_the_migrated_call_keeps_the_scripts_data_home_outside_sagemaker(tmp_path: Path) -> None:
    source = tmp_path / "project"
    source.mkdir()
    (source / "train.py").write_text(textwrap.dedent("""
        from sklearn.datasets import fetch_covtype
        HOME = "cache"
        data = fetch_covtype(data_home=HOME)
        print(f"test accuracy: {len(data.target)}")
    """))
    migrate_project(source, tmp_path / "out", entry_point="train.py")
    code = (tmp_path / "out" / "code" / "train.py").read_text()
    assert (
        "fetch_covtype(data_home=sagebridge_runtime.sklearn_data_home('SM_CHANNEL_TRAINING', HOME))"
        in code
    )


def test_preprocess_offline_copies_the_data_home_scikit_learn_data_names(
    migrated: Path, tmp_path: Path
) -> None:
    """`SCIKIT_LEARN_DATA=~/scikit_learn_data sagebridge run OUT --local` with no internet."""
    home = _stand_in_home(tmp_path / "home")
    offline = tmp_path / "offline.py"
    offline.write_text(OFFLINE)
    train_dir, test_dir = tmp_path / "train", tmp_path / "test"
    preprocess = migrated / "out" / "code" / "preprocess.py"
    arguments = [sys.executable, str(offline), str(preprocess),
                 "--train-dir", str(train_dir), "--test-dir", str(test_dir)]  # fmt: skip
    done = subprocess.run(
        arguments, capture_output=True, text=True, timeout=300, check=False,
        env=plain_env(SCIKIT_LEARN_DATA=str(home)),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (train_dir / Path(_pkl_filepath(str(home), "cal_housing.pkz")).name).is_file()
    without = subprocess.run(
        [*arguments[:-4], "--train-dir", str(tmp_path / "t2"), "--test-dir", str(tmp_path / "e2")],
        capture_output=True, text=True, timeout=300, check=False,
        env={k: v for k, v in plain_env().items() if k != "SCIKIT_LEARN_DATA"},
    )  # fmt: skip
    assert without.returncode != 0 and "no internet in this job" in without.stderr


def test_arguments_from_a_settings_default_are_staged_with_a_warning(tmp_path: Path) -> None:
    plan = _plan(tmp_path, """
        import argparse
        from sklearn.datasets import fetch_openml
        parser = argparse.ArgumentParser()
        parser.add_argument("--dataset", default="titanic")
        args = parser.parse_args()
        data = fetch_openml(args.dataset, version=1)
        print("test accuracy: 0.5")
    """)
    assert plan.dataset.loader_args == "[('fetch_openml', ('titanic',), {'version': 1})]"
    [note] = [w for w in plan.warnings if "fetch_openml's arguments" in w]
    assert note.startswith("train.py:7: fetch_openml's arguments come from dataset;")
