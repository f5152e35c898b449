"""The driver around the codemods: which run, the imports they ask for, Ctrl-C."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from sagebridge import transform as driver
from sagebridge.transform import TRANSFORMS, transform_file
from sagebridge.transform.device import DeviceTransform
from sagebridge.transform.imports import add_imports

from .decisions import FILE, channel, plan_for

ENTRY = 'import os\n\n\ndef main():\n    pass\n\n\nif __name__ == "__main__":\n    main()\n'

# Module shapes around the top import block: docstring, __strict__, none, comments, `from`
# imports, aliases, `import a; import b` (not an import line), imports further down.
MODULES = (
    "x = 1\n",
    '"""Doc."""\nx = 1\n',
    '"""Doc."""\nimport os\nx = 1\n',
    "__strict__ = True\nimport sys\n\n# a comment\nx = 1\n",
    "import os\nimport numpy as np\nfrom typing import Any\n# note\n\ndef f():\n    import json\n",
    "from __future__ import annotations\n\nimport json\n\n\nclass A:\n    pass\n",
    "import os; import sys\nx = 1\n",
    "import os.path\nx = 1\n",
    "",
    "import argparse\n",
    "# header comment\n\nimport os\n\n\n# leading comment\ndef f():\n    return 1\n",
)
GROUPS = (["os"], ["sagebridge_runtime", "argparse"], ["json", "os"], ["os.path", "sys"])


def _libcst_result(code: str, groups: list[list[str]]) -> str:
    tree = cst.parse_module(code)
    for group in groups:
        context = CodemodContext()
        for module in group:
            AddImportsVisitor.add_needed_import(context, module)
        tree = AddImportsVisitor(context).transform_module(tree)
    return tree.code


@pytest.mark.parametrize("code", MODULES)
def test_added_imports_match_libcst(code: str) -> None:
    for size in range(1, len(GROUPS) + 1):
        groups = [list(group) for group in GROUPS[:size]]
        tree = cst.parse_module(code)
        for group in groups:
            tree = add_imports(tree, group)
        assert tree.code == _libcst_result(code, groups), (code, groups)


def test_a_file_without_decisions_is_copied_without_libcst(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plan_for(channels=(channel("./data", 1),))

    def no_parse(code: str) -> cst.Module:
        raise AssertionError("parsed a file no decision touches")

    monkeypatch.setattr(driver.cst, "parse_module", no_parse)
    code = "import os\n\n\ndef helper(x):\n    return './data' + x\n"
    result = transform_file(plan, "lib/helpers.py", code)
    assert result.code == code and result.applied == () and result.warnings == ()


def test_each_transform_says_when_it_applies() -> None:
    plan = plan_for(channels=(channel("./data", 1),))
    wanted = {t.NAME for t in TRANSFORMS if t.applies(plan, FILE)}
    assert wanted == {"channels", "device", "failure_file"}
    assert not any(t.applies(plan, "lib/helpers.py") for t in TRANSFORMS)


def test_ctrl_c_in_a_transform_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: DeviceTransform, node: cst.Module) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(DeviceTransform, "visit_Module", interrupted)
    with pytest.raises(KeyboardInterrupt):
        transform_file(plan_for(), FILE, ENTRY)


def test_ctrl_c_while_parsing_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(code: str) -> cst.Module:
        raise KeyboardInterrupt

    monkeypatch.setattr(driver.cst, "parse_module", interrupted)
    with pytest.raises(KeyboardInterrupt):
        transform_file(plan_for(), FILE, ENTRY)
