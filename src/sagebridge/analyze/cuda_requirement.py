"""Code that runs only on a CUDA GPU, with no CPU fallback in the file (pytorch/examples
ddp-tutorial-series, older research scripts):

    torch.cuda.set_device(rank)                         -> needs CUDA
    init_process_group(backend="nccl")                  -> needs CUDA (NCCL is GPU-only)
    mp.spawn(main, nprocs=torch.cuda.device_count())    -> needs CUDA (no process without one)
    model.cuda() / x.to("cuda:0") / torch.device("cuda") -> needs CUDA
    model.to(0) / model.to(self.gpu_id)                 -> needs CUDA (a GPU index)
    L.Trainer(accelerator="gpu", devices=2)             -> needs CUDA (Lightning refuses to start
    pl.Trainer(gpus=1)  /  Fabric(accelerator="cuda")      without one); "auto", "cpu" or a
                                                           value read from a flag is no need
    with tf.device("/GPU:0"):  (in a file that turns     -> needs CUDA; without those TF2 places
      off soft placement, or a TF1 `Session` without      the ops on the CPU when there is no
      `allow_soft_placement=True`)                        GPU (soft placement, measured on 2.21)

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
FALLBACK_CHECKS = (
    "torch.cuda.is_available",
    "torch.accelerator",
    "tensorflow.config.list_physical_devices",
    "tensorflow.config.experimental.list_physical_devices",
    "tensorflow.test.is_gpu_available",
)
LIGHTNING = ("lightning.", "pytorch_lightning.", "lightning_fabric.")
LIGHTNING_RUNNERS = frozenset({"Trainer", "Fabric"})
GPU_ACCELERATORS = frozenset({"gpu", "cuda"})
TF_GPU_DEVICE = re.compile(r"(^|/)(device:)?gpu(:\d+)?$", re.IGNORECASE)
TF_SESSIONS = ("tensorflow.Session", "tensorflow.compat.v1.Session")
TF_DEVICE = ("tensorflow.device", "tensorflow.compat.v1.device")
CUDA_DEVICE = re.compile(r"^cuda(:\d+)?$")
GPU_INDEX = re.compile(r"(^|_)(gpu|gpu_id|local_rank|cuda)(_id)?$", re.IGNORECASE)


def find_cuda_uses(module: ParsedModule) -> tuple[CudaUse, ...]:
    if _has_fallback(module):
        return ()
    found: list[CudaUse] = []
    hard_placement = _hard_device_placement(module)
    for call in module.calls():
        what = _cuda_only(module, call) or _gpu_runner(module, call, hard_placement)
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


def _gpu_runner(module: ParsedModule, call: ast.Call, hard_placement: bool) -> str | None:
    """Lightning's `Trainer(accelerator="gpu")` / `Trainer(gpus=1)` / `Fabric(accelerator=
    "cuda")`, and TensorFlow's `tf.device("/GPU:0")` where placement is not soft."""
    name = module.qualified(call.func) or ""
    if name.startswith(LIGHTNING) and name.rsplit(".", 1)[-1] in LIGHTNING_RUNNERS:
        runner = name.rsplit(".", 1)[-1]
        accelerator = string_value(keyword(call, "accelerator"))
        if accelerator is not None and accelerator.lower() in GPU_ACCELERATORS:
            return f"{runner}(accelerator={accelerator!r})"
        gpus = keyword(call, "gpus")
        if gpus is not None and _asks_for_gpus(gpus):
            return f"{runner}(gpus={module.segment(gpus)})"
        return None
    if hard_placement and name in TF_DEVICE and call.args:
        device = string_value(call.args[0])
        return f"tf.device({device!r})" if device and TF_GPU_DEVICE.search(device) else None
    return None


def _asks_for_gpus(value: ast.expr) -> bool:
    """`gpus=1`, `gpus=-1`, `gpus=[0, 1]`, `gpus="0,1"`: literal GPUs (0 and None are none)."""
    if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
        return isinstance(value.operand, ast.Constant) and value.operand.value == 1
    if isinstance(value, (ast.List, ast.Tuple)):
        return bool(value.elts)
    if isinstance(value, ast.Constant):
        if isinstance(value.value, bool) or value.value is None:
            return False
        if isinstance(value.value, int):
            return value.value > 0
        if isinstance(value.value, str):
            return value.value.strip() not in ("", "0")
    return False


def _hard_device_placement(module: ParsedModule) -> bool:
    """TF2 runs `tf.device("/GPU:0")` ops on the CPU when there is no GPU (soft placement is
    on by default); they fail only once the file turns it off, or in a TF1 `Session`, whose
    default ConfigProto has `allow_soft_placement=False`."""
    turned_off = session = soft_allowed = False
    for call in module.calls():
        name = module.qualified(call.func) or ""
        if name.endswith("config.set_soft_device_placement") and call.args:
            flag = call.args[0]
            turned_off = turned_off or (isinstance(flag, ast.Constant) and flag.value is False)
        session = session or name in TF_SESSIONS
        soft = keyword(call, "allow_soft_placement")
        if soft is not None and not (isinstance(soft, ast.Constant) and soft.value is False):
            soft_allowed = True
    return turned_off or (session and not soft_allowed)
