"""An argparse option defaulting to None (`--config`) is a pipeline parameter: the pipeline
passes "" (SageMaker has no None), which the migrated option reads back as None; a value set
with `-p config=config.json` reaches the script as it is."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project
from sagebridge.model import Hazard
from sagebridge.plan import build_plan

from .conftest import plain_env, run_script

SCRIPT = """import argparse

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", help="JSON file overriding the defaults")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--mode", choices=["a", "b"])
    args = parser.parse_args()
    print(f"config={args.config!r} limit={args.limit!r} mode={args.mode!r}")
    print(f"test accuracy: {0.5}")

if __name__ == "__main__":
    main()
"""


def test_none_default_options_are_passed_as_empty_and_read_back_as_none(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT)
    plan = build_plan(analyze_project(src, entry_point="train.py"))
    planned = {hp.name: (hp.default, hp.type, hp.hazard) for hp in plan.hyperparameters}
    assert planned["config"] == ("", "str", Hazard.NONE_DEFAULT)
    assert planned["limit"] == ("", "str", Hazard.NONE_DEFAULT)
    assert "mode" not in planned  # "" is not one of its choices: left out, as before

    out = tmp_path / "out"
    migrate_project(src, out, entry_point="train.py")
    code = out / "code"
    job = run_script(code / "train.py", ["--config", "", "--limit", ""], cwd=code, env=plain_env())
    assert "config=None limit=None mode=None" in job.stdout
    job = run_script(
        code / "train.py", ["--config", "c.json", "--limit", "3"], cwd=code, env=plain_env()
    )
    assert "config='c.json' limit=3 mode=None" in job.stdout
