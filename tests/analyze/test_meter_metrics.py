"""A metric kept in a meter (imagenet's AverageMeter summarised by a ProgressMeter): the average
a function returns is the number its summary line prints under the meter's name."""

from __future__ import annotations

import pytest

from sagebridge.analyze.metrics import find_metrics

from .conftest import parse

METER = """
class AverageMeter:
    def __init__(self, name, fmt=":f"):
        self.name = name
        self.fmt = fmt
        self.avg = 0

    def summary(self):
        return "{name} {avg:.3f}".format(**self.__dict__)


class Progress:
    def __init__(self, meters):
        self.meters = meters

    def display_summary(self):
        print(" ".join([" *"] + [m.summary() for m in self.meters]))
"""

VALIDATE = """

def validate(loader, model):
    losses = AverageMeter("Loss", ":.4e")
    top1 = AverageMeter("Acc@1", ":6.2f")
    top5 = AverageMeter("Acc@5", ":6.2f")
    progress = Progress([losses, top1, top5])
    for images, target in loader:
        top1.update(score(model, images, target))
    progress.display_summary()
    return top1.avg
"""


def _found(source: str) -> list[tuple]:
    return [
        (m.name, m.expression, m.line, m.greater_is_better, str(m.reported_by))
        for m in find_metrics(parse(source))
    ]


def test_the_returned_average_of_a_named_meter_is_the_metric() -> None:
    source = METER + VALIDATE
    line = source.splitlines().index("    return top1.avg") + 1
    assert _found(source) == [("validation_accuracy", "top1.avg", line, True, "return")]


def test_a_returned_loss_meter_is_lower_is_better() -> None:
    source = METER + VALIDATE.replace("return top1.avg", "return losses.avg")
    assert [(name, better) for name, _, _, better, _ in _found(source)] == [
        ("validation_loss", False)
    ]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            METER.replace('"{name} {avg:.3f}"', '"{avg:.3f}"') + VALIDATE,
            id="meter-prints-no-name",
        ),
        pytest.param(
            METER.replace("self.name = name", "self.title = name") + VALIDATE,
            id="meter-keeps-no-name",
        ),
        pytest.param(
            "from utils import AverageMeter\n" + VALIDATE, id="meter-class-not-in-the-module"
        ),
        pytest.param(
            METER
            + VALIDATE.replace("    progress.display", "    top1 = other\n    progress.display"),
            id="meter-variable-rebound",
        ),
        pytest.param(
            METER + VALIDATE.replace('AverageMeter("Acc@1", ":6.2f")', "AverageMeter(label)"),
            id="label-not-a-literal",
        ),
        pytest.param(
            METER + VALIDATE.replace("return top1.avg", "return top1.val"), id="not-the-average"
        ),
    ],
)
def test_no_metric_where_the_printed_line_cannot_be_told(source: str) -> None:
    assert _found(source) == []
