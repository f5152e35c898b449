"""Record every botocore API call of this process as one JSON line in a file.

`record_to(path)` wraps `botocore.client.BaseClient._make_api_call`, the one method every client
call (paginators and s3transfer's uploads included) goes through, so the record is what the
process really sent: service (botocore's name), operation, region and the JSON-able parameters.
`record_to(None)` stops recording (the wrapper stays, passing calls through).
"""

from __future__ import annotations

import json
from typing import Any

_SKIPPED = {"Body", "PipelineDefinition", "TemplateBody"}
_TARGET: dict[str, str | None] = {"path": None}


def _scalars(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters JSON can hold, without bodies and documents."""
    kept = {}
    for key, value in params.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        if key not in _SKIPPED:
            kept[key] = value
    return kept


def record_to(path: str | None) -> None:
    from botocore.client import BaseClient

    _TARGET["path"] = path
    if getattr(BaseClient, "_sagebridge_original", None) is not None:
        return
    original = BaseClient._make_api_call

    def recorded(self: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
        target = _TARGET["path"]
        if target is not None:
            line = {
                "service": self.meta.service_model.service_name,
                "operation": operation_name,
                "region": self.meta.region_name,
                "params": _scalars(api_params),
            }
            with open(target, "a", encoding="utf-8") as sink:
                sink.write(json.dumps(line, sort_keys=True) + "\n")
        return original(self, operation_name, api_params)

    BaseClient._sagebridge_original = original  # type: ignore[attr-defined]
    BaseClient._make_api_call = recorded  # type: ignore[method-assign]
