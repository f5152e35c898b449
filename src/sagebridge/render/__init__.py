"""Render Jinja template trees (`sagebridge/templates/<tree>/**.jinja`) into file maps.

A template tree looks like its output: `templates/project/scripts/deploy.sh.jinja` becomes
`scripts/deploy.sh`. Templates hold only `if`/`for`/substitutions; every value is computed in
the plan and passed in the context. Undefined names are errors (`StrictUndefined`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from sagebridge.serialize import to_plain

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SUFFIX = ".jinja"


def _json_filter(value: Any, indent: int | None = None) -> str:
    return json.dumps(to_plain(value), indent=indent, sort_keys=True)


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
    )
    env.filters["json"] = _json_filter  # JSON without HTML escaping (unlike `tojson`)
    env.filters["pyrepr"] = lambda value: repr(to_plain(value))  # a Python literal
    return env


def render_tree(tree: str, context: Mapping[str, Any]) -> dict[str, str]:
    """Render every `*.jinja` file under `templates/<tree>/` -> {relative output path: text}."""
    root = TEMPLATES_DIR / tree
    env = _environment()
    rendered: dict[str, str] = {}
    for template_path in sorted(root.rglob(f"*{SUFFIX}")):
        relative = template_path.relative_to(TEMPLATES_DIR).as_posix()
        output = template_path.relative_to(root).as_posix()[: -len(SUFFIX)]
        rendered[output] = env.get_template(relative).render(**context)
    return rendered
