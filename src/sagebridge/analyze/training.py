"""The training facts (model/training.py), found once over the parsed modules after the other
facts (and so the settings) are known. `Analysis.training` carries them to the plan.

    huggingface  analyze/huggingface_model.py  Accelerate, a bare trainer.train(), a served head
    epoch_loop   analyze/epoch_state.py        models, optimizers, schedulers before the loop
    saves        analyze/save_targets.py       what each save writes, its path's names
    keras        analyze/keras.py              fit calls, backend, checkpoint folders
    lightning    analyze/lightning_script.py   self.log labels, LightningCLI
    model        analyze/model_build.py        the model class, its arguments, its source
    percent_expressions analyze/metric_scale.py metrics reported as percentages
    resume_files analyze/resume_files.py     a snapshot file the script saves and resumes from
"""

from __future__ import annotations

from sagebridge.analyze.epoch_state import find_epoch_state
from sagebridge.analyze.huggingface_model import find_huggingface_facts
from sagebridge.analyze.index import SourceIndex
from sagebridge.analyze.keras import find_keras_facts
from sagebridge.analyze.lightning_script import find_lightning_facts
from sagebridge.analyze.metric_scale import percent_expressions
from sagebridge.analyze.model_build import find_model_build
from sagebridge.analyze.resume_files import find_resume_files
from sagebridge.analyze.save_targets import find_save_facts
from sagebridge.analyze.torchrun_env import torchrun_line
from sagebridge.analyze.users_own import users_own
from sagebridge.model import Analysis, Hyperparameter
from sagebridge.model.training import KerasFacts, TrainingFacts


def find_training_facts(analysis: Analysis, index: SourceIndex) -> TrainingFacts:
    """Found from the user's own facts (the plan's view: `users_own`)."""
    own = users_own(analysis)
    entry = index.parsed(own.entry_point)
    loop = own.training_loops[0] if own.training_loops else None
    keras = find_keras_facts(entry) if entry is not None else None
    settings = index.with_hyperparameters(_settings(own, keras))
    return TrainingFacts(
        huggingface=find_huggingface_facts(entry),
        epoch_loop=(
            find_epoch_state(loop, index.modules[loop.file].parsed, own.model_classes)
            if loop is not None
            else None
        ),
        saves=tuple(
            find_save_facts(s, index.modules[s.file].parsed, settings) for s in own.model_saves
        ),
        keras=keras,
        lightning=find_lightning_facts(own, index),
        model=find_model_build(own.model_classes, own.entry_point, settings),
        percent_expressions=percent_expressions(own.metrics),
        torchrun_line=torchrun_line(entry.nodes) if entry is not None else None,
        resume_files=find_resume_files(entry, own.model_saves) if entry is not None else (),
    )


def _settings(analysis: Analysis, keras: KerasFacts | None) -> tuple[Hyperparameter, ...]:
    """The settings an expression resolves through: the hyperparameters, less the options that
    name a Keras checkpoint folder (the plan moves that folder; it is not a setting)."""
    folders = keras.checkpoint_folders if keras is not None else ()
    options = {
        (analysis.entry_point, f.argument_line)
        for f in folders
        if f.line is not None and f.value is not None and f.argument_line is not None
    }
    return tuple(h for h in analysis.hyperparameters if (h.file, h.line) not in options)
