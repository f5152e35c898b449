"""One metric read from a library's own log (XGBoost's evaluation log, LightGBM's, Keras'
history): held out unless it is the training set's, its direction from its kind."""

from __future__ import annotations

from sagebridge.analyze.knowledge import LOWER_IS_BETTER
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Metric, MetricPhase, MetricReport


def log_metric(
    module: ParsedModule,
    line: int,
    name: str,
    expression: str,
    kind: str,
    phase: MetricPhase,
) -> Metric:
    return Metric(
        name=name,
        expression=expression,
        file=module.path,
        line=line,
        kind=kind,
        phase=phase,
        held_out=phase is not MetricPhase.TRAIN,
        greater_is_better=kind not in LOWER_IS_BETTER,
        reported_by=MetricReport.LIBRARY_LOG,
    )
