"""Build a deployable pipeline definition; run as `python -m sagebridge.aws.definition_driver`.

Runs in its own interpreter (the SDK is heavy, and its code uploads must use the deployment's
credentials and endpoint): imports the generated `pipeline/pipeline.py`, calls its
`get_pipeline(region, role, bucket)` and writes `pipeline.definition()` to `--output`. Unlike
the script's own `--definition` (offline, uploads to a local S3), the SDK here uploads the
project's code to the real bucket, where the pipeline's jobs will read it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

GENERATED_MODULE = "sagebridge_generated_pipeline"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("script", type=Path)
    parser.add_argument("--region", required=True)
    parser.add_argument("--role", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--tuning", action="store_true")
    parser.add_argument("--spot", action="store_true")
    parser.add_argument("--gpu", action="store_true")
    args = parser.parse_args(argv)
    spec = importlib.util.spec_from_file_location(GENERATED_MODULE, args.script)
    if spec is None or spec.loader is None:
        parser.error(f"{args.script}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[GENERATED_MODULE] = module
    spec.loader.exec_module(module)
    pipeline = module.get_pipeline(
        args.region, args.role, args.bucket, tuning=args.tuning, use_spot=args.spot,
        **({"gpu": True} if args.gpu else {}),  # older generated pipelines have no gpu switch
    )
    args.output.write_text(pipeline.definition(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
