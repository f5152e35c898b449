"""OUT/code's layout for a project whose training script sits in a subfolder: the project's
layout kept (the entry script stays at src/train.py, so `entry_script="src/train.py"` with
source_dir code/ is a file the SDK finds, and `__file__`-relative paths point where they did),
our runtime module beside the entry script, and a script the entry point does not use carried
along untouched."""

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
    assert {
        "src/train.py", "src/models/__init__.py", "src/models/net.py",
        "src/sagebridge_runtime.py", "tools/plot.py",
    } <= written
    assert not {"train.py", "models/net.py", "sagebridge_runtime.py"} & written
    assert (code / "src" / "models" / "net.py").read_text() == NET  # untouched: byte-identical
    assert (code / "tools" / "plot.py").read_text() == "print('plot')\n"  # a companion
    migrated = (code / "src" / "train.py").read_text()
    assert 'data_dir = os.environ.get("SM_CHANNEL_TRAINING", "./data")' in migrated
    assert "import sagebridge_runtime" in migrated  # found beside it: src/ is sys.path[0]
    assert not any("outside src/" in w for w in result.warnings)
    assert result.plan.names["project"] == "churn-project"
    assert {c.path for c in result.changes} == {"code/src/train.py"}
    assert (out / "docs" / "train.diff").read_text().startswith(
        "--- a/src/train.py\n+++ b/src/train.py\n")
