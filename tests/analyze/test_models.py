"""Model classes -> ModelClass facts with their span and constructor arguments."""

from __future__ import annotations

import pytest

from sagebridge.analyze.models import find_model_classes

from .conftest import parse

CASES = [
    pytest.param(
        """
        import torch.nn as nn
        class Net(nn.Module):
            def __init__(self):
                super(Net, self).__init__()
        model = Net().to(device)
        """,
        [("Net", "nn.Module", 3, 5, ())],
        id="nn-module-no-args",
    ),
    pytest.param(
        """
        from torch import nn
        class Classifier(nn.Module):
            pass
        def main():
            model = Classifier(10, dropout=0.5, **extra)
        """,
        [("Classifier", "nn.Module", 3, 4, ("10", "dropout=0.5", "**extra"))],
        id="args-and-keywords",
    ),
    pytest.param(
        """
        import torch
        class A(torch.nn.Module):
            pass
        class B(A):
            pass
        """,
        [("A", "torch.nn.Module", 3, 4, ()), ("B", "A", 5, 6, ())],
        id="subclass-of-project-model",
    ),
    pytest.param(
        """
        import lightning as L
        class Lit(L.LightningModule):
            pass
        """,
        [("Lit", "L.LightningModule", 3, 4, ())],
        id="lightning",
    ),
    pytest.param(
        """
        from tensorflow import keras
        class M(keras.Model):
            pass
        """,
        [("M", "keras.Model", 3, 4, ())],
        id="keras",
    ),
    pytest.param(
        """
        class Dataset(torch.utils.data.Dataset):
            pass
        class Plain:
            pass
        """,
        [],
        id="not-models",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_find_model_classes(source: str, expected: list[tuple]) -> None:
    found = find_model_classes([parse(source)])
    assert [(c.name, c.base, c.line, c.end_line, c.constructor_args) for c in found] == expected


def test_instantiation_found_in_another_file() -> None:
    model_file = parse("import torch.nn as nn\nclass Net(nn.Module):\n    pass\n", "model.py")
    entry = parse("from model import Net\nnet = Net(3)\n", "train.py")
    found = find_model_classes([entry, model_file])
    assert [(c.name, c.file, c.constructor_args) for c in found] == [("Net", "model.py", ("3",))]


def test_calls_are_scanned_once_per_file_not_once_per_class(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scan was quadratic: every call of every module was looked at for every class."""
    import ast

    from sagebridge.analyze import source

    modules = [
        parse(
            f"import torch.nn as nn\nfrom m{i - 1} import Net{i - 1}\n"
            f"class Net{i}(nn.Module):\n    pass\nlayer = Net{i - 1}({i})\n",
            f"m{i}.py",
        )
        for i in range(1, 31)
    ]
    walked: list[ast.AST] = []
    real_walk = ast.walk

    def counting_walk(node: ast.AST):  # type: ignore[no-untyped-def]
        walked.append(node)
        return real_walk(node)

    monkeypatch.setattr(source.ast, "walk", counting_walk)
    found = find_model_classes(modules)
    args = {c.name: c.constructor_args for c in found}
    assert args == {f"Net{i}": (str(i + 1),) if i < 30 else () for i in range(1, 31)}
    assert len(walked) <= len(modules)
