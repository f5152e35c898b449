"""A local model registry: SageMaker model package groups and versions, kept in SQLite.

The local runner's registration step writes here and `sagebridge models`/`serve` read from here.
Like SageMaker, versions count from 1 within a group and each one carries an approval status;
unlike SageMaker, the registry keeps its own copy of each model.tar.gz, so that a version stays
what it was when registered even after a rerun overwrites the pipeline's artifacts.

    registry = registry_for(Path("out"))         # out/.sagebridge/registry.db
    package = registry.register(group="ec2-mnist", model_data=Path("model.tar.gz"),
                                approval_status="PendingManualApproval", metrics={"acc": 0.98})
    registry.set_approval("ec2-mnist", package.version, "Approved")
"""

from __future__ import annotations

import builtins
import json
import math
import numbers
import os
import re
import shutil
import sqlite3
import tarfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sagebridge.contract import MODEL_ARCHIVE
from sagebridge.errors import UserError
from sagebridge.project.approval import ApprovalStatus
from sagebridge.state import state_dir

REGISTRY_FILE = "registry.db"
PACKAGES_DIR = "model-packages"  # next to the database: <group>/<version>/model.tar.gz

# SageMaker's pattern for ModelPackageGroupName; it also keeps the name safe as a folder name.
GROUP_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS model_package (
    created_order INTEGER PRIMARY KEY AUTOINCREMENT,
    group_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    approval_status TEXT NOT NULL,
    model_data TEXT NOT NULL,
    metrics TEXT NOT NULL,
    inference_code TEXT,
    description TEXT NOT NULL,
    UNIQUE (group_name, version)
)
"""
_COLUMNS = (
    "group_name, version, approval_status, model_data, metrics, inference_code, description,"
    " created_order"
)


@dataclass(frozen=True)
class ModelPackage:
    group: str
    version: int  # 1-based within the group
    approval_status: ApprovalStatus  # a str: compares equal to "Approved" etc.
    model_data: Path  # the registry's own copy of model.tar.gz
    metrics: dict[str, float]
    created_order: int  # registration order across all groups (no clock: output stays stable)
    inference_code: str | None = None
    description: str = field(default="")


def registry_for(out: Path) -> ModelRegistry:
    """The registry of a migrated project OUT (see `state_dir`)."""
    return ModelRegistry(state_dir(out) / REGISTRY_FILE)


def parse_approval(status: str) -> ApprovalStatus:
    try:
        return ApprovalStatus(status)
    except ValueError:
        allowed = ", ".join(s.value for s in ApprovalStatus)
        raise UserError(f"approval status {status!r} is not one of: {allowed}") from None


class ModelRegistry:
    """Model packages in one SQLite file; safe to share between processes (SQLite locking)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.packages_dir = self.db_path.parent / PACKAGES_DIR

    # ---- writes ----------------------------------------------------------------------------

    def register(
        self,
        *,
        group: str,
        model_data: Path,
        approval_status: str,
        metrics: Mapping[str, float],
        inference_code: str | None = None,
        description: str = "",
    ) -> ModelPackage:
        """Add the next version of `group`, copying `model_data` into the registry."""
        if not GROUP_NAME.match(group):
            raise UserError(
                f"model package group {group!r}: use 1-63 letters, digits and hyphens,"
                " starting and ending with a letter or digit"
            )
        status = parse_approval(approval_status)
        clean_metrics = _check_metrics(metrics)
        source = Path(model_data)
        if not source.is_file():
            raise UserError(f"{source}: model data not found; register a packed {MODEL_ARCHIVE}")
        if not tarfile.is_tarfile(source):
            raise UserError(f"{source}: not a tar archive; register a packed {MODEL_ARCHIVE}")

        with self._connect(create=True) as db:
            # IMMEDIATE takes the write lock now, so two registrations can't pick the same version.
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT COALESCE(MAX(version), 0) FROM model_package WHERE group_name = ?",
                (group,),
            ).fetchone()
            version = int(row[0]) + 1
            stored = self.packages_dir / group / str(version) / MODEL_ARCHIVE
            stored.parent.mkdir(parents=True, exist_ok=True)
            partial = stored.with_name(stored.name + ".partial")
            shutil.copyfile(source, partial)
            try:
                cursor = db.execute(
                    "INSERT INTO model_package (group_name, version, approval_status, model_data,"
                    " metrics, inference_code, description) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        group,
                        version,
                        status.value,
                        stored.relative_to(self.db_path.parent).as_posix(),
                        json.dumps(clean_metrics, sort_keys=True),
                        inference_code,
                        description,
                    ),
                )
                os.replace(partial, stored)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                partial.unlink(missing_ok=True)
                raise
        assert cursor.lastrowid is not None
        return ModelPackage(
            group=group,
            version=version,
            approval_status=status,
            model_data=stored,
            metrics=clean_metrics,
            created_order=cursor.lastrowid,
            inference_code=inference_code,
            description=description,
        )

    def set_approval(self, group: str, version: int, status: str) -> ModelPackage:
        """Approve or reject a version (SageMaker's UpdateModelPackage)."""
        approval = parse_approval(status)
        self.get(group, version)  # a clear error when it doesn't exist
        with self._connect(create=True) as db:
            db.execute(
                "UPDATE model_package SET approval_status = ? WHERE group_name = ? AND version = ?",
                (approval.value, group, version),
            )
            db.commit()
        return self.get(group, version)

    # ---- reads -----------------------------------------------------------------------------

    def list(self, group: str | None = None) -> list[ModelPackage]:
        """Every package (of `group`, if given), by group then version."""
        where, args = ("WHERE group_name = ?", (group,)) if group is not None else ("", ())
        return self._select(f"{where} ORDER BY group_name, version", args)

    def groups(self) -> builtins.list[str]:
        return sorted({package.group for package in self.list()})

    def get(self, group: str, version: int | None = None) -> ModelPackage:
        """A version of `group`; the latest one when `version` is None."""
        packages = self.list(group)
        if not packages:
            known = ", ".join(self.groups()) or "none"
            raise UserError(
                f"{self.db_path}: no model package group {group!r} (groups: {known});"
                " run the pipeline to register a model"
            )
        if version is None:
            return packages[-1]
        for package in packages:
            if package.version == version:
                return package
        versions = ", ".join(str(p.version) for p in packages)
        raise UserError(f"{group}: no version {version} (versions: {versions})")

    def latest_approved(self, group: str) -> ModelPackage:
        """The highest approved version, as a SageMaker deployment would pick it."""
        packages = [p for p in self.list(group) if p.approval_status is ApprovalStatus.APPROVED]
        if not packages:
            self.get(group)  # no group at all: that error is the more useful one
            states = ", ".join(f"v{p.version} {p.approval_status}" for p in self.list(group))
            raise UserError(
                f"{group}: no approved version ({states}); pass --model-version N to serve one"
            )
        return packages[-1]

    # ---- storage ---------------------------------------------------------------------------

    def check(self) -> None:
        """A UserError now if the database is damaged (not at the end of a long run)."""
        if not self.db_path.exists():
            return
        with self._connect(create=False) as db:
            problem = db.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise self._damaged(str(problem))

    @contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection]:
        if create:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE above).
        db = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        try:
            db.execute(_SCHEMA)
            yield db
        except sqlite3.DatabaseError as error:
            # Exactly DatabaseError: "file is not a database", "disk image is malformed".
            # Its subclasses (a lock timeout, a constraint) are not the file's fault.
            if type(error) is not sqlite3.DatabaseError:
                raise
            raise self._damaged(str(error)) from None
        finally:
            db.close()

    def _damaged(self, problem: str) -> UserError:
        return UserError(
            f"{self.db_path}: damaged model registry ({problem}); move it aside (or delete it)"
            " to start an empty one, and run the pipeline again to register a model"
        )

    def _select(self, clause: str, args: tuple[object, ...]) -> builtins.list[ModelPackage]:
        if not self.db_path.exists():  # reading never creates state
            return []
        with self._connect(create=False) as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM model_package {clause}", args).fetchall()
        return [self._package(row) for row in rows]

    def _package(self, row: tuple[object, ...]) -> ModelPackage:
        group, version, status, data, metrics, code, description, order = row
        return ModelPackage(
            group=str(group),
            version=int(str(version)),
            approval_status=ApprovalStatus(str(status)),
            model_data=self.db_path.parent / str(data),
            metrics=dict(json.loads(str(metrics))),
            created_order=int(str(order)),
            inference_code=None if code is None else str(code),
            description=str(description),
        )


def choose_package(registry: ModelRegistry, group: str | None, version: int | None) -> ModelPackage:
    """What `sagebridge serve` serves: the latest approved version, or the one asked for."""
    if group is None:
        groups = registry.groups()
        if not groups:
            raise UserError(
                f"{registry.db_path}: no model registered yet; run the pipeline"
                " (sagebridge run OUT --local) first"
            )
        if len(groups) > 1:
            raise UserError(
                f"the registry holds several groups ({', '.join(groups)}): pass --group"
            )
        group = groups[0]
    return registry.latest_approved(group) if version is None else registry.get(group, version)


def shown_path(path: Path, out: Path) -> str:
    """A path as the user should read it: relative to OUT when inside it (stable output)."""
    try:
        return path.resolve().relative_to(Path(out).resolve()).as_posix()
    except ValueError:
        return str(path)


def packages_document(packages: builtins.list[ModelPackage], out: Path) -> dict[str, object]:
    """`sagebridge models --json`: pinned by tests/registry/test_models_cli.py."""
    return {
        "model_packages": [
            {
                "group": p.group,
                "version": p.version,
                "approval_status": p.approval_status.value,
                "metrics": p.metrics,
                "model_data": shown_path(p.model_data, out),
                "inference_code": p.inference_code,
                "description": p.description,
                "created_order": p.created_order,
            }
            for p in packages
        ]
    }


def _check_metrics(metrics: Mapping[str, float]) -> dict[str, float]:
    clean: dict[str, float] = {}
    for name, value in metrics.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise UserError(f"metric {name!r}: {value!r} is not a number")
        if not math.isfinite(value):
            raise UserError(f"metric {name!r}: {value!r} is not finite; check the evaluation")
        clean[str(name)] = float(value)
    return clean
