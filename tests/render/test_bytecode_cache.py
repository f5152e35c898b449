"""Compiled templates are reused between runs; a cache that can't be written changes nothing."""

from __future__ import annotations

from pathlib import Path

import jinja2.bccache
import pytest
from jinja2 import Environment

from sagebridge import contract, render


@pytest.fixture
def fresh_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Each `_environment()` call is a new process's environment, caching into tmp_path."""
    monkeypatch.setattr(
        render, "_bytecode_cache", lambda: render._BytecodeCache(str(tmp_path), "%s.cache")
    )
    render._environment.cache_clear()
    yield tmp_path
    render._environment.cache_clear()


def _count_compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    real = Environment.compile

    def counting(self: Environment, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        compiled.append(str(name))
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    return compiled


def test_a_second_run_loads_compiled_templates(
    monkeypatch: pytest.MonkeyPatch, fresh_environment: Path
) -> None:
    compiled = _count_compiles(monkeypatch)
    first = render.render_tree("runtime", {"contract": contract})
    assert compiled and list(fresh_environment.glob("*.cache"))
    compiled.clear()
    render._environment.cache_clear()  # as in the next process
    assert render.render_tree("runtime", {"contract": contract}) == first
    assert compiled == []


def test_an_unwritable_cache_still_renders(
    monkeypatch: pytest.MonkeyPatch, fresh_environment: Path
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", refuse)
    rendered = render.render_tree("runtime", {"contract": contract})
    assert rendered and not list(fresh_environment.glob("*.cache"))
