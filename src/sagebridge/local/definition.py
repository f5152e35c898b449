"""The pipeline definition for a local run: built offline by `sagebridge.project.definition`
(pipeline.py --definition against a moto S3 on loopback), its code uploads copied into the
local object store, where the steps will find them, and reused while nothing it depends on
changed. What a run gets is the definition's records (`sagebridge.project.pipeline_definition`),
read once here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sagebridge.local.run.store import ObjectStore, StoreError, tree_digest
from sagebridge.project.definition import DefinitionError, build_offline_definition
from sagebridge.project.layout import CODE_DIR, PIPELINE_DIR, PIPELINE_FILE
from sagebridge.project.pipeline_definition import (
    DefinitionFormatError,
    PipelineDefinition,
    parse_definition,
)
from sagebridge.state import read_json_entry, write_atomic

__all__ = ["DefinitionError", "build_definition", "cached_definition"]


def cached_definition(
    out: Path,
    store: ObjectStore,
    cache_dir: Path,
    tuning: bool = False,
    use_cache: bool = True,
    warnings: list[str] | None = None,
) -> PipelineDefinition:
    """`build_definition`'s records, reused while pipeline/ and code/ are unchanged (the build
    imports the SDK and starts moto: ~10 s that an unchanged project need not pay again). A
    damaged cache entry is rebuilt, with a line in `warnings`; a built document that is not a
    definition is a DefinitionError."""
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
        records, uploads = _records(entry.get("definition")), _uploads(entry.get("uploads"))
        if records is None or uploads is None:
            notes.append(f"{entry_path}: damaged definition cache, ignored: rebuilding it")
        else:
            try:
                if all(store.exists(uri) for uri in uploads):
                    return records
            except StoreError:
                notes.append(f"{entry_path}: damaged definition cache, ignored: rebuilding it")
    uploaded: list[str] = []
    built = build_definition(out, store, tuning=tuning, uploaded=uploaded)
    try:
        records = parse_definition(built)
    except DefinitionFormatError as error:
        raise DefinitionError(out / PIPELINE_FILE, f"printed a document that is not one ({error})") from None
    write_atomic(entry_path, json.dumps({"definition": built, "uploads": uploaded}))
    return records


def _records(document: Any) -> PipelineDefinition | None:
    try:
        return parse_definition(document)
    except DefinitionFormatError:
        return None


def _uploads(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(uri, str) for uri in value):
        return value
    return None


def build_definition(
    out: Path, store: ObjectStore, tuning: bool = False, uploaded: list[str] | None = None
) -> dict[str, Any]:
    """Run OUT/pipeline/pipeline.py --definition offline; mirror its uploads into `store`."""

    def mirror(uri: str, body: bytes) -> None:
        store.put_bytes(body, uri)
        if uploaded is not None:
            uploaded.append(uri)

    return build_offline_definition(out, tuning=tuning, on_upload=mirror)
