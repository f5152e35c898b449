"""Issue 10: the deployment scripts are static files, the same in every project, that read the
project's names from metadata.json when they run (no name is printed into them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from infrastructure.projects import EXAMPLES, names_of
from sagebridge.render import TEMPLATES_DIR

STATIC_SCRIPTS = TEMPLATES_DIR / "project" / "scripts"


def test_scripts_are_copied_verbatim_into_every_project(generated: dict[str, Path]) -> None:
    sources = sorted(p.name for p in STATIC_SCRIPTS.iterdir() if p.is_file())
    assert sources == ["aws_ops.py", "cleanup.sh", "deploy_endpoint.sh",
                       "deploy_infrastructure.sh", "monitor.sh", "run_pipeline.sh"]
    for example in EXAMPLES:
        for name in sources:
            written = (generated[example] / "scripts" / name).read_bytes()
            assert written == (STATIC_SCRIPTS / name).read_bytes(), f"{example}: {name}"
            assert names_of(generated[example]).project not in written.decode(), name


def _names_seen(project: Path) -> dict[str, str]:
    code = ("import importlib.util, json, sys\n"
            "spec = importlib.util.spec_from_file_location('ops', sys.argv[1])\n"
            "ops = importlib.util.module_from_spec(spec); spec.loader.exec_module(ops)\n"
            "print(json.dumps(vars(ops.Project(ops.METADATA))))\n")
    done = subprocess.run([sys.executable, "-c", code, str(project / "scripts/aws_ops.py")],
                          capture_output=True, text=True, timeout=120, check=True)
    return dict(json.loads(done.stdout))


def test_aws_ops_takes_its_names_from_metadata(project_copy) -> None:
    project = project_copy("sklearn-digits")
    names = names_of(project)
    assert _names_seen(project) == {
        "project": names.project, "stack": names.stack, "pipeline": names.pipeline,
        "endpoint": names.endpoint, "model_package_group": names.model_package_group,
        "primary_variant": "AllTraffic"}
    metadata = json.loads((project / "metadata.json").read_text())
    metadata["names"]["endpoint"] = "renamed-endpoint"
    (project / "metadata.json").write_text(json.dumps(metadata))
    assert _names_seen(project)["endpoint"] == "renamed-endpoint"


def test_aws_ops_without_metadata_is_one_line_error(project_copy) -> None:
    project = project_copy("sklearn-digits")
    (project / "metadata.json").unlink()
    done = subprocess.run([sys.executable, str(project / "scripts/aws_ops.py"),
                           "--endpoint-url", "http://127.0.0.1:9", "monitor"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "metadata.json: cannot be read" in done.stderr
    assert "run `sagebridge migrate` again" in done.stderr
