"""A data path that is a function parameter's default, the function called without it, is
found and classified like any other path (pytorch/examples gat: `def load_cora(path='./cora')`
called as `load_cora(device=device)`; issue 11, real scripts round 2)."""

from __future__ import annotations

from sagebridge.analyze.paths import find_paths
from sagebridge.model import PathRole

from .conftest import parse

GAT_STYLE = """
import os
import numpy as np


def load_cora(path="./cora", device="cpu"):
    content = np.genfromtxt(os.path.join(path, "cora.content"), dtype=str)
    return content, device


features = load_cora(device="cpu")
"""

PASSED = GAT_STYLE.replace('load_cora(device="cpu")', 'load_cora(ROOT, device="cpu")')
PASSED_BY_NAME = GAT_STYLE.replace('load_cora(device="cpu")', "load_cora(path=ROOT)")
REBOUND = GAT_STYLE.replace(
    "    content = np", "    path = os.path.expanduser(other)\n    content = np"
)
NEVER_CALLED = GAT_STYLE.replace('features = load_cora(device="cpu")', "")


def _roles(source: str) -> dict[str, PathRole]:
    return {p.value: p.role for p in find_paths(parse(source))}


def test_the_default_of_a_parameter_no_call_passes_is_the_data_path():
    found = [p for p in find_paths(parse(GAT_STYLE)) if p.value == "./cora"]
    assert [(p.role, p.line) for p in found] == [(PathRole.DATA, 6)]


def test_a_parameter_a_call_passes_is_not_its_default():
    for source in (PASSED, PASSED_BY_NAME, REBOUND, NEVER_CALLED):
        assert _roles(source).get("./cora") is not PathRole.DATA, source


GAT_MAIN = (
    GAT_STYLE.replace('features = load_cora(device="cpu")', "")
    + """
def main():
    path = "./cora"
    if os.path.isfile(os.path.join(path, "cora.content")):
        print("Dataset already downloaded...")
    else:
        download(path)
    features = load_cora(device="cpu")
"""
)


def test_the_same_data_folder_checked_for_existence_is_data_too():
    found = sorted((p.line, p.role) for p in find_paths(parse(GAT_MAIN)) if p.value == "./cora")
    assert found == [(6, PathRole.DATA), (14, PathRole.DATA)]
