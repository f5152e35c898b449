"""Companion scripts: carried into code/ untouched, no fact taken from them."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.analyze.entry import companion_scripts

from .conftest import parse, write_tree


def test_imported_modules_are_training_code_the_rest_companions() -> None:
    files = {
        "train.py": "import model\nfrom pkg.data import load\nfrom .util import x\n",
        "model.py": "import layers\n",
        "layers.py": "",
        "pkg/__init__.py": "",
        "pkg/data.py": "",
        "util.py": "",
        "prepare.py": "import model\n",
        "data/tiny/prepare.py": "",
        "sample.py": "from model import GPT\n",
    }
    modules = {path: parse(text, path) for path, text in files.items()}
    assert companion_scripts("train.py", modules) == ("data/tiny/prepare.py", "prepare.py", "sample.py")


def test_a_companions_settings_and_saves_are_not_the_entry_points(tmp_path: Path) -> None:
    project = write_tree(
        tmp_path / "p",
        {
            "train.py": """
                import argparse, torch
                from model import Net
                p = argparse.ArgumentParser()
                p.add_argument("--lr", type=float, default=0.1)
                args = p.parse_args()
                net = Net()
                torch.save(net.state_dict(), "net.pt")
                if __name__ == "__main__":
                    pass
            """,
            "model.py": "import torch\nLAYERS = 3\nclass Net(torch.nn.Module):\n    pass\n",
            "prepare.py": """
                import argparse, pickle
                SEED = 7
                p = argparse.ArgumentParser()
                p.add_argument("--words", type=int, default=100)
                with open("data/meta.pkl", "wb") as f:
                    pickle.dump({}, f)
            """,
        },
    )
    analysis = analyze_project(project, "train.py")
    assert analysis.companion_scripts == ("prepare.py",)
    assert [h.name for h in analysis.hyperparameters] == ["lr"]
    assert [(s.file, s.call) for s in analysis.model_saves] == [("train.py", "torch.save")]
    assert {p.file for p in analysis.hard_coded_paths} == {"train.py"}
    assert [c.name for c in analysis.model_classes] == ["Net"]
