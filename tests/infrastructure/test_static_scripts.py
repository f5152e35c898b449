"""Issue 10: the deployment scripts are static files, the same in every project (no name is
printed into them): each runs a `sagebridge` command on its project, which reads the names
from metadata.json (tests/aws, test_scripts_portable.py)."""

from __future__ import annotations

from pathlib import Path

from infrastructure.projects import EXAMPLES, names_of
from sagebridge.render import TEMPLATES_DIR

STATIC_SCRIPTS = TEMPLATES_DIR / "project" / "scripts"


def test_scripts_are_copied_verbatim_into_every_project(generated: dict[str, Path]) -> None:
    sources = sorted(p.name for p in STATIC_SCRIPTS.iterdir() if p.is_file())
    assert sources == ["cleanup.sh", "deploy_endpoint.sh", "deploy_infrastructure.sh",
                       "monitor.sh", "run_pipeline.sh"]
    for example in EXAMPLES:
        for name in sources:
            written = (generated[example] / "scripts" / name).read_bytes()
            assert written == (STATIC_SCRIPTS / name).read_bytes(), f"{example}: {name}"
            assert names_of(generated[example]).project not in written.decode(), name
