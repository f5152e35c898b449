"""Code that runs only on a CUDA GPU, with no CPU fallback in the file (pytorch/examples
ddp-tutorial-series, older research scripts):

    torch.cuda.set_device(rank)                         -> needs CUDA
    init_process_group(backend="nccl")                  -> needs CUDA (NCCL is GPU-only)
    mp.spawn(main, nprocs=torch.cuda.device_count())    -> needs CUDA (no process without one)
    model.cuda() / x.to("cuda:0") / torch.device("cuda") -> needs CUDA
    model.to(0) / model.to(self.gpu_id)                 -> needs CUDA (a GPU index)

A file that asks `torch.cuda.is_available()` (or `device_count()` in a condition, or
`torch.accelerator`) chooses its device and runs on a CPU too: none of its uses count.
"""

from __future__ import annotations

import ast
import re

from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.model import CudaUse

CUDA_ONLY_CALLS = {
    "torch.cuda.set_device": "torch.cuda.set_device",
    "torch.cuda.device_count": "torch.cuda.device_count() as the process count",
}
PROCESS_GROUP = ("torch.distributed.init_process_group", "init_process_group")
FALLBACK_CHECKS = ("torch.cuda.is_available", "torch.accelerator")
CUDA_DEVICE = re.compile(r"^cuda(:\d+)?$")
GPU_INDEX = re.compile(r"(^|_)(gpu|gpu_id|local_rank|cuda)(_id)?$", re.IGNORECASE)


def find_cuda_uses(module: ParsedModule) -> tuple[CudaUse, ...]:
    if _has_fallback(module):
        return ()
    found: list[CudaUse] = []
    for call in module.calls():
        what = _cuda_only(module, call)
        if what is not None:
            found.append(CudaUse(module.path, call.lineno, what))
    return tuple(found)


def _has_fallback(module: ParsedModule) -> bool:
    for node in module.nodes:
        if isinstance(node, ast.Attribute):
            name = module.qualified(node) or ""
            if name.startswith(FALLBACK_CHECKS):
                return True
        if isinstance(node, (ast.If, ast.IfExp)) and "device_count" in module.segment(node.test):
            return True
    return False


def _cuda_only(module: ParsedModule, call: ast.Call) -> str | None:
    name = module.qualified(call.func) or ""
    if name == "torch.cuda.set_device":
        return CUDA_ONLY_CALLS[name]
    if name.endswith(PROCESS_GROUP):
        backend = keyword(call, "backend") or (call.args[0] if call.args else None)
        if backend is not None and string_value(backend) == "nccl":
            return 'init_process_group(backend="nccl")'
        return None
    if name.endswith(".spawn") or name == "spawn":
        count = keyword(call, "nprocs")
        if count is not None and "cuda.device_count" in module.segment(count):
            return "mp.spawn(nprocs=torch.cuda.device_count())"
        return None
    if name == "torch.device" and call.args:
        device = string_value(call.args[0])
        return f"torch.device({device!r})" if device and CUDA_DEVICE.match(device) else None
    if not isinstance(call.func, ast.Attribute):
        return None
    if call.func.attr == "cuda" and not call.args and not name.startswith("torch."):
        return ".cuda()"
    if call.func.attr == "to" and len(call.args) == 1:
        return _gpu_target(module, call.args[0])
    return None


def _gpu_target(module: ParsedModule, target: ast.expr) -> str | None:
    """`.to(0)`, `.to("cuda")`, `.to(self.gpu_id)`: a GPU as the destination."""
    if isinstance(target, ast.Constant) and type(target.value) is int:
        return f".to({target.value})"
    text = string_value(target)
    if text is not None:
        return f".to({text!r})" if CUDA_DEVICE.match(text) else None
    last = target.attr if isinstance(target, ast.Attribute) else (
        target.id if isinstance(target, ast.Name) else None
    )
    if last is not None and GPU_INDEX.search(last):
        return f".to({module.segment(target)})"
    return None
