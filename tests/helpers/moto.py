"""The one moto server for tests: on 127.0.0.1 (a free port), the same starter the offline
pipeline build uses (`sagebridge.project.definition.loopback_moto`), with a reset to an empty
account. moto keeps its state per process, shared by every server in it."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from sagebridge.project.definition import loopback_moto


def reset_moto(url: str) -> None:
    """Start from an empty account (every moto server of this process shares the state)."""
    request = urllib.request.Request(f"{url}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=30).close()


@contextmanager
def moto_server() -> Iterator[str]:
    """A reset moto server on loopback; yields its URL, stops it on exit."""
    with loopback_moto() as url:
        reset_moto(url)
        yield url
