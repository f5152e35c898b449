"""PyTorch Lightning: every Trainer the script builds meets the container contract.

    if __name__ == "__main__":        if __name__ == "__main__":
        main()                    ->      sagebridge_lightning.install(
                                              metrics={"val_acc": "validation_accuracy"},
                                              monitor="val_acc", mode="max")
                                          main()

`install` (templates/runtime_lightning/) points `default_root_dir` and the ModelCheckpoint at
the checkpoint folder, resumes `fit` from the newest `.ckpt`, logs the `self.log` metrics as
Lightning aggregates them per epoch, and exports the model to SM_MODEL_DIR at the end of `fit`.
A LightningCLI script also gets `sagebridge_lightning.cli_argv(...)`: SageMaker passes only
`--name value` flags, so `fit` (and the config beside the script) become the default, and the
config's data paths read their channels. A script with no `__main__` block gets the calls after
its imports.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import libcst as cst

from sagebridge.model import LightningPlan, MetricPlan, MigrationPlan
from sagebridge.transform.base import PlanCodemod, dotted, is_main_guard, parse_statement

MODULE = "sagebridge_lightning"
INSTALL = f"{MODULE}.install"
CLI_ARGV = f"{MODULE}.cli_argv"


def reported_by_lightning(lightning: LightningPlan | None, metric: MetricPlan) -> bool:
    """True when the epoch-level callback logs `metric` (transform/metrics.py leaves it)."""
    return lightning is not None and any(name == metric.name for _, name in lightning.metrics)


def _text(value: str | None) -> str:
    return "None" if value is None else json.dumps(value)


def _is_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(part, (cst.Import, cst.ImportFrom)) for part in statement.body
    )


class LightningTransform(PlanCodemod):
    NAME = "lightning"
    DESCRIPTION = "Checkpoints, resume, epoch-level metrics and model export for Lightning."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return plan.lightning is not None and file == plan.entry_point

    def visit_Module(self, node: cst.Module) -> None:
        self._anchor: cst.BaseStatement | None = None
        self._in_guard = False
        self._installed = False
        for statement in node.body:
            if is_main_guard(statement):
                assert isinstance(statement, cst.If)
                assert isinstance(statement.body, cst.IndentedBlock)
                self._anchor, self._in_guard = statement.body.body[0], True
        if self._anchor is None:
            imports = [s for s in node.body if _is_import(s)]
            self._anchor = imports[-1] if imports else None

    def visit_Call(self, node: cst.Call) -> None:
        if dotted(node.func) == INSTALL:
            self._installed = True

    def _calls(self, depth: int) -> list[cst.BaseStatement]:
        lightning = self.plan.lightning
        assert lightning is not None
        metrics = ", ".join(f"{_text(label)}: {_text(name)}" for label, name in lightning.metrics)
        train = (
            f", train=[{', '.join(_text(label) for label in lightning.train_labels)}]"
            if lightning.train_labels
            else ""
        )
        install = (
            f"{INSTALL}(metrics={{{metrics}}}, monitor={_text(lightning.monitor)}, "
            f"mode={_text(lightning.mode)}{train})"
        )
        code = [install]
        if lightning.cli:
            paths = ", ".join(
                f"{_text(key)}: ({_text(env)}, {_text(rest)})"
                for key, env, rest in lightning.cli_paths
            )
            subcommand = "" if lightning.cli_subcommand else ", subcommand=False"
            code.append(
                f"{CLI_ARGV}(config={_text(lightning.cli_config)}, paths={{{paths}}}"
                f"{subcommand})"
            )
        self.need_import(MODULE)
        return [parse_statement(line, depth) for line in code]

    def at_edge(self, original: cst.BaseStatement) -> bool:
        return original is self._anchor  # the entry block's first statement, or the last import

    def before(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if original is not self._anchor or not self._in_guard or self._installed:
            return ()
        return self._calls(depth)

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if original is not self._anchor or self._in_guard or self._installed:
            return ()
        return self._calls(depth)

    def finish(self) -> None:
        if self._anchor is None and not self._installed:
            self.warn(f"{self.file}: no imports and no __main__ block: Lightning not adapted")
