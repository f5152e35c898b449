"""Fault injection: real signals at spread-out moments of `sagebridge migrate --force` run as a
subprocess over an existing good OUT.

SIGINT: each run either completed (exit 0, OUT equal to a reference migrate) or exited 130 with
OUT byte-identical to the old one; never a traceback, never a staging or old folder left.
SIGKILL: OUT is the old tree, the new tree or (killed between the two renames) missing with the
old tree beside it; the next migrate recovers to the reference OUT with no leftovers.
The delays are fractions of one measured migrate, so the runs cover start-up, analysis, the
codemods, rendering and writing on a fast or a slow machine alike."""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers.cli import cli_env, sagebridge_command
from helpers.paths import example

from sagebridge.migrate import migrate_project

EXAMPLE = example("sklearn-digits")
SIGINT_FRACTIONS = (0.1, 0.25, 0.4, 0.55, 0.7, 0.85)
SIGKILL_FRACTIONS = (0.3, 0.6, 0.9)
STATE = ".sagebridge"


def tree_digest(root: Path, skip: str | None = None) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if skip is not None and relative.parts[0] == skip:
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def start_migrate(src: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        sagebridge_command("migrate", src, "-o", out, "--force"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=cli_env(PYTHONUNBUFFERED="1"),
        # A test run in the background inherits SIGINT ignored; the child must see Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - no lock taken
    )


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


class Setup:
    """The source, a reference OUT of it, an older good OUT (of a different version of the
    script, with local run state) and the measured duration of one migrate --force."""

    def __init__(self, root: Path) -> None:
        self.src = root / "src"
        shutil.copytree(EXAMPLE, self.src)
        older = root / "older-src"
        shutil.copytree(EXAMPLE, older)
        train = older / "train.py"
        train.write_text(train.read_text().replace("n_estimators", "n_trees"))
        self.reference = root / "reference"
        self.old = root / "old"
        migrate_project(self.src, self.reference)
        migrate_project(older, self.old)
        (self.old / STATE).mkdir()
        (self.old / STATE / "registry.db").write_bytes(b"registered models")
        self.reference_digest = tree_digest(self.reference)
        self.old_digest = tree_digest(self.old)
        self.old_state = tree_digest(self.old / STATE)
        assert tree_digest(self.old, skip=STATE) != self.reference_digest

        started = time.monotonic()
        timed = self.fresh_out(root / "timed")
        process = start_migrate(self.src, timed)
        assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
        self.duration = time.monotonic() - started
        assert tree_digest(timed, skip=STATE) == self.reference_digest

    def fresh_out(self, folder: Path) -> Path:
        out = folder / "out"
        shutil.copytree(self.old, out, symlinks=True)
        return out

    def is_new(self, out: Path) -> bool:
        return (tree_digest(out, skip=STATE) == self.reference_digest
                and tree_digest(out / STATE) == self.old_state)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    return Setup(tmp_path_factory.mktemp("signals"))


@pytest.mark.parametrize("fraction", SIGINT_FRACTIONS)
def test_sigint_leaves_the_old_out_or_completes(setup: Setup, tmp_path: Path,
                                                fraction: float) -> None:
    out = setup.fresh_out(tmp_path)
    process = start_migrate(setup.src, out)
    time.sleep(setup.duration * fraction)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)

    assert "Traceback" not in stderr, stderr
    assert process.returncode in (0, 130), (process.returncode, stderr)
    if fraction <= 0.25:  # long before a migrate is done: it must have been interrupted
        assert process.returncode == 130
    if process.returncode == 130:
        assert stderr.strip().splitlines()[-1] == "interrupted"
        assert tree_digest(out) == setup.old_digest
    else:
        assert setup.is_new(out), stdout
    assert leftovers(out) == []


@pytest.mark.parametrize("fraction", SIGKILL_FRACTIONS)
def test_sigkill_then_the_next_migrate_recovers(setup: Setup, tmp_path: Path,
                                                fraction: float) -> None:
    out = setup.fresh_out(tmp_path)
    process = start_migrate(setup.src, out)
    time.sleep(setup.duration * fraction)
    process.kill()
    process.communicate(timeout=60)

    if out.exists():  # never a broken OUT: the old tree or the whole new one
        assert tree_digest(out) == setup.old_digest or setup.is_new(out)
    else:  # killed between the two renames: the old tree waits beside it
        assert any((out.parent / name / "tree").is_dir() for name in leftovers(out))

    again = start_migrate(setup.src, out)
    _, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert setup.is_new(out)
    assert leftovers(out) == []
