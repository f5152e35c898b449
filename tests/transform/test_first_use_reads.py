"""transform/first_use: what each top-level statement reads while the module imports is worked
out once per statement, however many questions the hyperparameters codemod asks (where the
overrides go, whether one is read before the main guard): issue 10's repeated work."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from sagebridge.transform.first_use import ModuleReads, override_groups

SOURCE = textwrap.dedent(
    """
    num_classes = 3


    def head(width):
        return width * num_classes


    layers = head(4)
    epochs = 2
    model = layers + epochs
    """
)


@pytest.fixture
def generated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The code LibCST generates for single statements, in order."""
    calls: list[str] = []
    original = cst.Module.code_for_node

    def counting(self: cst.Module, node: cst.CSTNode) -> str:
        code = original(self, node)
        calls.append(code.strip())
        return code

    monkeypatch.setattr(cst.Module, "code_for_node", counting)
    return calls


def test_reads_reach_through_module_level_functions(generated: list[str]) -> None:
    module = ModuleReads(cst.parse_module(SOURCE))
    statements = {cst.Module([]).code_for_node(s).strip(): s for s in module.node.body}
    generated.clear()
    assert "num_classes" in module.of(statements["layers = head(4)"])  # through head()
    assert module.of(statements["model = layers + epochs"]) >= {"layers", "epochs"}


def _assigns(statement: cst.BaseStatement, name: str) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Assign)
        and isinstance(target := statement.body[0].targets[0].target, cst.Name)
        and target.value == name
    )


def test_a_second_question_generates_and_parses_nothing_again(generated: list[str]) -> None:
    module = ModuleReads(cst.parse_module(SOURCE))
    groups = override_groups(module, ["num_classes", "epochs"], _assigns, lambda name: name)
    # num_classes is read (through head) before epochs is set: two groups
    assert [names for _, names in groups] == [["num_classes"], ["epochs"]]
    first = len(generated)
    assert first > 0
    for statement in module.node.body:  # the guard check asks about every statement
        module.of(statement)
    second = len(generated)
    for statement in module.node.body:
        module.of(statement)
    assert len(generated) == second  # all known by now
    # each statement generated once for its reads, head's body once more for what it reads
    assert second == len(module.node.body) + 1
