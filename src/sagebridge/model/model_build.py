"""How the user's PyTorch model is built, as analysis found it (analyze/model_build.py): the
class the entry point instantiates, each constructor argument and what it reads, the standalone
source that defines the class, the module settings that source reads. plan/model_code.py decides
from these how evaluate.py and inference.py rebuild the model.

    model = Net(args.hidden, 0.5 * args.drop, width(data))
        -> ConstructorArgument(None, "args.hidden", SETTING, setting="hidden", ...),
           ConstructorArgument(None, "0.5 * args.drop", FIXED, literal="0.05"),
           ConstructorArgument(None, "width(data)", RUNTIME)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ArgumentKind(str, Enum):
    SETTING = "setting"  # a setting passed as it is (`args.hidden`, `HIDDEN`, a click option)
    CARRIED = "carried"  # reads module constants defined next to the class: carried over
    FIXED = "fixed"  # resolves to a literal through the settings' defaults
    RUNTIME = "runtime"  # depends on runtime state


@dataclass(frozen=True)
class ConstructorArgument:
    keyword: str | None  # None: positional
    text: str  # the argument as written
    kind: ArgumentKind
    setting: str | None = None  # SETTING: the setting's name and default (repr)
    setting_default: str | None = None
    from_argparse: bool = False  # SETTING: an argparse option (read from the namespace)
    literal: str | None = None  # FIXED: repr of the value


@dataclass(frozen=True)
class ModuleSetting:
    name: str  # a module constant made a hyperparameter, that the class's source assigns
    default: str  # repr of the script's default


@dataclass(frozen=True)
class TorchModelFacts:
    class_name: str
    file: str
    line: int
    instantiated: bool  # the entry point calls the class (else its arguments are unknown)
    arguments: tuple[ConstructorArgument, ...]
    definition: str  # module-level source defining the class and what it (and its arguments) need
    definition_notes: tuple[str, ...]  # what could not be carried over
    module_settings: tuple[ModuleSetting, ...] = ()  # by name
    # `__init__` can take the settings as keyword arguments (positional parameters besides
    # self, no *args, **kwargs or keyword-only ones)
    init_takes_keywords: bool = False
    read_elsewhere: tuple[str, ...] = ()  # settings read outside `__init__` (or bound in it)
    # `definition` with `NAME=NAME` added to `__init__`'s parameters for each module setting;
    # "" when `__init__` can't take them
    definition_with_settings: str = ""
    forward_inputs: int = 1  # the inputs `forward` requires (1 when unknown)
    lightning_module: bool = False  # the class subclasses LightningModule
    saves_hyperparameters: bool = False  # ... and calls self.save_hyperparameters()
