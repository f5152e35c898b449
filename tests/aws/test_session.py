"""The pieces under every command: bounded backoff, the role order, error messages.

No AWS here; where a test needs an AWS answer it is given one in-process, as said per test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from sagebridge.aws import role as role_module
from sagebridge.aws.project import load_project
from sagebridge.aws.role import RoleSource, resolve_role
from sagebridge.aws.session import AwsOptions, Backoff, Clients, describe_client_error, poll_until
from sagebridge.errors import ChecksFailed, UserError


class FakeClock:
    """Time that moves only when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def test_poll_backs_off_exponentially_up_to_the_cap() -> None:
    clock = FakeClock()
    answers = iter(["CREATE_IN_PROGRESS"] * 6 + ["CREATE_COMPLETE"])
    final = poll_until(
        lambda: next(answers),
        lambda status: status == "CREATE_COMPLETE",
        what="stack",
        backoff=Backoff(initial_s=2.0, factor=2.0, max_s=10.0, timeout_s=100.0),
        sleep=clock.sleep,
        clock=clock,
    )
    assert final == "CREATE_COMPLETE"
    assert clock.sleeps == [2.0, 4.0, 8.0, 10.0, 10.0, 10.0]


def test_poll_gives_up_at_the_timeout_with_a_clear_error() -> None:
    clock = FakeClock()
    with pytest.raises(ChecksFailed, match="gave up waiting for endpoint x after 30 s"):
        poll_until(
            lambda: "Creating",
            lambda status: status == "InService",
            what="endpoint x",
            backoff=Backoff(initial_s=5.0, factor=1.0, max_s=5.0, timeout_s=30.0),
            sleep=clock.sleep,
            clock=clock,
        )
    assert sum(clock.sleeps) <= 30.0


def test_client_errors_read_as_one_line_without_html() -> None:
    html = ClientError(
        {
            "Error": {"Code": "500", "Message": "<!doctype html>\n<title>500</title>"},
            "ResponseMetadata": {"HTTPStatusCode": 500},
        },
        "UpdateEndpoint",
    )
    assert describe_client_error(html) == (
        "AWS refused UpdateEndpoint: 500: HTTP 500: the service failed or does not implement "
        "UpdateEndpoint"
    )
    denied = ClientError(
        {"Error": {"Code": "AccessDenied", "Message": "not allowed\nsecond line"}}, "CreateStack"
    )
    assert describe_client_error(denied) == "AWS refused CreateStack: AccessDenied: not allowed"


def _clients_without_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Clients:
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.delenv("SAGEBRIDGE_ROLE_ARN", raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    # No stack: the stack lookup is replaced, so nothing here can reach AWS.
    monkeypatch.setattr(role_module, "describe_stack", lambda clients, name: None)
    return Clients.for_options(AwsOptions(region="eu-west-1"))


def test_sdk_lookup_is_the_fourth_source(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without an endpoint override the SDK's lookup is asked last (here: a stand-in)."""
    clients = _clients_without_endpoint(monkeypatch, tmp_path)
    found = resolve_role(
        load_project(project),
        clients,
        option=None,
        sdk_lookup=lambda c: "arn:aws:iam::111122223333:role/studio",
    )
    assert (found.arn, found.source) == ("arn:aws:iam::111122223333:role/studio", RoleSource.SDK)


def test_four_way_message_carries_the_sdk_reason(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The SDK stand-in fails the way it does outside SageMaker; the message quotes it."""
    clients = _clients_without_endpoint(monkeypatch, tmp_path)

    def not_a_role(clients: Clients) -> str:
        raise ValueError("The current AWS identity is not a role: arn:aws:iam::1:user/me")

    with pytest.raises(UserError) as raised:
        resolve_role(load_project(project), clients, option=None, sdk_lookup=not_a_role)
    message = str(raised.value)
    assert "--role: not given" in message
    assert "$SAGEBRIDGE_ROLE_ARN: not set" in message
    assert "stack sagebridge-ec2-mnist: not deployed in eu-west-1" in message
    assert "get_execution_role(): The current AWS identity is not a role" in message


def test_option_beats_environment(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clients = _clients_without_endpoint(monkeypatch, tmp_path)
    monkeypatch.setenv("SAGEBRIDGE_ROLE_ARN", "arn:aws:iam::1:role/env")
    chosen = resolve_role(load_project(project), clients, option="arn:aws:iam::1:role/option")
    assert chosen.source == RoleSource.OPTION


def test_a_folder_that_is_not_a_generated_project_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="metadata.json: not found; run `sagebridge migrate"):
        load_project(tmp_path)
