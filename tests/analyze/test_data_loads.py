"""How the data is loaded -> Analysis.data_loads facts (issue 10: found once by analysis, the plan
only decides from them). Real files in tmp_path, analysed as `migrate` does."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.model.data_loads import BundledLoad, CsvRead, SplitArgument, TorchvisionLoad

from .conftest import write_tree

CSV_SCRIPT = """\
import argparse
import pandas as pd
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--test-size", type=float, default=0.25)
parser.add_argument("--seed", type=int, default=3)
args = parser.parse_args()
TARGET = "churn"

df = pd.read_csv("data/churn.csv", sep=";", encoding=ENCODING)
y = df[TARGET]
X = df.drop(columns=[TARGET, "customer_id"])
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=args.test_size, random_state=args.seed * 2, stratify=y
)
"""


def test_csv_read_label_drops_options_and_split(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "proj", {"train.py": CSV_SCRIPT})
    read = analyze_project(src, "train.py").data_loads.first
    assert isinstance(read, CsvRead)
    assert (read.file, read.line, read.path, read.path_unresolved) == (
        "train.py", 11, "data/churn.csv", ""
    )
    assert read.label == "churn"
    assert [d.columns for d in read.drops] == [("churn", "customer_id")]
    assert [(o.name, o.literal, bool(o.unresolved)) for o in read.read_options] == [
        ("sep", "';'", False),
        ("encoding", "", True),  # ENCODING is never bound: known only when the script runs
    ]
    assert read.split is not None and read.split.stratify
    assert read.split.arguments == (
        SplitArgument("test_size", 0.25, setting="test_size"),
        SplitArgument("random_state", unresolved="args.seed * 2"),  # arithmetic: not resolved
    )


def test_torchvision_test_call_and_transform(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "proj", {"train.py": (
        "from torchvision import datasets, transforms\n"
        "def main(root):\n"
        "    transform = transforms.Compose([transforms.ToTensor(), SCALE])\n"
        "    datasets.MNIST(root, train=True, download=True, transform=transform)\n"
        "    datasets.MNIST(root, train=False, transform=transform)\n"
    )})  # fmt: skip
    load = analyze_project(src, "train.py").data_loads.first
    assert isinstance(load, TorchvisionLoad)
    assert (load.name, load.line, load.has_transform) == ("MNIST", 5, True)
    assert load.transform == "transforms.Compose([transforms.ToTensor(), SCALE])"
    assert load.transform_support == "from torchvision import transforms"
    assert load.unknown_names == ("SCALE",)


def test_bundled_loader_without_split(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "proj", {"train.py": (
        "from sklearn.datasets import load_iris\nX, y = load_iris(return_X_y=True)\n"
    )})  # fmt: skip
    load = analyze_project(src, "train.py").data_loads.first
    assert isinstance(load, BundledLoad)
    assert (load.name, load.has_arguments, load.split) == ("load_iris", True, None)


def test_loader_calls_and_preparation_flags(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "proj", {
        "train.py": (
            "import argparse\n"
            "from tensorflow import keras\n"
            "from sklearn.datasets import fetch_openml\n"
            "from datasets import load_dataset\n"
            "p = argparse.ArgumentParser()\n"
            "p.add_argument('--words', type=int, default=5000)\n"
            "a = p.parse_args()\n"
            "keras.datasets.imdb.load_data(num_words=a.words, **extra)\n"
            "fetch_openml('titanic', version=1, data_home='cache')\n"
            "load_dataset('glue', 'mrpc')\n"
            "load_dataset('glue', split='train[:10%]')\n"
        ),
        "prepare_data.py": "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('--out', default='data/series.csv')\n",
    })  # fmt: skip
    loads = analyze_project(src, "train.py").data_loads
    [keras] = loads.keras
    assert (keras.line, keras.call_line) == (8, 8)
    assert [(a.keyword, a.literal, a.through_settings, a.unpacked) for a in keras.arguments] == [
        ("num_words", "5000", ("words",), False),
        (None, "extra", (), True),
    ]
    [fetch] = loads.fetches
    assert fetch.found and fetch.literal == "('fetch_openml', ('titanic',), {'version': 1})"
    assert [(h.line, h.dataset_id, h.config, bool(h.unresolved)) for h in loads.hub] == [
        (10, "glue", "mrpc", False),
        (11, "", None, True),  # `train[:10%]` is not a plain split name
    ]
    assert [(f.script, f.flag, f.default) for f in loads.output_flags] == [
        ("prepare_data.py", "--out", "data/series.csv")
    ]
