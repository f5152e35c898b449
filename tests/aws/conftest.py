"""A moto server on 127.0.0.1 for the AWS commands, a generated-project fixture and a CLI runner.

Every test gets dummy credentials, a region, a reset moto and AWS_ENDPOINT_URL pointing at it;
no test can reach any other address (the config and credentials files point nowhere).
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from helpers.moto import moto_server, reset_moto
from rich.console import Console

from sagebridge import cli, contract
from sagebridge.cli import aws as cli_aws
from sagebridge.model import Names
from sagebridge.plan.iam import infrastructure_values
from sagebridge.plan.names import derive_names
from sagebridge.render import _environment

FIXTURES = Path(__file__).parent / "fixtures"
REGION = "us-east-1"
NAMES = derive_names("ec2-mnist")
TEMPLATE = "project/infrastructure/cloudformation/main.yaml.jinja"


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture()
def aws_env(moto_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Dummy credentials, a region, AWS_ENDPOINT_URL on the (reset) moto server."""
    reset_moto(moto_url)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "SAGEBRIDGE_ROLE_ARN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-such-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-such-credentials"))
    return moto_url


EXAMPLE = Path(__file__).resolve().parents[2] / "examples/ec2-mnist"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sagebridge migrate examples/ec2-mnist`, once per session: the real generated project."""
    from sagebridge.migrate import migrate_project

    out = tmp_path_factory.mktemp("generated") / "out"
    migrate_project(EXAMPLE, out)
    return out


@pytest.fixture()
def project(generated: Path, tmp_path: Path) -> Path:
    """A fresh copy of the generated ec2-mnist project (its names are NAMES)."""
    out = tmp_path / "out"
    shutil.copytree(generated, out)
    names = json.loads((out / "metadata.json").read_text(encoding="utf-8"))["names"]
    assert names == asdict(NAMES), "the example's names changed: update NAMES"
    return out


def render_template(names: Names = NAMES) -> str:
    """The real CloudFormation template sagebridge generates, rendered for `names`."""
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(names=names, infra=infrastructure_values(names), plan=None, contract=contract)
    )


def write_fixture_project(out: Path) -> Path:
    """A project with the real template and fixtures/pipeline.py, whose definition is fixed.

    For tests that pin numbers computed from a definition (cost): the generated pipeline's
    instance types may change with the plan; this one doesn't.
    """
    (out / "infrastructure/cloudformation").mkdir(parents=True)
    (out / "pipeline").mkdir()
    (out / "metadata.json").write_text(json.dumps({"names": asdict(NAMES)}), encoding="utf-8")
    (out / "infrastructure/cloudformation/main.yaml").write_text(
        render_template(), encoding="utf-8"
    )
    shutil.copy(FIXTURES / "pipeline.py", out / "pipeline/pipeline.py")
    return out


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


Runner = Callable[..., CliResult]


@pytest.fixture()
def sb(monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run `sagebridge ARGS...` in this process, as `main()` does, capturing both consoles."""

    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        out_console = Console(file=out, width=240, color_system=None)
        err_console = Console(file=err, width=240, color_system=None)
        monkeypatch.setattr(cli_aws, "out", out_console)  # what the AWS commands print
        monkeypatch.setattr(cli_aws, "err", err_console)  # their progress beside --json
        monkeypatch.setattr(cli, "err", err_console)  # main()'s one-line errors
        monkeypatch.setattr("sys.argv", ["sagebridge", *args])
        monkeypatch.setattr("sys.stdout", out)  # --json documents are written to stdout
        code = 0
        try:
            cli.main()
        except SystemExit as done:
            code = int(done.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture()
def boto(aws_env: str) -> Callable[[str], Any]:
    """boto3 clients on the moto server, for asserting what the commands really created."""
    return lambda service: boto3.client(service, region_name=REGION, endpoint_url=aws_env)
