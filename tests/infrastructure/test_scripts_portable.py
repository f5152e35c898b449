"""Issue 12 item 14: the generated shell scripts under macOS bash 3.2, and one owner for cleanup.

bash 3.2 (macOS) treats `"${arr[@]}"` on an empty array as an unbound variable under `set -u`;
this machine's bash (5.x) does not, so the unsafe spelling is found by reading the scripts, and
each script is then run with `bash -u` and no options (every array it passes on is empty or a
default) with a stand-in $PYTHON that records the arguments it receives.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from infrastructure.projects import EXAMPLES

UNSAFE = re.compile(r'(?<!\+)"\$\{\w+\[@\]\}"')
RECORDER = """#!{python}
import json, sys
if sys.argv[1:2] == ["-c"]:
    sys.exit(0)  # cleanup.sh's "is sagebridge importable?" probe
print(json.dumps(sys.argv[1:]))
"""


@pytest.mark.parametrize("example", EXAMPLES)
def test_no_bash32_unsafe_array_expansion(generated, example: str) -> None:
    scripts = sorted((generated[example] / "scripts").glob("*.sh"))
    assert len(scripts) == 5
    for script in scripts:
        found = UNSAFE.findall(script.read_text())
        assert not found, f"{script.name}: {found} fails under bash 3.2 with set -u when empty"


def _run(project: Path, tmp_path: Path, name: str, *args: str) -> list[str]:
    recorder = tmp_path / "python"
    recorder.write_text(RECORDER.format(python=sys.executable))
    recorder.chmod(0o755)
    done = subprocess.run(["bash", "-u", str(project / "scripts" / name), *args],
                          env={"PATH": "/usr/bin:/bin", "PYTHON": str(recorder)},
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


# Issue 12 / issue 10: one owner of AWS operations. Each script runs one `sagebridge` command on
# its project and passes its arguments on unchanged.
SCRIPT_COMMANDS = {
    "deploy_infrastructure.sh": ["deploy"],
    "run_pipeline.sh": ["execute"],
    "deploy_endpoint.sh": ["endpoint", "{root}", "deploy"],
    "monitor.sh": ["status"],
    "cleanup.sh": ["cleanup"],
}


def _command(name: str, project: Path) -> list[str]:
    words = SCRIPT_COMMANDS[name]
    if "{root}" not in words:
        words = [words[0], "{root}", *words[1:]]
    return ["-m", "sagebridge", *(str(project) if w == "{root}" else w for w in words)]


@pytest.mark.parametrize("name", sorted(SCRIPT_COMMANDS))
def test_each_script_runs_its_sagebridge_command(generated, tmp_path: Path, name: str) -> None:
    project = generated["ec2-mnist"]
    assert _run(project, tmp_path, name) == _command(name, project)
    given = ["--endpoint-url", "http://127.0.0.1:9", "-p", "A=1 2", "--region", "eu-west-1"]
    assert _run(project, tmp_path, name, *given) == [*_command(name, project), *given]


def test_no_second_implementation_of_aws_operations(generated) -> None:
    """The scripts folder holds only the five wrappers: no Python of its own calling AWS."""
    for example in EXAMPLES:
        scripts = generated[example] / "scripts"
        assert sorted(p.name for p in scripts.iterdir()) == sorted(SCRIPT_COMMANDS)
        for script in scripts.iterdir():
            text = script.read_text()
            assert "boto3" not in text and "aws_ops" not in text, script
