"""A script written for `torchrun`: it reads the variables torchrun sets with no default
(pytorch/examples ddp-tutorial-series multigpu_torchrun.py, nanoGPT-style trainers do
`int(os.environ.get("RANK", -1))` and run without it), so `python train.py` fails at once:

    torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))   -> torchrun at this line
    self.gpu_id = int(os.environ["LOCAL_RANK"])             -> torchrun
    rank = int(os.environ.get("RANK", 0))                   -> not required (a default)
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import string_value

TORCHRUN_VARIABLES = frozenset({"LOCAL_RANK", "RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE"})


def torchrun_line(nodes: tuple[ast.AST, ...]) -> int | None:
    """The first line reading `os.environ["LOCAL_RANK"]` (or RANK, WORLD_SIZE) with no default;
    None when the script runs without torchrun. `nodes`: the module's one walk
    (ParsedModule.nodes)."""
    lines = [
        node.lineno
        for node in nodes
        if isinstance(node, ast.Subscript)
        and isinstance(node.ctx, ast.Load)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "environ"
        and string_value(node.slice) in TORCHRUN_VARIABLES
    ]
    return min(lines) if lines else None
