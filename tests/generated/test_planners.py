"""plan_model and plan_dataset on the examples and on small projects written for each case."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import torch

from sagebridge.analyze import analyze_with_index, read_data_samples
from sagebridge.plan.dataset import plan_dataset
from sagebridge.plan.model_code import plan_model

from .conftest import EXAMPLES


def plans(src: Path):
    analysed = analyze_with_index(src)
    analysis = analysed.analysis
    return plan_model(analysis), plan_dataset(analysis, read_data_samples(src))


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    return tmp_path


def build(definition: str, expression: str):
    """Run a standalone definition in a fresh namespace (it must need nothing else)."""
    namespace: dict[str, object] = {}
    exec(compile(definition, "<definition>", "exec"), namespace)  # noqa: S102 - our own output
    return eval(expression, namespace)


def test_mnist_model_is_the_class_with_only_the_imports_it_uses():
    model, _dataset = plans(EXAMPLES / "ec2-mnist")
    assert (model.class_name, model.constructor_args, model.loader) == ("Net", "", "torch")
    assert model.artifacts == ("model.pth", "model.pt")
    assert "import os" not in model.definition and "import time" not in model.definition
    assert "def train(" not in model.definition
    net = build(model.definition, "Net()")
    assert net(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert [m.name for m in model.measured_metrics] == ["test_accuracy"]


def test_mnist_dataset_carries_the_test_transform():
    _, dataset = plans(EXAMPLES / "ec2-mnist")
    assert (dataset.kind, dataset.name, dataset.channel_subdir) == ("torchvision", "MNIST",
                                                                    "MNIST/raw")
    assert dataset.manual_download
    assert "transforms.Normalize((0.1307,), (0.3081,))" in dataset.transform
    assert dataset.transform_support == "from torchvision import transforms"
    transform = build(dataset.transform_support + "\n", dataset.transform)
    import numpy as np
    from PIL import Image

    tensor = transform(Image.fromarray(np.zeros((28, 28), np.uint8), mode="L"))
    assert tensor.shape == (1, 28, 28)
    assert float(tensor[0, 0, 0]) == pytest.approx(-0.1307 / 0.3081)


def test_sklearn_plan_names_the_estimator_and_the_split():
    model, dataset = plans(EXAMPLES / "sklearn-digits")
    assert (model.class_name, model.definition, model.artifacts) == (
        "RandomForestClassifier", "", ("model.joblib",))
    assert (dataset.kind, dataset.name) == ("sklearn_bundled", "load_digits")
    assert (dataset.test_size, dataset.random_state, dataset.stratify) == (0.2, 42, True)
    # The split's settings are the script's own, passed on to Preprocess (issue 12, item 11).
    assert (dataset.test_size_setting, dataset.random_state_setting) == ("test_size", "random_state")
    assert not any("command-line settings" in note for note in dataset.notes)


def test_xgboost_plan_resolves_file_label_and_split():
    model, dataset = plans(EXAMPLES / "xgboost-tabular")
    assert (model.loader, model.model_file) == ("xgboost", "xgboost-model.json")
    assert [m.kind for m in model.measured_metrics] == ["accuracy", "auc", "logloss"]
    assert not model.measured_metrics[2].greater_is_better
    assert (dataset.kind, dataset.name, dataset.channel_subdir) == ("csv", "churn.csv", "")
    assert (dataset.label_column, dataset.drop_columns) == ("churn", ("customer_id",))
    assert (dataset.test_size, dataset.random_state, dataset.stratify) == (0.2, 7, True)
    assert (dataset.test_size_setting, dataset.random_state_setting) == ("VALIDATION_SIZE", "SEED")


def test_model_from_another_project_module_is_inlined(tmp_path):
    src = project(tmp_path, {
        "models.py": """
            import torch.nn as nn

            HIDDEN = 16


            class Tiny(nn.Module):
                def __init__(self, classes):
                    super().__init__()
                    self.layer = nn.Linear(4, HIDDEN)
                    self.head = nn.Linear(HIDDEN, classes)

                def forward(self, x):
                    return self.head(self.layer(x))
        """,
        "train.py": """
            import torch
            from models import Tiny

            CLASSES = 3

            def main():
                model = Tiny(CLASSES)
                torch.save(model.state_dict(), "./models/model.pth")

            if __name__ == "__main__":
                main()
        """,
    })
    model, _ = plans(src)
    assert model.class_name == "Tiny"
    # CLASSES is a setting (-p CLASSES=5 changes the head): read from what the job recorded
    assert model.constructor_args == "hyperparameters.get('CLASSES', 3)"
    assert model.hyperparameter_args == (("CLASSES", "variable"),)
    assert not any("fixed to its default" in note for note in model.notes)
    assert "HIDDEN = 16" in model.definition
    assert build(model.definition, "Tiny(3)")(torch.zeros(1, 4)).shape == (1, 3)


_TINY = """
import click
import torch
import torch.nn as nn


class Tiny(nn.Module):
    def __init__(self, hidden, classes=3):
        super().__init__()
        self.layer = nn.Linear(4, hidden)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.head(self.layer(x))

"""


@pytest.mark.parametrize(("main", "setting", "lookup"), [
    (  # an argparse option, through a local alias
        """
        import argparse

        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("--hidden", type=int, default=8)
            args = parser.parse_args()
            hidden = args.hidden
            model = Tiny(hidden)
            torch.save(model.state_dict(), "model.pth")
        """,
        "hidden", "namespace",
    ),
    (  # a click option: the command function's parameter
        """
        @click.command()
        @click.option("--hidden", default=8, type=int)
        def main(hidden):
            model = Tiny(hidden)
            torch.save(model.state_dict(), "model.pth")
        """,
        "hidden", "variable",
    ),
])  # fmt: skip
def test_a_setting_passed_to_the_constructor_is_read_from_the_recorded_values(
    tmp_path: Path, main: str, setting: str, lookup: str
) -> None:
    src = project(tmp_path, {"train.py": _TINY + textwrap.dedent(main) + "\n\nmain()\n"})
    model, _ = plans(src)
    assert model.constructor_args == f"hyperparameters.get({setting!r}, 8)"
    assert model.hyperparameter_args == ((setting, lookup),)
    assert not any("fixed to its default" in note for note in model.notes)
    call = f"Tiny({model.constructor_args})"
    without_file = build(f"{model.definition}\nhyperparameters = {{}}\n", call)
    assert without_file.layer.out_features == 8  # the script's default
    recorded = build(f"{model.definition}\nhyperparameters = {{{setting!r}: 5}}\n", call)
    assert recorded.layer.out_features == 5  # the value the job trained with


def test_a_setting_changed_on_its_way_to_the_constructor_is_not_read_as_recorded(
    tmp_path: Path,
) -> None:
    """`Tiny(args.hidden * 2)`: the recorded `hidden` is not the argument; the width depends
    on an expression the plan can't rebuild, so the model files are left out."""
    src = project(tmp_path, {"train.py": _TINY + textwrap.dedent("""
        import argparse

        def main():
            parser = argparse.ArgumentParser()
            parser.add_argument("--hidden", type=int, default=8)
            args = parser.parse_args()
            model = Tiny(args.hidden * 2)
            torch.save(model.state_dict(), "model.pth")

        main()
    """)})  # fmt: skip
    model, _ = plans(src)
    assert model.hyperparameter_args == ()
    assert any("`args.hidden * 2` of Tiny depends on runtime state" in n for n in model.notes)


@pytest.mark.parametrize(
    "train",
    [
        # no model save at all
        """
        import numpy as np
        print(np.zeros(3).sum())
        """,
        # saves something we don't know how to load
        """
        import json
        json.dump({"weights": [1, 2]}, open("./models/w.json", "w"))
        """,
    ],
)
def test_no_model_plan_without_a_loadable_save(tmp_path, train):
    model, dataset = plans(project(tmp_path, {"train.py": train}))
    assert model is None
    assert dataset is None


def test_unknown_data_loading_gets_no_dataset_plan(tmp_path):
    src = project(tmp_path, {"train.py": """
        import joblib
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        X = np.load("./data/x.npy")
        y = np.load("./data/y.npy")
        model = LogisticRegression().fit(X, y)
        joblib.dump(model, "./models/clf.joblib")
    """})
    model, dataset = plans(src)
    assert dataset is None
    assert (model.class_name, model.model_file) == ("LogisticRegression", "clf.joblib")
