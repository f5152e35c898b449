"""Lightning facts the plan decides the metric callback and the LightningCLI run from.

    self.log("val_loss", loss)                  -> LoggedLabels(file, (Logged(..., "val_loss"),))
    cli = LightningCLI(Model, Data, run=False)  -> cli_line, cli_runs_subcommand=False
"""

from __future__ import annotations

import ast

from sagebridge.analyze.index import SourceIndex
from sagebridge.analyze.lightning_logs import logged_labels
from sagebridge.model import Analysis, Framework, MetricReport
from sagebridge.model.training import LightningFacts, LoggedLabels

CLI_CLASSES = frozenset({"LightningCLI"})


def find_lightning_facts(analysis: Analysis, index: SourceIndex) -> LightningFacts | None:
    """The labels of every file with a metric a `self.log` call reports; None when the script
    does not use Lightning."""
    if Framework.LIGHTNING not in analysis.frameworks:
        return None
    files = dict.fromkeys(
        m.file for m in analysis.metrics
        if m.reported_by is MetricReport.LOG_CALL and m.file in index.modules
    )  # fmt: skip
    entry = index.parsed(analysis.entry_point)
    call = _cli_call(entry.nodes) if entry is not None else None
    return LightningFacts(
        logged=tuple(
            LoggedLabels(file, tuple(logged_labels(index.modules[file].tree, index.modules[file].text)))
            for file in files
        ),
        cli_line=call.lineno if call is not None else None,
        cli_runs_subcommand=call is not None and _runs_subcommand(call),
    )


def _cli_call(nodes: tuple[ast.AST, ...]) -> ast.Call | None:
    for node in nodes:
        if isinstance(node, ast.Call):
            callee = node.func
            name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if name in CLI_CLASSES:
                return node
    return None


def _runs_subcommand(call: ast.Call) -> bool:
    """`LightningCLI(..., run=False)` parses no subcommand: the script calls `fit` itself."""
    return not any(
        k.arg == "run" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )
