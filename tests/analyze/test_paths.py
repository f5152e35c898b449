"""Path-like literals -> HardCodedPath facts with a role."""

from __future__ import annotations

import pytest

from sagebridge.analyze.paths import find_paths, is_path_like, role_of
from sagebridge.model import PathRole

from .conftest import parse

D, M, O, C, U = (
    PathRole.DATA,
    PathRole.MODEL,
    PathRole.OUTPUT,
    PathRole.CHECKPOINT,
    PathRole.UNKNOWN,
)

CASES = [
    pytest.param(
        "import os\ndata_dir = os.path.join('data', dataset)",
        [("data", D, None, 2)],
        id="bare-folder-word-starting-a-join",
    ),
    pytest.param("import os\npath = os.path.join('tiny', name)", [], id="other-word-not-a-folder"),
    pytest.param('data_dir = "./data"', [("./data", D, "data_dir", 1)], id="module-data-dir"),
    pytest.param(
        'model_save_path = "./models/model.pth"',
        [("./models/model.pth", M, "model_save_path", 1)],
        id="module-model-path",
    ),
    pytest.param('OUT = "/opt/results"', [("/opt/results", O, "OUT", 1)], id="value-says-output"),
    pytest.param('CKPT_DIR = "ckpts"', [("ckpts", C, "CKPT_DIR", 1)], id="bare-name-for-dir-var"),
    pytest.param(
        'import pandas as pd\ndf = pd.read_csv("./data/churn.csv")',
        [("./data/churn.csv", D, None, 2)],
        id="read-call",
    ),
    pytest.param(
        'open("./output/report.txt", "w")', [("./output/report.txt", O, None, 1)], id="open-write"
    ),
    pytest.param(
        'open("notes.txt", mode="a")', [("notes.txt", O, None, 1)], id="open-append-keyword"
    ),
    pytest.param('torch.save(m, "model.pt")', [("model.pt", M, None, 1)], id="save-call"),
    pytest.param(
        'import os\nos.path.join("./data", "train.csv")',
        [("./data", D, None, 2)],
        id="join-root-only",
    ),
    pytest.param(
        'def main():\n    data_dir = "./data"',
        [("./data", D, None, 2)],
        id="function-local-no-variable",
    ),
    pytest.param(
        'def load(path="data/train.csv"):\n    pass', [("data/train.csv", D, None, 1)], id="default"
    ),
    pytest.param(
        'p.add_argument("--model-dir", default="./out")',
        [("./out", M, None, 1)],
        id="argparse-default",
    ),
    pytest.param('x = "/tmp/scratch"', [("/tmp/scratch", U, "x", 1)], id="unknown-role"),
    pytest.param('print("./data/not-a-path-here.csv")', [], id="print-is-a-message"),
    pytest.param('writer.add_scalar("Loss/train", 1.0)', [], id="tensorboard-tag"),
    pytest.param('URL = "https://example.com/data.csv"', [], id="url"),
    pytest.param('S3 = "s3://bucket/data"', [], id="s3-uri"),
    pytest.param('"""Reads ./data/train.csv"""', [], id="docstring"),
    pytest.param('msg = "saved to ./models"', [], id="sentence"),
    pytest.param('NAME = "resnet"', [], id="plain-word"),
    pytest.param('p = f"./data/{split}.csv"', [], id="f-string"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_find_paths(source: str, expected: list[tuple]) -> None:
    found = find_paths(parse(source))
    assert [(p.value, p.role, p.variable, p.line) for p in found] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("./data", True),
        ("../shared/x", True),
        ("~/models", True),
        ("data/train.csv", True),
        ("model.joblib", True),
        ("models/", True),
        ("Loss/train", False),
        ("a/b", False),
        ("/", False),
        ("./", False),
        ("hello world.csv", False),
        ("{}.csv", False),
        ("http://x/y.csv", False),
        ("", False),
    ],
)
def test_is_path_like(value: str, expected: bool) -> None:
    assert is_path_like(value) is expected


@pytest.mark.parametrize(
    ("value", "names", "call", "writes", "expected"),
    [
        ("./x", ["checkpoint_dir"], None, False, C),
        ("./x", ["MODEL_DIR"], None, False, M),
        ("./x", ["output_dir"], None, False, O),
        ("./x", ["train_file"], None, False, D),
        ("./checkpoints/last.ckpt", [], None, False, C),
        ("./weights.bin", [], "save", False, M),
        ("./a.txt", [], "open", True, O),
        ("./a.txt", [], "read_csv", False, D),
        ("./a.txt", [], None, False, U),
    ],
)
def test_role_of(
    value: str, names: list[str], call: str | None, writes: bool, expected: PathRole
) -> None:
    assert role_of(value, names, call, writes) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "import argparse, os, torch\n"
            "p = argparse.ArgumentParser()\n"
            "p.add_argument('--model-dir', default='models')\n"
            "args = p.parse_args()\n"
            "torch.save(m, os.path.join(args.model_dir, 'f.pt'))\n",
            [("models", M, 3, False)],
            id="argparse-folder-saved-into-is-model",
        ),
        pytest.param(
            "import os, torch\n"
            "config = {'save_dir': 'checkpoints'}\n"
            "cfg = config\n"
            "torch.save(m, os.path.join(cfg['save_dir'], 's.pt'))\n",
            [("checkpoints", M, 2, False)],
            id="config-dict-named-checkpoints-but-saved-into-is-model",
        ),
        pytest.param(
            "from torchvision.utils import save_image\n"
            "save_image(x, 'results/sample_' + str(epoch) + '.png')\n",
            [("results/sample_", O, 2, True)],
            id="written-prefix-is-output",
        ),
        pytest.param(
            "import argparse\n"
            "p = argparse.ArgumentParser()\n"
            "p.add_argument('--outf', default='out')\n"
            "opt = p.parse_args()\n"
            "with open('%s/log.txt' % opt.outf, 'w') as f:\n"
            "    pass\n",
            [("out", O, 3, False)],
            id="folder-written-through-percent-format-is-output",
        ),
        pytest.param(
            "from pathlib import Path\n"
            "HERE = Path(__file__).resolve().parent\n"
            "config = {'data_file': str(HERE / 'data' / 'vectors.csv')}\n",
            [("data", D, 3, False)],
            id="file-anchored-data-folder-is-data",
        ),
    ],
)
def test_paths_by_use(source: str, expected: list[tuple]) -> None:
    from sagebridge.analyze.frameworks import find_frameworks
    from sagebridge.analyze.saves import find_saves

    module = parse(source)
    found = find_paths(module, find_saves(module, find_frameworks(module)))
    assert [(p.value, p.role, p.line, p.prefix) for p in found] == expected
