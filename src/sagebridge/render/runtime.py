"""Render `sagebridge_runtime.py`, the helpers module the migrated code imports, from
`templates/runtime/` with the container contract."""

from __future__ import annotations

from sagebridge import contract
from sagebridge.render import render_tree


def render_runtime(
    keras: bool = False,
    lightning: bool = False,
    downloads: bool = False,
    settings: tuple[tuple[str, str], ...] = (),
    settings_argv: bool = False,
    s3: bool = False,
) -> dict[str, str]:
    """{`sagebridge_runtime.py`: text}, written beside the migrated entry script; `keras` adds
    the Keras helpers (export for TF Serving, checkpoint folder, BackupAndRestore); with
    `lightning`, `sagebridge_lightning.py` too (templates/runtime_lightning/); `downloads`
    adds `staged_download` (a download skipped when its file is staged in the channel);
    `settings` ((name, lookup) pairs, ModelPlan.hyperparameter_args) are recorded beside the
    model; `settings_argv` adds `absl_argv`, `environ_settings` and `positional_options` (absl
    flags, settings read from environment variables, argparse positionals, as SageMaker passes
    them); `s3` adds the helpers that read S3
    from the channel and upload into the job's folders (transform/s3_access.py)."""
    files = render_tree(
        "runtime",
        {
            "contract": contract,
            "keras": keras,
            "downloads": downloads,
            "settings": settings,
            "settings_argv": settings_argv,
            "s3": s3,
        },
    )
    assert f"{contract.RUNTIME_MODULE}.py" in files
    if lightning:
        files.update(render_tree("runtime_lightning", {"contract": contract, "settings": settings}))
    return files


def render_launch() -> dict[str, str]:
    """{`sagebridge_launch.py`: text}, the training job's entry script when the model carries
    its inference code (templates/runtime_launch/), written at the code folder's root."""
    files = render_tree("runtime_launch", {"contract": contract})
    assert contract.LAUNCH_SCRIPT in files
    return files
