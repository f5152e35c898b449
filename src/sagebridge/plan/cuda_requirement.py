"""A script that needs a CUDA GPU (analyze/cuda_requirement.py) trains on a GPU instance.

    torch.cuda.set_device(rank)   ->  get_pipeline(gpu=True) by default: ml.g5.xlarge and the
                                      image's GPU variant; one line says so, and that
                                      `run --local` needs a machine with a CUDA GPU

Only the entry point's code and the modules it imports count (a companion script's don't). A
framework image without a GPU variant can't run it: the line says so instead.
"""

from __future__ import annotations

from sagebridge.model import Analysis, ImagePlan


def needs_gpu(analysis: Analysis, images: ImagePlan) -> tuple[bool, tuple[str, ...]]:
    """(train on a GPU by default, the note for migrate's output and the guide)."""
    if not analysis.cuda_uses:
        return False, ()
    first = analysis.cuda_uses[0]
    where = f"{first.file}:{first.line}: {first.what}"
    if not images.gpu:
        note = (
            f"{where} needs a CUDA GPU, and the {images.framework} image has no GPU variant: "
            "the training job will fail until the script can run on a CPU"
        )
        return False, (note,)
    note = (
        f"{where} needs a CUDA GPU (no CPU fallback in the script): the pipeline trains on a "
        "GPU instance with the GPU image by default; `run --local` needs a machine with one"
    )
    return True, (note,)
