"""Hugging Face scripts checkpoint and resume themselves: point that at the checkpoint dir.

A Trainer writes `checkpoint-N` folders into `output_dir` and resumes from the folder given to
`trainer.train(resume_from_checkpoint=...)`; an Accelerate loop writes `save_state` folders and
loads the one `--resume_from_checkpoint` names. analyze/huggingface.py marks those folders as
CHECKPOINT paths (plan/paths.py moves them to /opt/ml/checkpoints); here the script's own resume
option, when it defaults to None, is planned to default to the newest folder there instead, so a
restarted spot job resumes where it stopped and a fresh run still starts from scratch.
The generic per-epoch Checkpoints (plan/checkpoints.py) are then not added: one mechanism only.

The model a `save_pretrained` writes into the model dir is served as a transformers pipeline
(`templates/huggingface/inference.py.jinja`), the way the Hugging Face inference toolkit loads
it: model_fn over the saved folder, the task named by the model's head class.
"""

from __future__ import annotations

from sagebridge.model import (
    Analysis,
    Framework,
    HyperparameterPlan,
    ModelLoader,
    ModelPlan,
    PathPlan,
    PathRole,
    ResumePlan,
    SaveFormat,
)

RESUME_WORDS = ("resume_from_checkpoint", "resume")


def plan_resume(analysis: Analysis, paths: tuple[PathPlan, ...]) -> ResumePlan | None:
    """The entry point's resume option with a None default, when it checkpoints itself; else
    its bare `trainer.train()` (a Trainer's, called with no arguments)."""
    entry = analysis.entry_point
    if not any(p.role is PathRole.CHECKPOINT and p.file == entry for p in paths):
        return None
    for word in RESUME_WORDS:
        for setting in analysis.hyperparameters:
            if (
                setting.file == entry
                and setting.name == word
                and setting.flag is not None
                and setting.default is None
            ):
                return ResumePlan(setting.file, setting.line, setting.flag)
    line = analysis.training.huggingface.bare_train_line
    return ResumePlan(entry, line, None) if line is not None else None


def checkpoints_itself(paths: tuple[PathPlan, ...], entry: str) -> bool:
    """The script writes its own checkpoints into the checkpoint dir (no second mechanism)."""
    return any(p.role is PathRole.CHECKPOINT and p.file == entry for p in paths)


def plan_huggingface_model(analysis: Analysis) -> ModelPlan | None:
    """The saved pretrained folder, served as a pipeline of the task its model class names.

    Needs a `save_pretrained` into the model dir (the migrated script writes config, weights and
    tokenizer there) and a `*For<Task>.from_pretrained(...)` of a task a text pipeline serves;
    otherwise None (no inference.py, a stated reason)."""
    entry = analysis.entry_point
    saves = [s for s in analysis.model_saves if s.file == entry and s.format is SaveFormat.HF]
    if not saves or Framework.TRANSFORMERS not in analysis.frameworks:
        return None
    head = analysis.training.huggingface.pretrained_head
    if head is None:
        return None
    return ModelPlan(
        class_name=head.class_name,
        constructor_args="",
        definition="",
        framework=Framework.TRANSFORMERS,
        artifacts=(CONFIG_FILE,),
        loader=LOADER,
        source_file=entry,
        source_line=saves[0].line,
        task=head.task,
    )


LOADER = ModelLoader.HUGGINGFACE
CONFIG_FILE = "config.json"  # what save_pretrained always writes


def resume_warnings(warnings: tuple[str, ...], resume: ResumePlan | None) -> tuple[str, ...]:
    """The resume option said as it is now: it defaults to the newest checkpoint folder (any
    "defaults to None" warning plan/hyperparameters.py gave for it is replaced)."""
    if resume is None or resume.flag is None:
        return warnings
    prefix = f"{resume.file}:{resume.line}: {resume.flag} defaults to None;"
    said = (
        f"{resume.file}:{resume.line}: {resume.flag} defaults to the newest checkpoint folder in "
        "/opt/ml/checkpoints (None when there is none), so a restarted spot job resumes"
    )
    return (*(w for w in warnings if not w.startswith(prefix)), said)


def without_resume_option(
    hyperparameters: tuple[HyperparameterPlan, ...], resume: ResumePlan | None
) -> tuple[HyperparameterPlan, ...]:
    """The pipeline must not pass the resume option: its default is now the newest checkpoint,
    and a passed "" (how None travels) would read back as None and start from scratch."""
    if resume is None or resume.flag is None:
        return hyperparameters
    return tuple(
        h for h in hyperparameters
        if not (h.file == resume.file and h.flag == resume.flag)
    )