"""AWS-owned registries of the SageMaker framework images the generated pipeline pulls.

The execution role may pull only these repositories, in the stack's region, from the AWS
account that owns them there. The accounts differ per region; the CloudFormation template
carries them as a `Mappings` table (`registry_mapping`) and the policies name them through
`${...Registry}` variables that `Fn::Sub` resolves with `Fn::FindInMap` (see plan/iam.py).

Copied from the SageMaker SDK's image config (`sagemaker/core/image_uri_config/sklearn.json`,
`xgboost.json`, `pytorch.json`); tests/infrastructure checks that the tables still match it.
"""

from __future__ import annotations

from collections.abc import Mapping

MAPPING_NAME = "ImageRegistries"
FIRST_PARTY = "FirstParty"  # sagemaker-scikit-learn and sagemaker-xgboost (same accounts)
DLC = "DeepLearningContainers"  # pytorch-training and pytorch-inference

_FIRST_PARTY_ACCOUNTS: Mapping[str, str] = {
    "af-south-1": "510948584623",
    "ap-east-1": "651117190479",
    "ap-northeast-1": "354813040037",
    "ap-northeast-2": "366743142698",
    "ap-northeast-3": "867004704886",
    "ap-south-1": "720646828776",
    "ap-south-2": "628508329040",
    "ap-southeast-1": "121021644041",
    "ap-southeast-2": "783357654285",
    "ap-southeast-3": "951798379941",
    "ap-southeast-4": "106583098589",
    "ca-central-1": "341280168497",
    "ca-west-1": "190319476487",
    "cn-north-1": "450853457545",
    "cn-northwest-1": "451049120500",
    "eu-central-1": "492215442770",
    "eu-central-2": "680994064768",
    "eu-north-1": "662702820516",
    "eu-south-1": "978288397137",
    "eu-south-2": "104374241257",
    "eu-west-1": "141502667606",
    "eu-west-2": "764974769150",
    "eu-west-3": "659782779980",
    "il-central-1": "898809789911",
    "me-central-1": "272398656194",
    "me-south-1": "801668240914",
    "sa-east-1": "737474898029",
    "us-east-1": "683313688378",
    "us-east-2": "257758044811",
    "us-gov-east-1": "237065988967",
    "us-gov-west-1": "414596584902",
    "us-iso-east-1": "833128469047",
    "us-isob-east-1": "281123927165",
    "us-isof-east-1": "108575199400",
    "us-isof-south-1": "124985052026",
    "us-west-1": "746614075791",
    "us-west-2": "246618743249",
}
_DLC_ACCOUNTS: Mapping[str, str] = {
    "af-south-1": "626614931356",
    "ap-east-1": "871362719292",
    "ap-east-2": "975050140332",
    "ap-northeast-1": "763104351884",
    "ap-northeast-2": "763104351884",
    "ap-northeast-3": "364406365360",
    "ap-south-1": "763104351884",
    "ap-south-2": "772153158452",
    "ap-southeast-1": "763104351884",
    "ap-southeast-2": "763104351884",
    "ap-southeast-3": "907027046896",
    "ap-southeast-4": "457447274322",
    "ap-southeast-5": "550225433462",
    "ap-southeast-6": "633930458069",
    "ap-southeast-7": "590183813437",
    "ca-central-1": "763104351884",
    "ca-west-1": "204538143572",
    "cn-north-1": "727897471807",
    "cn-northwest-1": "727897471807",
    "eu-central-1": "763104351884",
    "eu-central-2": "380420809688",
    "eu-north-1": "763104351884",
    "eu-south-1": "692866216735",
    "eu-south-2": "503227376785",
    "eu-west-1": "763104351884",
    "eu-west-2": "763104351884",
    "eu-west-3": "763104351884",
    "il-central-1": "780543022126",
    "me-central-1": "914824155844",
    "me-south-1": "217643126080",
    "me-west-1": "124382933778",
    "mx-central-1": "637423239942",
    "sa-east-1": "763104351884",
    "us-east-1": "763104351884",
    "us-east-2": "763104351884",
    "us-gov-east-1": "446045086412",
    "us-gov-west-1": "442386744353",
    "us-iso-east-1": "886529160074",
    "us-isob-east-1": "094389454867",
    "us-isof-east-1": "303241398832",
    "us-isof-south-1": "454834333376",
    "us-west-1": "763104351884",
    "us-west-2": "763104351884",
}

ACCOUNTS: Mapping[str, Mapping[str, str]] = {FIRST_PARTY: _FIRST_PARTY_ACCOUNTS, DLC: _DLC_ACCOUNTS}

# What each family's jobs pull: its training (and processing) and inference images (no repack
# job: the training job packs the inference code into the model itself).
_REPOSITORIES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "sklearn": ((FIRST_PARTY, "sagemaker-scikit-learn"),),
    "xgboost": ((FIRST_PARTY, "sagemaker-xgboost"),),
    "pytorch": ((DLC, "pytorch-training"), (DLC, "pytorch-inference")),
    "tensorflow": ((DLC, "tensorflow-training"), (DLC, "tensorflow-inference")),
    # CPU training and processing on the PyTorch image, GPU training and inference on the HF DLCs
    "huggingface": ((DLC, "pytorch-training"), (DLC, "huggingface-pytorch-training"),
                    (DLC, "huggingface-pytorch-inference")),
}
# The plan's framework -> the image family pipeline/pipeline.py runs (IMAGE_FRAMEWORK there).
_IMAGE_FAMILY: Mapping[str, str] = {
    "pytorch": "pytorch", "torchvision": "pytorch", "lightning": "pytorch",
    "transformers": "pytorch", "huggingface": "huggingface",
    "sklearn": "sklearn", "lightgbm": "sklearn", "xgboost": "xgboost",
    "tensorflow": "tensorflow", "keras": "tensorflow",
}


def image_repositories(framework: str | None) -> tuple[tuple[str, str], ...]:
    """(registry, repository) pairs the pipeline pulls; every family's when `framework` is None."""
    family = _IMAGE_FAMILY.get(framework or "")
    if family is None:
        pairs = [pair for pairs in _REPOSITORIES.values() for pair in pairs]
        return tuple(dict.fromkeys(pairs))
    return _REPOSITORIES[family]


def registry_variable(registry: str) -> str:
    """The `Fn::Sub` variable naming `registry`'s account in the stack's region."""
    return f"{registry}Registry"


def registry_mapping(framework: str | None) -> dict[str, dict[str, str]]:
    """region -> {registry: account}, for the regions where every needed registry exists."""
    registries = sorted({registry for registry, _ in image_repositories(framework)})
    regions = set.intersection(*(set(ACCOUNTS[registry]) for registry in registries))
    return {region: {registry: ACCOUNTS[registry][region] for registry in registries}
            for region in sorted(regions)}
