from __future__ import annotations

# The same session-wide generated examples as the infrastructure tests.
from infrastructure.conftest import generated, project_copy

__all__ = ["generated", "project_copy"]
