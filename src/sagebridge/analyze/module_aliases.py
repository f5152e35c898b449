"""Names a script binds to a module reached through an import, to call through them later.

    import tensorflow as tf
    mnist = tf.keras.datasets.mnist          -> {"mnist": "tensorflow.keras.datasets.mnist"}
    (x_train, y_train), _ = mnist.load_data()    so this call is keras' loader

The TensorFlow tutorials write it this way. Only a module-level name assigned once, to a dotted
name whose root is an imported name, counts: anything else may hold another value by the time
it is called.
"""

from __future__ import annotations

import ast
from collections import Counter

from sagebridge.analyze.source import ParsedModule


def module_aliases(module: ParsedModule) -> dict[str, str]:
    """name -> the qualified dotted name it was bound to (see the module docstring)."""
    assigned = Counter(
        node.id
        for node in module.nodes  # the index's one walk of the tree
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del))
    )
    aliases: dict[str, str] = {}
    for node in module.tree.body:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Attribute)
        ):
            continue
        name = node.targets[0].id
        root: ast.expr = node.value
        while isinstance(root, ast.Attribute):
            root = root.value
        if assigned[name] != 1 or not isinstance(root, ast.Name) or root.id not in module.imports:
            continue
        qualified = module.qualified(node.value)
        if qualified is not None:
            aliases[name] = qualified
    return aliases


def through_alias(name: str, aliases: dict[str, str]) -> str:
    """`mnist.load_data` -> `tensorflow.keras.datasets.mnist.load_data` (else `name`)."""
    head, _, rest = name.partition(".")
    if head in aliases and rest:
        return f"{aliases[head]}.{rest}"
    return name
