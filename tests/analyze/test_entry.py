"""Choosing the training script."""

from __future__ import annotations

import pytest

from sagebridge.analyze.entry import choose_entry_point, companion_scripts
from sagebridge.errors import UserError

from .conftest import parse

GUARD = 'if __name__ == "__main__":\n    main()\n'
TRAINS = "for epoch in range(3):\n    pass\n"


def modules(files: dict[str, str]):
    return {path: parse(text, path) for path, text in files.items()}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"anything.py": "x = 1\n"}, "anything.py", id="single-file"),
        pytest.param(
            {"train.py": GUARD, "model.py": "class Net: pass\n"}, "train.py", id="one-guard"
        ),
        pytest.param(
            {"train.py": GUARD + TRAINS, "predict.py": GUARD},
            "train.py",
            id="two-guards-one-trains",
        ),
        pytest.param(
            {"main.py": TRAINS, "make_corpus.py": GUARD, "generate.py": "print(1)\n"},
            "main.py",
            id="guarded-helper-beside-unguarded-trainer",
        ),
        pytest.param(
            {"run.py": "clf.fit(X, y)\n", "util.py": "def f(): pass\n"},
            "run.py",
            id="no-guard-trains",
        ),
        pytest.param(
            {
                "main.py": '"__main__" == __name__ and 1\nif "__main__" == __name__:\n    go()\n',
                "lib.py": "",
            },
            "main.py",
            id="reversed-guard",
        ),
    ],
)
def test_choose_entry_point(files: dict[str, str], expected: str) -> None:
    assert choose_entry_point("proj", modules(files), None) == expected


def test_two_training_scripts_are_ambiguous() -> None:
    files = {"train_a.py": GUARD + TRAINS, "train_b.py": GUARD + TRAINS}
    with pytest.raises(UserError) as error:
        choose_entry_point("proj", modules(files), None)
    message = str(error.value)
    assert "train_a.py" in message and "train_b.py" in message and "--entry-point" in message
    assert "\n" not in message


@pytest.mark.parametrize("requested", ["train_b.py", "./train_b.py"])
def test_requested_entry_point(requested: str) -> None:
    files = {"train_a.py": GUARD + TRAINS, "train_b.py": GUARD + TRAINS}
    assert choose_entry_point("proj", modules(files), requested) == "train_b.py"


def test_requested_entry_point_must_exist() -> None:
    with pytest.raises(UserError, match=r"proj/nope\.py: no such Python file.*train\.py"):
        choose_entry_point("proj", modules({"train.py": GUARD}), "nope.py")


# ---- issue 11: the real trainer over helper scripts, and which files are companions

WORD_LM = {
    "main.py": (
        "import torch\nimport data\nimport model\n"
        "net = model.RNN()\nfor epoch in range(3):\n    loss.backward()\n"
        "torch.save(net, 'model.pt')\n"
    ),
    "make_corpus.py": (
        "import os\n\ndef main(out='data'):\n    os.makedirs(out)\n\n" + GUARD
    ),
    "generate.py": "import torch\nimport data\nmodel = torch.load('model.pt')\nprint(model)\n",
    "data.py": "class Corpus:\n    pass\n",
    "model.py": "import torch\nclass RNN(torch.nn.Module):\n    pass\n",
}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(WORD_LM, "main.py", id="unguarded-trainer-over-guarded-helper"),
        pytest.param(
            {"train.py": GUARD + TRAINS, "prepare.py": GUARD + "joblib.dump(x, 'a.joblib')\n"},
            "train.py",
            id="helper-name-that-saves",
        ),
        pytest.param(
            {
                "main.py": "from trainer import fit_all\nfit_all()\n",
                "trainer.py": "def fit_all():\n    model.fit(x, y)\n",
                "predict.py": "import joblib\nprint(joblib.load('m'))\n",
            },
            "main.py",
            id="trains-through-an-imported-module",
        ),
        pytest.param(
            {"run_experiment.py": GUARD + TRAINS, "sample.py": GUARD + TRAINS},
            "run_experiment.py",
            id="sample-is-a-helper",
        ),
    ],
)
def test_prefers_the_real_trainer(files: dict[str, str], expected: str) -> None:
    assert choose_entry_point("proj", modules(files), None) == expected


def test_companions_are_the_files_the_entry_point_does_not_use() -> None:
    files = {
        **WORD_LM,
        "configurator.py": "import sys\n",
        "main.py": WORD_LM["main.py"] + "exec(open('configurator.py').read())\n",
    }
    assert companion_scripts("main.py", modules(files)) == ("generate.py", "make_corpus.py")


def test_companions_follow_relative_and_package_imports() -> None:
    files = {
        "src/train.py": "from features import build\nfrom pkg.sub import helper\n" + TRAINS,
        "src/features.py": "from .util import x\n",
        "src/util.py": "x = 1\n",
        "src/pkg/__init__.py": "",
        "src/pkg/sub.py": "def helper(): pass\n",
        "src/score.py": "from features import build\n" + GUARD,
        "tools/plot.py": "print('plot')\n",
    }
    assert companion_scripts("src/train.py", modules(files)) == ("src/score.py", "tools/plot.py")
