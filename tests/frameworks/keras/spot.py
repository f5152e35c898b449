"""What the Keras spot tests share: a fake container, a printed metric, and the stop-and-rerun
of a migrated fit whose script exits 3 at the start of epoch 2 the first time it runs."""

from __future__ import annotations

import re
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.migrate import migrate_project


def container_in(root: Path) -> FakeContainer:
    container = FakeContainer(root)
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    return container


def metric(name: str, text: str) -> list[str]:
    return re.findall(rf"^{name}: ([0-9.]+)$", text, re.MULTILINE)


def stopped_then_resumed(
    tmp_path: Path, script: str, requirements: str
) -> tuple[FakeContainer, str]:
    """Migrate `script`, run it until it stops after epoch 1 (exit 3, epoch 1's backup kept),
    run it again; (the container, the second run's stdout)."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "train.py").write_text(script)
    (project / "requirements.txt").write_text(requirements)
    out = tmp_path / "out"
    migrate_project(project, out, entry_point="train.py")
    container = container_in(tmp_path / "opt_ml")
    env = plain_env(MARKER=str(tmp_path / "stopped"), **container.env())
    first = run_script(out / "code" / "train.py", [], cwd=out / "code", env=env, check=False)
    assert first.returncode == 3, first.stderr
    assert list((container.checkpoints / "backup").iterdir())  # epoch 1's backup is there
    second = run_script(out / "code" / "train.py", [], cwd=out / "code", env=env)
    return container, second.stdout
