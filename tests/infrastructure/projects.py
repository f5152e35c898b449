"""Generated projects for the infrastructure and validate tests: the real `migrate` of each
example, made once per session and copied for tests that break things on purpose."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from helpers.paths import EXAMPLE_NAMES
from helpers.paths import example as example_path

from sagebridge.migrate import migrate_project
from sagebridge.model import Names

EXAMPLES = EXAMPLE_NAMES
TEMPLATE = "infrastructure/cloudformation/main.yaml"
IAM_FILES = ("trust-policy.json", "execution-policy.json", "model-registry-policy.json",
             "endpoint-policy.json")


def migrate_example(example: str, dest: Path) -> Path:
    """`sagebridge migrate examples/<example> -o dest`, through the library."""
    migrate_project(example_path(example), dest)
    return dest


def names_of(project: Path) -> Names:
    raw = json.loads((project / "metadata.json").read_text())["names"]
    return Names(**{f.name: raw[f.name] for f in dataclasses.fields(Names)})


def copy_project(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, symlinks=True)
    return dest


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a generated file, failing loudly if the text to break is not there."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count))
