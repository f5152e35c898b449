"""Flags the project's README runs an HfArgumentParser script with that no pipeline
hyperparameter passes.

    README.md:  python run_glue.py --model_name_or_path tiny-bert --train_file data/train.csv \
                    --do_train --do_eval --num_train_epochs 3 --output_dir out
    run_glue.py: HfArgumentParser((ModelArguments, DataTrainingArguments, TrainingArguments))
        -> --train_file (its field defaults to None), --do_train, --do_eval, --num_train_epochs,
           --output_dir (TrainingArguments' fields, library defaults): not passed

Hugging Face's example scripts are run this way: their own fields default to None and the
training flags belong to the library's `TrainingArguments`, so the command line *is* the
configuration. SageMaker passes only the pipeline's hyperparameters, so the job would run
without them (no `--do_train`: nothing is trained); the plan makes that a needs-review item
(plan/documented_command.py) instead of a complete project.
"""

from __future__ import annotations

from collections.abc import Iterable

from sagebridge.analyze.documented import documented_flags
from sagebridge.analyze.files import ProjectFiles
from sagebridge.analyze.hf_dataclasses import uses_hf_argument_parser
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Hyperparameter, HyperparameterOrigin


def unpassed_documented_flags(
    project: ProjectFiles,
    entry: ParsedModule,
    hyperparameters: Iterable[Hyperparameter],
) -> tuple[str, ...]:
    """The README command's flags that are none of the entry point's offered settings, for a
    script parsed by HfArgumentParser; () otherwise."""
    if not uses_hf_argument_parser(entry):
        return ()
    passed = {
        hp.flag
        for hp in hyperparameters
        if hp.flag and hp.file == entry.path and hp.origin is not HyperparameterOrigin.CONFIG
    }
    return tuple(f for f in documented_flags(project, entry.path) if f not in passed)
