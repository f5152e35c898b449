"""Run-time dataset downloads -> DatasetDownload facts."""

from __future__ import annotations

import pytest

from sagebridge.analyze.downloads import find_downloads

from .conftest import parse

CASES = [
    pytest.param(
        "from torchvision import datasets\ndatasets.MNIST(d, train=True, download=True)",
        [("torchvision.datasets.MNIST", "MNIST", 2)],
        id="torchvision-download",
    ),
    pytest.param(
        "import torchvision\ntorchvision.datasets.CIFAR10(root=d, download=flag)",
        [("torchvision.datasets.CIFAR10", "CIFAR10", 2)],
        id="torchvision-flag-variable",
    ),
    pytest.param(
        "from torchvision import datasets\ndatasets.MNIST(d, download=False)",
        [],
        id="download-false",
    ),
    pytest.param("from torchvision import datasets\ndatasets.MNIST(d)", [], id="no-download"),
    pytest.param(
        "from tensorflow import keras\nkeras.datasets.mnist.load_data()",
        [("tensorflow.keras.datasets.mnist.load_data", "mnist", 2)],
        id="keras",
    ),
    pytest.param(
        "from sklearn.datasets import fetch_openml\nfetch_openml('mnist_784', version=1)",
        [("sklearn.datasets.fetch_openml", "mnist_784", 2)],
        id="sklearn-fetch-openml",
    ),
    pytest.param(
        "from sklearn.datasets import fetch_california_housing\nfetch_california_housing()",
        [("sklearn.datasets.fetch_california_housing", "california_housing", 2)],
        id="sklearn-fetcher",
    ),
    pytest.param(
        "from sklearn.datasets import load_digits\nload_digits()", [], id="sklearn-bundled"
    ),
    pytest.param(
        "import urllib.request\nurllib.request.urlretrieve('https://x.org/d/train.zip?dl=1', 'a')",
        [("urllib.request.urlretrieve", "a", 2)],  # the name the script writes and reads
        id="urllib",
    ),
    pytest.param(
        "import urllib.request\nurllib.request.urlretrieve('https://x.org/d/train.zip?dl=1', f())",
        [("urllib.request.urlretrieve", "train.zip", 2)],  # no literal name: the URL's
        id="urllib-url-name",
    ),
    pytest.param(
        "import requests\nrequests.get(DATA_URL)",
        [("requests.get", "DATA_URL", 2)],
        id="requests-variable",
    ),
    pytest.param("import wget\nwget.download(url)", [("wget.download", "url", 2)], id="wget"),
    pytest.param(
        "from datasets import load_dataset\nload_dataset('imdb', split='train')",
        [("datasets.load_dataset", "imdb", 2)],
        id="hf-datasets",
    ),
    pytest.param(
        "from datasets import load_dataset\nload_dataset('csv', data_files='a.csv')",
        [],
        id="hf-local-csv",
    ),
    pytest.param("MNIST(d, download=True)", [], id="unresolved-name"),
    pytest.param(
        "from tensorflow import keras\n"
        "keras.utils.get_file('FordA.zip', 'https://h.org/d/FordA.zip?x=1', extract=True)",
        [("tensorflow.keras.utils.get_file", "FordA.zip", 2)],
        id="keras-get-file",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_find_downloads(source: str, expected: list[tuple]) -> None:
    found = find_downloads(parse(source))
    assert [(d.call, d.dataset, d.line) for d in found] == expected


def test_get_file_records_origin_as_the_url_and_fname_as_the_file() -> None:
    found = find_downloads(parse(
        "import keras\n"
        "URL = 'https://h.org/d/archive.tar.gz'\n"
        "path = keras.utils.get_file('data/flowers.tgz', origin=URL, cache_dir='.')\n"
        "other = keras.utils.get_file(origin='https://h.org/d/b.npz')\n"
    ))
    assert [(d.call, d.dataset, d.url, d.url_line) for d in found] == [
        ("keras.utils.get_file", "flowers.tgz", "https://h.org/d/archive.tar.gz", 0),
        ("keras.utils.get_file", "b.npz", "https://h.org/d/b.npz", 0),
    ]
