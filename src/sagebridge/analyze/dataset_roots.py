"""The folder a torchvision dataset is read from, when written straight into its call.

    datasets.FashionMNIST(root="data", train=True, download=True)    "data" -> input data
    datasets.CIFAR10("./data", train=False, transform=t)             "./data" -> input data
    datasets.ImageFolder(os.path.join("data", "train"))              "data" -> input data

A root held by a variable (`data_dir = "./data"`) is judged by its name already; a literal in
the call has no name to judge, so its use says what it is: the data the job reads.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from sagebridge.analyze.resolve import PathResolver
from sagebridge.analyze.source import ParsedModule, argument, call_name

# The packages whose dataset classes take the folder to read as their first argument.
DATASET_PACKAGES = ("torchvision.datasets.", "torchaudio.datasets.", "torchtext.datasets.")


def dataset_root_literals(module: ParsedModule, resolver: PathResolver) -> Iterator[ast.Constant]:
    """The literals the `root` of a torchvision-style dataset call resolves to."""
    for call in module.calls():
        if not call_name(module, call).startswith(DATASET_PACKAGES):
            continue
        literal = resolver.literal(argument(call, 0, "root"))
        if literal is not None and isinstance(literal.value, str):
            yield literal
