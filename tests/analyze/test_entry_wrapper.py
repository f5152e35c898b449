"""A wrapper that runs the trainer by name (`runpy.run_path("train.py")`, the corpus'
`run_offline.py`) is not the training script: analyze picks the file that trains itself
(issue 11, real scripts round 2: keras-mnist-convnet and mlflow-wine-url picked run_offline.py)."""

from __future__ import annotations

from sagebridge.analyze.entry import choose_entry_point, companion_scripts

from .conftest import parse

WRAPPER = """
import runpy
import sys

script = sys.argv[1] if len(sys.argv) > 1 else "train.py"
runpy.run_path(script, run_name="__main__")
"""
TRAINER = """
model.fit(x_train, y_train, epochs=1)
score = model.evaluate(x_test, y_test)
print("Test accuracy:", score[1])
"""
STANDIN = """
import numpy as np
np.savez("data/mnist.npz", x_train=np.zeros((4, 28, 28)))
"""


def test_the_trainer_wins_over_a_wrapper_that_runs_it_by_name():
    files = {"run_offline.py": WRAPPER, "train.py": TRAINER, "make_standin.py": STANDIN}
    modules = {path: parse(text, path) for path, text in files.items()}
    assert choose_entry_point("proj", modules, None) == "train.py"
    assert companion_scripts("train.py", modules) == ("make_standin.py", "run_offline.py")


def test_a_trainer_split_over_imported_modules_still_counts():
    files = {
        "main.py": "from engine import run\nrun()\n",
        "engine.py": "def run():\n    model.fit(x, y)\n",
        "run_offline.py": WRAPPER.replace("train.py", "main.py"),
    }
    modules = {path: parse(text, path) for path, text in files.items()}
    assert choose_entry_point("proj", modules, None) == "main.py"
