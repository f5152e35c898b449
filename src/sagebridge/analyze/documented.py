"""Values the project's README passes to its entry point, for the arguments the script requires.

    README.md:  python train.py --dataset fake --niter 2
    train.py:   parser.add_argument('--dataset', required=True, help='fake | mnist | folder')
        -> --dataset documented as "fake" (the first command that passes it)

A required argument has no default in the script; the command the project documents is the
value its authors run it with, so the pipeline can offer that instead of refusing to start.
READMEs are read at the project root and beside the entry point; a command counts when a word
of it names the entry script (`python train.py`, `python -m torch.distributed.run train.py`).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterable
from dataclasses import replace

from sagebridge.analyze.files import ProjectFiles
from sagebridge.model import Hyperparameter

README = re.compile(r"^readme(\.(md|markdown|rst|txt))?$", re.IGNORECASE)
PROMPT = re.compile(r"^\s*(\$|>>>|%|!)\s*")
# What a usage line shows in place of a value: `<value>`, `{a,b}`, `[...]` (and argparse's
# metavar, the flag's name in capitals: `--upscale_factor UPSCALE_FACTOR`, `--lr LR`).
PLACEHOLDER = re.compile(r"^(<[^>]*>|\{[^}]*\}|\[.*\])$")


def documented_arguments(project: ProjectFiles, entry: str) -> dict[str, str]:
    """`--flag` -> the value the first documented command of the entry script passes."""
    folders = {"", posixpath.dirname(entry)}
    script = posixpath.basename(entry)
    found: dict[str, str] = {}
    for path in project.files:
        if posixpath.dirname(path) not in folders or not README.match(posixpath.basename(path)):
            continue
        for line in _lines(project.read_text(path) or ""):
            for flag, value in _arguments(line, script):
                found.setdefault(flag, value)
    return found


def _lines(text: str) -> list[str]:
    """The README's lines with shell continuations joined: a command written over several
    lines ending in `\\` (as Hugging Face's example READMEs do) is one command."""
    joined: list[str] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    if pending:
        joined.append(pending)
    return joined


def _arguments(line: str, script: str) -> Iterable[tuple[str, str]]:
    try:
        words = shlex.split(PROMPT.sub("", line.strip().strip("`")))
    except ValueError:  # an unbalanced quote: prose, not a command
        return
    starts = [i for i, word in enumerate(words) if posixpath.basename(word) == script]
    if not starts or any(word.lower() == "usage:" for word in words[: starts[0]]):
        return  # `usage: main.py [-h] --upscale_factor UPSCALE_FACTOR`: the syntax, no value
    rest = words[starts[0] + 1 :]
    for index, word in enumerate(rest):
        if word.startswith("-"):
            break
        yield positional_key(index + 1), word  # `python train.py 50 10`: positionals first
    for index, word in enumerate(rest):
        if not word.startswith("--") or len(word) < 3:
            continue
        flag, equals, value = word.partition("=")
        if not equals:
            following = rest[index + 1] if index + 1 < len(rest) else ""
            if not following or following.startswith("-"):
                continue
            value = following
        metavar = flag.lstrip("-").replace("-", "_").upper()
        if not PLACEHOLDER.match(value) and value.replace("-", "_") != metavar:
            yield flag, value


def positional_key(position: int) -> str:
    """The key of the README's value for the parser's positional at `position` (1 first)."""
    return f"#{position}"


def with_documented_values(
    hyperparameters: Iterable[Hyperparameter], documented: dict[str, str]
) -> tuple[Hyperparameter, ...]:
    """Each required argument with the value the README documents for it, if any (a
    positional's only when it reads as its type: `python train.py to train` is prose)."""
    found: list[Hyperparameter] = []
    for hp in hyperparameters:
        key = positional_key(hp.position) if hp.position is not None else hp.flag
        value = documented.get(key or "")
        if hp.required and value is not None and _reads_as(value, hp.type):
            hp = replace(hp, documented=value)
        found.append(hp)
    return tuple(found)


def _reads_as(value: str, type_: str) -> bool:
    converter = {"int": int, "float": float}.get(type_)
    if converter is None:
        return True
    try:
        converter(value)
    except ValueError:
        return False
    return True


def documented_flags(project: ProjectFiles, entry: str) -> tuple[str, ...]:
    """Every `--flag` (valued or bare, `--do_train`) of the first command a README runs the
    entry script with, in its order; () when no README documents one."""
    folders = {"", posixpath.dirname(entry)}
    script = posixpath.basename(entry)
    for path in sorted(project.files):
        if posixpath.dirname(path) not in folders or not README.match(posixpath.basename(path)):
            continue
        for line in _lines(project.read_text(path) or ""):
            flags = _flags(line, script)
            if flags:
                return flags
    return ()


def _flags(line: str, script: str) -> tuple[str, ...]:
    try:
        words = shlex.split(PROMPT.sub("", line.strip().strip("`")))
    except ValueError:
        return ()
    starts = [i for i, word in enumerate(words) if posixpath.basename(word) == script]
    if not starts or any(word.lower() == "usage:" for word in words[: starts[0]]):
        return ()
    rest = words[starts[0] + 1 :]
    flags = (w.partition("=")[0] for w in rest if w.startswith("--") and len(w) > 2)
    return tuple(dict.fromkeys(f for f in flags if f != "--help"))  # `--help`: no run
