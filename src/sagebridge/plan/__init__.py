"""Every migration decision, made once from the analysis: `build_plan(analysis)`.

`analysis` is the facts analysis found (`analyze_project`); the plan decides from them alone and
never reads, parses or walks the user's source (tests/architecture/test_plan_reads_no_source.py).

`data_samples` (analyze.read_data_samples) are the heads of the project's CSV files, from which
plan/dataset.py judges the data's columns; without them the data is taken as not in the project.

names           plan/names.py            AWS names from the project folder's name
hyperparameters plan/hyperparameters.py  flags SageMaker passes, tuning ranges
channels        plan/channels.py         data folders -> channel names and SM_CHANNEL_*
paths           plan/paths.py            model/output folders -> SM_MODEL_DIR/SM_OUTPUT_DATA_DIR
saves           plan/saves.py            which model a save writes, a batch to trace it
checkpoint      plan/checkpoints.py      epoch-loop state to checkpoint and resume
keras           plan/keras.py            Keras export for TF Serving, checkpoint folders
metrics         plan/metrics.py          `name=value;` regexes and the objective metric
requirements    plan/requirements.py     the source directory's requirements.txt
images          plan/images.py           container images and their Python, from the pins
model, dataset  plan/model_code.py, plan/dataset.py, layout: plan/layout.py
steps           plan/steps.py            which optional steps exist (variant or reason)
edits           plan/edits.py            secrets, downloads, parsers, configurators to edit
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from sagebridge.analyze.users_own import users_own
from sagebridge.model import Analysis, DataSample, Framework, MigrationPlan
from sagebridge.plan.channels import plan_channels
from sagebridge.plan.checkpoints import plan_checkpoint
from sagebridge.plan.cuda_requirement import needs_gpu
from sagebridge.plan.dataset import plan_dataset
from sagebridge.plan.documented_command import with_documented_command_review
from sagebridge.plan.edits import plan_edits
from sagebridge.plan.hub_staging import staged_hub_defaults, with_hub_channel
from sagebridge.plan.huggingface import (
    checkpoints_itself,
    plan_huggingface_model,
    plan_resume,
    resume_warnings,
    without_resume_option,
)
from sagebridge.plan.huggingface_datasets import plan_hub_dataset, with_hub_dataset_channel
from sagebridge.plan.huggingface_images import with_huggingface_images
from sagebridge.plan.huggingface_launch import plan_launch
from sagebridge.plan.hyperparameters import plan_hyperparameters
from sagebridge.plan.images import plan_images
from sagebridge.plan.keras import KERAS_FRAMEWORKS, plan_keras, serving_steps, unexported_steps
from sagebridge.plan.keras_backend import backend_requirements, backend_steps, image_framework
from sagebridge.plan.keras_datasets import with_keras_channel, without_download_warning
from sagebridge.plan.layout import LAYOUT
from sagebridge.plan.lightning import lightning_model, plan_lightning
from sagebridge.plan.metrics import choose_objective, plan_gate
from sagebridge.plan.model_code import plan_model
from sagebridge.plan.names import derive_names
from sagebridge.plan.paths import plan_paths, with_resume_files
from sagebridge.plan.positional import plan_argv
from sagebridge.plan.requirements import plan_requirements
from sagebridge.plan.s3_data import plan_s3, without_s3_copies
from sagebridge.plan.saves import plan_saves
from sagebridge.plan.sklearn_fetchers import (
    plan_sklearn_fetch,
    staged_fetch_notes,
    with_sklearn_fetch_channel,
    with_sklearn_fetch_review,
)
from sagebridge.plan.steps import gate_after_steps, plan_steps
from sagebridge.plan.studies import with_study_note
from sagebridge.plan.unstaged_downloads import with_unstaged_download_review
from sagebridge.plan.url_data import get_file_warnings, with_unfollowed_urls, with_url_channels

# The framework the training image is chosen for: a deep-learning one wins over the libraries
# used beside it (a PyTorch script that uses sklearn.metrics is a PyTorch project).
FRAMEWORK_PRIORITY = (
    Framework.PYTORCH,
    Framework.LIGHTNING,
    Framework.TENSORFLOW,
    Framework.KERAS,
    Framework.TRANSFORMERS,
    Framework.XGBOOST,
    Framework.LIGHTGBM,
    Framework.SKLEARN,
)


def main_framework(found: tuple[Framework, ...]) -> Framework:
    present = set(found) | ({Framework.PYTORCH} if Framework.TORCHVISION in found else set())
    return next((f for f in FRAMEWORK_PRIORITY if f in present), Framework.SKLEARN)


def build_plan(
    analysis: Analysis,
    data_samples: Mapping[str, DataSample] | None = None,
    metric: str | None = None,
    settings: Mapping[str, bytes] | None = None,
) -> MigrationPlan:
    """`metric` is `migrate --metric NAME[:min|max]`: the objective, instead of the plan's pick.
    `settings` are the project's settings files (a LightningCLI config among them)."""
    analysis = users_own(analysis)
    framework = main_framework(analysis.frameworks)
    paths, path_warnings = plan_paths(
        analysis.hard_coded_paths, Framework.TRANSFORMERS in analysis.frameworks
    )
    paths = with_resume_files(paths, analysis.training.resume_files)
    saves, save_warnings = plan_saves(analysis, paths)
    checkpoint, checkpoint_warnings = plan_checkpoint(analysis)
    keras, keras_options, keras_warnings = plan_keras(analysis, framework)
    if keras_options:  # an option naming the checkpoint folder is not a hyperparameter
        kept = tuple(h for h in analysis.hyperparameters if (h.file, h.line) not in keras_options)
        analysis = replace(analysis, hyperparameters=kept)
    if checkpoints_itself(paths, analysis.entry_point):  # a Trainer/Accelerate script's own
        checkpoint, checkpoint_warnings = None, ()
    if any(p.resume for p in paths):  # its own snapshot resumes it: no second checkpoint
        checkpoint, checkpoint_warnings = None, ()
    metrics, objective, greater = choose_objective(analysis.metrics, metric, analysis.entry_point)
    model = lightning_model(
        analysis, plan_huggingface_model(analysis) or plan_model(analysis)
    )
    dataset = without_s3_copies(analysis, plan_dataset(analysis, data_samples or {}))
    gate, gate_note = plan_gate(objective, greater, metrics, model, dataset, analysis.entry_point)
    channels = plan_channels(analysis.hard_coded_paths)
    argv, channels, argv_warnings = plan_argv(analysis, channels)
    dataset, channels = with_keras_channel(dataset, channels)
    hub_dataset_notes: tuple[str, ...] = ()
    if dataset is None:
        dataset, hub_dataset_notes = plan_hub_dataset(analysis, channels)
    dataset, channels = with_hub_dataset_channel(dataset, channels)
    unstaged_fetch: tuple[str, ...] = ()
    if dataset is None:
        dataset, unstaged_fetch = plan_sklearn_fetch(analysis)
    dataset, channels = with_sklearn_fetch_channel(dataset, channels)
    channels = with_hub_channel(analysis, with_url_channels(analysis, channels))
    channels, s3, s3_warnings = plan_s3(analysis, channels)
    keras_warnings = without_download_warning(keras_warnings, dataset)
    save_guards = frozenset(s.guard for s in analysis.model_saves if s.guard is not None)
    hyperparameters, hyperparameter_warnings = plan_hyperparameters(
        analysis.hyperparameters, save_guards
    )
    resume = plan_resume(analysis, paths)
    hyperparameters = without_resume_option(hyperparameters, resume)
    hyperparameter_warnings = resume_warnings(hyperparameter_warnings, resume)
    steps = plan_steps(analysis, dataset, model, channels, LAYOUT, gate)
    if keras is not None:
        steps = backend_steps(serving_steps(steps), keras)
    elif framework in KERAS_FRAMEWORKS:
        steps = unexported_steps(steps, analysis)
    steps = with_unfollowed_urls(analysis, steps)
    steps = with_sklearn_fetch_review(analysis, steps, dataset, unstaged_fetch)
    steps = with_unstaged_download_review(analysis, steps)
    steps = with_documented_command_review(analysis, steps)
    gate, gate_note = gate_after_steps(gate, gate_note, steps, objective, greater, framework)
    gate_note = with_study_note(gate_note, metrics, steps, framework)
    hyperparameters, hub_notes = staged_hub_defaults(analysis, hyperparameters, channels, steps)
    launch = plan_launch(analysis)
    images = with_huggingface_images(
        plan_images(image_framework(framework, keras), analysis.dependencies), analysis
    )
    gpu, gpu_notes = needs_gpu(analysis, images)
    return MigrationPlan(
        analysis=analysis,
        names=derive_names(analysis.root_name),
        entry_point=analysis.entry_point,
        framework=framework,
        hyperparameters=hyperparameters,
        channels=channels,
        channel_names=tuple(dict.fromkeys(channel.name for channel in channels)),
        metrics=metrics,
        objective_metric=objective,
        objective_greater_is_better=greater,
        gate=gate,
        gate_note=gate_note,
        model=model,
        dataset=dataset,
        steps=steps,
        layout=LAYOUT,
        paths=paths,
        saves=saves,
        checkpoint=checkpoint,
        keras=keras,
        argv=argv,
        lightning=plan_lightning(
            analysis, metrics, (objective, greater), channels, settings
        ),
        resume=resume,
        edits=plan_edits(analysis),
        launch=launch,
        s3=s3,
        requirements=backend_requirements(
            plan_requirements(analysis.dependencies, image_framework(framework, keras)), keras
        ),
        images=images,
        needs_gpu=gpu,
        warnings=gpu_notes + hyperparameter_warnings + path_warnings + save_warnings + checkpoint_warnings
        + keras_warnings + get_file_warnings(analysis) + argv_warnings + hub_notes + hub_dataset_notes + staged_fetch_notes(dataset, unstaged_fetch) + ((launch.note,) if launch else ()) + s3_warnings,
    )
