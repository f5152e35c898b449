"""Render Jinja template trees (`sagebridge/templates/<tree>/**.jinja`) into file maps.

A template tree looks like its output: `templates/project/code/evaluate.py.jinja` becomes
`code/evaluate.py`; a file without the `.jinja` suffix (`scripts/cleanup.sh`) is static and
copied as it is; a file or folder named `_*` holds parts other templates include (one template
per variant: the plan names the one to include). Templates hold only `if`/`for`/substitutions;
every value is computed in the plan and passed in the context. Undefined names are errors (`StrictUndefined`).

Compiled templates are kept between runs in Jinja's per-user bytecode cache (a private folder
in the temporary directory; each entry is checked against its template's source): compiling
the project's templates costs more than the rest of the rendering.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket

from sagebridge.serialize import to_plain

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SUFFIX = ".jinja"


def _json_filter(value: Any, indent: int | None = None) -> str:
    return json.dumps(to_plain(value), indent=indent, sort_keys=True)


class _BytecodeCache(FileSystemBytecodeCache):
    """A cache entry that can't be written (full disk, read-only folder) is simply skipped."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    try:  # Jinja refuses a cache folder another user owns or can write (RuntimeError)
        return _BytecodeCache(pattern="__sagebridge_%s.cache")
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One environment per process: its template cache then compiles each template once."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["json"] = _json_filter  # JSON without HTML escaping (unlike `tojson`)
    env.filters["pyrepr"] = lambda value: repr(to_plain(value))  # a Python literal
    env.filters["pytuple"] = lambda value: repr(tuple(value))  # a tuple literal: (1, 28, 28)
    return env


def _is_output(path: Path, root: Path) -> bool:
    """A file that becomes part of the output: not a part other templates include (a name or a
    folder starting with `_`: `code/_preprocess/csv.py.jinja`), nor Python's byte code."""
    parts = path.relative_to(root).parts
    return (path.is_file() and not any(part.startswith("_") for part in parts)
            and path.suffix != ".pyc")


def render_tree(
    tree: str, context: Mapping[str, Any], skip: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Every output file of `templates/<tree>/` -> {relative output path: text}, except the
    outputs named in `skip` (artifacts the plan left out).

    A `*.jinja` file is rendered with `context`; any other file is static, the same in every
    project, and copied as it is (it reads what differs from the project's metadata.json).
    """
    root = TEMPLATES_DIR / tree
    env = _environment()
    rendered: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if _is_output(p, root)):
        output = path.relative_to(root).as_posix()
        if output.endswith(SUFFIX):
            output = output[: -len(SUFFIX)]
            if output not in skip:
                relative = path.relative_to(TEMPLATES_DIR).as_posix()
                rendered[output] = env.get_template(relative).render(**context)
        elif output not in skip:
            rendered[output] = path.read_text(encoding="utf-8")
    return rendered
