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


def test_a_local_path_is_no_url_read_and_a_base_plus_name_is() -> None:
    module = parse('''
        import pandas as pd
        base = "https://h.org/d/"
        a = pd.read_csv("data/train.csv")
        b = pd.read_csv(base + "x.csv")
        c = pd.read_csv(f"{base}y.csv")
    ''')
    followed, unfollowed = find_downloads(module)
    assert (followed.dataset, followed.line, followed.url, followed.url_line) == (
        "x.csv", 5, "https://h.org/d/x.csv", 3
    )
    assert followed.url_prefix == "https://h.org/d/"
    # The f-string is not followed: recorded without a URL (migrate asks for review).
    assert (unfollowed.dataset, unfollowed.line, unfollowed.url) == ('f"{base}y.csv"', 6, "")


READUCR = '''
    import numpy as np
    root_url = "https://h.org/ucr/"

    def readucr(filename):
        data = np.loadtxt(filename, delimiter="\\t")
        return data[:, 1:], data[:, 0]

    x_train, y_train = readucr(root_url + "FordA_TRAIN.tsv")
    x_test, y_test = readucr(filename=root_url + "FordA_TEST.tsv")
'''


def test_a_readers_helper_is_followed_to_each_call_and_its_base_plus_name() -> None:
    reads = find_downloads(parse(READUCR))
    assert [(r.call, r.dataset, r.line, r.url, r.url_line, r.url_prefix) for r in reads] == [
        ("numpy.loadtxt", "FordA_TRAIN.tsv", 9, "https://h.org/ucr/FordA_TRAIN.tsv", 3,
         "https://h.org/ucr/"),
        ("numpy.loadtxt", "FordA_TEST.tsv", 10, "https://h.org/ucr/FordA_TEST.tsv", 3,
         "https://h.org/ucr/"),
    ]


def test_a_helper_called_with_a_local_path_is_no_url_read() -> None:
    code = READUCR.replace('root_url + "FordA_TRAIN.tsv"', '"data/a.tsv"')
    code = code.replace('filename=root_url + "FordA_TEST.tsv"', 'filename="data/b.tsv"')
    assert find_downloads(parse(code)) == []


def test_a_helper_url_built_at_run_time_is_recorded_unfollowed() -> None:
    module = parse(READUCR.replace('root_url + "FordA_TRAIN.tsv"', "root_url + name()"))
    first = find_downloads(module)[0]
    assert (first.dataset, first.line, first.url) == ("root_url + name()", 9, "")
