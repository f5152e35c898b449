"""OUT/code's layout for a project whose training script sits in a subfolder: the entry script
at the root, its helper modules keeping their relative paths, and files outside its folder
reported rather than silently dropped."""

from __future__ import annotations

from pathlib import Path

from sagebridge.migrate import migrate_project

TRAIN = '''import os

from models.net import make_model

data_dir = "./data"
epochs = 2


def main():
    correct = len(os.listdir(data_dir)) + epochs
    print(make_model())
    print("Test accuracy: {:.4f}".format(correct / 100))


if __name__ == "__main__":
    main()
'''
NET = '''def make_model():
    return "net"
'''


def test_entry_in_a_subfolder(tmp_path: Path) -> None:
    src = tmp_path / "churn project"
    (src / "src" / "models").mkdir(parents=True)
    (src / "src" / "train.py").write_text(TRAIN)
    (src / "src" / "models" / "__init__.py").write_text("")
    (src / "src" / "models" / "net.py").write_text(NET)
    (src / "tools").mkdir()
    (src / "tools" / "plot.py").write_text("print('plot')\n")
    out = tmp_path / "out"

    result = migrate_project(src, out, entry_point="src/train.py")

    code = out / "code"
    written = {p.relative_to(code).as_posix() for p in code.rglob("*.py")}
    assert {"train.py", "models/__init__.py", "models/net.py", "sagebridge_runtime.py"} <= written
    assert not any(path.startswith(("src/", "tools/")) for path in written)
    assert (code / "models" / "net.py").read_text() == NET  # untouched: byte-identical
    migrated = (code / "train.py").read_text()
    assert 'data_dir = os.environ.get("SM_CHANNEL_TRAINING", "./data")' in migrated
    assert "tools/plot.py: outside src/, the entry script's folder; not in code/" in result.warnings
    assert result.plan.names["project"] == "churn-project"
    assert (out / "docs" / "train.diff").read_text().startswith(
        "--- a/src/train.py\n+++ b/src/train.py\n")
