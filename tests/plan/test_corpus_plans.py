"""The plan's decisions for corpus projects (examples/corpus): GAN, GPT-style, VAE."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.model import MigrationPlan
from sagebridge.plan import build_plan

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(scope="module")
def plans() -> dict[str, MigrationPlan]:
    cache: dict[str, MigrationPlan] = {}

    def get(name: str, entry: str) -> MigrationPlan:
        if name not in cache:
            root = CORPUS / name
            cache[name] = build_plan(analyze_project(root, entry_point=entry))
        return cache[name]

    return get  # type: ignore[return-value]


def test_dcgan_required_dataset_takes_the_readme_value(plans) -> None:
    plan = plans("dcgan", "train.py")
    [dataset] = [hp for hp in plan.hyperparameters if hp.name == "dataset"]
    assert (dataset.required, dataset.default) == (False, "fake")
    assert (
        "--dataset is required: the pipeline passes 'fake', the value your README documents"
        " (-p dataset=VALUE to change it)" in plan.warnings
    )


def test_dcgan_checkpoints_both_networks_and_optimizers(plans) -> None:
    """torch.Generator() in the DataLoader is not the GAN's Generator class."""
    plan = plans("dcgan", "train.py")
    assert plan.checkpoint is not None
    assert plan.checkpoint.state == (
        ("netG", "netG"), ("netD", "netD"), ("optimizerD", "optimizerD"),
        ("optimizerG", "optimizerG"),
    )
