"""`sagebridge migrate`, run as a user runs it, imports what the command uses only: nothing of
AWS or SageMaker, no pydantic (typer's converters for every parameter), no progress bars, no
stage that migrate does not run, no TOML or INI parser for a project without such files. What
the imports made is frozen out of the garbage collector's walks, which stay on for the work."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
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
    "tomllib",
    "configparser",
    "rich.progress",
    "sagebridge.aws",
    "sagebridge.local",
    "sagebridge.validate",
)
PROBE = """
import gc, json, runpy, sys
sys.argv = ["sagebridge", *sys.argv[1:]]
try:
    runpy.run_module("sagebridge", run_name="__main__")
except SystemExit as exit:
    code = exit.code
print(json.dumps([code, sorted(sys.modules), gc.isenabled(), gc.get_freeze_count()]))
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
    code, imported, collecting, frozen = json.loads(done.stdout.splitlines()[-1])
    assert code in (0, None), done.stderr
    assert (tmp_path / "out" / "code" / "train.py").is_file()  # the command really ran
    assert {"typer", "libcst", "jinja2", "sagebridge.migrate"} <= set(imported)
    unused = sorted(
        name for name in imported if any(name == n or name.startswith(f"{n}.") for n in NOT_NEEDED)
    )
    assert not unused, unused
    assert collecting  # the collector is on for the command's work
    assert frozen > 10_000  # the modules' objects, left out of its walks


def test_loading_outside_the_cli_process_leaves_the_collector_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sagebridge.cli import startup
    from sagebridge.cli.startup import loading

    # another test may have run `main()` in this process: this one is about a process that has not
    monkeypatch.setattr(startup, "_cli_process", False)
    frozen = gc.get_freeze_count()
    with loading():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
    gc.disable()
    try:
        with loading():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()
