"""Downloads no channel stages are Train items to review (exit 3), never an exit-0 project
whose job downloads at run time: a `requests.get` response extracted as it streams (the style
of pytorch/examples' gcn: a tarball untarred into the folder `load_cora` reads), and
Lightning's demo datasets (`MNIST` of lightning.pytorch.demos.mnist_datamodule, `WikiText2`).
Both migrated with exit 0 before, the response with a "no download= argument" warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.reviews import review_items

from sagebridge.analyze import analyze_project
from sagebridge.model import DownloadEdit
from sagebridge.plan import build_plan

EXTRACTED = '''
import argparse
import os
import tarfile

import numpy as np
import requests


def load_graph(path="./graph"):
    return np.loadtxt(os.path.join(path, "graph.content"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    url = "https://example.org/data/graph.tgz"
    with requests.get(url, stream=True) as response:
        with tarfile.open(fileobj=response.raw, mode="r:gz") as archive:
            archive.extractall()
    table = load_graph()
    print(f"test accuracy: {float(table.mean()):.4f}")
'''

WRITTEN = '''
import requests

URL = "https://example.org/data/iris.csv"
response = requests.get(URL, timeout=30)
with open("data/iris.csv", "wb") as handle:
    handle.write(response.content)
print("test accuracy: 0.9")
'''

LIGHTNING = '''
{imports}

import torch


def main():
    data = {call}
    print(f"test accuracy: {{len(data) / 1000:.3f}}")


if __name__ == "__main__":
    main()
'''


def _plan(tmp_path: Path, source: str):  # type: ignore[no-untyped-def]
    (tmp_path / "train.py").write_text(source)
    return build_plan(analyze_project(tmp_path, entry_point="train.py"))


def test_an_extracted_response_needs_review_and_is_not_switched_off(tmp_path: Path) -> None:
    plan = _plan(tmp_path, EXTRACTED)
    [(step, where, reason)] = review_items(plan)
    assert (step, where) == ("Train", "train.py:19")
    assert reason.startswith("requests.get downloads `graph.tgz` in the training job")
    assert "needs internet" in reason
    assert not [d for d in plan.edits.downloads if d.call == "requests.get"]


def test_a_response_written_to_a_file_is_staged_not_reviewed(tmp_path: Path) -> None:
    plan = _plan(tmp_path, WRITTEN)
    assert review_items(plan) == []
    assert [d.edit for d in plan.edits.downloads] == [DownloadEdit.STAGE_RESPONSE]


@pytest.mark.parametrize(
    ("imports", "call", "dataset"),
    [
        ("from lightning.pytorch.demos.mnist_datamodule import MNIST",
         'MNIST("./data", train=True, download=True)', "MNIST"),
        ("from lightning.pytorch.demos.mnist_datamodule import MNIST",
         'MNIST("./data", train=True, download=False)', "MNIST"),
        ("from lightning.pytorch.demos import WikiText2", "WikiText2()", "WikiText2"),
        ("import pytorch_lightning as pl", "pl.demos.transformer.WikiText2()", "WikiText2"),
    ],
)
def test_a_lightning_demo_dataset_needs_review(
    tmp_path: Path, imports: str, call: str, dataset: str
) -> None:
    plan = _plan(tmp_path, LIGHTNING.format(imports=imports, call=call))
    [(step, where, reason)] = review_items(plan)
    assert (step, where) == ("Train", "train.py:8")
    assert reason.startswith(f"Lightning's demo dataset {dataset} downloads itself")
    assert plan.edits.downloads == ()  # download= is never flipped: MNIST ignores it


def test_wikitext2_told_not_to_download_reads_its_folder(tmp_path: Path) -> None:
    source = LIGHTNING.format(
        imports="from lightning.pytorch.demos import WikiText2",
        call='WikiText2(Path("data"), download=False)',
    )
    assert review_items(_plan(tmp_path, "from pathlib import Path\n" + source)) == []
