"""Model saves -> ModelSave facts with format, target and destination."""

from __future__ import annotations

import pytest

from sagebridge.analyze.frameworks import find_frameworks
from sagebridge.analyze.saves import find_saves
from sagebridge.model import SaveFormat

from .conftest import parse

CASES = [
    pytest.param(
        "import torch\ntorch.save(model.state_dict(), model_save_path)",
        [("torch.save", SaveFormat.STATE_DICT, "model.state_dict()", "model_save_path")],
        id="torch-state-dict",
    ),
    pytest.param(
        "import torch\nsd = model.state_dict()\ntorch.save(sd, 'm.pth')",
        [("torch.save", SaveFormat.STATE_DICT, "sd", "'m.pth'")],
        id="torch-state-dict-variable",
    ),
    pytest.param(
        "import torch\ntorch.save(model, 'm.pt')",
        [("torch.save", SaveFormat.PICKLE, "model", "'m.pt'")],
        id="torch-whole-model",
    ),
    pytest.param(
        "import torch\nscripted = torch.jit.script(model)\nscripted.save('m.pt')",
        [("scripted.save", SaveFormat.TORCHSCRIPT, "scripted", "'m.pt'")],
        id="torchscript-method",
    ),
    pytest.param(
        "import torch\ntorch.jit.save(torch.jit.trace(model, x), path)",
        [("torch.jit.save", SaveFormat.TORCHSCRIPT, "torch.jit.trace(model, x)", "path")],
        id="torchscript-function",
    ),
    pytest.param(
        "import joblib\njoblib.dump(model, MODEL_PATH)",
        [("joblib.dump", SaveFormat.JOBLIB, "model", "MODEL_PATH")],
        id="joblib",
    ),
    pytest.param(
        "import pickle\nwith open(out_path, 'wb') as f:\n    pickle.dump(clf, f)",
        [("pickle.dump", SaveFormat.PICKLE, "clf", "out_path")],
        id="pickle-through-open",
    ),
    pytest.param(
        "import xgboost as xgb\nmodel = xgb.train(p, d)\nmodel.save_model(MODEL_PATH)",
        [("model.save_model", SaveFormat.XGBOOST, "model", "MODEL_PATH")],
        id="xgboost",
    ),
    pytest.param(
        "from transformers import Trainer\ntrainer = Trainer(model=m)\ntrainer.save_model('out')",
        [("trainer.save_model", SaveFormat.HF, "trainer", "'out'")],
        id="hf-trainer",
    ),
    pytest.param(
        "import transformers\nmodel.save_pretrained(out_dir)",
        [("model.save_pretrained", SaveFormat.HF, "model", "out_dir")],
        id="hf-save-pretrained",
    ),
    pytest.param(
        "from tensorflow import keras\nmodel.save('model.keras')",
        [("model.save", SaveFormat.KERAS, "model", "'model.keras'")],
        id="keras-save",
    ),
    pytest.param("import numpy as np\nnp.save('x.npy', a)", [], id="numpy-save-is-not-a-model"),
    pytest.param("img.save('x.png')", [], id="no-framework-no-save"),
    pytest.param(
        "import lightgbm as lgb\nbooster.save_model('m.txt')", [], id="lightgbm-no-format"
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_find_saves(source: str, expected: list[tuple]) -> None:
    module = parse(source)
    found = find_saves(module, find_frameworks(module))
    assert [(s.call, s.format, s.target, s.path) for s in found] == expected


def test_a_save_behind_a_flag_records_the_flag() -> None:
    module = parse(
        """
        import torch
        def main(args):
            if args.save_model:
                torch.save(model.state_dict(), "mnist_cnn.pt")
            if SAVE:
                torch.save(model, "whole.pt")
            torch.save(model, "always.pt")
        """
    )
    found = find_saves(module, find_frameworks(module))
    assert [(s.path, s.guard) for s in found] == [
        ('"mnist_cnn.pt"', "save_model"),
        ('"whole.pt"', "SAVE"),
        ('"always.pt"', None),
    ]


@pytest.mark.parametrize(
    ("source", "literal"),
    [
        pytest.param(
            "p.add_argument('--model-dir', default='models')\n"
            "torch.save(m, os.path.join(args.model_dir, 'f.pt'))",
            ("models", 1),
            id="argparse-default-joined",
        ),
        pytest.param(
            "cfg = {\n    'lr': 0.1,\n    'save_dir': 'checkpoints',\n}\n"
            "torch.save(m, os.path.join(cfg['save_dir'], 's.pt'))",
            ("checkpoints", 3),
            id="config-dict-value",
        ),
        pytest.param(
            "out_dir = 'out'\ntorch.save(c, os.path.join(out_dir, 'ckpt.pt'))",
            ("out", 1),
            id="module-constant",
        ),
        pytest.param(
            "p.add_argument('--save', type=str, default='model.pt')\n"
            "with open(args.save, 'wb') as f:\n    torch.save(model, f)",
            ("model.pt", 1),
            id="opened-file-from-argparse",
        ),
        pytest.param(
            "p.add_argument('--outf', default='./out')\n"
            "torch.save(n.state_dict(), '%s/netG_epoch_%d.pth' % (opt.outf, epoch))",
            ("./out", 1),
            id="percent-format",
        ),
        pytest.param(
            "torch.save(m, f'{OUT}/m.pt')\nOUT = Path('runs') / 'x'", ("runs", 2), id="fstring-path"
        ),
        pytest.param("torch.save(m, make_path())", None, id="call-not-followed"),
    ],
)
def test_a_save_destination_resolves_to_its_literal(
    source: str, literal: tuple[str, int] | None
) -> None:
    module = parse("import os, torch\nfrom pathlib import Path\n" + source)
    (save,) = find_saves(module, find_frameworks(module))
    if literal is None:
        assert save.path_line is None
        return
    value, line = literal
    assert save.path_line == line + 2
    text = module.text.splitlines()[save.path_line - 1]
    assert text[save.path_column :].startswith((f"'{value}'", f'"{value}"'))
