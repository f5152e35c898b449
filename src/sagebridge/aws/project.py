"""What the AWS commands read from a generated project (OUT/) and from its deployed stack.

The names come from `OUT/metadata.json` (written by `sagebridge migrate` from the plan's
`Names`), never re-derived here, so the stack, the pipeline and the endpoint agree. The role ARN
and the bucket come from the stack's outputs, whose keys the template defines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sagebridge.errors import UserError
from sagebridge.model import Names
from sagebridge.state import state_dir

METADATA_FILE = "metadata.json"
TEMPLATE_FILE = "infrastructure/cloudformation/main.yaml"
PIPELINE_FILE = "pipeline/pipeline.py"
# Where the local runner keeps its state (run summaries, the local registry).

# Output keys of infrastructure/cloudformation/main.yaml.
ROLE_OUTPUT = "ExecutionRoleArn"
BUCKET_OUTPUT = "BucketName"


@dataclass(frozen=True)
class Project:
    root: Path
    names: Names
    metadata: dict[str, Any]

    @property
    def template(self) -> Path:
        return self.root / TEMPLATE_FILE

    @property
    def pipeline_file(self) -> Path:
        return self.root / PIPELINE_FILE

    @property
    def local_state(self) -> Path:
        return state_dir(self.root)


def load_project(out: Path) -> Project:
    """Read OUT/metadata.json; a folder that is not a generated project is a user error."""
    path = out / METADATA_FILE
    if not path.is_file():
        raise UserError(f"{path}: not found; run `sagebridge migrate SRC -o {out}` first")
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise UserError(f"{path}: not valid JSON ({error}); migrate again") from error
    raw = metadata.get("names") if isinstance(metadata, dict) else None
    wanted = [f.name for f in fields(Names)]
    if not isinstance(raw, dict) or any(not isinstance(raw.get(k), str) for k in wanted):
        raise UserError(f"{path}: no complete `names` record ({', '.join(wanted)}); migrate again")
    names = Names(**{key: raw[key] for key in wanted})
    return Project(root=out, names=names, metadata=metadata)
