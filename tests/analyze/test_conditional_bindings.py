"""A name bound inside a module-level `if`/`try` (a conditional import, an import fallback) is
defined for the code the plan carries over: the whole block goes with it. A `__main__` guard
binds nothing that could be carried over (it runs the training)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import torch

from sagebridge.analyze import analyze_with_index

SCRIPT = textwrap.dedent(
    """\
    import torch
    from torch import nn

    try:
        import torch.nn.functional as F
    except ImportError:  # an old torch
        F = None

    USE_TANH = True
    if USE_TANH:
        from torch import tanh as squash
    else:
        from torch import sigmoid as squash


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 2)

        def forward(self, x):
            return squash(F.relu(self.fc(x)))


    if __name__ == "__main__":
        model = Net()
        print("test_accuracy:", 0.5)
        torch.save(model.state_dict(), "model.pt")
    """
)


def test_a_conditionally_imported_name_travels_with_its_block(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(SCRIPT)
    index = analyze_with_index(tmp_path, "train.py").index
    source, notes = index.standalone_source("train.py", {"Net"})
    assert notes == ()
    assert "if USE_TANH:" in source and "USE_TANH = True" in source
    assert "except ImportError" in source
    namespace: dict[str, object] = {}
    exec(compile(source, "standalone", "exec"), namespace)  # noqa: S102 (our own test code)
    net = namespace["Net"]()  # type: ignore[operator]
    out = net(torch.ones(1, 4))
    assert out.shape == (1, 2) and float(out.abs().max()) <= 1.0  # tanh squashed it


def test_a_main_guard_binds_nothing_to_carry_over(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(SCRIPT)
    index = analyze_with_index(tmp_path, "train.py").index
    _, notes = index.standalone_source("train.py", {"model"})
    assert notes == ("train.py: `model` is not defined at module level",)
