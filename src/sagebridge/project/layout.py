"""Where things are in a generated project (OUT) and its `metadata.json`, read once.

The names come from `OUT/metadata.json` (written by `sagebridge migrate` from the plan's
`Names`), never re-derived, so the stack, the pipeline, the endpoint and the checks agree.
A folder that is not a generated project is a UserError (exit 2) saying what to do.
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
CODE_DIR = "code"
PIPELINE_DIR = "pipeline"
PIPELINE_FILE = f"{PIPELINE_DIR}/pipeline.py"
INFRASTRUCTURE_DIR = "infrastructure"
TEMPLATES_DIR = f"{INFRASTRUCTURE_DIR}/cloudformation"
TEMPLATE_FILE = f"{TEMPLATES_DIR}/main.yaml"
IAM_DIR = f"{INFRASTRUCTURE_DIR}/iam"
SCRIPTS_DIR = "scripts"
TESTS_DIR = "tests"


@dataclass(frozen=True)
class GeneratedProject:
    root: Path
    names: Names
    metadata: dict[str, Any]
    environment: str = "dev"  # the names' environment (sagebridge.aws.environments)

    @property
    def code_dir(self) -> Path:
        return self.root / CODE_DIR

    @property
    def pipeline_file(self) -> Path:
        return self.root / PIPELINE_FILE

    @property
    def template(self) -> Path:
        """The CloudFormation template of the project's stack."""
        return self.root / TEMPLATE_FILE

    @property
    def local_state(self) -> Path:
        """Where the local runner keeps its state (run summaries, the local registry)."""
        return state_dir(self.root)


def load_project(out: Path) -> GeneratedProject:
    """The project in `out`; UserError when it is missing or has no readable metadata.json."""
    if not out.is_dir():
        raise UserError(f"{out}: no such folder; pass the output folder of `sagebridge migrate`")
    path = out / METADATA_FILE
    if not path.is_file():
        raise UserError(f"{path}: not found; run `sagebridge migrate SRC -o {out}` first "
                        f"({out} is not a sagebridge project)")
    wanted = [f.name for f in fields(Names)]
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
        raw = metadata["names"]
        if not all(isinstance(raw.get(key), str) for key in wanted):
            raise ValueError(f"a complete `names` record has {', '.join(wanted)}")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UserError(f"{path}: unreadable or without the project's names ({error}); "
                        "regenerate the project with `sagebridge migrate`") from error
    names = Names(**{key: raw[key] for key in wanted})
    return GeneratedProject(root=out, names=names, metadata=metadata)
