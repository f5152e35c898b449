"""Keras' model diagrams must not fail the training job.

    keras.utils.plot_model(model, show_shapes=True)
    ->  sagebridge_runtime.optional_plot(keras.utils.plot_model, model, show_shapes=True)

Nearly every keras.io example draws its model with `plot_model`, which needs pydot and the
graphviz binaries: neither is in the TensorFlow training image, so the job failed there with
`ImportError: You must install pydot` before training. The diagram is no output of the job (it
is written to the working folder, which the job discards): in SageMaker the call is skipped with
one line saying why when it raises ImportError; on a laptop it runs, and fails, as written.
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model import MigrationPlan
from sagebridge.transform.base import RUNTIME_MODULE, PlanCodemod, dotted

OPTIONAL_PLOT = f"{RUNTIME_MODULE}.optional_plot"
PLOT_CALLS = frozenset({"plot_model"})


class KerasPlotsTransform(PlanCodemod):
    NAME = "keras_plots"
    DESCRIPTION = "Keras plot_model calls skip themselves in SageMaker when pydot is missing."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return plan.keras is not None and plan.keras.file == file

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = dotted(original_node.func)
        if name is None or name.split(".")[-1] not in PLOT_CALLS:
            return updated_node
        self.need_runtime()
        return updated_node.with_changes(
            func=cst.parse_expression(OPTIONAL_PLOT),
            args=[cst.Arg(updated_node.func, comma=_comma()), *updated_node.args]
            if updated_node.args
            else [cst.Arg(updated_node.func)],
        )


def _comma() -> cst.Comma:
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
