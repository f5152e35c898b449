"""A local object store standing in for S3: `s3://bucket/key` <-> `<root>/bucket/key`.

Reads follow SageMaker's `S3Prefix` inputs: a URI naming one object stages that object, a URI
naming a "folder" stages everything under it. `file://` URIs and plain paths are accepted where a
user gives data (`--data`, `-p InputDataUri=...`).
"""

from __future__ import annotations

import hashlib
import shutil
import tarfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from sagebridge.errors import UserError
from sagebridge.state import copy_atomic, write_atomic

STORE_DIR = "s3"  # under the state dir (see sagebridge.state.state_dir)
# Half-written objects wait here, beside the buckets (no bucket name starts with a dot), so a
# killed write never leaves a stray file inside a prefix that a later step stages.
SCRATCH_DIR = ".partial"


class StoreError(Exception):
    """A URI that the store can't map or doesn't hold."""


class ObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # ---- addressing --------------------------------------------------------------------------

    def path_for(self, uri: str) -> Path:
        """Where `uri` lives on disk (it may not exist yet)."""
        parsed = urlparse(uri)
        if parsed.scheme == "s3":
            if not parsed.netloc:
                raise StoreError(f"{uri}: no bucket")
            key = parsed.path.lstrip("/")
            path = (self.root / parsed.netloc / key).resolve()
            if not path.is_relative_to(self.root.resolve()):
                raise StoreError(f"{uri}: the key leaves the bucket")
            return path
        if parsed.scheme == "file":
            # file:///abs/path (or file://localhost/...). In file://data/x, "data" is a host:
            # refused, not read as /x, nor file://data as "" (the working directory).
            if parsed.netloc not in ("", "localhost") or not parsed.path:
                raise StoreError(
                    f"{uri}: a file:// URI names an absolute path, file:///path/to/data;"
                    " for a relative path leave out file://"
                )
            return Path(unquote(parsed.path)).resolve()
        if parsed.scheme == "":
            return Path(uri).resolve()
        raise StoreError(f"{uri}: only s3://, file:// and plain paths are supported locally")

    def uri_for(self, path: Path) -> str:
        """The s3:// URI of a path inside the store."""
        relative = Path(path).resolve().relative_to(self.root.resolve())
        bucket, *key = relative.parts
        return f"s3://{bucket}/" + "/".join(key)

    # ---- reads -------------------------------------------------------------------------------

    def exists(self, uri: str) -> bool:
        return self.path_for(uri).exists()

    def stage(self, uri: str, dest: Path) -> None:
        """Copy what `uri` names into the folder `dest` (S3Prefix semantics, File mode)."""
        source = self.path_for(uri)
        dest.mkdir(parents=True, exist_ok=True)
        if source.is_file():
            shutil.copy2(source, dest / source.name)
        elif source.is_dir():
            shutil.copytree(source, dest, dirs_exist_ok=True)
        else:
            raise StoreError(f"{uri}: nothing there (looked in {source})")

    def digest(self, uri: str) -> str:
        """A content hash of what `uri` names: names and bytes of every file, in order."""
        source = self.path_for(uri)
        if not source.exists():
            raise StoreError(f"{uri}: nothing there (looked in {source})")
        return tree_digest(source)

    # ---- writes ------------------------------------------------------------------------------

    def put_file(self, source: Path, uri: str) -> None:
        target = self.path_for(uri)
        copy_atomic(source, target, scratch=self._scratch(target))

    def put_bytes(self, data: bytes, uri: str) -> None:
        target = self.path_for(uri)
        write_atomic(target, data, scratch=self._scratch(target))

    def _scratch(self, target: Path) -> Path | None:
        inside = target.is_relative_to(self.root.resolve())
        return self.root / SCRATCH_DIR if inside else None

    def put_tree(self, source: Path, uri: str) -> None:
        """Upload a folder's content under `uri` (a processing output at end of job)."""
        target = self.path_for(uri)
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        shutil.copytree(source, target)


def tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        name = file.name if file == path else file.relative_to(path).as_posix()
        digest.update(name.encode() + b"\0")
        if file.name.endswith(".tar.gz"):
            # An archive's members, not its bytes: gzip headers carry the time of packing.
            digest.update(_archive_digest(file).encode())
        else:
            with open(file, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _archive_digest(archive: Path) -> str:
    digest = hashlib.sha256()
    with tarfile.open(archive) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            digest.update(member.name.encode() + b"\0")
            if member.isfile():
                extracted = tar.extractfile(member)
                assert extracted is not None
                digest.update(extracted.read())
    return digest.hexdigest()


def stage_user_data(store: ObjectStore, source: str, uri: str) -> None:
    """`--data`: copy the user's file/folder (path, file:// or s3:// in the store) under `uri`."""
    try:
        path = store.path_for(source)
    except StoreError as error:
        raise UserError(f"--data {source}: {error}") from None
    if not path.exists():
        raise UserError(f"--data {source}: no such file or folder")
    if path.is_dir():
        store.put_tree(path, uri)
    else:
        store.put_file(path, uri.rstrip("/") + "/" + path.name)
