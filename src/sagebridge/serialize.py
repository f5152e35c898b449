"""One serializer for every machine-readable document sagebridge prints or writes."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

SCHEMA_VERSION = 1


def to_plain(value: Any) -> Any:
    """Dataclasses, enums, tuples and paths to JSON-ready builtins (enums by value)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def to_json(value: Any) -> str:
    """A versioned, deterministic JSON document: sorted keys, `schema` first-class field."""
    document = to_plain(value)
    if isinstance(document, dict):
        document = {"schema": SCHEMA_VERSION, **document}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
