"""The evaluation report the Evaluate step writes (`evaluation.json`), which model registration
also attaches as the model quality statistics: `{"metrics": {"<name>": {"value": <number>}}}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class EvaluationReportError(ValueError):
    """A document that is not an evaluation report; the message says what is wrong."""


def evaluation_metrics(report: Any) -> dict[str, float]:
    """{name: value} of a parsed report, in its order; EvaluationReportError otherwise."""
    metrics = report.get("metrics") if isinstance(report, Mapping) else None
    if not isinstance(metrics, Mapping):
        raise EvaluationReportError("the model quality report has no 'metrics' object")
    values: dict[str, float] = {}
    for name, entry in metrics.items():
        value = entry.get("value") if isinstance(entry, Mapping) else None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise EvaluationReportError(f"metric {name!r} has no numeric 'value'")
        try:
            values[str(name)] = float(value)
        except ValueError:
            raise EvaluationReportError(f"metric {name!r}: {value!r} is not a number") from None
    return values
