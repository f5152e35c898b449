"""Which ML frameworks a file uses, from its imports (`import torch.nn as nn` -> pytorch).

import torch                       -> pytorch
from torchvision import datasets   -> torchvision
from tensorflow import keras       -> tensorflow, keras
"""

from __future__ import annotations

import ast

from sagebridge.analyze.knowledge import FRAMEWORK_IMPORTS
from sagebridge.analyze.source import ParsedModule
from sagebridge.model import Framework

DISTRIBUTED_IMPORTS = ("torch.distributed", "horovod", "deepspeed", "smdistributed")


def imported_modules(module: ParsedModule) -> set[str]:
    """Every absolute module a file imports, with its parents (`torch.nn` -> torch, torch.nn)."""
    found: set[str] = set()
    for node in module.nodes:
        dotted: list[str] = []
        if isinstance(node, ast.Import):
            dotted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            dotted = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in dotted:
            parts = name.split(".")
            found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return found


def find_frameworks(module: ParsedModule) -> set[Framework]:
    used = imported_modules(module) | _attribute_modules(module)
    return {framework for name, framework in FRAMEWORK_IMPORTS.items() if name in used}


def _attribute_modules(module: ParsedModule) -> set[str]:
    """`tf.keras.layers.Dense` -> tensorflow.keras: Keras used through TensorFlow's namespace."""
    found: set[str] = set()
    for node in module.nodes:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            qualified = module.qualified(node)
            if qualified is not None and node.value.id in module.imports:
                found.add(qualified)
    return found


def uses_distributed_training(module: ParsedModule) -> bool:
    imported = imported_modules(module)
    return any(name in imported for name in DISTRIBUTED_IMPORTS)
