"""analyze/save_targets.py: which module a save writes, so TorchScript is exported for a real model."""

from __future__ import annotations

import pytest

from sagebridge.analyze.save_targets import saved_module
from sagebridge.analyze.source import ParsedModule

CHECKPOINT = """\
def save(model, optimizer, step):
    checkpoint = {
        'model': model.state_dict(),
        'optimizer': optimizer.state_dict(),
        'iter_num': step,
    }
    torch.save(checkpoint, 'ckpt.pt')
"""


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("model.state_dict()", "model"),
        ("net", "net"),
        ('{"state_dict": model.state_dict(), "mean": mean, "std": std}', "model"),
        ('{"optimizer": opt.state_dict(), "net": self.net.state_dict()}', "self.net"),
        ('{"optimizer": opt.state_dict(), "epoch": epoch}', None),
        ("[model, opt]", None),
    ],
)
def test_the_module_a_save_writes(target: str, expected: str | None) -> None:
    assert saved_module(target) == expected


def test_a_name_bound_to_a_checkpoint_dict_saves_the_model_inside() -> None:
    """nanoGPT's `checkpoint = {'model': raw_model.state_dict(), ...}; torch.save(checkpoint,
    path)`: the model to export is the one whose state_dict the dict holds."""
    assert saved_module("checkpoint", ParsedModule.parse("train.py", CHECKPOINT), 7) == "model"
