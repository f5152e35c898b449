"""The README's command line for an HfArgumentParser script, where the pipeline does not pass it,
is a Train item to review (the flags come from analyze/hf_command_line.py).

    README.md: python run_glue.py --model_name_or_path tiny-bert --train_file data/train.csv
               --do_train --do_eval --output_dir out
    -> needs review (run_glue.py): --train_file, --do_train, --do_eval, --output_dir are not
       passed to the training job ...

The job gets only the pipeline's hyperparameters (`--name value`): without `--do_train` a
Trainer script trains nothing, without `--train_file` it stops in its own argument checks. The
project is written, and `migrate` exits 3 instead of 0 with a Train step that cannot do what the
README does.
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge.model import Analysis, Artifact, ArtifactStatus
from sagebridge.model.steps import StepsPlan
from sagebridge.plan.url_data import TRAIN_STEP


def with_documented_command_review(analysis: Analysis, steps: StepsPlan) -> StepsPlan:
    """One "needs review" item when the README runs the entry point with flags not passed."""
    flags = analysis.readme_flags_not_passed
    if not flags:
        return steps
    note = (
        f"the README runs {analysis.entry_point} with {', '.join(flags)}, which no pipeline "
        "hyperparameter passes (HfArgumentParser reads them from fields that default to None or "
        "from library dataclasses such as TrainingArguments), so the training job runs without "
        "them: give them defaults in the script's own dataclasses, or add them to "
        "pipeline/pipeline.py's hyperparameters (data paths under /opt/ml/input/data/<channel>/)"
    )
    review = Artifact(TRAIN_STEP, ArtifactStatus.NEEDS_REVIEW, note, analysis.entry_point)
    return replace(steps, artifacts=steps.artifacts + (review,))
