"""Installed into a subprocess through PYTHONPATH: records its botocore calls when
SAGEBRIDGE_RECORD_CALLS names a file (see tests/helpers/calls.py)."""

import os

if os.environ.get("SAGEBRIDGE_RECORD_CALLS"):
    from sagebridge_call_recorder import record_to

    record_to(os.environ["SAGEBRIDGE_RECORD_CALLS"])
