"""A folder the script downloads its data into (an `open(..., "wb")` beside a URL fetch, as in
pytorch/examples super_resolution's `download_bsd300(dest="dataset")`) is input data: the job
reads it from the training channel, where the script's own existence check finds it and skips
the download. It was the job's output folder, so the job downloaded (or failed on makedirs)."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.model import PathRole

from .conftest import write_tree

DATA_MODULE = '''
import os
import tarfile
from os.path import basename, exists, join
from six.moves import urllib



def fetch_images(dest="downloads"):
    images = join(dest, "images")
    if not exists(images):
        os.makedirs(dest)
        url = "https://example.org/images.tgz"
        response = urllib.request.urlopen(url)
        archive = join(dest, basename(url))
        with open(archive, "wb") as f:
            f.write(response.read())
        with tarfile.open(archive) as tar:
            tar.extractall(dest)
    return images


def image_names():
    return sorted(os.listdir(fetch_images()))


def write_report(text, path="report.txt"):
    with open(path, "w") as f:
        f.write(text)
'''

TRAIN = '''
import torch
from data import image_names, write_report

names = image_names()
model = torch.nn.Linear(len(names) or 1, 1)
write_report("test loss: 0.5")
torch.save(model.state_dict(), "model.pth")
'''


def test_the_download_folder_is_data_and_other_writes_stay_output(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "superres", {"train.py": TRAIN, "data.py": DATA_MODULE})
    analysis = analyze_project(src, "train.py")
    roles = {(p.file, p.value): p.role for p in analysis.hard_coded_paths}
    assert roles[("data.py", "downloads")] is PathRole.DATA
    assert roles[("data.py", "report.txt")] is PathRole.OUTPUT
