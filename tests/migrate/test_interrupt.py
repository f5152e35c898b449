"""Ctrl-C stops every command with exit 130 and one line, and an interrupted migrate leaves the
old OUT exactly as it was. (Real SIGINTs at random moments: tests/faults/test_migrate_signals.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

import libcst as cst
import pytest

import sagebridge.migrate as migrate_module
from sagebridge import cli
from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.migrate import migrate_project
from sagebridge.plan import build_plan
from sagebridge.transform import TRANSFORMS, transform_file
from sagebridge.transform.base import PlanCodemod

from .conftest import EXAMPLES
from .test_cli import tree_hash

EXAMPLE = EXAMPLES / "sklearn-digits"


class InterruptedCodemod(PlanCodemod):
    """Stands for a Ctrl-C that arrives while LibCST runs a codemod: LibCST catches the
    KeyboardInterrupt and returns a `TransformExit` instead of raising."""

    NAME = "interrupted"
    DESCRIPTION = "raises KeyboardInterrupt"

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        raise KeyboardInterrupt


def test_an_interrupt_inside_a_codemod_stops_the_file() -> None:
    plan = build_plan(analyze_project(EXAMPLE), read_data_samples(EXAMPLE))
    code = (EXAMPLE / "train.py").read_text()
    with pytest.raises(KeyboardInterrupt):
        transform_file(plan, "train.py", code, (InterruptedCodemod, *TRANSFORMS))


def test_an_interrupted_migrate_leaves_the_old_out_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Monkeypatched: the interrupt is raised inside a codemod on purpose (real signals are in
    tests/faults)."""
    out = tmp_path / "out"
    migrate_project(EXAMPLE, out)
    (out / "code" / "train.py").write_text("# the old, different OUT\n")
    before = tree_hash(out)

    def interrupted(plan, path, code):  # type: ignore[no-untyped-def]
        return transform_file(plan, path, code, (*TRANSFORMS, InterruptedCodemod))

    monkeypatch.setattr(migrate_module, "transform_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        migrate_project(EXAMPLE, out, force=True)

    assert tree_hash(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging or old folder


@pytest.mark.parametrize(
    ("command", "module", "function"),
    [
        ("analyze", "sagebridge.analyze", "analyze_project"),
        ("migrate", "sagebridge.migrate", "migrate_project"),
        ("validate", "sagebridge.validate", "validate_project"),
    ],
)
def test_every_command_exits_130_on_an_interrupt(
    command: str, module: str, function: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """Monkeypatched: the command's library call raises KeyboardInterrupt as Ctrl-C would."""
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(f"{module}.{function}", interrupted)
    args = [command, str(tmp_path)] + (["-o", str(tmp_path / "out")] if command == "migrate" else [])
    monkeypatch.setattr(sys, "argv", ["sagebridge", *args])
    with pytest.raises(SystemExit) as stopped:
        cli.main()

    assert stopped.value.code == 130
    assert capsys.readouterr().err.strip() == "interrupted"



def test_an_interrupt_wrapped_by_python_still_exits_130(monkeypatch):
    """Ctrl-C while a module's class body runs reaches us as a RuntimeError from `__set_name__`
    whose context is the KeyboardInterrupt (seen in the signal suite): still 130; any other
    error keeps its traceback."""
    import pytest

    from sagebridge import cli

    def interrupted_import(standalone_mode: bool) -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance")

    def bug(standalone_mode: bool) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "app", interrupted_import)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 130
    monkeypatch.setattr(cli, "app", bug)
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main()
