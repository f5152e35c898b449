"""Decisions about single statements of the user's code that the codemods change where analysis
found them (plan/edits.py), beside the plan's other records: credentials read from the
environment, dataset downloads turned off or staged, the script's own argparse parser and an
exec'd configurator kept working with SageMaker's `--name value` arguments."""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model.facts import StrEnum


@dataclass(frozen=True)
class SecretPlan:
    """A hard-coded credential: replaced by a read of `env` when `replace` (a plain literal at a
    known column with a variable to read it from), and masked in docs/train.diff in any case."""

    kind: str  # e.g. "aws_access_key_id"
    masked: str  # e.g. "AKIA****MPLE"
    file: str
    line: int
    name: str | None  # what holds it: a variable, key, keyword or flag (`--hf-token`)
    column: int | None  # the literal's first character (0-based); None: not a Python literal
    env: str  # the environment variable it belongs in ("" when none is known)
    replace: bool  # the codemod replaces the literal (else: a warning to remove it by hand)


class DownloadEdit(StrEnum):
    """What the dataset-downloads codemod does to one download call."""

    SWITCH_OFF = "switch_off"  # `download=True` -> `download=False`: the data is staged
    STAGE_FILE = "stage_file"  # a fetch to a file -> `sagebridge_runtime.staged_download(...)`
    STAGE_RESPONSE = "stage_response"  # `requests.get(url)` -> `staged_response(name, ...)`
    STAGE_GET_FILE = "stage_get_file"  # keras' get_file(...) -> `staged_get_file(env, name, ...)`


@dataclass(frozen=True)
class DownloadPlan:
    edit: DownloadEdit
    call: str  # dotted call as written, e.g. "torchvision.datasets.MNIST"
    dataset: str  # e.g. "MNIST"; STAGE_RESPONSE: the file name the staged response is read from
    file: str
    line: int
    # STAGE_FILE: where the fetcher takes its destination (positional index, keyword) and what
    # it returns ("pair" | "none" | "path"), as staged_download must return it.
    destination_position: int = -1
    destination_keyword: str = ""
    returns: str = ""


@dataclass(frozen=True)
class ParserPlan:
    """An argparse parser the script already has: kept, `parse_args()` made `parse_known_args()`."""

    variable: str  # e.g. "parser"
    file: str
    line: int  # where it is created
    parse_line: int | None  # where `parse_args()` is called, if it is
    # Flags of its positional arguments in order: inside SageMaker their `--name value` pairs
    # are put back at their places before it parses (sagebridge_runtime.positional_options).
    positionals: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConfiguratorPlan:
    """An exec'd configurator (nanoGPT style) that keeps overriding the settings: it gets
    SageMaker's arguments in its own `--key=value` form, and the settings no parser."""

    file: str  # the script that execs it
    line: int
    companion: str  # the exec'd file as written, e.g. "configurator.py"


@dataclass(frozen=True)
class MagicPlan:
    """A display-only IPython magic statement (`%matplotlib inline`) the codemod turns into
    `pass`: it configures notebook output, which a training job has none of."""

    file: str
    line: int
    magic: str  # e.g. "matplotlib"


@dataclass(frozen=True)
class SourceEdits:
    secrets: tuple[SecretPlan, ...] = ()
    downloads: tuple[DownloadPlan, ...] = ()
    parsers: tuple[ParserPlan, ...] = ()
    configurators: tuple[ConfiguratorPlan, ...] = ()
    magics: tuple[MagicPlan, ...] = ()
