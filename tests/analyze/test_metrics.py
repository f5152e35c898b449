"""Printed and logged test/validation metrics -> Metric facts with fraction expressions."""

from __future__ import annotations

import pytest

from sagebridge.analyze.metrics import find_metrics

from .conftest import parse

CASES = [
    pytest.param(
        """
        def test():
            print("\\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\\n".format(
                test_loss, correct, len(test_loader.dataset), accuracy))
        """,
        [("test_accuracy", "correct / len(test_loader.dataset)", 3), ("test_loss", "test_loss", 3)],
        id="mnist-format-ratio",
    ),
    pytest.param(
        'print("Test accuracy: {:.4f}".format(acc))', [("test_accuracy", "acc", 1)], id="format"
    ),
    pytest.param(
        'print(f"val acc: {acc:.2f}%")',
        [("validation_accuracy", "acc / 100", 1)],
        id="fstring-percent",
    ),
    pytest.param(
        'print(f"val acc: {100 * acc:.1f}%")',
        [("validation_accuracy", "acc", 1)],
        id="times-hundred",
    ),
    pytest.param(
        'print(f"test acc {100.0 * correct / total:.1f}%")',
        [("test_accuracy", "correct / total", 1)],
        id="leading-hundred",
    ),
    pytest.param(
        'print(f"test acc {acc:.1%}")', [("test_accuracy", "acc", 1)], id="percent-format-spec"
    ),
    pytest.param(
        'print("validation auc: %.4f" % roc_auc_score(y, p))',
        [("validation_auc", "roc_auc_score(y, p)", 1)],
        id="percent-operator",
    ),
    pytest.param(
        'logger.info("Validation log loss %.4f, f1 %.3f", ll, f1)',
        [("validation_f1", "f1", 1), ("validation_logloss", "ll", 1)],
        id="logging-args",
    ),
    pytest.param(
        'print("Test loss:", loss, "accuracy:", a + b)',
        [("test_accuracy", "a + b", 1), ("test_loss", "loss", 1)],
        id="print-arguments",
    ),
    pytest.param(
        'def evaluate(model):\n    print("accuracy", acc)',
        [("validation_accuracy", "acc", 2)],
        id="phase-from-function",
    ),
    pytest.param('mlflow.log_metric("test_auc", auc)', [("test_auc", "auc", 1)], id="mlflow"),
    pytest.param(
        'self.log("val_loss", loss)', [("validation_loss", "loss", 1)], id="lightning-log"
    ),
    pytest.param(
        'wandb.log({"val_acc": acc, "epoch": e})',
        [("validation_accuracy", "acc", 1)],
        id="wandb-dict",
    ),
    pytest.param(
        'writer.add_scalar("Loss/test", l, step)', [("test_loss", "l", 1)], id="tensorboard"
    ),
    pytest.param(
        'print("Train Epoch: {} Loss: {:.6f}".format(epoch, loss.item()))',
        [],
        id="train-phase-excluded",
    ),
    pytest.param('print("accuracy", acc)', [], id="no-phase"),
    pytest.param('print("Using device:", device)', [], id="not-a-metric"),
    pytest.param(
        'print("test acc {}".format(acc))\nprint("test acc again {}".format(acc2))',
        [("test_accuracy", "acc", 1)],
        id="first-report-wins",
    ),
    pytest.param('print("Test acc {0.value}".format(m))', [], id="attribute-field-is-not-named"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_find_metrics(source: str, expected: list[tuple]) -> None:
    found = find_metrics(parse(source))
    assert [(m.name, m.expression, m.line) for m in found] == expected
