"""Issue 12 item 14: the IAM policies of a second environment name its own resources only.

For every example, prod's stack template (sagebridge.aws.environments: the project's template
with prod's names) is read back like `validate` reads a template; its deployer policy, evaluated
with `sagebridge.validate.iam_eval` as tests/infrastructure/test_iam_sufficiency.py does, allows
every call the CLI makes on prod's resources and none of those calls on dev's.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from infrastructure.projects import EXAMPLES, TEMPLATE, names_of
from infrastructure.test_iam_sufficiency import SAMPLE
from sagebridge.aws.environments import environment_names, environment_template
from sagebridge.aws.project import load_project
from sagebridge.validate import iam_calls
from sagebridge.validate.project import load_cloudformation, plain_intrinsics


def _deployer_policy(template: Path) -> dict:
    resources = load_cloudformation(template)["Resources"]
    return plain_intrinsics(resources["EndpointDeployerPolicy"]["Properties"]["PolicyDocument"])


@pytest.mark.parametrize("example", EXAMPLES)
def test_prod_deployer_policy_covers_prod_and_not_dev(
    generated: dict[str, Path], example: str, tmp_path: Path
) -> None:
    project = generated[example]
    dev = names_of(project)
    prod = environment_names(dev, "prod")
    template = tmp_path / "prod.yaml"
    template.write_text(environment_template(load_project(project), "prod"), encoding="utf-8")
    policy = _deployer_policy(template)
    assert iam_calls.refused(policy, prod, SAMPLE) == []
    refused_on_dev = {(need.action, need.resource)
                      for need, _ in iam_calls.refused(policy, dev, SAMPLE)}
    # Every call on one of the project's named resources (pipeline, model packages, endpoint,
    # bucket, stack, role...) is refused on dev's; only calls on no named resource stay allowed.
    named = {(need.action, need.resource) for need in iam_calls.needs()
             if re.search(r"(?<!\$)\{[a-z_]+\}", need.resource)}  # {pipeline}, {endpoint}...
    assert named and refused_on_dev == named
    # dev's own policy, as generated, is unchanged and still covers dev; on prod's resources it
    # allows only `status`'s DescribeAlarms on `alarm:<project>-*` (read-only, a prefix prod's
    # alarm names share), nothing that creates, changes or deletes.
    dev_policy = _deployer_policy(project / TEMPLATE)
    assert iam_calls.refused(dev_policy, dev, SAMPLE) == []
    refused_on_prod = {(need.action, need.resource)
                       for need, _ in iam_calls.refused(dev_policy, prod, SAMPLE)}
    assert {action for action, _ in named - refused_on_prod} == {"cloudwatch:DescribeAlarms"}


def test_prod_template_passes_cfn_lint(generated: dict[str, Path], tmp_path: Path) -> None:
    """The same linter `validate` runs on dev's template accepts prod's (names of valid form,
    lengths within the limits cfn-lint knows)."""
    template = tmp_path / "prod.yaml"
    template.write_text(environment_template(load_project(generated["sklearn-digits"]), "prod"),
                        encoding="utf-8")
    linter = Path(sys.executable).with_name("cfn-lint")
    done = subprocess.run([str(linter), str(template)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
