"""How the project's PyTorch model is built: the model class the entry point instantiates, its
constructor arguments (analyze/constructor_args.py), the standalone source defining it and the
facts of that source (analyze/model_definition.py).

    class Net(nn.Module): ...      (model.py)
    model = Net(args.hidden)       (train.py)  -> TorchModelFacts("Net", "model.py", ...,
                                                  arguments=(SETTING "hidden",), definition=...)
"""

from __future__ import annotations

import ast

from sagebridge.analyze.constructor_args import constructor_arguments
from sagebridge.analyze.index import SourceIndex, call_name
from sagebridge.analyze.model_definition import with_definition_facts
from sagebridge.model import ModelClass
from sagebridge.model.model_build import TorchModelFacts


def find_model_build(
    classes: tuple[ModelClass, ...], entry: str, index: SourceIndex
) -> TorchModelFacts | None:
    """None when the project defines no model class; `index` knows the settings."""
    if not classes:
        return None
    calls = _calls_by_name(index, entry)
    model_class = next((c for c in classes if c.name in calls), classes[0])
    call = calls[model_class.name][0] if model_class.name in calls else None
    arguments, roots = (
        constructor_arguments(index, model_class, entry, call) if call is not None else ((), set())
    )
    definition, notes = index.standalone_source(model_class.file, {model_class.name} | roots)
    facts = TorchModelFacts(
        class_name=model_class.name,
        file=model_class.file,
        line=model_class.line,
        instantiated=call is not None,
        arguments=arguments,
        definition=definition,
        definition_notes=notes,
    )
    return with_definition_facts(facts, index.hyperparameters)


def _calls_by_name(index: SourceIndex, file: str) -> dict[str, list[ast.Call]]:
    """The calls of `file` by the last part of their callee (`nn.Linear` -> "Linear"), in
    source order."""
    module = index.modules.get(file)
    found: dict[str, list[ast.Call]] = {}
    if module is None:
        return found
    for node in module.parsed.nodes:
        if isinstance(node, ast.Call):
            found.setdefault(call_name(node).split(".")[-1], []).append(node)
    for calls in found.values():
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
    return found
