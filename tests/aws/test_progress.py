"""The AWS commands report through `sagebridge.progress.Progress`, not a console: a recording
`Progress` sees a dry run's calls, an upload's bytes and a stack wait's events; the CLI's rich
implementation prints messages as plain text."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from sagebridge.aws.deploy import deploy
from sagebridge.aws.project import load_project
from sagebridge.aws.session import AwsOptions, Clients
from sagebridge.aws.upload import upload_data
from sagebridge.cli.render_progress import RichProgress
from sagebridge.progress import Level, Progress

from .conftest import REGION


class Recording(Progress):
    def __init__(self) -> None:
        self.messages: list[tuple[str, Level]] = []
        self.transfers: list[tuple[str, int]] = []
        self.sent = 0
        self.finished = 0

    def message(self, text: str, level: Level = Level.INFO) -> None:
        self.messages.append((text, level))

    def transfer_started(self, description: str, total: int) -> None:
        self.transfers.append((description, total))

    def transferred(self, size: int) -> None:
        self.sent += size

    def transfer_finished(self) -> None:
        self.finished += 1


def test_dry_run_reports_each_call_as_a_detail_message() -> None:
    progress = Recording()
    clients = Clients.for_options(AwsOptions(region=REGION, dry_run=True), progress)
    clients.get("s3").list_buckets()
    assert progress.messages == [("dry-run: s3.list_buckets()", Level.DETAIL)]


def test_stack_wait_and_upload_report_through_progress(
    aws_env: str, project: Path, tmp_path: Path
) -> None:
    clients = Clients.for_options(AwsOptions(region=REGION))
    waited = Recording()
    deploy(load_project(project), clients, waited)
    events = [text for text, level in waited.messages if level == Level.INFO]
    assert any(
        "CREATE_COMPLETE" in text and "AWS::CloudFormation::Stack" in text for text in events
    )

    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_bytes(b"x" * 1000)
    (data / "b.csv").write_bytes(b"y" * 24)
    uploading = Recording()
    upload_data(load_project(project), clients, uploading, {"training": data})
    [(description, total)] = uploading.transfers
    assert description.startswith("uploading to s3://") and total == 1024
    assert uploading.sent == 1024 and uploading.finished == 1

    again = Recording()  # nothing changed: nothing to transfer, no bar
    upload_data(load_project(project), clients, again, {"training": data})
    assert again.transfers == [] and again.finished == 0


def test_rich_progress_prints_messages_as_plain_text() -> None:
    buffer = io.StringIO()
    shown = RichProgress(Console(file=buffer, width=60, color_system=None))
    shown.message("  not deleted bucket [x]: AccessDenied", Level.ERROR)
    shown.message("dry-run: " + "s" * 100, Level.DETAIL)  # one line however long
    lines = buffer.getvalue().splitlines()
    assert lines == ["  not deleted bucket [x]: AccessDenied", "dry-run: " + "s" * 100]
