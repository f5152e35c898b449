"""Build the pipeline definition JSON from the generated `pipeline/pipeline.py`, in a subprocess.

Two ways, both running the generated module (the single source of truth) in its own
interpreter so the heavy SageMaker SDK is imported only there:

* `deployable_definition`: for `execute`: `get_pipeline(region, role, bucket)` with the
  deployment's credentials and endpoint, so the SDK uploads the code to the stack's bucket;
* `offline_definition`: for `cost`: the project's offline builder (`sagebridge.project`), no
  AWS at all;
* `script_definition`: for `execute --dry-run`: `pipeline.py --definition`, no AWS at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sagebridge import contract
from sagebridge.aws.environments import name_suffix
from sagebridge.aws.project import Project
from sagebridge.errors import ChecksFailed, UserError
from sagebridge.project.definition import DefinitionError, build_offline_definition, offline_env
from sagebridge.project.pipeline_definition import (
    DefinitionFormatError,
    PipelineDefinition,
    parse_definition,
)

DEFINITION_TIMEOUT_S = 600


@dataclass(frozen=True)
class Variant:
    """The pipeline's own build switches (`--tuning`, `--spot`, `--gpu` of pipeline.py)."""

    tuning: bool = False
    spot: bool = False
    gpu: bool = False  # a GPU training instance by default, and the GPU image

    def flags(self) -> list[str]:
        switches = (("--tuning", self.tuning), ("--spot", self.spot), ("--gpu", self.gpu))
        return [flag for flag, on in switches if on]


def deployable_definition(
    project: Project,
    *,
    role_arn: str,
    bucket: str,
    region: str,
    endpoint_url: str | None,
    profile: str | None,
    variant: Variant,
) -> str:
    script = _script(project)
    env = {**os.environ, "AWS_DEFAULT_REGION": region, "SAGEMAKER_VALIDATE_ROLE": "false",
           contract.NAME_SUFFIX_ENV: name_suffix(project.environment)}  # its environment's names
    if endpoint_url:
        env["AWS_ENDPOINT_URL"] = endpoint_url
    if profile:
        env["AWS_PROFILE"] = profile
    with tempfile.TemporaryDirectory(prefix="sagebridge-definition-") as scratch:
        output = Path(scratch) / "definition.json"
        command = [
            sys.executable, "-m", "sagebridge.aws.definition_driver", str(script.resolve()),
            "--region", region, "--role", role_arn, "--bucket", bucket,
            "--output", str(output), *variant.flags(),
        ]  # fmt: skip
        _run(command, project, env, script)
        text = output.read_text(encoding="utf-8") if output.is_file() else ""
    return _checked(text, script)


def offline_definition(project: Project, variant: Variant) -> PipelineDefinition:
    """The project's offline build (no AWS at all), read into records; its code uploads are not
    kept.

    The offline build has no spot switch: a spot build only changes the training step's
    billing, which `cost` prices from the table either way.
    """
    _script(project)
    try:
        document = build_offline_definition(project.root, tuning=variant.tuning)
    except DefinitionError as error:
        raise ChecksFailed(str(error)) from error
    return read_definition(document, project.pipeline_file)


def read_definition(document: Any, script: Path) -> PipelineDefinition:
    """The records of a definition `script` built; ChecksFailed when it is not one."""
    try:
        return parse_definition(document)
    except DefinitionFormatError as error:
        raise ChecksFailed(f"{script}: {error}") from error


def script_definition(project: Project, variant: Variant) -> dict[str, Any]:
    """`python pipeline/pipeline.py --definition` in a subprocess, with no AWS at all.

    For `execute --dry-run`: no credentials, no region, no endpoint of the user's reach the
    subprocess (pipeline.py starts its own S3 on 127.0.0.1 for the code uploads), and anything
    not on loopback goes to a dead proxy: the project's one offline environment
    (`sagebridge.project.definition.offline_env`), given to this subprocess only.
    """
    script = _script(project)
    env = offline_env()
    command = [sys.executable, str(script.resolve()), "--definition", *variant.flags()]
    document: dict[str, Any] = json.loads(_checked(_run(command, project, env, script), script))
    return document


def _script(project: Project) -> Path:
    script = project.pipeline_file
    if not script.is_file():
        raise UserError(f"{script}: not found; run `sagebridge migrate` to generate it")
    return script


def _run(command: list[str], project: Project, env: dict[str, str], script: Path) -> str:
    done = subprocess.run(
        command,
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEFINITION_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise ChecksFailed(f"{script}: building the pipeline definition failed:\n{tail}")
    return done.stdout


def _checked(text: str, script: Path) -> str:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ChecksFailed(f"{script}: the pipeline definition is not JSON ({error})") from error
    if not isinstance(document, dict) or "Steps" not in document:
        raise ChecksFailed(f"{script}: the pipeline definition has no Steps")
    return text.strip()
