"""No secret value in anything sagebridge prints or writes, wherever the secret sits.

The project (secret_project.py) hides fake credentials in module constants, a dict literal, a
call's keyword, argparse defaults (literal and via a constant), YAML, JSON, TOML, INI and
`.env`. `analyze`, `analyze --json`, `migrate` and `migrate --json` run through the real CLI;
every byte they print and every file under OUT is searched for every value (as UTF-8 and
UTF-16). The ordinary settings still work: `--lr` is a pipeline hyperparameter and the
migrated script compiles and runs, reading its secrets from the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.cli import cli_env, sagebridge
from secret_project import SECRETS, make_project

COMMANDS = {
    "analyze": ("analyze", "{src}"),
    "analyze-json": ("analyze", "{src}", "--json"),
    "migrate": ("migrate", "{src}", "-o", "{tmp}/out"),
    "migrate-json": ("migrate", "{src}", "-o", "{tmp}/out-json", "--json"),
}


def leaks(data: bytes) -> list[str]:
    """The names of the secrets whose value `data` holds, as UTF-8 or UTF-16."""
    return [
        name
        for name, value in SECRETS.items()
        if any(value.encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be"))
    ]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("secrets")
    src = make_project(tmp / "src")
    printed = {}
    for name, command in COMMANDS.items():
        args = [part.format(src=src, tmp=tmp) for part in command]
        # wide: no table cell is cut, so nothing hides; bytes, to search UTF-16 too
        done = sagebridge(*args, env=cli_env(COLUMNS="400"), text=False)
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        printed[name] = done.stdout + done.stderr
    return tmp, printed


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_nothing_printed_holds_a_secret(
    runs: tuple[Path, dict[str, bytes]], command: str
) -> None:
    assert leaks(runs[1][command]) == []


@pytest.mark.parametrize("out", ["out", "out-json"])
def test_no_file_under_out_holds_a_secret(runs: tuple[Path, dict[str, bytes]], out: str) -> None:
    root = runs[0] / out
    files = [path for path in root.rglob("*") if path.is_file()]
    assert len(files) > 20
    found = {
        path.relative_to(root).as_posix(): names
        for path in files
        if (names := leaks(path.read_bytes()))
    }
    assert found == {}


def test_every_secret_is_reported_masked(runs: tuple[Path, dict[str, bytes]]) -> None:
    report = json.loads(runs[1]["analyze-json"])
    where = {(s["file"], s["line"]) for s in report["secrets"]}
    lines = {
        "train.py": [12, 13, 14, 15, 25, 26, 29, 31, 42],
        "config.yaml": [4, 5, 6],
        "settings.json": [3, 4],
        "params.toml": [2],
        "db.ini": [3],
        ".env": [1],
    }
    assert where == {(file, line) for file, found in lines.items() for line in found}
    assert all("*" in s["masked"] for s in report["secrets"])
    names = {h["name"] for h in report["hyperparameters"]}
    assert {"lr", "c", "max_iter", "batch"} <= names
    assert not names & {"db_password", "wandb_api_key", "hf_token", "METRIC_API_KEY", "password"}


def test_settings_still_work_and_secrets_come_from_the_environment(
    runs: tuple[Path, dict[str, bytes]],
) -> None:
    tmp, printed = runs
    out = tmp / "out"
    result = json.loads(printed["migrate-json"])
    assert list(result["plan"]["hyperparameters"]) == ["--lr"]
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert "name='lr'" in pipeline
    assert "wandb" not in pipeline and "password" not in pipeline and "token" not in pipeline
    train = (out / "code" / "train.py").read_text()
    compile(train, "train.py", "exec")
    for env in ("DB_PASSWORD", "WANDB_API_KEY", "HF_TOKEN", "AWS_SECRET_ACCESS_KEY", "API_KEY"):
        assert f'os.environ.get("{env}"' in train, env
    warnings = "\n".join(result["warnings"])
    assert "WANDB_API_KEY" in warnings and "Secrets Manager" in warnings
    assert "--wandb-api-key" in warnings  # says the flag is not a pipeline hyperparameter
    for name in ("config.yaml", "settings.json", "params.toml", "db.ini"):
        assert (out / "code" / name).is_file(), name
    assert not (out / "code" / ".env").exists()


@pytest.mark.slow
def test_migrated_script_runs_under_the_container_contract(
    runs: tuple[Path, dict[str, bytes]],
) -> None:
    tmp, _ = runs
    model_dir = tmp / "model"
    model_dir.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        SM_MODEL_DIR=str(model_dir),
        SM_OUTPUT_DIR=str(tmp / "output"),
        SM_OUTPUT_DATA_DIR=str(tmp / "output" / "data"),
        DB_PASSWORD="from-the-environment",
    )
    done = subprocess.run(
        [sys.executable, "train.py", "--lr", "0.8"], cwd=tmp / "out" / "code", env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "test_accuracy=" in done.stdout
    assert (model_dir / "model.joblib").is_file()
