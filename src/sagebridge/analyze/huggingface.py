"""Hugging Face (transformers Trainer, Accelerate) paths, found by the call that uses them.

    TrainingArguments(output_dir=args.output_dir)            "outputs" (its default) -> checkpoint
    accelerator.save_state(os.path.join(args.output_dir, d)) "." (its default) -> checkpoint
    AutoModel.from_pretrained(args.model_name_or_path)       "data/tiny-bert" -> data (a channel)
    evaluate.load("accuracy"), load_dataset("csv", ...)      a metric / builder name: no path

The Trainer writes `checkpoint-N` folders into `output_dir`, and Accelerate's `save_state`
writes its state folders where it is told: both are the checkpoint folder that SageMaker syncs
to S3 (`/opt/ml/checkpoints`). A `from_pretrained` source written as a local path (`./x`,
`/x`, `data/x`) is read like data; one that reads as a Hub id (`bert-base-uncased`,
`google-bert/bert-base-uncased`) is kept as it is (the guide says how to stage it offline).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule, argument, call_name, keyword

# Calls whose `output_dir` is where the Trainer writes its checkpoint-N folders.
TRAINING_ARGUMENTS = frozenset({"TrainingArguments", "Seq2SeqTrainingArguments"})
# Accelerate's state savers: the first argument is the folder written.
STATE_SAVERS = frozenset({"save_state"})
PRETRAINED_LOADERS = frozenset({"from_pretrained"})
# Loaders whose first argument names a Hub metric or dataset (or a builder: "csv", "json"),
# read from a local folder only when it is written as one (`./metrics/f1.py`, `data/reviews`).
HUB_NAME_LOADERS = frozenset({"evaluate.load", "datasets.load_metric", "datasets.load_dataset"})


def checkpoint_literals(module: ParsedModule, resolver: PathResolver) -> Iterator[ast.Constant]:
    """The literals a Trainer's `output_dir` or Accelerate's `save_state` folder resolves to."""
    for call in module.calls():
        short = call_name(module, call).rsplit(".", 1)[-1]
        if short in TRAINING_ARGUMENTS:
            target = keyword(call, "output_dir") or (call.args[0] if call.args else None)
        elif (
            isinstance(call.func, ast.Attribute)
            and call.func.attr in STATE_SAVERS
            and _uses_accelerate(module)
        ):
            target = argument(call, 0, "output_dir")
        else:
            continue
        literal = resolver.literal(target)
        if literal is not None:
            yield literal


def pretrained_literals(module: ParsedModule, resolver: PathResolver) -> Iterator[ast.Constant]:
    """The local-path literals a `from_pretrained(...)` source resolves to (Hub ids are not)."""
    for call in module.calls():
        if not (isinstance(call.func, ast.Attribute) and call.func.attr in PRETRAINED_LOADERS):
            continue
        literal = resolver.literal(argument(call, 0, "pretrained_model_name_or_path"))
        if literal is not None and isinstance(literal.value, str) and is_local(literal.value):
            yield literal


# The keys `compute()` returns for evaluate metrics named differently from what they measure,
# by (metric, config); a config not listed takes the metric's own entry (config None).
EVALUATE_KEYS: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("glue", None): ("accuracy",),
    ("glue", "mrpc"): ("accuracy", "f1"),
    ("glue", "qqp"): ("accuracy", "f1"),
    ("glue", "cola"): ("matthews_correlation",),
    ("glue", "stsb"): ("pearson", "spearmanr"),
    ("super_glue", None): ("accuracy",),
    ("squad", None): ("exact_match", "f1"),
    ("squad_v2", None): ("exact", "f1"),
    ("seqeval", None): ("overall_precision", "overall_recall", "overall_f1", "overall_accuracy"),
}


def evaluate_keys(name: str, config: str | None = None) -> tuple[str, ...]:
    """The keys `evaluate.load(name, config).compute()` returns: `("glue", "mrpc")` ->
    accuracy and f1; a metric named for what it measures (`"accuracy"`, `"f1"`,
    `"evaluate-metric/rmse"`) returns its own name."""
    short = name.rsplit("/", 1)[-1]
    return EVALUATE_KEYS.get((short, config)) or EVALUATE_KEYS.get((short, None)) or (short,)


def names_a_hub_id(module: ParsedModule, call: ast.Call, resolver: PathResolver) -> bool:
    """`evaluate.load("accuracy")`, `load_dataset("csv", data_files=...)`: the first argument
    is a name, not a file the script reads (its `data_files`/`data_dir` may be)."""
    if call_name(module, call) not in HUB_NAME_LOADERS or not call.args:
        return False
    literal = resolver.literal(call.args[0])
    return literal is not None and isinstance(literal.value, str) and not is_local(literal.value)


def is_local(source: str) -> bool:
    """`./tiny`, `/models/bert`, `data/tiny-bert`, `~/x`: a folder, not a Hub id. A Hub id is
    `name` or `owner/name`; a local path has a leading `.`, `/` or `~`, or more than one `/`,
    or starts with a data folder's usual name."""
    if source.startswith(("./", "../", "/", "~")):
        return True
    parts = source.strip("/").split("/")
    return len(parts) > 2 or (len(parts) == 2 and parts[0].lower() in LOCAL_FIRST_FOLDERS)


LOCAL_FIRST_FOLDERS = frozenset(
    {"data", "datasets", "models", "model", "checkpoints", "outputs", "output", "pretrained"}
)


def _uses_accelerate(module: ParsedModule) -> bool:
    return any(name.split(".")[0] == "accelerate" for name in module.imports.values())


ACCELERATOR_CLASSES = frozenset({"Accelerator"})


def accelerator_line(module: ParsedModule) -> int | None:
    """The line of the first `Accelerator(...)` of a module that imports accelerate: a script
    written for `accelerate launch` (one process per device, `accelerator.print` on the main
    one). None for any other script."""
    if not any(_imports_accelerate(node) for node in module.nodes):
        return None
    for node in module.nodes:
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ACCELERATOR_CLASSES:
                return node.lineno
    return None


def _imports_accelerate(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "accelerate"
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] == "accelerate" for alias in node.names)
    return False
