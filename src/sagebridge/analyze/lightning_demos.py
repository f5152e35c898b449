"""Lightning's demo datasets, which download themselves when constructed.

    from lightning.pytorch.demos.mnist_datamodule import MNIST
    MNIST("./data", train=True, download=True)   -> a download (always: it first fetches
                                                    torchvision's MNIST into Lightning's own
                                                    folder, whatever the root and download=)
    MNISTDataModule()                            -> the same MNIST, made in its prepare_data
    from lightning.pytorch.demos import WikiText2
    WikiText2(data_dir)                          -> a download (unless download=False: it
                                                    fetches a URL into data_dir/wikitext-2.txt)

Neither reads a folder sagebridge can point at a channel and stage faithfully, so the plan
makes each a Train item to review (plan/lightning_demos.py), never a silent run-time download.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import keyword

_PACKAGES = ("lightning.pytorch.demos", "pytorch_lightning.demos")
# Dataset class -> the modules that define or re-export it (under each package).
_DATASETS = {
    "MNIST": ("mnist_datamodule",),
    # Builds that MNIST in prepare_data/setup (Lightning's generative_adversarial_net template)
    "MNISTDataModule": ("mnist_datamodule",),
    "WikiText2": ("", "transformer"),
}
# Those that honour `download=False` (MNIST's always fetches torchvision's copy first).
_SWITCHABLE = frozenset({"WikiText2"})

LIGHTNING_DEMO_DATASETS = frozenset(
    f"{package}.{module}.{name}".replace("..", ".")
    for package in _PACKAGES
    for name, modules in _DATASETS.items()
    for module in modules
)


def lightning_demo_dataset(call: ast.Call, name: str) -> str | None:
    """The demo dataset `name` (qualified) constructs and downloads, else None."""
    if name not in LIGHTNING_DEMO_DATASETS:
        return None
    dataset = name.rsplit(".", 1)[-1]
    flag = keyword(call, "download")
    if dataset in _SWITCHABLE and isinstance(flag, ast.Constant) and flag.value is False:
        return None
    return dataset
