"""A `__file__`-anchored data path that climbs with `..` before naming its folder.

    DATASETS_PATH = path.join(path.dirname(__file__), "..", "..", "Datasets")

(Lightning's examples/pytorch/basics/autoencoder.py; repository-root data read from a nested
script.) Before the fix the first part after the anchor, "..", was taken as the data folder: the
channel rewrite replaced *both* `..` literals with the channel, so the job looked for
`<channel>/Datasets` while the channel holds the Datasets folder's contents.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project

NESTED = """\
import os
from os import path
from pathlib import Path

import torch
from torchvision.datasets import MNIST

DATASETS_PATH = path.join(path.dirname(__file__), "..", "..", "Datasets")
train = MNIST(DATASETS_PATH, train=True, download=True)
model = torch.nn.Linear(2, 2)
print(f"test accuracy: {0.5}")
torch.save(model.state_dict(), "model.pt")
"""


def _anchored(expression: str) -> object:
    module = ParsedModule.parse(
        "train.py", f"import os\nfrom pathlib import Path\nx = {expression}\n"
    )
    node = module.tree.body[-1]
    assert isinstance(node, ast.Assign)
    literal = PathResolver(module).after_file_anchor(node.value)
    return None if literal is None else literal.value


def test_dot_parts_are_skipped_after_the_anchor() -> None:
    here = "os.path.dirname(__file__)"
    assert _anchored(f'os.path.join({here}, "..", "..", "Datasets")') == "Datasets"
    assert _anchored(f'os.path.join({here}, ".", "data", "x.csv")') == "data"
    assert _anchored('Path(__file__).parent / ".." / "data" / "x.csv"') == "data"
    assert _anchored(f'os.path.join({here}, "..")') is None  # names no folder
    assert _anchored(f'os.path.join({here}, "data")') == "data"  # unchanged


def test_migrated_path_reads_the_channel_and_keeps_the_laptop_path(tmp_path: Path) -> None:
    source = tmp_path / "repo"
    (source / "examples" / "basics").mkdir(parents=True)
    (source / "examples" / "basics" / "train.py").write_text(NESTED)
    out = tmp_path / "out"
    migrate_project(source, out, entry_point="examples/basics/train.py")
    code = (out / "code" / "examples" / "basics" / "train.py").read_text()
    line = next(x for x in code.splitlines() if x.startswith("DATASETS_PATH ="))
    assert line.count("os.environ.get") == 1 and line.count('".."') == 2
    fake_file = str(tmp_path / "somewhere" / "examples" / "basics" / "train.py")
    expression = line.split("=", 1)[1]

    def evaluated(environ: dict[str, str]) -> str:
        scope = {"path": os.path, "os": type("os", (), {"environ": environ}), "__file__": fake_file}
        return os.path.normpath(eval(expression, scope))

    assert evaluated({"SM_CHANNEL_TRAINING": "/opt/ml/input/data/training"}) == (
        "/opt/ml/input/data/training"
    )
    assert evaluated({}) == os.path.normpath(str(tmp_path / "somewhere" / "Datasets"))
    assert re.search(r"MNIST\(DATASETS_PATH, train=True, download=False\)", code)
