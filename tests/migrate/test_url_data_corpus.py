"""mlflow-wine-url (examples/corpus): a CSV read from a URL. The original (its URL served from
the stand-in by run_offline.py) and the migrated script (the file in the training channel, as
the pipeline stages the uploaded input, and no network) print the same metrics; the model lands
in SM_MODEL_DIR."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sagebridge.migrate import migrate_project

from .conftest import EXAMPLES, FakeContainer, plain_env, run_script

PROJECT = EXAMPLES / "corpus" / "mlflow-wine-url"
METRICS = r"(?:RMSE|MAE|R2): [0-9.e-]+"


def test_url_csv_read_from_the_channel_gives_the_original_metrics(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    run_script(original / "make_standin.py", [], cwd=original, env=plain_env())
    before = run_script(original / "run_offline.py", ["train.py", "0.5", "0.5"], cwd=original,
                        env=plain_env(MLFLOW_DISABLE_TELEMETRY="true"))
    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "data", container.channel())
    code = out / "code"
    # Run as it is (no run_offline.py): a read of the URL would fail here, there is no network.
    after = run_script(code / "train.py", ["--alpha", "0.5", "--l1_ratio", "0.5"], cwd=code,
                       env=plain_env(MLFLOW_DISABLE_TELEMETRY="true", **container.env()))
    printed = re.findall(METRICS, before.stdout)
    assert len(printed) == 3, before.stdout
    assert re.findall(METRICS, after.stdout) == printed
    assert (container.model / "model.joblib").is_file(), sorted(container.model.iterdir())
