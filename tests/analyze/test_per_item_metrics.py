"""pytorch/tutorials cifar10_tutorial style: after the model's accuracy, a breakdown per class
(`Accuracy for class: {classname:5s} is {accuracy:.1f} %`, older `'Accuracy of %5s : %2d %%'`).
The class name is not the metric's value (it was logged as `accuracy`), and one class's value
is not the model's: only the overall accuracy is a metric."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project

SCRIPT = """import torch

classes = ("plane", "car")
correct_pred = {c: 1 for c in classes}
total_pred = {c: 2 for c in classes}
correct, total = 3, 4
print(f"Accuracy of the network on the 10000 test images: {100 * correct // total} %")
for classname, correct_count in correct_pred.items():
    accuracy = 100 * float(correct_count) / total_pred[classname]
    print(f"Accuracy for class: {classname:5s} is {accuracy:.1f} %")
for i in range(2):
    print('Accuracy of %5s : %2d %%' % (classes[i], 100 * correct_pred[classes[i]]))
split = "val"
val_loss = 0.5
print(f"{split:5s} loss {val_loss:.3f}")
"""


def test_a_per_class_breakdown_is_not_a_metric(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(SCRIPT, encoding="utf-8")
    metrics = analyze_project(tmp_path).metrics
    expressions = {m.name: m.expression for m in metrics}
    assert "classname" not in expressions.values()
    assert "accuracy" not in expressions  # the per-class values
    assert expressions["test_accuracy"] == "(100 * correct // total) / 100"
    # a name before the metric's word is only text: the value after it is still reported
    assert expressions["loss"] == "val_loss"
