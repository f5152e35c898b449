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


def test_scripts_pass_no_empty_arguments(generated, tmp_path: Path) -> None:
    project = generated["sklearn-digits"]
    ops = str(project / "scripts/aws_ops.py")
    assert _run(project, tmp_path, "monitor.sh") == [ops, "monitor"]
    assert _run(project, tmp_path, "run_pipeline.sh") == [ops, "run-pipeline"]
    assert _run(project, tmp_path, "deploy_endpoint.sh") == [ops, "deploy-endpoint"]
    template = str(project / "infrastructure/cloudformation/main.yaml")
    assert _run(project, tmp_path, "deploy_infrastructure.sh") == [
        ops, "deploy-stack", "--template", template, "--parameter", "Environment=dev"]


def test_cleanup_script_runs_sagebridge_cleanup(generated, tmp_path: Path) -> None:
    project = generated["ec2-mnist"]
    assert _run(project, tmp_path, "cleanup.sh") == ["-m", "sagebridge", "cleanup", str(project)]
    assert _run(project, tmp_path, "cleanup.sh", "--yes", "--endpoint-url", "http://127.0.0.1:9") == [
        "-m", "sagebridge", "cleanup", str(project), "--yes", "--endpoint-url", "http://127.0.0.1:9"]
    # aws_ops.py no longer has a cleanup of its own to diverge from the CLI's.
    assert "def cleanup" not in (project / "scripts/aws_ops.py").read_text()
