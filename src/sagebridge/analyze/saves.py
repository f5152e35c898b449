"""Where the script saves its model, in what format, and what it saves.

torch.save(model.state_dict(), path)   -> torch.save, state_dict, target, path
torch.save(model, path)                -> torch.save, pickle
torch.jit.script(model).save(path)     -> torchscript
joblib.dump(model, MODEL_PATH)         -> joblib
pickle.dump(model, f)                  -> pickle (path: the `open(...)` that made `f`)
booster.save_model("model.json")       -> xgboost (or hf for a transformers Trainer)
mlflow.sklearn.log_model(model, ...)   -> joblib (mlflow.xgboost: xgboost), no path: the run's
                                          artifact store; the migrated script also keeps a copy
model.save("model.keras")              -> keras, when the file uses Keras/TensorFlow
model.save_pretrained(out_dir)         -> hf
fabric.save(path, state)               -> as torch.save(state, path) (analyze/fabric.py)

Each save also records the setting it waits for (`if args.save_model:` -> guard "save_model")
and where its destination's literal is (resolve.py follows names, argparse defaults, config
dicts and joins to it), so the plan can move that literal and know the save moved with it.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from sagebridge.analyze.autolog import autolog_saves
from sagebridge.analyze.fabric import FABRIC_SAVE, fabric_save
from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule, argument, call_name
from sagebridge.model import Framework, ModelSave, SaveFormat

TORCHSCRIPT_MAKERS = frozenset({"torch.jit.script", "torch.jit.trace"})
# MLflow flavours whose logged model the serving code can load from a file of ours.
MLFLOW_LOG_MODEL = {
    "mlflow.sklearn.log_model": SaveFormat.JOBLIB,
    "mlflow.xgboost.log_model": SaveFormat.XGBOOST,
}


def find_saves(module: ParsedModule, frameworks: set[Framework]) -> list[ModelSave]:
    origins = _assigned_calls(module)
    files = _opened_files(module)
    guards = _guards(module)
    resolver = PathResolver(module)
    found: list[ModelSave] = []
    for call in module.calls():
        record = _save(module, call, frameworks, origins, files)
        if record is not None:
            literal = resolver.literal(_destination(module, call, resolver))
            found.append(
                replace(
                    record,
                    guard=guards.get(id(call)),
                    path_line=literal.lineno if literal is not None else None,
                    path_column=literal.col_offset if literal is not None else None,
                )
            )
    if not found:  # autolog's model is kept only when it is the script's only save
        found = autolog_saves(module, frameworks)
    return sorted(found, key=lambda s: (s.line, s.call))


def _destination(module: ParsedModule, call: ast.Call, resolver: PathResolver) -> ast.expr | None:
    """The expression a save writes to (its path argument; for `dump(obj, f)`, f's open)."""
    name = call_name(module, call)
    if name in MLFLOW_LOG_MODEL:
        return None  # the run's artifact store, not a path of the script's
    if name in {"torch.save", "torch.jit.save", "joblib.dump", "sklearn.externals.joblib.dump"}:
        return argument(call, 1, "f")
    if name in {"pickle.dump", "cloudpickle.dump", "dill.dump"} or name.endswith(
        "models.save_model"
    ):
        return argument(call, 1, "file")
    return argument(call, 0, "path")


def _guards(module: ParsedModule) -> dict[int, str]:
    """id(call) -> the setting an enclosing `if args.X:` / `if X:` tests (the innermost one)."""
    guards: dict[int, str] = {}

    def visit(node: ast.AST, guard: str | None) -> None:
        for name, value in ast.iter_fields(node):
            inner = guard
            if isinstance(node, ast.If) and name == "body":
                test = node.test
                if isinstance(test, ast.Attribute):
                    inner = test.attr
                elif isinstance(test, ast.Name):
                    inner = test.id
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ast.AST):
                    if isinstance(child, ast.Call) and inner is not None:
                        guards[id(child)] = inner
                    visit(child, inner)

    visit(module.tree, None)
    return guards


def _save(
    module: ParsedModule,
    call: ast.Call,
    frameworks: set[Framework],
    origins: dict[str, str],
    files: dict[str, list[tuple[int, int, str]]],
) -> ModelSave | None:
    name = call_name(module, call)

    def record(fmt: SaveFormat, target: ast.expr | None, path: ast.expr | None) -> ModelSave:
        target_text = module.segment(target) if target is not None else None
        path_text = module.segment(path) if path is not None else None
        if path_text in files:
            around = [p for first, last, p in files[path_text] if first <= call.lineno <= last]
            path_text = around[-1] if around else path_text
        return ModelSave(
            module.segment(call.func), fmt, module.path, call.lineno, target_text, path_text
        )

    if name in {"torch.save", "torch.jit.save"}:
        target, path = argument(call, 0, "obj"), argument(call, 1, "f")
        if name == "torch.jit.save":
            return record(SaveFormat.TORCHSCRIPT, argument(call, 0, "m"), path)
        return record(_torch_format(module, target, origins), target, path)
    if name in {"joblib.dump", "sklearn.externals.joblib.dump"}:
        return record(SaveFormat.JOBLIB, argument(call, 0, "value"), argument(call, 1, "filename"))
    if name in {"pickle.dump", "cloudpickle.dump", "dill.dump"}:
        return record(SaveFormat.PICKLE, argument(call, 0, "obj"), argument(call, 1, "file"))
    if name in MLFLOW_LOG_MODEL:
        return record(MLFLOW_LOG_MODEL[name], argument(call, 0, "model"), None)
    if name in {"keras.models.save_model", "tensorflow.keras.models.save_model"}:
        return record(SaveFormat.KERAS, argument(call, 0, "model"), argument(call, 1, "filepath"))
    fabric = fabric_save(module, call, origins)
    if fabric is not None:  # Lightning Fabric's torch.save on rank 0
        saved = record(_torch_format(module, fabric[0], origins), *fabric)
        return replace(saved, call=FABRIC_SAVE)
    if not isinstance(call.func, ast.Attribute):
        return None
    receiver, method = call.func.value, call.func.attr
    origin = origins.get(module.segment(receiver), "")
    if method == "save_pretrained":
        return record(SaveFormat.HF, receiver, argument(call, 0, "save_directory"))
    if method == "save_model":
        fmt = _save_model_format(origin, frameworks)
        return None if fmt is None else record(fmt, receiver, argument(call, 0, "fname"))
    if method == "save_checkpoint" and Framework.LIGHTNING in frameworks:
        return record(SaveFormat.STATE_DICT, receiver, argument(call, 0, "filepath"))
    if method == "save":
        scripted = origin in TORCHSCRIPT_MAKERS or (
            isinstance(receiver, ast.Call) and call_name(module, receiver) in TORCHSCRIPT_MAKERS
        )
        if scripted:
            return record(SaveFormat.TORCHSCRIPT, receiver, argument(call, 0, "f"))
        if frameworks & {Framework.KERAS, Framework.TENSORFLOW} and origin.split(".")[0] not in {
            "numpy",
            "PIL",
            "pandas",
        }:
            return record(SaveFormat.KERAS, receiver, argument(call, 0, "filepath"))
    if method == "save_weights" and frameworks & {Framework.KERAS, Framework.TENSORFLOW}:
        return record(SaveFormat.KERAS, receiver, argument(call, 0, "filepath"))
    return None


def _torch_format(
    module: ParsedModule, target: ast.expr | None, origins: dict[str, str]
) -> SaveFormat:
    if target is None:
        return SaveFormat.PICKLE
    text = module.segment(target)
    if "state_dict" in text or origins.get(text, "").endswith("state_dict"):
        return SaveFormat.STATE_DICT
    if origins.get(text, "") in TORCHSCRIPT_MAKERS:
        return SaveFormat.TORCHSCRIPT
    return SaveFormat.PICKLE


def _save_model_format(origin: str, frameworks: set[Framework]) -> SaveFormat | None:
    if origin.startswith("transformers."):
        return SaveFormat.HF
    if origin.startswith("xgboost.") or Framework.XGBOOST in frameworks:
        return SaveFormat.XGBOOST
    if Framework.TRANSFORMERS in frameworks:
        return SaveFormat.HF
    if frameworks & {Framework.KERAS, Framework.TENSORFLOW}:
        return SaveFormat.KERAS
    return None  # e.g. LightGBM's save_model: no SaveFormat for it yet


def _assigned_calls(module: ParsedModule) -> dict[str, str]:
    """`name = some.call(...)` anywhere in the file -> {"name": "qualified.call"}."""
    origins: dict[str, str] = {}
    for node in module.nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            value = node.value
            while (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and isinstance(value.func.value, ast.Call)
                and value.func.attr in {"to", "cuda", "cpu", "eval"}
            ):
                value = value.func.value  # Net().to(device) comes from Net
            if isinstance(value, ast.Call):
                origins[module.segment(node.targets[0])] = call_name(module, value)
    return origins


def _opened_files(module: ParsedModule) -> dict[str, list[tuple[int, int, str]]]:
    """`with open(P, "wb") as f` -> {"f": [(first line, last line, source of P)]}: a dump into
    `f` inside that `with` saves to P (a script may open `f` again later for its scores)."""
    opened: dict[str, list[tuple[int, int, str]]] = {}
    for node in module.nodes:
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                context, name = item.context_expr, item.optional_vars
                if (
                    isinstance(context, ast.Call)
                    and isinstance(name, ast.Name)
                    and call_name(module, context) in {"open", "io.open", "gzip.open"}
                    and context.args
                ):
                    opened.setdefault(name.id, []).append(
                        (node.lineno, node.end_lineno or node.lineno, module.segment(context.args[0]))
                    )
    return opened
