"""Which backend a Keras 3 script runs on, when the script chooses it itself.

    os.environ["KERAS_BACKEND"] = "torch"              -> "torch"
    os.environ.setdefault("KERAS_BACKEND", "jax")       -> "jax"
    os.environ.update(KERAS_BACKEND="torch")            -> "torch"
    os.putenv("KERAS_BACKEND", "torch")                 -> "torch"
    (nothing of the kind)                               -> "tensorflow" (Keras' default)

Keras reads the variable once, when it is first imported, so the script sets it before
`import keras`; the last literal assignment in the file is the one that counts. A value that is
not a literal (`os.environ["KERAS_BACKEND"] = args.backend`) is reported as None: unknown.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule, argument, keyword, string_value

VARIABLE = "KERAS_BACKEND"
DEFAULT_BACKEND = "tensorflow"
_ENVIRON = "os.environ"


def keras_backend(module: ParsedModule) -> str | None:
    """The backend the script sets (the default when it sets none); None when not a literal."""
    found: list[tuple[int, str | None]] = []
    for node in module.nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if _environ_item(module, target):
                    found.append((node.lineno, string_value(node.value)))
        elif isinstance(node, ast.Call):
            value = _set_by_call(module, node)
            if value is not _NOT_SET:
                found.append((node.lineno, value))
    if not found:
        return DEFAULT_BACKEND
    return max(found, key=lambda item: item[0])[1]


_NOT_SET: str | None = "\0"  # a call that does not set the variable


def _environ_item(module: ParsedModule, target: ast.expr) -> bool:
    """`os.environ["KERAS_BACKEND"]` as an assignment target."""
    return (
        isinstance(target, ast.Subscript)
        and module.qualified(target.value) == _ENVIRON
        and string_value(target.slice) == VARIABLE
    )


def _set_by_call(module: ParsedModule, call: ast.Call) -> str | None:
    """The value `call` gives KERAS_BACKEND (None: not a literal), else _NOT_SET."""
    name = module.qualified(call.func) or ""
    if name in (f"{_ENVIRON}.setdefault", "os.putenv"):
        if string_value(argument(call, 0, "key")) == VARIABLE:
            return string_value(argument(call, 1, "value"))
    elif name == f"{_ENVIRON}.update" and keyword(call, VARIABLE) is not None:
        return string_value(keyword(call, VARIABLE))
    return _NOT_SET
