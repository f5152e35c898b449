"""Building many generated projects' pipeline definitions fast, in this process.

`python pipeline/pipeline.py --definition` per project costs a Python start and the SDK's import
(~10 s each on this machine); here every project's pipeline.py is imported as its own module
and its `main(["--definition"])` runs against one moto server on 127.0.0.1, with the offline
environment `sagebridge validate` gives it (dummy credentials, no retries, every other address
behind a dead loopback proxy). botocore's JSON data files (endpoints, service models) are read
once for all builds: each build makes new boto3 sessions, which would re-read them (~3 s).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sagebridge.project.definition import offline_env


class Builder:
    """`build(out, tuning=False)` -> the definition document pipeline.py prints."""

    def __init__(self) -> None:
        self._count = 0

    def build(self, out: Path, *, tuning: bool = False) -> dict[str, Any]:
        self._count += 1
        spec = importlib.util.spec_from_file_location(
            f"corpus_pipeline_{self._count}", out / "pipeline" / "pipeline.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
            module.main(["--definition", *(["--tuning"] if tuning else [])])
        document = json.loads(printed.getvalue())
        assert isinstance(document, dict)
        return document


@contextlib.contextmanager
def in_process_builder() -> Iterator[Builder]:
    import botocore.loaders
    from helpers.moto import moto_server

    original = botocore.loaders.JSONFileLoader.load_file
    loaded: dict[str, Any] = {}

    def load_once(self: Any, file_path: str) -> Any:
        if file_path not in loaded:
            loaded[file_path] = original(self, file_path)
        return loaded[file_path]

    with moto_server() as url, pytest.MonkeyPatch.context() as patch:
        for name in [k for k in os.environ if k.startswith("AWS_")]:
            patch.delenv(name)
        for name, value in offline_env(url).items():
            patch.setenv(name, value)
        patch.setenv("AWS_MAX_ATTEMPTS", "1")  # moto lacks one IAM call the SDK tries
        patch.setattr(botocore.loaders.JSONFileLoader, "load_file", load_once)
        yield Builder()
