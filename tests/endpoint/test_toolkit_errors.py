"""Issue 12 item 9: bad requests get a 4xx from SageMaker's real serving containers, not 500.

The containers are not installed here, so each test emulates exactly the part of their request
handling that picks the status (read from the AWS repositories):
* PyTorch (sagemaker-inference's Transformer.transform): an exception that is an instance of
  `sagemaker_inference.errors.BaseInferenceToolkitError` answers its `status_code`; any other
  exception answers 500;
* scikit-learn/XGBoost (sagemaker-containers' Transformer.transform): an instance of
  `sagemaker_containers._errors.UnsupportedFormatError` from input_fn answers 415, from
  output_fn 406; any other exception answers 500.
The generated code/inference.py is imported with a stand-in module of the same name and class
shape in sys.modules, so its `try: import` picks up the stand-in as it would the real class.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.paths import EXAMPLES

from endpoint.archives import build_sklearn_archive
from sagebridge.local.serve.client import invoke
from sagebridge.local.serve.server import LocalEndpoint
from sagebridge.migrate import migrate_project


class BaseInferenceToolkitError(Exception):  # sagemaker_inference.errors' shape
    def __init__(self, status_code: int, message: str, phrase: str) -> None:
        self.status_code = status_code
        self.message = message
        self.phrase = phrase
        super().__init__(status_code, message, phrase)


class UnsupportedFormatError(Exception):  # sagemaker_containers._errors' shape
    def __init__(self, content_type: str, **kwargs: Any) -> None:
        super().__init__(f"Content type {content_type} is not supported", **kwargs)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("toolkit")
    out = {}
    for example in ("ec2-mnist", "sklearn-digits"):
        migrate_project(EXAMPLES / example, root / example)
        out[example] = root / example / "code/inference.py"
    return out


def _import(path: Path, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    inference = types.ModuleType("sagemaker_inference")
    errors = types.ModuleType("sagemaker_inference.errors")
    errors.BaseInferenceToolkitError = BaseInferenceToolkitError  # type: ignore[attr-defined]
    inference.errors = errors  # type: ignore[attr-defined]
    containers = types.ModuleType("sagemaker_containers")
    private = types.ModuleType("sagemaker_containers._errors")
    private.UnsupportedFormatError = UnsupportedFormatError  # type: ignore[attr-defined]
    containers._errors = private  # type: ignore[attr-defined]
    for name, module in (("sagemaker_inference", inference),
                         ("sagemaker_inference.errors", errors),
                         ("sagemaker_containers", containers),
                         ("sagemaker_containers._errors", private)):
        monkeypatch.setitem(sys.modules, name, module)
    spec = importlib.util.spec_from_file_location(f"inference_{path.parent.parent.name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pytorch_status(call: Callable[[], Any]) -> int:
    """sagemaker-inference's Transformer.transform, the status part."""
    try:
        call()
    except Exception as error:  # noqa: BLE001 - what the toolkit catches
        return error.status_code if isinstance(error, BaseInferenceToolkitError) else 500
    return 200


def _sklearn_status(call: Callable[[], Any], in_output_fn: bool) -> int:
    """sagemaker-containers' Transformer.transform, the status part."""
    try:
        call()
    except UnsupportedFormatError:
        return 406 if in_output_fn else 415
    except Exception:  # noqa: BLE001 - the worker answers any other error with 500
        return 500
    return 200


@pytest.mark.parametrize("example", ["ec2-mnist", "sklearn-digits"])
def test_pytorch_toolkit_answers_the_errors_status(generated, example, monkeypatch) -> None:
    module = _import(generated[example], monkeypatch)
    assert _pytorch_status(lambda: module.input_fn(b"{not json", "application/json")) == 400
    assert _pytorch_status(lambda: module.input_fn(b"1,2", "text/plain")) == 415
    assert _pytorch_status(lambda: module.output_fn([[0.1]], "image/png")) == 406
    error = pytest.raises(BaseInferenceToolkitError, module.input_fn, b"[]", "application/json")
    assert error.value.phrase == error.value.message and error.value.message
    assert isinstance(error.value, ValueError)  # the local contract's rejection still holds


@pytest.mark.parametrize("example", ["ec2-mnist", "sklearn-digits"])
def test_sklearn_container_answers_4xx_not_500(generated, example, monkeypatch) -> None:
    module = _import(generated[example], monkeypatch)
    assert _sklearn_status(lambda: module.input_fn(b"{not json", "application/json"), False) == 415
    assert _sklearn_status(lambda: module.input_fn(b"1,2", "text/plain"), False) == 415
    assert _sklearn_status(lambda: module.output_fn([[0.1]], "image/png"), True) == 406


def test_local_server_answers_a_toolkit_errors_status(tmp_path: Path) -> None:
    digits = build_sklearn_archive(tmp_path, inference="toolkit")
    with LocalEndpoint(digits.archive, port=0) as endpoint:
        rejected = invoke(endpoint.url, b'"reject"', "application/json")
        assert rejected.status == 422
        assert json.loads(rejected.body)["message"] == "rows must be numbers"
        served = invoke(endpoint.url, json.dumps(digits.x_test[:2].tolist()).encode(),
                        "application/json")
        assert served.status == 200
