"""`migrate` imports what it needs only: no YAML parser for a project without a LightningCLI
config, nothing of AWS, no ML framework (the user's code is read, never imported)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers.paths import REPO, example

NOT_NEEDED = ("yaml", "boto3", "botocore", "moto", "sagemaker", "torch", "numpy", "sklearn")
PROBE = """
import json, sys
from pathlib import Path
from sagebridge.migrate import migrate_project
migrate_project(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps(sorted(name for name in sys.modules if "." not in name)))
"""


def test_migrate_of_ec2_mnist_imports_no_module_it_does_not_use(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(example("ec2-mnist")), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    imported = set(json.loads(done.stdout.splitlines()[-1]))
    assert {"libcst", "jinja2", "sagebridge"} <= imported  # the probe saw the migration's imports
    assert imported.isdisjoint(NOT_NEEDED), sorted(imported & set(NOT_NEEDED))
