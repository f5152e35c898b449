"""Declared + imported packages -> Dependency facts with status, issue and resolution."""

from __future__ import annotations

import pytest

from sagebridge.analyze.dependencies import (
    build_dependencies,
    declared_requirements,
    distribution_of,
    third_party_imports,
)
from sagebridge.model import DatasetDownload
from sagebridge.model import DependencyStatus as S

MNIST = DatasetDownload("torchvision.datasets.MNIST", "MNIST", "train.py", 10)


def test_requirements_txt_declarations() -> None:
    text = "# pinned\ntorch>=2.3  # cpu\n-r other.txt\n\nScikit_Learn==1.5\n--extra-index-url x\n"
    assert declared_requirements({"requirements.txt": text}) == {
        "torch": "torch>=2.3",
        "scikit-learn": "Scikit_Learn==1.5",
    }


def test_pyproject_and_setup_cfg_declarations() -> None:
    pyproject = '[project]\ndependencies = ["numpy>=1.26", "pandas"]\n'
    setup_cfg = "[options]\ninstall_requires =\n    xgboost>=2\n"
    assert declared_requirements({"pyproject.toml": pyproject, "setup.cfg": setup_cfg}) == {
        "numpy": "numpy>=1.26",
        "pandas": "pandas",
        "xgboost": "xgboost>=2",
    }


def test_nested_requirements_are_not_installed_by_sagemaker() -> None:
    assert declared_requirements({"docs/requirements.txt": "sphinx\n"}) == {}


@pytest.mark.parametrize(
    ("name", "distribution"),
    [("sklearn", "scikit-learn"), ("cv2", "opencv-python"), ("PIL", "pillow"), ("torch", "torch")],
)
def test_import_to_distribution(name: str, distribution: str) -> None:
    assert distribution_of(name) == distribution


def test_stdlib_and_local_imports_are_ignored() -> None:
    imports = {"train.py": {"os", "json", "model", "torch", "__future__", "sklearn"}}
    assert third_party_imports(imports, {"model", "train"}) == {
        "scikit-learn": "train.py",
        "torch": "train.py",
    }


CASES = [
    pytest.param(
        {"torch": "torch", "torchvision": "torchvision"},
        {"torch": "train.py", "torchvision": "train.py"},
        [MNIST],
        {"torch": (S.COMPATIBLE, None), "torchvision": (S.PROBLEMATIC, "manual_download")},
        id="ec2-mnist",
    ),
    pytest.param(
        {"torchvision": "torchvision"},
        {"torchvision": "train.py"},
        [],
        {"torchvision": (S.COMPATIBLE, None)},
        id="torchvision-without-download",
    ),
    pytest.param(
        {},
        {"pyyaml": "train.py"},
        [],
        {"pyyaml": (S.UNDECLARED, "declare")},
        id="undeclared",
    ),
    pytest.param(
        {"opencv-python": "opencv-python==4.9"},
        {"opencv-python": "train.py"},
        [],
        {"opencv-python": (S.PROBLEMATIC, "replace:opencv-python-headless")},
        id="opencv-needs-headless",
    ),
    pytest.param(
        {"opencv-python-headless": "opencv-python-headless"},
        {"opencv-python": "train.py"},
        [],
        {"opencv-python-headless": (S.COMPATIBLE, None)},
        id="headless-satisfies-cv2",
    ),
    pytest.param(
        {"tensorflow-gpu": "tensorflow-gpu==2.10"},
        {"tensorflow": "train.py"},
        [],
        {"tensorflow-gpu": (S.PROBLEMATIC, "replace:tensorflow")},
        id="tensorflow-gpu",
    ),
    pytest.param(
        {"torch": "torch==1.8.1"},
        {"torch": "train.py"},
        [],
        {"torch": (S.PROBLEMATIC, "unpin")},
        id="torch-pin-without-image",
    ),
    pytest.param(
        {"torch": "torch==2.5.1"},
        {"torch": "train.py"},
        [],
        {"torch": (S.COMPATIBLE, None)},
        id="torch-pin-with-image",
    ),
    pytest.param(
        {"some-internal-lib": "some-internal-lib"},
        {},
        [],
        {"some-internal-lib": (S.UNKNOWN, None)},
        id="declared-never-imported-unknown",
    ),
]


@pytest.mark.parametrize(("declared", "imported", "downloads", "expected"), CASES)
def test_build_dependencies(
    declared: dict, imported: dict, downloads: list, expected: dict
) -> None:
    found = build_dependencies(declared, imported, downloads)
    assert {d.name: (d.status, d.resolution) for d in found} == expected
    for dependency in found:
        assert (dependency.issue is None) == (dependency.resolution is None)


def test_torchvision_download_issue_text() -> None:
    [dependency] = build_dependencies({"torchvision": "torchvision"}, {}, [MNIST])
    assert dependency.issue == "dataset download needs internet access in the training container"
