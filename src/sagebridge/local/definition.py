"""The pipeline definition for a local run: built offline by `sagebridge.project.definition`
(pipeline.py --definition against a moto S3 on loopback), its code uploads copied into the
local object store, where the steps will find them, and reused while nothing it depends on
changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sagebridge.local.run.store import ObjectStore, StoreError, tree_digest
from sagebridge.project.definition import DefinitionError, build_offline_definition
from sagebridge.project.layout import CODE_DIR, PIPELINE_DIR
from sagebridge.state import read_json_entry, write_atomic

__all__ = ["DefinitionError", "build_definition", "cached_definition"]


def cached_definition(
    out: Path,
    store: ObjectStore,
    cache_dir: Path,
    tuning: bool = False,
    use_cache: bool = True,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """`build_definition`, reused while pipeline/ and code/ are unchanged (the build imports
    the SDK and starts moto: ~10 s that an unchanged project need not pay again). A damaged
    cache entry is rebuilt, with a line in `warnings`."""
    from importlib.metadata import version

    key = hashlib.sha256(
        json.dumps(
            {
                "pipeline": tree_digest(out / PIPELINE_DIR),
                "code": tree_digest(out / CODE_DIR) if (out / CODE_DIR).is_dir() else None,
                "tuning": tuning,
                "sdk": version("sagemaker"),
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()
    entry_path = cache_dir / f"{key}.json"
    notes = [] if warnings is None else warnings
    entry = read_json_entry(entry_path, notes, "definition cache") if use_cache else None
    if entry is not None:
        definition, uploads = entry.get("definition"), entry.get("uploads")
        if (
            isinstance(definition, dict)
            and isinstance(definition.get("Steps"), list)
            and isinstance(uploads, list)
            and all(isinstance(uri, str) for uri in uploads)
        ):
            try:
                if all(store.exists(uri) for uri in uploads):
                    return definition
            except StoreError:
                notes.append(f"{entry_path}: damaged definition cache, ignored: rebuilding it")
        else:
            notes.append(f"{entry_path}: damaged definition cache, ignored: rebuilding it")
    uploaded: list[str] = []
    built = build_definition(out, store, tuning=tuning, uploaded=uploaded)
    write_atomic(entry_path, json.dumps({"definition": built, "uploads": uploaded}))
    return built


def build_definition(
    out: Path, store: ObjectStore, tuning: bool = False, uploaded: list[str] | None = None
) -> dict[str, Any]:
    """Run OUT/pipeline/pipeline.py --definition offline; mirror its uploads into `store`."""

    def mirror(uri: str, body: bytes) -> None:
        store.put_bytes(body, uri)
        if uploaded is not None:
            uploaded.append(uri)

    return build_offline_definition(out, tuning=tuning, on_upload=mirror)
