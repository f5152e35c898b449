"""Model files go to SM_MODEL_DIR; PyTorch also writes TorchScript for the serving container.

    model_save_path = "./models/model.pth"
    ->  model_save_path = os.path.join(os.environ.get("SM_MODEL_DIR", "./models"), "model.pth")

    torch.save(model.state_dict(), model_save_path)
    +   sagebridge_runtime.export_pytorch(model, beside=model_save_path, sample_loader=test_loader)

`export_pytorch` writes `model.pth` (state_dict) and `model.pt` (scripted, else traced on one
batch of `sample_loader`, else a clear warning) in the folder of the script's own save.
joblib/pickle/XGBoost saves need only their folder moved (the path rewrite above).
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from sagebridge.model import MigrationPlan, PathRole, SavePlan
from sagebridge.model.facts import FABRIC_SAVE
from sagebridge.transform.base import RUNTIME_MODULE, call_code, dotted, parse_statement
from sagebridge.transform.model_placement import (
    DESTINATIONS,
    place_in_model_dir,
    wrapped_expression,
)
from sagebridge.transform.paths import EnvPath, EnvPathCodemod, env_path_expression

EXPORT = f"{RUNTIME_MODULE}.export_pytorch"
PYTORCH_SAVES = ("torch.save", FABRIC_SAVE)


def export_call(save: SavePlan, depth: int, beside: str) -> str:
    arguments = [f"{save.model_variable}", f"beside={beside}"]
    if save.sample_batch:
        arguments.append(f"sample_loader={save.sample_batch}")
    return call_code(EXPORT, arguments, depth)


class ModelSavingTransform(EnvPathCodemod):
    NAME = "model_saving"
    DESCRIPTION = "Save models to SM_MODEL_DIR; add TorchScript model.pt beside PyTorch saves."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(p.file == file and p.role is PathRole.MODEL for p in plan.paths) or any(
            save.file == file and (save.call in PYTORCH_SAVES or save.into_model_dir)
            for save in plan.saves
        )

    def env_paths(self) -> Sequence[EnvPath]:
        return [
            EnvPath(path.env, path.fallback, path.filename, path.line, "model path", path.resume)
            for path in self.plan.paths
            if path.file == self.file and path.role is PathRole.MODEL
        ]

    def visit_Module(self, node: cst.Module) -> None:
        super().visit_Module(node)
        self._saves = [
            save
            for save in self.plan.saves
            if save.file == self.file and save.call in PYTORCH_SAVES
        ]
        self._exported = False
        self._saves_found: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        if dotted(node.func) == EXPORT:
            self._exported = True

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        for save in self.plan.saves:
            if (
                save.file == self.file
                and save.into_model_dir
                and save.call in DESTINATIONS
                and (dotted(original_node.func) or "").rsplit(".", 1)[-1] == save.call.split(".")[-1]
                and self.starts_at(original_node, save.line)
            ):
                placed = place_in_model_dir(updated_node, save.call)
                if placed is not None:
                    self.need_runtime()
                    return placed
        return updated_node

    def after(self, original: cst.BaseStatement, depth: int) -> Sequence[cst.BaseStatement]:
        if not isinstance(original, cst.SimpleStatementLine):
            return ()
        added: list[cst.BaseStatement] = []
        for save in self._saves:
            if not self.spans(original, save.line):
                continue
            self._saves_found.add(save.line)
            if self._exported:
                continue
            if save.model_variable is None or save.path is None:
                self.warn_at(
                    save.line,
                    f"{save.call}: which model is saved is unclear; "
                    "no TorchScript model.pt is written",
                )
                continue
            self.need_runtime()
            beside = self._moved_literal(save) or save.path
            if save.into_model_dir:
                beside = wrapped_expression(save.path)
            added.append(parse_statement(export_call(save, depth, beside), depth))
        return added

    def _moved_literal(self, save: SavePlan) -> str | None:
        """`torch.save(m, "model.pt")` saves to a literal this transform moves: the export
        must go beside the moved file too, so it gets the same SM_MODEL_DIR expression."""
        try:
            literal = cst.parse_expression(save.path or "")
        except cst.ParserSyntaxError:
            return None
        if not isinstance(literal, cst.SimpleString):
            return None
        value = literal.evaluated_value
        for path in self._pending:
            if path.line == save.line and isinstance(value, str) and path.matches(value):
                return cst.Module([]).code_for_node(env_path_expression(path, literal))
        return None

    def finish(self) -> None:
        super().finish()
        for save in self._saves:
            if save.line not in self._saves_found:
                self.warn_at(save.line, f"{save.call} not found; no TorchScript model.pt")
