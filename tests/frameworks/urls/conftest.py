"""Helpers for the URL-download tests: a network stand-in and small projects in tmp_path.

`net.py` runs a script with `urllib.request.urlretrieve` replaced: `NET_MODE=offline` makes any
download fail (a training job with no internet), `NET_MODE=standin` copies the URL's file from
`NET_STANDIN` (a laptop with internet) and appends the URL to `NET_LOG`; `requests.get` the same.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

NET = '''
import os
import runpy
import shutil
import sys
import urllib.parse
import urllib.request


def fetch(url, filename=None, *args, **kwargs):
    if os.environ["NET_MODE"] == "offline":
        raise OSError(f"no internet in this job: {url}")
    name = os.path.basename(urllib.parse.urlsplit(url).path)
    shutil.copyfile(os.path.join(os.environ["NET_STANDIN"], name), filename)
    with open(os.environ["NET_LOG"], "a") as log:
        log.write(url + "\\n")
    return filename, None


class Response:
    def __init__(self, content):
        self.content = content

    def raise_for_status(self):
        return None


def get(url, *args, **kwargs):
    name = os.path.basename(urllib.parse.urlsplit(url).path)
    if os.environ["NET_MODE"] == "offline":
        raise OSError(f"no internet in this job: {url}")
    with open(os.environ["NET_LOG"], "a") as log:
        log.write(url + "\\n")
    with open(os.path.join(os.environ["NET_STANDIN"], name), "rb") as handle:
        return Response(handle.read())


urllib.request.urlretrieve = fetch
import requests  # noqa: E402

requests.get = get
script, sys.argv = sys.argv[1], sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
runpy.run_path(script, run_name="__main__")
'''


def write_net(tmp_path: Path) -> Path:
    path = tmp_path / "net.py"
    path.write_text(NET)
    return path


def write_project(root: Path, train: str) -> Path:
    root.mkdir(parents=True)
    (root / "train.py").write_text(textwrap.dedent(train))
    (root / "requirements.txt").write_text("pandas\nscikit-learn\n")
    return root


IRIS_ROWS = "".join(
    f"{5 + i % 3 + (i % 7) / 10:.1f},{3 + (i % 5) / 10:.1f},{1 + i % 3 * 2 + (i % 4) / 10:.1f},"
    f"{(i % 3) * 0.9 + (i % 2) / 10:.1f},{('a', 'b', 'c')[i % 3]}\n"
    for i in range(90)
)
IRIS_CSV = "sepal_length,sepal_width,petal_length,petal_width,species\n" + IRIS_ROWS
