"""Declared and imported third-party packages, and what each means in a training container.

    requirements.txt: torch, torchvision   + datasets.MNIST(download=True)
        -> torch compatible; torchvision problematic (manual_download)
    import cv2 (not declared)              -> opencv-python problematic (replace: headless)
    import yaml (not declared)             -> pyyaml undeclared (declare)

Declarations come from `requirements*.txt` at the root, `pyproject.toml` ([project] and Poetry)
and `setup.cfg` `install_requires`. Imports of the standard library and of the project's own
modules are ignored; import names map to distributions through `knowledge.py`.
Status: problematic when a known problem applies; else undeclared when imported but not
declared; compatible when declared and either imported or known to install cleanly; unknown
for a declared package the code never imports and that we know nothing about.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping

from sagebridge.analyze.knowledge import (
    ALTERNATIVE_DISTRIBUTIONS,
    DATASET_DOWNLOAD_PROBLEM,
    DECLARE,
    DISTRIBUTION_OF_IMPORT,
    DOWNLOADING_DISTRIBUTIONS,
    KNOWN_COMPATIBLE,
    PROBLEMATIC_DISTRIBUTIONS,
    PYTORCH_TRAINING_VERSIONS,
    UNPIN,
    KnownProblem,
    normalise,
)
from sagebridge.model import DatasetDownload, Dependency, DependencyStatus

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXACT_PIN = re.compile(r"==\s*([0-9][^\s,;]*)")


def declared_requirements(files: Mapping[str, str]) -> dict[str, str]:
    """Normalised distribution -> requirement as written, from the project's config files."""
    declared: dict[str, str] = {}
    for path in sorted(files):
        text = files[path]
        name = path.rsplit("/", 1)[-1]
        if "/" in path:
            continue  # only root-level declarations are installed by SageMaker
        if name.startswith("requirements") and name.endswith(".txt"):
            lines = _requirement_lines(text)
        elif name == "pyproject.toml":
            lines = _pyproject_requirements(text)
        elif name == "setup.cfg":
            lines = _setup_cfg_requirements(text)
        else:
            continue
        for line in lines:
            match = _REQUIREMENT_NAME.match(line)
            if match:
                declared.setdefault(normalise(match.group(1)), line.strip())
    return declared


def _requirement_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "-")):
            lines.append(line)
    return lines


def _pyproject_requirements(text: str) -> list[str]:
    try:  # imported here: a project without a pyproject.toml doesn't pay for it
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: pyproject.toml declarations are not read
        return []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    project = data.get("project", {})
    found = [d for d in project.get("dependencies", []) if isinstance(d, str)]
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    if isinstance(poetry, dict):
        found += [name for name in poetry if name.lower() != "python"]
    return found


def _setup_cfg_requirements(text: str) -> list[str]:
    import configparser  # here: a project without a setup.cfg doesn't pay for it

    parser = configparser.ConfigParser()
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    value = parser.get("options", "install_requires", fallback="")
    return [line for line in value.splitlines() if line.strip()]


def third_party_imports(imports: Mapping[str, set[str]], local_modules: set[str]) -> dict[str, str]:
    """Distribution -> first file importing it, for imports outside stdlib and the project."""
    found: dict[str, str] = {}
    for path in sorted(imports):
        for top in sorted(imports[path]):
            if top in sys.stdlib_module_names or top in local_modules or top == "__future__":
                continue
            found.setdefault(distribution_of(top), path)
    return found


def distribution_of(top_level_import: str) -> str:
    return normalise(DISTRIBUTION_OF_IMPORT.get(top_level_import, top_level_import))


def build_dependencies(
    declared: Mapping[str, str],
    imported: Mapping[str, str],
    downloads: Iterable[DatasetDownload],
) -> list[Dependency]:
    downloading = _downloading_distributions(downloads)
    names = set(declared) | {name for name in imported if _declared_as(name, declared) is None}
    found = []
    for name in sorted(names):
        requirement = declared.get(name)
        problem = _problem(name, requirement, downloading)
        if problem is not None:
            status = DependencyStatus.PROBLEMATIC
        elif requirement is None:
            status = DependencyStatus.UNDECLARED
            problem = KnownProblem(f"imported in {imported[name]} but not declared", DECLARE)
        elif name in imported or name in KNOWN_COMPATIBLE or _declared_for_import(name, imported):
            status = DependencyStatus.COMPATIBLE
        else:
            status = DependencyStatus.UNKNOWN
        found.append(
            Dependency(
                name=name,
                declared=requirement,
                status=status,
                issue=problem.issue if problem else None,
                resolution=problem.resolution if problem else None,
            )
        )
    return found


def _declared_as(name: str, declared: Mapping[str, str]) -> str | None:
    """The declared distribution that provides import `name` (itself or an alternative)."""
    if name in declared:
        return name
    for alternative in ALTERNATIVE_DISTRIBUTIONS.get(name, frozenset()):
        if alternative in declared:
            return alternative
    return None


def _declared_for_import(name: str, imported: Mapping[str, str]) -> bool:
    return any(name in ALTERNATIVE_DISTRIBUTIONS.get(i, frozenset()) for i in imported)


def _downloading_distributions(downloads: Iterable[DatasetDownload]) -> set[str]:
    found = set()
    for download in downloads:
        for prefix, distribution in DOWNLOADING_DISTRIBUTIONS.items():
            if download.call.startswith(prefix + "."):
                found.add(distribution)
    return found


def _problem(name: str, requirement: str | None, downloading: set[str]) -> KnownProblem | None:
    if name in PROBLEMATIC_DISTRIBUTIONS:
        return PROBLEMATIC_DISTRIBUTIONS[name]
    if name in downloading:
        return DATASET_DOWNLOAD_PROBLEM
    if name == "torch" and requirement is not None:
        pin = _EXACT_PIN.search(requirement)
        if pin and not pin.group(1).startswith(tuple(v + "." for v in PYTORCH_TRAINING_VERSIONS)):
            supported = ", ".join(PYTORCH_TRAINING_VERSIONS)
            return KnownProblem(
                f"torch=={pin.group(1)} has no SageMaker training image (images: {supported})",
                UNPIN,
            )
    return None
