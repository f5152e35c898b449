"""Extracting model.tar.gz: an archive that expands beyond the cap is refused before it is written.

The archives are made here: files of zeros compress about a thousandfold, so a few kilobytes of
archive stand for megabytes on disk, and a low cap (the `--max-extract-mb` option) shows the
refusal without writing anything big.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path

import pytest
from helpers.cli import cli_env, sagebridge

from sagebridge.errors import UserError
from sagebridge.local.registry import registry_for
from sagebridge.local.serve.archive import MB, MIN_EXTRACT_CAP, default_extract_cap, unpack
from sagebridge.local.serve.server import LocalEndpoint


def zeros_archive(path: Path, sizes: dict[str, int]) -> Path:
    """A model.tar.gz of files of zeros, streamed into the archive (nothing big on disk)."""
    with tarfile.open(path, "w:gz") as tar:
        for name, size in sizes.items():
            member = tarfile.TarInfo(name)
            member.size = size
            tar.addfile(member, io.BytesIO(bytes(size)))
    return path


def test_one_file_over_the_cap_is_refused_naming_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = zeros_archive(tmp_path / "model.tar.gz", {"weights.bin": 4 * MB})
    assert archive.stat().st_size < 64 * 1024  # a small archive that would write 4 MB
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pytest.raises(UserError) as refused:
        LocalEndpoint(archive, port=0, max_extract_bytes=1 * MB).start()
    message = str(refused.value)
    assert message.startswith(f"{archive}: expands beyond the 1 MB cap")
    assert "weights.bin alone is over it" in message and "--max-extract-mb" in message
    assert "\n" not in message
    assert list((tmp_path / "tmp").iterdir()) == []  # the extraction folder is gone


def test_files_together_over_the_cap_are_refused_before_any_is_written(tmp_path: Path) -> None:
    archive = zeros_archive(tmp_path / "model.tar.gz", {f"part{i}.bin": MB // 2 for i in range(3)})
    dest = tmp_path / "model"
    with pytest.raises(UserError, match="its files are over it"):
        unpack(archive, dest, max_bytes=1 * MB)
    assert not dest.exists()
    unpack(archive, dest, max_bytes=2 * MB)  # under the cap: extracted as before
    assert sorted(p.name for p in dest.iterdir()) == ["part0.bin", "part1.bin", "part2.bin"]


def test_default_cap_is_twenty_times_the_archive_and_at_least_256_mb(tmp_path: Path) -> None:
    small = zeros_archive(tmp_path / "small.tar.gz", {"w.bin": 1024})
    assert default_extract_cap(small) == MIN_EXTRACT_CAP == 256 * MB
    large = tmp_path / "large.tar.gz"
    with open(large, "wb") as handle:
        handle.truncate(100 * MB)  # sparse: the size counts, the disk holds nothing
    assert default_extract_cap(large) == 2000 * MB


def test_serve_refuses_an_archive_over_the_cap_in_one_line(tmp_path: Path) -> None:
    archive = zeros_archive(tmp_path / "model.tar.gz", {"weights.bin": 4 * MB})
    out = tmp_path / "out"
    package = registry_for(out).register(
        group="g", model_data=archive, approval_status="Approved", metrics={}
    )
    result = sagebridge(  # check is off: the exit code is the point
        "serve", out, "--port", "0", "--max-extract-mb", "1",
        env=cli_env(COLUMNS="400"),
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "model.tar.gz: expands beyond the 1 MB cap" in result.stderr
    assert package.model_data.name == "model.tar.gz"
    assert not (out / ".sagebridge" / "endpoint.json").exists()
