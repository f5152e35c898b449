"""The local model registry: real SQLite files and real tar archives in tmp_path."""

from __future__ import annotations

import io
import sqlite3
import tarfile
from pathlib import Path

import pytest

from sagebridge.errors import UserError
from sagebridge.local.registry import (
    ApprovalStatus,
    ModelPackage,
    ModelRegistry,
    registry_for,
)


def make_archive(path: Path, payload: bytes) -> Path:
    """A minimal model.tar.gz holding one file whose bytes identify it."""
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("model.bin")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    return path


def member_bytes(archive_path: Path) -> bytes:
    with tarfile.open(archive_path) as archive:
        member = archive.extractfile("model.bin")
        assert member is not None
        return member.read()


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(tmp_path / "state" / "registry.db")


def test_versions_count_from_one_within_each_group(registry: ModelRegistry, tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "model.tar.gz", b"a")
    first = registry.register(
        group="mnist", model_data=archive, approval_status="Approved", metrics={"acc": 0.9}
    )
    other = registry.register(
        group="churn", model_data=archive, approval_status="Rejected", metrics={}
    )
    second = registry.register(
        group="mnist",
        model_data=archive,
        approval_status="PendingManualApproval",
        metrics={"acc": 0.95, "loss": 0.2},
        inference_code="code/inference.py",
        description="second run",
    )
    assert (first.version, other.version, second.version) == (1, 1, 2)
    assert first.created_order < other.created_order < second.created_order
    assert [(p.group, p.version) for p in registry.list()] == [
        ("churn", 1),
        ("mnist", 1),
        ("mnist", 2),
    ]
    assert registry.list("mnist") == [first, second]
    assert registry.get("mnist") == second
    assert registry.get("mnist", 1) == first
    assert second.metrics == {"acc": 0.95, "loss": 0.2}
    assert second.inference_code == "code/inference.py"
    assert second.description == "second run"
    assert second.approval_status == "PendingManualApproval"
    assert registry.groups() == ["churn", "mnist"]


def test_registry_keeps_its_own_copy_of_each_archive(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    archive = tmp_path / "model.tar.gz"
    one = registry.register(
        group="g", model_data=make_archive(archive, b"one"), approval_status="Approved", metrics={}
    )
    two = registry.register(
        group="g", model_data=make_archive(archive, b"two"), approval_status="Approved", metrics={}
    )
    assert one.model_data != archive and two.model_data != one.model_data
    assert member_bytes(one.model_data) == b"one"
    assert member_bytes(two.model_data) == b"two"
    assert not list(registry.packages_dir.rglob("*.partial"))


def test_state_persists_across_instances_and_approval_updates(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    archive = make_archive(tmp_path / "model.tar.gz", b"x")
    registry.register(group="g", model_data=archive, approval_status="Approved", metrics={})
    registry.register(
        group="g", model_data=archive, approval_status="PendingManualApproval", metrics={"a": 1}
    )
    reopened = ModelRegistry(registry.db_path)
    assert reopened.list() == registry.list()
    assert reopened.latest_approved("g").version == 1

    updated = reopened.set_approval("g", 2, "Approved")
    assert updated.approval_status is ApprovalStatus.APPROVED
    assert ModelRegistry(registry.db_path).latest_approved("g").version == 2
    reopened.set_approval("g", 2, "Rejected")
    assert ModelRegistry(registry.db_path).latest_approved("g").version == 1


def test_reading_an_absent_registry_creates_nothing(tmp_path: Path) -> None:
    registry = ModelRegistry(tmp_path / "nowhere" / "registry.db")
    assert registry.list() == []
    with pytest.raises(UserError, match="no model package group 'g'"):
        registry.get("g")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group": "bad name"}, "letters, digits and hyphens"),
        ({"group": "-leading"}, "letters, digits and hyphens"),
        ({"approval_status": "approved"}, "not one of: Approved, PendingManualApproval"),
        ({"metrics": {"acc": "high"}}, "'high' is not a number"),
        ({"metrics": {"acc": float("nan")}}, "not finite"),
        ({"metrics": {"acc": True}}, "not a number"),
    ],
)
def test_register_rejects_bad_input(
    registry: ModelRegistry, tmp_path: Path, kwargs: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "group": "g",
        "model_data": make_archive(tmp_path / "model.tar.gz", b"x"),
        "approval_status": "Approved",
        "metrics": {},
    }
    arguments.update(kwargs)
    with pytest.raises(UserError, match=message):
        registry.register(**arguments)  # type: ignore[arg-type]
    assert registry.list() == []


def test_register_rejects_missing_or_non_archive_model_data(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="model data not found"):
        registry.register(
            group="g", model_data=tmp_path / "absent.tar.gz", approval_status="Approved", metrics={}
        )
    text = tmp_path / "model.tar.gz"
    text.write_text("not an archive")
    with pytest.raises(UserError, match="not a tar archive"):
        registry.register(group="g", model_data=text, approval_status="Approved", metrics={})


def test_lookup_errors_name_what_exists(registry: ModelRegistry, tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "model.tar.gz", b"x")
    registry.register(
        group="g", model_data=archive, approval_status="PendingManualApproval", metrics={}
    )
    with pytest.raises(UserError, match=r"no version 7 \(versions: 1\)"):
        registry.get("g", 7)
    with pytest.raises(UserError, match=r"groups: g"):
        registry.get("other")
    with pytest.raises(UserError, match="no approved version .*v1 PendingManualApproval"):
        registry.latest_approved("g")
    with pytest.raises(UserError, match="no version 3"):
        registry.set_approval("g", 3, "Approved")
    with pytest.raises(UserError, match="not one of"):
        registry.set_approval("g", 1, "OK")


def test_numpy_style_metrics_are_stored_as_floats(registry: ModelRegistry, tmp_path: Path) -> None:
    numpy = pytest.importorskip("numpy")
    archive = make_archive(tmp_path / "model.tar.gz", b"x")
    package = registry.register(
        group="g",
        model_data=archive,
        approval_status="Approved",
        metrics={"acc": numpy.float32(0.5), "n": numpy.int64(3)},
    )
    assert package.metrics == {"acc": 0.5, "n": 3.0}
    assert all(type(v) is float for v in registry.get("g").metrics.values())


def test_registry_for_honours_sagebridge_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SAGEBRIDGE_HOME", raising=False)
    assert (
        registry_for(tmp_path / "out").db_path == tmp_path / "out" / ".sagebridge" / "registry.db"
    )
    monkeypatch.setenv("SAGEBRIDGE_HOME", str(tmp_path / "home"))
    assert registry_for(tmp_path / "out").db_path == tmp_path / "home" / "registry.db"


def test_concurrent_registrations_get_distinct_versions(tmp_path: Path) -> None:
    """Eight connections in four threads: versions never collide (BEGIN IMMEDIATE)."""
    from concurrent.futures import ThreadPoolExecutor

    archive = make_archive(tmp_path / "model.tar.gz", b"x")
    db_path = tmp_path / "registry.db"

    def register(_: int) -> ModelPackage:
        return ModelRegistry(db_path).register(
            group="g", model_data=archive, approval_status="Approved", metrics={}
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        versions = sorted(p.version for p in pool.map(register, range(8)))
    assert versions == list(range(1, 9))
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM model_package").fetchone() == (8,)


@pytest.mark.parametrize("how", ["garbage", "half"])
def test_a_damaged_database_is_one_user_error_naming_it(
    registry: ModelRegistry, tmp_path: Path, how: str
) -> None:
    for version in (1, 2, 3):
        registry.register(
            group="g",
            model_data=make_archive(tmp_path / f"m{version}.tar.gz", b"x" * 50_000),
            approval_status="Approved",
            metrics={"acc": 0.5},
            description="d" * 5000,  # several pages: a half file loses some of them
        )
    db = registry.db_path
    if how == "garbage":
        db.write_bytes(b"\x00\xff not sqlite " * 100)
    else:  # what a copy or a disk cut short leaves
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    calls = {
        "check": registry.check,
        "list": registry.list,
        "get": lambda: registry.get("g"),
        "register": lambda: registry.register(
            group="g",
            model_data=make_archive(tmp_path / "m.tar.gz", b"y"),
            approval_status="Approved",
            metrics={},
        ),
    }
    for name, call in calls.items():
        with pytest.raises(UserError) as raised:
            call()
        message = str(raised.value)
        assert message.startswith(f"{db}: damaged model registry"), name
        assert "move it aside" in message and "\n" not in message
