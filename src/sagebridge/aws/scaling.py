"""Application Auto Scaling's name for an endpoint variant's instance count: what the endpoint
commands register targets on and what cleanup deregisters (both import it from here)."""

from __future__ import annotations

SCALABLE_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
