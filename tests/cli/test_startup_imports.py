"""`sagebridge migrate`, run as a user runs it, imports what the command uses only: nothing of
AWS or SageMaker, no pydantic (typer's converters for every parameter), no progress bars, no
stage that migrate does not run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers.cli import cli_env
from helpers.paths import example

NOT_NEEDED = (
    "boto3",
    "botocore",
    "moto",
    "sagemaker",
    "pydantic",
    "pydantic_core",
    "yaml",
    "rich.progress",
    "sagebridge.aws",
    "sagebridge.local",
    "sagebridge.validate",
)
PROBE = """
import json, runpy, sys
sys.argv = ["sagebridge", *sys.argv[1:]]
try:
    runpy.run_module("sagebridge", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print(json.dumps([code, sorted(sys.modules)]))
"""


def test_migrate_command_imports_no_module_it_does_not_use(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "migrate", str(example("ec2-mnist")), "-o",
         str(tmp_path / "out"), "--entry-point", "train.py"],
        capture_output=True,
        text=True,
        check=True,
        env=cli_env(),
    )  # fmt: skip
    code, imported = json.loads(done.stdout.splitlines()[-1])
    assert code in (0, None), done.stderr
    assert (tmp_path / "out" / "code" / "train.py").is_file()  # the command really ran
    assert {"typer", "libcst", "jinja2", "sagebridge.migrate"} <= set(imported)
    unused = sorted(
        name for name in imported if any(name == n or name.startswith(f"{n}.") for n in NOT_NEEDED)
    )
    assert not unused, unused
