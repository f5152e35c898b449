"""Model and output folders move to SageMaker's, keeping the original as the laptop fallback.

A MODEL path reads SM_MODEL_DIR (everything there becomes model.tar.gz); an OUTPUT path reads
SM_OUTPUT_DATA_DIR (output.tar.gz); a CHECKPOINT path (a Trainer's `output_dir`, Accelerate's
`save_state` folder) reads the container's checkpoint folder, /opt/ml/checkpoints, which SageMaker
syncs to S3 so a restarted spot job finds it (`sagebridge_runtime.checkpoint_dir`; Hugging Face
projects only, for now). A literal naming a file keeps its file name inside the new folder; a
literal that only starts a path (`"results/sample_" + str(epoch)`) moves the folder before its
last "/" and keeps the rest in front of what the script appends. Other checkpoint paths and
unknown ones are reported and left as written.

A file the script saves and loads back at start-up when it exists (a snapshot, ResumeFile) is
not moved into SM_MODEL_DIR, where a restarted spot job would not find it: it becomes
`sagebridge_runtime.resume_file("snapshot.pt")`, the checkpoint folder in the training job
(copied into SM_MODEL_DIR when the script ends), the original path on a laptop.
"""

from __future__ import annotations

from dataclasses import replace

from sagebridge import contract
from sagebridge.model import HardCodedPath, PathPlan, PathRole
from sagebridge.model.training import ResumeFile
from sagebridge.plan.channels import split_file

ENV_BY_ROLE = {
    PathRole.MODEL: contract.ENV_MODEL_DIR,
    PathRole.OUTPUT: contract.ENV_OUTPUT_DATA_DIR,
    PathRole.CHECKPOINT: contract.ENV_CHECKPOINT_DIR,
}


def plan_paths(
    found: tuple[HardCodedPath, ...], move_checkpoints: bool = False
) -> tuple[tuple[PathPlan, ...], tuple[str, ...]]:
    """`move_checkpoints`: CHECKPOINT paths move too (a Hugging Face project, whose script
    checkpoints and resumes itself); otherwise they are reported and left as written."""
    plans: list[PathPlan] = []
    warnings: list[str] = []
    for path in found:
        if path.role in ENV_BY_ROLE and (path.role is not PathRole.CHECKPOINT or move_checkpoints):
            folder, filename = _split_prefix(path.value) if path.prefix else split_file(path.value)
            plans.append(
                PathPlan(
                    role=path.role,
                    env=ENV_BY_ROLE[path.role],
                    fallback=folder,
                    file=path.file,
                    line=path.line,
                    value=path.value,
                    variable=path.variable,
                    filename=filename,
                )
            )
        elif path.role is not PathRole.DATA:
            warnings.append(
                f"{path.file}:{path.line}: {path.role} path {path.value!r} left unchanged"
            )
    return tuple(plans), tuple(warnings)


def _split_prefix(value: str) -> tuple[str, str | None]:
    """`results/sample_` -> (`results`, `sample_`); `out/` -> (`out`, None); `x_` -> (`.`, `x_`)."""
    head, _, tail = value.rpartition("/")
    if not tail:
        return head or "/", None
    return head or ".", tail


def with_resume_files(
    paths: tuple[PathPlan, ...], resume_files: tuple[ResumeFile, ...]
) -> tuple[PathPlan, ...]:
    """Model file paths that are the default of a file the script resumes from: `resume`."""
    resumed = {(r.file, r.line, r.value) for r in resume_files}
    return tuple(
        replace(p, resume=True)
        if p.role is PathRole.MODEL and (p.file, p.line, p.value) in resumed
        else p
        for p in paths
    )
