"""Files read straight from a URL -> DatasetDownload facts with the URL and its literal's line."""

from __future__ import annotations

from sagebridge.analyze.downloads import find_downloads

from .conftest import parse

WINE = "https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv"


def test_read_csv_of_a_url_constant_gives_the_url_and_the_literal_line() -> None:
    module = parse(f'''
        import pandas as pd
        csv_url = (
            "{WINE}"
        )
        data = pd.read_csv(csv_url, sep=";")
    ''')
    [read] = find_downloads(module)
    assert (read.call, read.dataset, read.line) == ("pandas.read_csv", "winequality-red.csv", 6)
    assert (read.url, read.url_line) == (WINE, 4)


def test_numpy_loadtxt_of_a_url_literal() -> None:
    module = parse('import numpy as np\nx = np.loadtxt("https://h.org/d/x.txt?raw=1", skiprows=1)\n')
    [read] = find_downloads(module)
    assert (read.call, read.dataset, read.url, read.url_line) == (
        "numpy.loadtxt", "x.txt", "https://h.org/d/x.txt?raw=1", 2
    )


def test_local_paths_and_partial_urls_are_not_url_reads() -> None:
    module = parse('''
        import pandas as pd
        base = "https://h.org/d/"
        a = pd.read_csv("data/train.csv")
        b = pd.read_csv(base + "x.csv")
        c = pd.read_csv(f"{base}y.csv")
    ''')
    assert find_downloads(module) == []
