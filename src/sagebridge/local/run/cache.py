"""Step caching: a step whose resolved arguments and input contents are unchanged is reused.

The key hashes the step's type and resolved arguments with every input URI replaced by a hash
of what it holds (so code uploaded under a timestamped path, or data written by an earlier
execution, compares by content) and the execution id replaced by a placeholder. A hit reuses
the earlier step's properties, whose outputs are still in the object store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sagebridge.local.run.store import ObjectStore, StoreError
from sagebridge.project.pipeline_definition import JOB_TYPES
from sagebridge.state import read_json_entry, write_atomic

CACHEABLE_TYPES = JOB_TYPES
_EXECUTION = "{execution}"
OUTPUT_KEYS = frozenset({"S3Output", "S3OutputPath", "OutputDataConfig", "CheckpointConfig"})


def cache_key(
    step_type: str, arguments: Any, store: ObjectStore, execution_id: str, extra: Any = None
) -> str:
    def literal(value: Any) -> Any:
        return json.loads(json.dumps(value).replace(execution_id, _EXECUTION))

    def normalise(value: Any) -> Any:
        if isinstance(value, Mapping):
            # Where a step writes is part of the key as a name, never by what is there now.
            return {k: (literal(v) if k in OUTPUT_KEYS else normalise(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [normalise(v) for v in value]
        if isinstance(value, str):
            if value.startswith("s3://"):  # an input: compare what it holds
                try:
                    if store.exists(value):
                        return "sha256:" + store.digest(value)
                except StoreError:
                    return value
            return value.replace(execution_id, _EXECUTION)
        return value

    document = {"type": step_type, "arguments": normalise(arguments), "extra": normalise(extra)}
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def _s3_strings(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _s3_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _s3_strings(v)]
    return [value] if isinstance(value, str) and value.startswith("s3://") else []


class StepCache:
    """One JSON file per key; a damaged file is a miss, noted in `warnings` for the summary."""

    def __init__(self, folder: Path, store: ObjectStore) -> None:
        self.folder = folder
        self.store = store
        self.warnings: list[str] = []

    def get(self, key: str) -> dict[str, Any] | None:
        path = self.folder / f"{key}.json"
        entry = read_json_entry(path, self.warnings, "step cache entry")
        if entry is None:
            return None
        if not (isinstance(entry.get("properties"), Mapping) and _metrics(entry.get("metrics"))):
            self.warnings.append(f"{path}: damaged step cache entry, ignored: rebuilding it")
            return None
        # The outputs must still be there (a cleaned store makes every step miss).
        try:
            if not all(self.store.exists(uri) for uri in _s3_strings(entry["properties"])):
                return None
        except StoreError:
            self.warnings.append(f"{path}: damaged step cache entry, ignored: rebuilding it")
            return None
        return entry

    def put(self, key: str, properties: Mapping[str, Any], metrics: Mapping[str, float]) -> None:
        entry = {"properties": properties, "metrics": metrics}
        write_atomic(self.folder / f"{key}.json", json.dumps(entry, indent=2, sort_keys=True))


def _metrics(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()
    )
