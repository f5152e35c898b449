"""The served model: a model.tar.gz extracted, its code/inference.py imported, model_fn run once.

Handlers the module leaves out get SageMaker's defaults: the JSON/CSV/NPY codecs of
`payloads.py`, `model.predict(data)` or a no-grad forward pass, and `torch.jit.load("model.pt")`.
A SavedModel in a numbered folder with no inference.py is served as the TensorFlow Serving
container serves it (`tf_serving.py`).
"""

from __future__ import annotations

import importlib.util
import itertools
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sagebridge.contract import (
    INFERENCE_CODE_DIR,
    INFERENCE_HANDLERS,
    INFERENCE_SCRIPT,
    INFERENCE_TRANSFORM_HANDLER,
    MODEL_ARCHIVE,
    TORCHSCRIPT_FILE,
)
from sagebridge.errors import UserError
from sagebridge.local.serve import payloads, tf_serving
from sagebridge.local.serve.archive import unpack

_module_ids = itertools.count(1)


@dataclass(frozen=True)
class Handlers:
    """The inference functions in effect: the module's own, else SageMaker's defaults."""

    model_fn: Callable[[str], Any]
    input_fn: Callable[[bytes, str], Any]
    predict_fn: Callable[[Any, Any], Any]
    output_fn: Callable[[Any, str], Any]
    transform_fn: Callable[[Any, bytes, str, str], Any] | None
    custom: tuple[str, ...]  # names the module defines, for the startup message


def default_model_fn(model_dir: str) -> Any:
    """The PyTorch serving container's default: jit-load model.pt at the model root."""
    path = Path(model_dir) / TORCHSCRIPT_FILE
    if not path.is_file():
        raise UserError(
            f"{MODEL_ARCHIVE}: {INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT} defines no model_fn and"
            f" there is no {TORCHSCRIPT_FILE} at the archive root; add a model_fn"
        )
    import torch  # only in the serving process, only for a model that needs it

    with warnings.catch_warnings():
        # torch 2.14 deprecates TorchScript; SageMaker's PyTorch server still jit-loads model.pt.
        warnings.simplefilter("ignore", FutureWarning)
        model = torch.jit.load(str(path), map_location="cpu")
    model.eval()
    return model


def default_predict_fn(data: Any, model: Any) -> Any:
    """`model.predict(data)` (scikit-learn, XGBoost), else a no-grad forward pass (PyTorch)."""
    if hasattr(model, "predict"):
        return model.predict(data)
    import torch

    with torch.no_grad():
        return model(torch.as_tensor(data))


def load_handlers(model_dir: Path, module_name: str) -> Handlers:
    """Import `code/inference.py` from an extracted model folder and pick its handlers."""
    script = model_dir / INFERENCE_CODE_DIR / INFERENCE_SCRIPT
    module: ModuleType | None = None
    if script.is_file():
        spec = importlib.util.spec_from_file_location(module_name, script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)

    def own(name: str) -> Callable[..., Any] | None:
        handler = getattr(module, name, None)
        return handler if callable(handler) else None

    if module is None and tf_serving.version_dir(model_dir) is not None:
        return Handlers(
            model_fn=tf_serving.model_fn,
            input_fn=tf_serving.input_fn,
            predict_fn=tf_serving.predict_fn,
            output_fn=tf_serving.output_fn,
            transform_fn=None,
            custom=(),
        )
    custom = tuple(n for n in (*INFERENCE_HANDLERS, INFERENCE_TRANSFORM_HANDLER) if own(n))
    transform_fn = own(INFERENCE_TRANSFORM_HANDLER)
    mixed = [n for n in ("input_fn", "predict_fn", "output_fn") if own(n)]
    if transform_fn and mixed:
        raise UserError(
            f"{INFERENCE_CODE_DIR}/{INFERENCE_SCRIPT}: defines transform_fn and {', '.join(mixed)};"
            " SageMaker accepts one style or the other, so remove one"
        )
    return Handlers(
        model_fn=own("model_fn") or default_model_fn,
        input_fn=own("input_fn") or payloads.decode,
        predict_fn=own("predict_fn") or default_predict_fn,
        output_fn=own("output_fn") or payloads.encode,
        transform_fn=transform_fn,
        custom=custom,
    )


class ServedModel:
    """A model.tar.gz extracted to a fresh folder, its handlers imported, model_fn run once."""

    def __init__(self, archive: Path, *, max_extract_bytes: int | None = None) -> None:
        self.archive = Path(archive)
        self.workdir = Path(tempfile.mkdtemp(prefix="sagebridge-endpoint-"))
        self.model_dir = self.workdir / "model"  # what /opt/ml/model is in the container
        self.code_dir = str(self.model_dir / INFERENCE_CODE_DIR)
        self.module_name = f"sagebridge_served_inference_{next(_module_ids)}"
        try:
            unpack(self.archive, self.model_dir, max_extract_bytes)
            # The container puts code/ on sys.path, so inference.py can import its neighbours.
            sys.path.insert(0, self.code_dir)
            self.handlers = load_handlers(self.model_dir, self.module_name)
            self.model = self.handlers.model_fn(str(self.model_dir))
        except BaseException:
            self.close()
            raise

    def invoke(self, body: bytes, content_type: str, accept: str) -> tuple[bytes, str]:
        """One request through the handlers: the response body and its content type.

        Called from many threads at once, with no lock: the model is only read (scikit-learn's
        and XGBoost's predict, a TorchScript forward pass under no_grad are safe to run
        concurrently), so one slow request does not queue the others.
        """
        h = self.handlers
        if h.transform_fn is not None:
            result = h.transform_fn(self.model, body, content_type, accept)
        else:
            result = h.output_fn(h.predict_fn(self._decode(body, content_type), self.model), accept)
        # sagemaker-inference lets a handler return (body, content_type).
        response_type = accept
        if isinstance(result, tuple) and len(result) == 2:
            result, response_type = result
        if isinstance(result, str):
            return result.encode(), str(response_type)
        if isinstance(result, (bytes, bytearray)):
            return bytes(result), str(response_type)
        raise TypeError(
            f"{INFERENCE_SCRIPT}: output_fn/transform_fn returned {type(result).__name__};"
            " return bytes or str"
        )

    def _decode(self, body: bytes, content_type: str) -> Any:
        """input_fn; a body it can't hold in memory or recursion is the request's fault (400)."""
        try:
            return self.handlers.input_fn(body, content_type)
        except (RecursionError, MemoryError) as error:
            raise payloads.PayloadError(
                f"the request body can't be decoded: {type(error).__name__} in input_fn"
            ) from error

    def close(self) -> None:
        if self.code_dir in sys.path:
            sys.path.remove(self.code_dir)
        sys.modules.pop(self.module_name, None)
        shutil.rmtree(self.workdir, ignore_errors=True)
