"""A multi-file project: facts gathered across files, entry point first."""

from __future__ import annotations

from sagebridge.analyze import analyze_project
from sagebridge.model import Complexity, DependencyStatus, Framework, RiskLevel, Strategy

AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"

TRAIN = """\
import argparse
import yaml
import torch
from nets import Classifier
from evaluation import evaluate

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    model = Classifier(10)
    for epoch in range(args.epochs):
        print("test accuracy: {:.3f}".format(evaluate(model)))
    torch.save(model.state_dict(), "model.pth")

if __name__ == "__main__":
    main()
"""

NETS = """\
import torch.nn as nn

class Classifier(nn.Module):
    def __init__(self, classes):
        super().__init__()
"""

EVALUATION = """\
def evaluate(model):
    acc = 0.5
    print("test accuracy", acc)
    return acc
"""

NOTEBOOK = '{"cells": [{"source": ["aws_key = \\"' + AWS_KEY + '\\""]}]}\n'


def test_multi_file_project(project) -> None:
    root = project(
        {
            "train.py": TRAIN,
            "nets.py": NETS,
            "evaluation.py": EVALUATION,
            "explore.ipynb": NOTEBOOK,
            "requirements.txt": "torch==2.5.1\nrequests\n",
        },
        name="multi",
    )
    analysis = analyze_project(root, None)
    assert analysis.root_name == "multi"
    assert analysis.entry_point == "train.py"
    assert (analysis.source.python_files, analysis.source.notebook_files) == (3, 1)
    assert analysis.frameworks == (Framework.PYTORCH,)
    [model] = analysis.model_classes
    assert (model.name, model.file, model.constructor_args) == ("Classifier", "nets.py", ("10",))
    # the entry point's report wins over evaluation.py's
    assert [(m.name, m.file, m.line) for m in analysis.metrics] == [
        ("test_accuracy", "train.py", 13)
    ]
    assert [(h.name, h.flag) for h in analysis.hyperparameters] == [("epochs", "--epochs")]
    assert [(p.value, p.line) for p in analysis.hard_coded_paths] == [("model.pth", 14)]
    assert {d.name: d.status for d in analysis.dependencies} == {
        "pyyaml": DependencyStatus.UNDECLARED,
        "requests": DependencyStatus.COMPATIBLE,
        "torch": DependencyStatus.COMPATIBLE,
    }
    [secret] = analysis.secrets
    assert (secret.kind, secret.file, secret.masked) == (
        "aws_access_key_id",
        "explore.ipynb",
        "AKIA****MPLE",
    )
    assert analysis.risk.score == 4 and analysis.risk.level is RiskLevel.MEDIUM
    assert analysis.complexity is Complexity.MODERATE
    assert analysis.strategy is Strategy.ASSISTED
    assert any("secret" in reason for reason in analysis.strategy_reasons)
