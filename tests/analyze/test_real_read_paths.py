"""A file the script reads is an input, whatever its suffix (real scripts, issue 11 section 2)."""

from __future__ import annotations

from sagebridge.analyze.paths import find_paths
from sagebridge.model import PathRole

from .conftest import parse

SINE_TRAINER = """
import torch

if __name__ == "__main__":
    series = torch.load("sines.pt")
    checkpoint = torch.load("last_checkpoint.pt")
    start = torch.load("pretrained_model.pth")
    torch.save(series, "model.pt")
"""


def _roles(source: str) -> dict[str, PathRole]:
    return {p.value: p.role for p in find_paths(parse(source))}


def test_a_torch_load_of_a_data_file_is_data_not_a_model():
    roles = _roles(SINE_TRAINER)
    assert roles["sines.pt"] is PathRole.DATA


def test_names_that_say_model_or_checkpoint_keep_their_role():
    roles = _roles(SINE_TRAINER)
    assert roles["last_checkpoint.pt"] is PathRole.CHECKPOINT
    assert roles["pretrained_model.pth"] is PathRole.MODEL
    assert roles["model.pt"] is PathRole.MODEL


GUIDE_EXAMPLE = """
from pathlib import Path
import pandas as pd

example_dir = Path(__file__).absolute().parents[1] / "regression"
df_train = pd.read_csv(str(example_dir / "regression.train"), header=None, sep="\\t")
"""

def test_a_folder_read_below_the_scripts_parent_is_data_whatever_its_name():
    roles = _roles(GUIDE_EXAMPLE)
    assert roles["regression"] is PathRole.DATA


DEMO = """
import os
from sklearn.datasets import load_svmlight_file

CURRENT_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT_DIR = os.path.dirname(os.path.dirname(CURRENT_DIR))
DEMO_DIR = os.path.join(ROOT_DIR, "demo")

X, y = load_svmlight_file(os.path.join(DEMO_DIR, "data", "points.train"))
"""


def test_a_folder_reached_through_names_bound_to_file_is_data():
    found = find_paths(parse(DEMO))
    data = sorted(p.value for p in found if p.role is PathRole.DATA)
    # The first part below the root that os.path.dirname twice of CURRENT_DIR names
    assert data == ["demo"]


FEATURE_MAP = """
import os
from sklearn.datasets import load_svmlight_file

HERE = os.path.dirname(os.path.abspath(__file__))
X, y = load_svmlight_file(os.path.join(HERE, "data", "points.train"))
bst = fit(X, y)
bst.dump_model("dump.nice.txt", os.path.join(HERE, "data/featmap.txt"))
"""


def test_another_file_in_a_data_folder_is_data_too():
    roles = _roles(FEATURE_MAP)
    assert roles["data"] is PathRole.DATA
    assert roles["data/featmap.txt"] is PathRole.DATA
