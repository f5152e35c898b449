"""Pretrained weights the script downloads when it runs, which a training job with network
isolation (or in a VPC without NAT) can't:

    models.resnet18(weights="DEFAULT")                  -> resnet18(weights="DEFAULT")
    resnet18(weights=ResNet18_Weights.IMAGENET1K_V1)     -> resnet18(weights=ResNet18_Weights...)
    models.vgg16(pretrained=True)                       -> vgg16(pretrained=True)
    timm.create_model("resnet50", pretrained=True)      -> create_model(pretrained=True)
    torch.hub.load("pytorch/vision", "resnet18")        -> torch.hub.load('pytorch/vision', ...)
    torch.hub.load_state_dict_from_url(URL)             -> torch.hub.load_state_dict_from_url

`weights=None`, `pretrained=False`, a value read from a flag and `torch.hub.load(...,
source="local")` download nothing the file shows.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.model import WeightDownload

WEIGHT_BUILDERS = ("torchvision.models.", "timm.")
HUB_LOADS = frozenset({"torch.hub.load", "torch.hub.load_state_dict_from_url"})


def find_weight_downloads(module: ParsedModule) -> tuple[WeightDownload, ...]:
    found: list[WeightDownload] = []
    for call in module.calls():
        what = _weights_fetch(module, call)
        if what is not None:
            found.append(WeightDownload(module.path, call.lineno, what))
    return tuple(found)


def _weights_fetch(module: ParsedModule, call: ast.Call) -> str | None:
    name = module.qualified(call.func) or ""
    short = name.rsplit(".", 1)[-1]
    if name in HUB_LOADS:
        if string_value(keyword(call, "source")) == "local":
            return None
        shown = ", ".join(module.segment(a) for a in call.args[:2])
        return f"{name}({shown})" if name == "torch.hub.load" else name
    if not name.startswith(WEIGHT_BUILDERS):
        return None
    weights = keyword(call, "weights")
    if weights is not None and _names_weights(module, weights):
        return f"{short}(weights={_shortened(module.segment(weights))})"
    pretrained = keyword(call, "pretrained")
    if isinstance(pretrained, ast.Constant) and pretrained.value is True:
        return f"{short}(pretrained=True)"
    return None


def _names_weights(module: ParsedModule, weights: ast.expr) -> bool:
    """A literal weights name ("DEFAULT", "IMAGENET1K_V1") or a torchvision `*_Weights` enum
    member; None and values from elsewhere (a flag) are not known to download."""
    text = string_value(weights)
    if text is not None:
        return bool(text)
    if isinstance(weights, ast.Attribute):
        owner = module.qualified(weights.value) or module.segment(weights.value)
        return owner.rsplit(".", 1)[-1].endswith("_Weights") or owner.startswith(
            "torchvision.models."
        )
    return False


def _shortened(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
