"""Issue 10: the model and training loop are found by analysis (analyze/ facts on
`Analysis.training`, `Analysis.data_loads`) and only decided by the plan. A plan module moved to facts neither parses
nor walks source (`import ast`) nor asks the parsed-module index (`SourceIndex`, an `index`)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import sagebridge

PLAN = Path(sagebridge.__file__).resolve().parent / "plan"
# The model/training plan modules that decide from facts only.
FROM_FACTS = (
    "checkpoints",
    "constructor_args",
    "huggingface",
    "huggingface_launch",
    "keras",
    "lightning",
    "metrics",
    "model_code",
    "model_settings",
    "positional",
    "saves",
)
INDEX_MODULE = "sagebridge.analyze.index"
# The index as text, also where no name is bound to it (`modules.modules`, a call's result).
INDEX_TEXT = re.compile(r"\bSourceIndex\b|\bindex\.|\bmodules\.modules\b|with_hyperparameters")


def source_reads(code: str) -> list[str]:
    """What in a module's code reads source or the index: `import ast`, an import of the
    index module or of SourceIndex, a name or parameter called `index`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "ast"]
            found += [f"import {a.name}" for a in node.names if a.name == INDEX_MODULE]
        elif isinstance(node, ast.ImportFrom):
            names = {a.name for a in node.names}
            if node.module in ("ast", INDEX_MODULE) or "SourceIndex" in names:
                found.append(f"from {node.module} import {', '.join(sorted(names))}")
        elif isinstance(node, ast.Name) and node.id in ("index", "SourceIndex"):
            found.append(f"line {node.lineno}: {node.id}")
        elif isinstance(node, ast.arg) and node.arg == "index":
            found.append(f"line {node.lineno}: parameter index")
    return found


@pytest.mark.parametrize("name", FROM_FACTS)
def test_a_plan_module_moved_to_facts_reads_no_source(name: str) -> None:
    assert source_reads((PLAN / f"{name}.py").read_text()) == []


def test_the_check_sees_a_module_that_walks_the_index() -> None:
    """The check itself fails on the shapes it looks for (plan/checkpoints.py before issue 10)."""
    walker = (
        "import ast\n"
        "from sagebridge.analyze.index import SourceIndex\n"
        "def plan_checkpoint(analysis, index: SourceIndex):\n"
        "    return ast.walk(index.modules[analysis.entry_point].tree)\n"
    )
    assert sorted(source_reads(walker)) == [
        "from sagebridge.analyze.index import SourceIndex",
        "import ast",
        "line 3: SourceIndex",
        "line 3: parameter index",
        "line 4: index",
    ]
    data_plan = "index = modules.with_hyperparameters(analysis.hyperparameters)\nindex.find_calls(f, n)"
    assert len(INDEX_TEXT.findall(data_plan)) == 2  # the data plan modules' index use before


def test_no_plan_module_asks_the_parsed_module_index() -> None:
    """`build_plan(analysis)` receives the facts only: no module of plan/ names the index.
    (docs.py and step_imports.py still parse fact texts the plan prints: an expression put on
    one line, a standalone source's imports split from its body; neither walks user modules.)"""
    asks = {
        path.name: [r for r in source_reads(path.read_text()) if r != "import ast"]
        + INDEX_TEXT.findall(path.read_text())
        for path in sorted(PLAN.glob("*.py"))
    }
    assert {name: reads for name, reads in asks.items() if reads} == {}
    assert sorted(
        n for n, r in asks.items() if "import ast" in source_reads((PLAN / n).read_text())
    ) == [
        "docs.py",
        "step_imports.py",
    ]
