"""A nested entry point (examples/corpus/nested-entry: src/train.py reading ROOT/"data" with
ROOT = Path(__file__).resolve().parents[1]): the migrated project keeps the layout under code/
and the SDK accepts its training step (issue 11)."""

from __future__ import annotations

from pathlib import Path

from pipeline.test_pipeline_definition import build, steps

from sagebridge.migrate import migrate_project
from sagebridge.plan.layout import LAYOUT

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def test_nested_entry_builds_and_keeps_the_layout(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = migrate_project(CORPUS / "nested-entry", out, entry_point="src/train.py")
    code = out / "code"
    assert (code / "src" / "train.py").is_file()
    assert (code / "src" / "features.py").is_file()  # imported as `from features import ...`
    assert (code / "src" / "sagebridge_runtime.py").is_file()
    # The job's entry script is the launcher at code/'s root, which runs src/train.py (no
    # repack job: it packs code/ into the model).
    pipeline_text = (out / "pipeline" / "pipeline.py").read_text()
    assert "entry_script = 'sagebridge_launch.py'" in pipeline_text
    assert "{'SAGEBRIDGE_ENTRY_SCRIPT': 'src/train.py'}" in pipeline_text
    assert (code / "sagebridge_launch.py").is_file()
    assert result.plan.entry_point == "src/train.py"

    definition = build(out)  # ModelTrainer checks source_dir/entry_script is a file

    train = steps(definition)[LAYOUT.train_step]["Arguments"]
    assert {c["ChannelName"] for c in train["InputDataConfig"]} >= {"code", "sm_drivers"}
    assert train["Environment"] == {"SAGEBRIDGE_ENTRY_SCRIPT": "src/train.py"}
