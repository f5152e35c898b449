"""Parquet / feather / npz files and globbed shards (the shards-columnar corpus project):
`glob.glob("data/part-*.csv")`, `Path("data").glob("*.feather")`, `pd.read_parquet` and
`np.load` by literal paths all read the one training channel in the job, and the laptop run is
unchanged. A `Path(folder).glob(pattern)`'s pattern is not a path of its own (it was: a second
channel `data` with fallback "." joined onto the pattern)."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import joblib
from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.analyze.paths import find_paths
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus" / "shards-columnar"


def _metrics(text: str) -> list[str]:
    return re.findall(r"^(?:valid|test)_accuracy: ([0-9.]+)$|^(\d+ shards, \d+ training rows)$",
                      text, re.MULTILINE)


def test_pathlib_glob_pattern_is_not_a_path_module_glob_is() -> None:
    module = ParsedModule.parse("t.py", textwrap.dedent('''
        import glob
        from pathlib import Path
        a = sorted(Path("data").glob("*.feather"))
        b = list(Path("data/images").rglob("*.png"))
        c = glob.glob("shards/part-*.csv")
    '''))
    assert sorted(p.value for p in find_paths(module, ())) == [
        "data", "data/images", "shards/part-*.csv"
    ]


def test_shards_parquet_npz_read_from_the_channel_same_metrics(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(CORPUS, original)
    run_script(original / "make_data.py", [], cwd=original, env=plain_env())
    before = run_script(original / "train.py", [], cwd=original, env=plain_env())
    assert len(_metrics(before.stdout)) == 3

    out = tmp_path / "out"
    migrate_project(CORPUS, out, entry_point="train.py")
    code = out / "code"
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert re.findall(r"channel_name=['\"](\w+)", pipeline) == ["training"]

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    shutil.copytree(original / "data", container.channel())  # no data/ beside the code
    job = run_script(code / "train.py", [], cwd=code, env=plain_env(**container.env()))
    assert _metrics(job.stdout) == _metrics(before.stdout)
    assert hasattr(joblib.load(container.model / "model.joblib"), "predict")

    shutil.copytree(original / "data", code / "data")  # a laptop: the script as before
    laptop = run_script(code / "train.py", [], cwd=code, env=plain_env())
    assert _metrics(laptop.stdout) == _metrics(before.stdout)
    assert (code / "artifacts" / "model.joblib").is_file()
