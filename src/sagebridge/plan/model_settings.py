"""Module settings the rebuilt model reads (issue 11): a class whose `__init__` reads a module
constant migrate made a pipeline parameter is rebuilt with the value the training job ran with.

    HIDDEN = 128                                 HIDDEN = 128
    class Net(nn.Module):                        class Net(nn.Module):
        def __init__(self):                ->        def __init__(self, HIDDEN=HIDDEN):
            self.fc = nn.Linear(9216, HIDDEN)            self.fc = nn.Linear(9216, HIDDEN)
    model = Net()                                Net(HIDDEN=hyperparameters.get('HIDDEN', 128))

The training job records HIDDEN beside the model (ModelPlan.hyperparameter_args, "variable"), so
a model trained with `-p HIDDEN=32` is rebuilt 32 wide. A setting the rebuilt code reads
anywhere else (a class attribute, a default, another method, a helper function; an `__init__`
taking `*args`/`**kwargs`; a LightningModule, which load_from_checkpoint rebuilds with what it
saved) can't be passed that way: the model would be rebuilt at the default, so the note leaves
evaluate.py and inference.py out with the reason. Which settings the definition reads, and
where, are facts (analyze/model_definition.py).
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge.model import ModelPlan
from sagebridge.model.model_build import TorchModelFacts
from sagebridge.plan.constructor_args import TRAINED_WITH
from sagebridge.plan.fidelity import Informational, NoteStep, Unfaithful


def with_module_settings(model: ModelPlan, facts: TorchModelFacts, lightning: bool) -> ModelPlan:
    """`model` rebuilt with the module settings its definition reads passed to `__init__`, or
    with an Unfaithful note saying why they can't be."""
    settings = facts.module_settings
    if not settings:
        return model
    why = ""
    if lightning:
        why = "load_from_checkpoint rebuilds a LightningModule with what it saved"
    elif not facts.init_takes_keywords:
        why = f"{model.class_name}.__init__ can't take it as a keyword argument"
    elif facts.read_elsewhere:
        why = "it is read outside __init__ (a class attribute, a default, another function)"
    if why:
        return replace(model, notes=(*model.notes, *(Unfaithful(
            f"{model.class_name} reads the setting `{setting.name}` (a pipeline parameter) at "
            f"module level: {why}, so the generated code would rebuild it at the default "
            f"{setting.default}",
            NoteStep.MODEL,
        ) for setting in settings)))  # fmt: skip
    names = [setting.name for setting in settings]
    passed = [f"{s.name}={TRAINED_WITH}.get({s.name!r}, {s.default})" for s in settings]
    notes = [
        Informational(
            f"the setting `{name}` that {model.class_name} reads is passed to its __init__ where "
            "the generated code rebuilds the model, with the value the training job ran with",
            argument=name,
        )
        for name in names
    ]
    return replace(
        model,
        definition=facts.definition_with_settings,
        constructor_args=", ".join(a for a in (model.constructor_args, *passed) if a),
        hyperparameter_args=tuple(
            sorted({*model.hyperparameter_args, *((name, "variable") for name in names)})
        ),
        notes=(*model.notes, *notes),
    )
