"""Issue 12: the generated README, MIGRATION_GUIDE and `migrate`'s closing lines name one path to
AWS, the same `sagebridge` commands with the parameters they need, in the order a user runs
them (deploy -> upload-data -> doctor -> execute -> status/approve -> endpoint deploy -> cleanup).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console

from sagebridge.cli.render_migrate import render_result
from sagebridge.migrate import migrate_project

from .conftest import EXAMPLE

ORDER = ["deploy", "upload-data", "doctor", "execute", "status", "approve", "endpoint", "cleanup"]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("one-path") / "out"
    console = Console(record=True, width=400)
    render_result(migrate_project(EXAMPLE, out), console)
    return out, console.export_text().splitlines()


def _readme_commands(out: Path) -> list[str]:
    text = (out / "README.md").read_text(encoding="utf-8")
    section = text.split("## Deploy to AWS", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    return section.strip().splitlines()


def _guide_commands(out: Path) -> list[str]:
    text = (out / "docs/MIGRATION_GUIDE.md").read_text(encoding="utf-8")
    steps = text.split("### Immediate Actions", 1)[1].split("###", 1)[0]
    return re.findall(r"^   \d+\. `(sagebridge [^`]+)`$", steps, flags=re.MULTILINE)


def _closing_commands(out: Path, lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith("next, on AWS"))
    commands = [line for line in lines[start + 1:] if line.startswith("  sagebridge ")]
    return [line.strip().replace(str(out), ".") for line in commands]


def test_readme_guide_and_migrate_name_the_same_commands_in_order(migrated) -> None:
    out, lines = migrated
    readme = _readme_commands(out)
    assert readme == _guide_commands(out) == _closing_commands(out, lines)
    assert [command.split()[1] for command in readme] == ORDER
    # ec2-mnist's gate has no default threshold: execute must be given one.
    assert "sagebridge execute . -p QualityThreshold=VALUE --wait" in readme
    assert "sagebridge upload-data . raw=FOLDER" in readme


def test_no_script_path_of_its_own_is_documented(migrated) -> None:
    """The docs point at the CLI; the scripts are named only as wrappers of it."""
    out, _ = migrated
    for doc in ("README.md", "docs/MIGRATION_GUIDE.md", "docs/ARCHITECTURE.md"):
        text = (out / doc).read_text(encoding="utf-8")
        assert "aws_ops" not in text, doc
        assert "scripts/run_pipeline.sh -p" not in text, doc
