"""How every AWS command talks to AWS: one place for region, profile, endpoint, retries, dry-run.

`Clients.for_options(options)` hands out boto3 clients configured with botocore's *standard*
retry mode (throttling and transient errors are retried with jittered exponential backoff), or,
under `--dry-run`, recorders that print each call and answer `{}`. A dry run never creates a
boto3 session or client, so it needs no credentials and opens no connection.

    clients = Clients.for_options(AwsOptions(region="eu-west-1", dry_run=True), progress)
    clients.get("cloudformation").create_stack(StackName="x")
    # dry-run: cloudformation.create_stack(StackName='x')

Long-running operations are followed with `poll_until`, an explicit bounded backoff around the
describe call (each describe is itself retried by the standard mode).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sagebridge.errors import ChecksFailed, UserError
from sagebridge.progress import Level, Progress

T = TypeVar("T")

# botocore's standard mode retries throttling (ThrottlingException, Throttling, SlowDown, ...)
# and 5xx answers; 10 attempts ride out a short burst of throttling on busy accounts.
MAX_ATTEMPTS = 10
USER_AGENT_EXTRA = "sagebridge"


@dataclass(frozen=True)
class AwsOptions:
    """The connection options every AWS command takes."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class Call:
    """One API call a dry run would have made."""

    service: str
    operation: str
    params: dict[str, Any]

    def render(self) -> str:
        arguments = ", ".join(f"{key}={_short(value)}" for key, value in self.params.items())
        return f"{self.service}.{self.operation}({arguments})"


def _short(value: Any) -> str:
    """Keep template bodies and the like readable in a dry-run listing."""
    text = repr(value)
    if isinstance(value, str) and len(value) > 120:
        return f"<{len(value)} characters>"
    return text if len(text) <= 400 else text[:397] + "..."


@dataclass
class Recorder:
    """Collects (and prints) the calls of a dry run."""

    progress: Progress | None
    calls: list[Call] = field(default_factory=list)

    def record(self, service: str, operation: str, params: dict[str, Any]) -> None:
        call = Call(service, operation, dict(params))
        self.calls.append(call)
        if self.progress is not None:
            self.progress.message(f"dry-run: {call.render()}", Level.DETAIL)


class _RecordingPaginator:
    def __init__(self, client: RecordingClient, operation: str) -> None:
        self._client = client
        self._operation = operation

    def paginate(self, **params: Any) -> Iterator[dict[str, Any]]:
        self._client.recorder.record(self._client.service, self._operation, params)
        yield {}


class RecordingClient:
    """Stands in for a boto3 client under --dry-run: records the call, answers `{}`.

    Commands are written so that an empty answer means "nothing exists yet", which is what a
    dry run shows: the calls for a first deployment.
    """

    def __init__(self, service: str, recorder: Recorder) -> None:
        self.service = service
        self.recorder = recorder

    def get_paginator(self, operation: str) -> _RecordingPaginator:
        return _RecordingPaginator(self, operation)

    def __getattr__(self, operation: str) -> Callable[..., dict[str, Any]]:
        if operation.startswith("_"):
            raise AttributeError(operation)

        def call(**params: Any) -> dict[str, Any]:
            self.recorder.record(self.service, operation, params)
            return {}

        return call


class Clients:
    """boto3 clients (or dry-run recorders) sharing one session and one retry configuration."""

    def __init__(self, options: AwsOptions, recorder: Recorder | None, session: Any) -> None:
        self.options = options
        self.recorder = recorder
        self._session = session
        self._cache: dict[str, Any] = {}

    @classmethod
    def for_options(cls, options: AwsOptions, progress: Progress | None = None) -> Clients:
        if options.dry_run:
            return cls(options, Recorder(progress), session=None)
        import boto3
        from botocore.exceptions import ProfileNotFound

        try:
            session = boto3.session.Session(
                profile_name=options.profile, region_name=options.region
            )
        except ProfileNotFound as error:
            raise UserError(f"{error}: check --profile or ~/.aws/config") from error
        if not session.region_name:
            raise UserError("no AWS region: pass --region or set AWS_DEFAULT_REGION")
        return cls(options, None, session)

    @property
    def dry_run(self) -> bool:
        return self.recorder is not None

    @property
    def region(self) -> str:
        if self._session is not None:
            return str(self._session.region_name)
        return self.options.region or "<default region>"

    @property
    def endpoint_url(self) -> str | None:
        """--endpoint-url, else botocore's global AWS_ENDPOINT_URL, else None."""
        return self.options.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None

    @property
    def boto_session(self) -> Any:
        if self._session is None:
            raise RuntimeError("a dry run has no boto3 session")
        return self._session

    def get(self, service: str, *, max_attempts: int | None = None) -> Any:
        """A client; `max_attempts` defaults to $AWS_MAX_ATTEMPTS, else MAX_ATTEMPTS."""
        if max_attempts is None:
            max_attempts = int(os.environ.get("AWS_MAX_ATTEMPTS") or MAX_ATTEMPTS)
        key = f"{service}/{max_attempts}"
        if key not in self._cache:
            self._cache[key] = self._create(service, max_attempts)
        return self._cache[key]

    def _create(self, service: str, max_attempts: int) -> Any:
        if self.recorder is not None:
            return RecordingClient(service, self.recorder)
        from botocore.config import Config

        config = Config(
            retries={"mode": "standard", "max_attempts": max_attempts},
            user_agent_extra=USER_AGENT_EXTRA,
        )
        return self._session.client(service, endpoint_url=self.options.endpoint_url, config=config)


def connect(
    region: str | None,
    profile: str | None,
    endpoint_url: str | None,
    dry_run: bool,
    progress: Progress | None,
) -> Clients:
    """The CLI's one way to get clients from its --region/--profile/--endpoint-url/--dry-run."""
    return Clients.for_options(AwsOptions(region, profile, endpoint_url, dry_run), progress)


@contextlib.contextmanager
def aws_errors() -> Iterator[None]:
    """AWS's refusals and missing credentials become one readable line, not a traceback."""
    from botocore.exceptions import (
        ClientError,
        EndpointConnectionError,
        NoCredentialsError,
        NoRegionError,
    )

    try:
        yield
    except NoCredentialsError as error:
        raise UserError(
            f"{error}: configure credentials (aws configure, AWS_PROFILE or --profile), "
            "or use --dry-run to see the calls without them"
        ) from error
    except NoRegionError as error:
        raise UserError("no AWS region: pass --region or set AWS_DEFAULT_REGION") from error
    except EndpointConnectionError as error:
        raise UserError(f"{error}: check --endpoint-url, --region and the network") from error
    except ClientError as error:
        raise ChecksFailed(describe_client_error(error)) from error


def describe_client_error(error: Exception) -> str:
    """`AWS refused CreateStack: AccessDenied: ...`, one line; HTML error pages left out."""
    response = getattr(error, "response", {}) or {}
    info = response.get("Error", {})
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    operation = getattr(error, "operation_name", "?")
    message = str(info.get("Message") or "").strip()
    if not message or message.startswith("<"):
        message = f"HTTP {status}: the service failed or does not implement {operation}"
    first_line = message.splitlines()[0][:300]
    return f"AWS refused {operation}: {info.get('Code', '?')}: {first_line}"


def error_code(error: Exception) -> str:
    """The AWS error code of a botocore ClientError ("" for anything else)."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    return ""


@dataclass(frozen=True)
class Backoff:
    """Bounded exponential backoff between polls of a long-running operation."""

    initial_s: float = 2.0
    factor: float = 1.6
    max_s: float = 30.0
    timeout_s: float = 3600.0


def poll_until(
    describe: Callable[[], T],
    done: Callable[[T], bool],
    *,
    what: str,
    backoff: Backoff = Backoff(),
    on_poll: Callable[[T], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Call `describe` until `done(answer)`; the first call is immediate, then back off."""
    deadline = clock() + backoff.timeout_s
    delay = backoff.initial_s
    while True:
        answer = describe()
        if on_poll is not None:
            on_poll(answer)
        if done(answer):
            return answer
        if clock() + delay > deadline:
            raise ChecksFailed(f"gave up waiting for {what} after {backoff.timeout_s:.0f} s")
        sleep(delay)
        delay = min(delay * backoff.factor, backoff.max_s)
