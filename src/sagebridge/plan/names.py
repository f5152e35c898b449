"""Every AWS-facing name, derived once from the project folder's name.

The templates, the pipeline, IAM policies and the deploy scripts all read `plan.names`, so a role,
bucket or model package group can never be spelled two ways. Limits (AWS API references):

* CloudFormation stack: letter first, then letters, digits, hyphens; 128 characters.
* SageMaker pipeline, model package group, endpoint: `[a-zA-Z0-9](-*[a-zA-Z0-9])*`; 256/63/63.
* IAM role: `[\\w+=,.@-]+`, 64 characters; account-wide, so the template appends
  `-<region>-<environment>` (up to 14 + 7 characters + 2 hyphens) to it and to the deployer
  policy's name (contract.ACCOUNT_WIDE_NAME_SUFFIX).
* S3 bucket: 3-63 lowercase letters, digits, hyphens; the template appends
  `-<account id>-<region>` (12 + up to 14 characters + 2 hyphens), leaving 35 for the prefix,
  of which staging and prod take 4 for their suffix after the slug (`-stg`, `-prd`:
  contract.ENVIRONMENT_NAME_SUFFIXES, applied by sagebridge.aws.environments).
* Training job: 63 characters; the SDK appends `-YYYY-MM-DD-HH-MM-SS-mmm` (24) to the base name.
"""

from __future__ import annotations

import hashlib
import re

from sagebridge import contract
from sagebridge.model import Names

SLUG_MAX = 20  # fits every suffix below inside the tightest limit (the bucket prefix, 35)
BUCKET_PREFIX_MAX = 63 - 12 - 14 - 2
BASE_JOB_MAX = 63 - 24
FALLBACK_SLUG = "project"


def slug(folder_name: str) -> str:
    """Lowercase letters, digits and single hyphens, starting with a letter, at most SLUG_MAX.

    A name cut to fit keeps a 4-character hash of the whole name, so that two long folder
    names that share a beginning still get different AWS names.
    """
    text = re.sub(r"[^a-z0-9]+", "-", folder_name.lower()).strip("-")
    if not text:
        return FALLBACK_SLUG
    if not text[0].isalpha():
        text = f"p-{text}"
    if len(text) > SLUG_MAX:
        digest = hashlib.sha256(folder_name.encode()).hexdigest()[:4]
        text = f"{text[: SLUG_MAX - 5].rstrip('-')}-{digest}"
    return text


def derive_names(folder_name: str) -> Names:
    project = slug(folder_name)
    names = Names(
        project=project,
        stack=f"sagebridge-{project}",
        pipeline=f"{project}-pipeline",
        model_package_group=f"{project}-models",
        endpoint=f"{project}-endpoint",
        role=f"{project}-sagemaker-role",
        bucket_prefix=f"sagebridge-{project}",
        base_job=f"{project}-train",
    )
    suffix = max(len(s) for s in contract.ENVIRONMENT_NAME_SUFFIXES.values())
    assert len(names.bucket_prefix) + suffix <= BUCKET_PREFIX_MAX
    assert len(names.base_job) + suffix <= BASE_JOB_MAX
    return names
