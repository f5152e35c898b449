"""A folder the script downloads its data into is input data, though it writes there.

    def download_bsd300(dest="dataset"):                 (pytorch/examples super_resolution)
        if not exists(join(dest, "BSDS300/images")):
            data = urllib.request.urlopen(url)
            with open(join(dest, basename(url)), "wb") as f:   "dataset" -> data, not output
                f.write(data.read())
        return join(dest, "BSDS300/images")

The write is the download's cache: the script reads the folder back, and its own existence
check skips the download when the folder already holds the data. So in the job the folder is
the training channel (staged once, read as it is), not the job's output.
"""

from __future__ import annotations

import ast

from sagebridge.analyze.knowledge import URL_FETCHERS
from sagebridge.analyze.source import ParsedModule, call_name

# `from six.moves import urllib` and friends name the standard library's fetchers.
COMPAT_PREFIXES = ("six.moves.", "future.moves.", "future.backports.")


def fetches_a_url(module: ParsedModule, call: ast.Call) -> bool:
    name = call_name(module, call)
    for prefix in COMPAT_PREFIXES:
        name = name.removeprefix(prefix)
    return name in URL_FETCHERS


def calls_beside_a_download(module: ParsedModule) -> set[int]:
    """The ids of the calls in a function that also fetches a URL (the download's writes)."""
    found: set[int] = set()
    if not any(fetches_a_url(module, c) for c in module.calls()):
        return found
    for node in module.nodes:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        calls = [c for c in ast.walk(node) if isinstance(c, ast.Call)]
        if any(fetches_a_url(module, c) for c in calls):
            found.update(id(c) for c in calls)
    return found
