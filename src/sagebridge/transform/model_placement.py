"""A model saved to a path computed at run time goes to SM_MODEL_DIR all the same.

    torch.save(model, "model_epoch_{}.pth".format(epoch))            (super_resolution)
    ->  torch.save(model, sagebridge_runtime.model_file("model_epoch_{}.pth".format(epoch)))

No literal names the file, so the path can't be moved where it is written; the save's own
argument is wrapped instead. `model_file` joins a relative path (an absolute one: its file
name) onto SM_MODEL_DIR inside SageMaker and returns it unchanged elsewhere.
"""

from __future__ import annotations

import libcst as cst

from sagebridge.model.facts import FABRIC_SAVE
from sagebridge.transform.base import RUNTIME_MODULE, dotted

MODEL_FILE = f"{RUNTIME_MODULE}.model_file"
# The destination argument of each save call the plan may mark: (position, keyword).
DESTINATIONS: dict[str, tuple[int, str]] = {
    "torch.save": (1, "f"),
    FABRIC_SAVE: (0, "path"),  # fabric.save(path, state)
    "joblib.dump": (1, "filename"),
}


def wrapped_expression(path: str) -> str:
    return f"{MODEL_FILE}({path})"


def place_in_model_dir(call: cst.Call, save_call: str) -> cst.Call | None:
    """`call` with its destination wrapped in model_file(...), None when it has none or is
    wrapped already."""
    position, name = DESTINATIONS[save_call]
    args = list(call.args)
    index = next((i for i, a in enumerate(args) if a.keyword and a.keyword.value == name), None)
    if index is None:
        positional = [i for i, a in enumerate(args) if a.keyword is None and not a.star]
        index = positional[position] if len(positional) > position else None
    if index is None:
        return None
    value = args[index].value
    if isinstance(value, cst.Call) and dotted(value.func) == MODEL_FILE:
        return None
    wrapped = cst.Call(func=cst.parse_expression(MODEL_FILE), args=[cst.Arg(value)])
    args[index] = args[index].with_changes(value=wrapped)
    return call.with_changes(args=args)
