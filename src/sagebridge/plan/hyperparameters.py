"""Hyperparameters as SageMaker will pass them, and the tuning range of the numeric ones.

The flag is what the pipeline puts in its hyperparameters dict and SageMaker passes as
`--<name> <value>`: an existing argparse or click option keeps its spelling (`--n-estimators`); a module
constant is spelt as its lowercase name (`MAX_DEPTH` -> `--max_depth`, `lr` -> `--lr`).

Tuning ranges centre on the script's own default: learning rates log-scaled over a factor of 10
either way; other positive floats in (0, 1] (subsample, gamma, dropout) linearly from half the
default to at most 1; other positive floats log-scaled over a factor of 10; positive integers
from half to twice the default. Settings that change what is measured or only how the run is
carried out (seeds, splits, logging, workers, epochs/rounds that tuning would simply max out)
are not tuned.

A required option (`required=True`) has no default to offer: its pipeline parameter takes the
value the project's README passes it (`python train.py --dataset fake`), or, when none does, is
declared without one, so `run --local` and `execute` refuse to start until `-p name=VALUE` is
given (as for QualityThreshold); migrate says which in one line.

An argparse option whose default is None (`--config`) is passed as "" (`-p config=config.json`
sets it): the migrated option reads "" back as None (Hazard.NONE_DEFAULT). One with choices,
nargs or an action is left out: the script keeps None unless the user adds the hyperparameter.

A boolean setting that a model save waits for (`if args.save_model: torch.save(...)`) is on in
the pipeline whatever its default: a SageMaker job that saves no model has nothing to register.
"""

from __future__ import annotations

import re

from sagebridge.model import (
    Hazard,
    Hyperparameter,
    HyperparameterOrigin,
    HyperparameterPlan,
    Literal,
    TuningKind,
    TuningRange,
    TuningScaling,
)

OWN_FLAGS = (
    HyperparameterOrigin.ARGPARSE,
    HyperparameterOrigin.CLICK,
    HyperparameterOrigin.ABSL,
    HyperparameterOrigin.FIRE,
    HyperparameterOrigin.HYDRA,
    HyperparameterOrigin.DATACLASS,
)
# Put in place by the runtime from SageMaker's `--name value` (absl_argv, environ_settings,
# hydra_argv).
ARGV_SETTINGS = (
    HyperparameterOrigin.ABSL,
    HyperparameterOrigin.ENVIRONMENT,
    HyperparameterOrigin.HYDRA,
)
LEARNING_RATE = re.compile(r"(^|_)(lr|eta|learning_rate)$")
NOT_TUNED = re.compile(
    r"seed|random_state|log|interval|verbose|workers|n_jobs|jobs|test_size|val|split|"
    r"test_batch|epoch|num_round|boost_round|early_stopping|save|print|device|cuda|gpu"
)


def flag(hyperparameter: Hyperparameter) -> str:
    if hyperparameter.origin in OWN_FLAGS and hyperparameter.flag:
        return hyperparameter.flag
    return f"--{hyperparameter.name.lower()}"


def tuning_range(name: str, default: object, type_: str) -> TuningRange | None:
    key = name.lower()
    if NOT_TUNED.search(key) or isinstance(default, bool):
        return None
    if type_ == "float" and isinstance(default, (int, float)) and default > 0:
        value = float(default)
        if LEARNING_RATE.search(key):
            return TuningRange(TuningKind.CONTINUOUS, value / 10, value * 10, TuningScaling.LOGARITHMIC)
        if value <= 1:
            return TuningRange(TuningKind.CONTINUOUS, value / 2, 1.0, TuningScaling.LINEAR)
        return TuningRange(TuningKind.CONTINUOUS, value / 10, value * 10, TuningScaling.LOGARITHMIC)
    if type_ == "int" and isinstance(default, int) and default > 0:
        return TuningRange(TuningKind.INTEGER, max(1, default // 2), default * 2, TuningScaling.LINEAR)
    return None


def _pipeline_default(hp: Hyperparameter, save_guards: frozenset[str]) -> Literal:
    if hp.type == "bool" and hp.name in save_guards and hp.default is not True:
        return True
    if hp.hazard is Hazard.NONE_DEFAULT:
        return ""  # read back as None by the migrated option
    if _documented(hp):
        return _typed(hp.documented or "", hp.type)
    # `type=float, default=20`: ParameterFloat refuses an int default (and argparse would have
    # converted a string one); an integral float for `type=int` becomes the int it stands for.
    default = hp.default
    if hp.type == "float" and isinstance(default, int) and not isinstance(default, bool):
        return float(default)
    if hp.type == "int" and isinstance(default, float) and default.is_integer():
        return int(default)
    return default


def _documented(hp: Hyperparameter) -> bool:
    """A required argument whose value the project's README documents: that is the default."""
    return hp.required and hp.documented is not None


def _typed(text: str, type_: str) -> Literal:
    try:
        if type_ == "int":
            return int(text)
        if type_ == "float":
            return float(text)
    except ValueError:
        pass
    return text


def plan_hyperparameters(
    found: tuple[Hyperparameter, ...],
    save_guards: frozenset[str] = frozenset(),
) -> tuple[tuple[HyperparameterPlan, ...], tuple[str, ...]]:
    """Argparse options and module constants become `--name value` hyperparameters.

    A setting read from a config file is not one: the script takes it from the file, so a
    pipeline parameter for it would change nothing. It stays in the file (copied into code/).
    """
    from_config = [hp for hp in found if hp.origin is HyperparameterOrigin.CONFIG]
    warnings = tuple(
        f"{hp.file}:{hp.line}: {hp.name} is read from a config file; the pipeline passes no "
        "hyperparameter for it: edit the file (copied into code/) to change it"
        for hp in from_config
    ) + tuple(
        f"{hp.file}:{hp.line}: {hp.name} guards the model save; the pipeline passes True so "
        "the job saves its model"
        for hp in found
        if hp.origin is not HyperparameterOrigin.CONFIG
        and hp.hazard is not Hazard.NONE_DEFAULT
        and hp.type == "bool"
        and hp.name in save_guards
        and hp.default is not True
    )
    plans = tuple(
        HyperparameterPlan(
            name=hp.name,
            flag=flag(hp),
            default=_pipeline_default(hp, save_guards),
            type="str" if hp.hazard is Hazard.NONE_DEFAULT else hp.type,
            origin=hp.origin,
            file=hp.file,
            line=hp.line,
            hazard=hp.hazard,
            tuning=tuning_range(hp.name, hp.default, hp.type),
            required=hp.required and not _documented(hp),
        )
        for hp in found
        if hp.origin is not HyperparameterOrigin.CONFIG and not _unset(hp)
    )
    warnings += tuple(
        f"{hp.flag} is required: pass -p {hp.name}=VALUE to run/execute"
        if not _documented(hp)
        else f"{hp.flag} is required: the pipeline passes {hp.documented!r}, the value your "
        f"README documents (-p {hp.name}=VALUE to change it)"
        for hp in found
        if hp.required
        and hp.origin in {HyperparameterOrigin.ARGPARSE, HyperparameterOrigin.DATACLASS}
    )
    warnings += tuple(
        f"{hp.file}:{hp.line}: {hp.flag or hp.name} defaults to None; the pipeline passes "
        "nothing for it, so the script keeps None (add it to the pipeline's hyperparameters "
        "to set it)"
        for hp in found
        if _unset(hp)
    )
    plans, duplicates = _without_duplicates(plans)
    return plans, warnings + duplicates


def _unset(hp: Hyperparameter) -> bool:
    """An option whose default is None: passing "None" would make it the string 'None'."""
    return (
        hp.origin is HyperparameterOrigin.ARGPARSE
        and hp.default is None
        and hp.hazard is None
        and not hp.required
    )



def _without_duplicates(
    plans: tuple[HyperparameterPlan, ...],
) -> tuple[tuple[HyperparameterPlan, ...], tuple[str, ...]]:
    """One hyperparameter per name and per flag, the first found (the entry point's come
    first): a second `seed` would repeat a pipeline parameter and a hyperparameters key."""
    kept: list[HyperparameterPlan] = []
    warnings: list[str] = []
    for hp in plans:
        same = next((k for k in kept if k.name == hp.name or k.flag == hp.flag), None)
        if same is None:
            kept.append(hp)
        else:
            warnings.append(
                f"{hp.file}:{hp.line}: {hp.name} is already a hyperparameter "
                f"({same.file}:{same.line}); the pipeline passes that one only"
            )
    return tuple(kept), tuple(warnings)
