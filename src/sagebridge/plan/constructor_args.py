"""The arguments evaluate.py and inference.py rebuild the user's model with.

Before (the user's train.py)                       After (ModelPlan.constructor_args)
    parser.add_argument("--hidden", default=128)       hyperparameters.get('hidden', 128),
    model = Net(args.hidden, heads=(args.k, args.k))   heads=(4, 4)  (needs review: fixed)
    model = Net(compute_width(data))                   (left out: depends on runtime state)

A setting passed as it is is read from what the training job recorded beside the model
(`sagebridge_hyperparameters.json`, written by the runtime when the model is saved), so a model
trained with `-p hidden=32` is rebuilt 32 wide. What each argument reads is a fact
(analyze/constructor_args.py); here it is decided how the generated code passes it.
"""

from __future__ import annotations

from sagebridge import contract
from sagebridge.model.model_build import ArgumentKind, TorchModelFacts
from sagebridge.plan.fidelity import Informational, NoteStep, Review, Unfaithful

# How every note about a constructor argument of the rebuilt model begins; each is typed with
# the argument it concerns (fidelity.py's `argument=`): a model loaded from a checkpoint that
# saved its own arguments (Lightning's load_from_checkpoint) needs none of them.
CONSTRUCTOR_NOTE = "constructor argument `"
# The name evaluate.py and inference.py give the settings read from the training job's
# hyperparameter file, where they rebuild the model.
TRAINED_WITH = "hyperparameters"
# How the runtime finds a setting's value when the model is saved (templates/runtime/): an
# argparse option in the parsed namespace, any other setting in a module variable.
NAMESPACE, VARIABLE = "namespace", "variable"


def constructor_args_of(
    model: TorchModelFacts,
) -> tuple[str, list[str], tuple[tuple[str, str], ...]]:
    """The call's arguments as source, notes about them, and the settings they read.

    A setting passed as it is (`args.hidden`, a module constant made a hyperparameter, a click
    option) is read from the file the training job wrote beside the model, with its default
    when the file is not there: `hyperparameters.get("hidden", 128)`. Another expression that
    resolves to a literal through settings is fixed to it (needs review); one that depends on
    other runtime state can't be rebuilt (Unfaithful)."""
    rendered: list[str] = []
    notes: list[str] = []
    settings: dict[str, str] = {}
    for argument in model.arguments:
        text = argument.text
        if argument.kind is ArgumentKind.SETTING:
            assert argument.setting is not None
            settings[argument.setting] = NAMESPACE if argument.from_argparse else VARIABLE
            text = f"{TRAINED_WITH}.get({argument.setting!r}, {argument.setting_default})"
            notes.append(Informational(
                f"{CONSTRUCTOR_NOTE}{argument.text}` of {model.class_name} is the "
                f"setting `{argument.setting}` the training job ran with "
                f"({contract.TRAINED_HYPERPARAMETERS_FILE} beside the model)",
                argument=argument.text,
            ))  # fmt: skip
        elif argument.kind is ArgumentKind.RUNTIME:
            notes.append(Unfaithful(
                f"{CONSTRUCTOR_NOTE}{text}` of {model.class_name} depends on "
                "runtime state", NoteStep.MODEL, argument=text,
            ))  # fmt: skip
        elif argument.kind is ArgumentKind.FIXED:
            notes.append(Review(
                f"{CONSTRUCTOR_NOTE}{text}` of {model.class_name} is fixed "
                f"to its default {argument.literal} where the generated code rebuilds the model: "
                "train with that value, or edit it there to the one you train with",
                argument=text,
            ))  # fmt: skip
            text = argument.literal or text
        rendered.append(f"{argument.keyword}={text}" if argument.keyword else text)
    return ", ".join(rendered), notes, tuple(sorted(settings.items()))
