"""What the checks share about a generated project: its files and CloudFormation, and what
earlier checks built (the pipeline definition).

The project itself (names, layout) is read by `sagebridge.project.load_project`, which refuses
(UserError, exit 2) a folder that is missing or is not a sagebridge project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from sagebridge.model import Names
from sagebridge.project.layout import (
    IAM_DIR,
    PIPELINE_FILE,
    SCRIPTS_DIR,
    TEMPLATES_DIR,
    TESTS_DIR,
    GeneratedProject,
    load_project,
)
from sagebridge.project.pipeline_definition import PipelineDefinition
from sagebridge.state import STATE_DIR

PIPELINE_SOURCE = PIPELINE_FILE  # the layout's name as the checks call it
__all__ = [
    "IAM_DIR", "PIPELINE_SOURCE", "SCRIPTS_DIR", "TEMPLATES_DIR", "TESTS_DIR", "Project",
    "UnreadableTemplate", "line_of", "load_cloudformation", "plain_intrinsics",
]  # fmt: skip
# Not the project's own files: caches, virtualenvs, and sagebridge's local run state (the
# object store and run folders hold copies of the SDK's driver scripts, not ours to lint).
_SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache",
              "node_modules", STATE_DIR}


@dataclass
class Project:
    generated: GeneratedProject
    # The built pipeline definition, filled by the pipeline check and read by later checks.
    definition: dict[str, Any] | None = None
    definition_error: str | None = None
    # The `--tuning` variant, when pipeline.py has a tuning step (None otherwise).
    tuning_definition: dict[str, Any] | None = None
    # `definition` and `tuning_definition` read into records (sagebridge.project), when they
    # read as definitions.
    pipeline: PipelineDefinition | None = None
    tuning_pipeline: PipelineDefinition | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, out: Path) -> Project:
        """The project in `out` (`sagebridge.project.load_project`), by its absolute path."""
        generated = load_project(out)
        return cls(replace(generated, root=generated.root.resolve()))

    @property
    def root(self) -> Path:
        return self.generated.root

    @property
    def names(self) -> Names:
        return self.generated.names

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def files(self, suffix: str) -> list[Path]:
        """Project files ending in `suffix`, sorted, outside caches and virtualenvs."""
        return sorted(
            path for path in self.root.rglob(f"*{suffix}")
            if path.is_file() and not _SKIP_DIRS.intersection(path.relative_to(self.root).parts)
        )

    def templates(self) -> list[Path]:
        folder = self.root / TEMPLATES_DIR
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml", ".json"})

    def template(self, path: Path) -> dict[str, Any]:
        key = f"template:{path}"
        if key not in self._cache:
            self._cache[key] = load_cloudformation(path)
        return dict(self._cache[key])


class UnreadableTemplate(Exception):
    """A template that is not YAML/JSON at all; checks report it as a finding."""


class _CloudFormationLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags (`!Ref x` -> `{"Ref": "x"}`)."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def load_cloudformation(path: Path) -> dict[str, Any]:
    """A template as plain data (JSON or YAML with short-form intrinsics)."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".json":
            document = json.loads(text)
        else:
            document = yaml.load(text, Loader=_CloudFormationLoader)  # a SafeLoader subclass
    except (ValueError, yaml.YAMLError) as error:
        raise UnreadableTemplate(f"does not parse: {error}") from error
    if not isinstance(document, dict):
        raise UnreadableTemplate("not a CloudFormation template (the top level is not a map)")
    return document


def line_of(path: Path, needle: str) -> int | None:
    """1-based line of the first occurrence of `needle` in `path`, for findings."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if needle in line:
                return number
    except OSError:
        return None
    return None


def plain_intrinsics(document: Any) -> Any:
    """The document with each `{"Fn::Sub": "s"}` or `{"Fn::Sub": ["s", {...}]}` replaced by
    `"s"` (its `${...}` placeholders are left for the caller to substitute)."""
    if isinstance(document, dict):
        sub = document.get("Fn::Sub") if set(document) == {"Fn::Sub"} else None
        if isinstance(sub, str):
            return sub
        if isinstance(sub, list) and len(sub) == 2 and isinstance(sub[0], str):
            return sub[0]
        return {key: plain_intrinsics(value) for key, value in document.items()}
    if isinstance(document, list):
        return [plain_intrinsics(value) for value in document]
    return document
