"""How a running step's progress is reported: its output lines, the runtime's epoch lines as
epoch reports, and a Training step's epoch count read from its hyperparameters."""

from __future__ import annotations

import re

from sagebridge.contract import EPOCH_PROGRESS_PATTERN
from sagebridge.local.run.records import StepRecord
from sagebridge.local.run.resolve import ResolveError, Resolver
from sagebridge.progress import Progress
from sagebridge.project.pipeline_definition import Step, TrainingStep

_EPOCH_PROGRESS = re.compile(EPOCH_PROGRESS_PATTERN)


def report_line(progress: Progress, record: StepRecord, text: str) -> None:
    """A step's output line: the runtime's epoch progress lines become `epoch` reports."""
    epoch = _EPOCH_PROGRESS.match(text)
    if epoch:  # still in the step's log file; the progress view shows it as a bar
        progress.epoch(record, int(epoch.group(1)))
    else:
        progress.step_output(record, text)


# The migrated script keeps its own hyperparameter names: the epoch count is found under the
# usual spellings.
EPOCH_HYPERPARAMETERS = ("epochs", "num_epochs", "n_epochs", "max_epochs", "epoch")


def epochs_total(step: Step, resolver: Resolver) -> int | None:
    """A Training step's number of epochs from its resolved hyperparameters, if one names it."""
    if not isinstance(step, TrainingStep):
        return None
    try:
        hyperparameters = resolver.resolve(step.job.hyperparameters)
    except ResolveError:  # the step itself fails with this error when it runs
        return None
    for name in EPOCH_HYPERPARAMETERS:
        value = str(hyperparameters.get(name, "")).strip()
        if value.isdigit():
            return int(value)
    return None
