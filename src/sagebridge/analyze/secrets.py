"""Hard-coded credentials, reported by file and line with the value masked.

    AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"       -> aws_access_key_id, AKIA****MPLE
    db_password = "hunter2hunter2"                   -> password, hu****
    boto3.client("s3", aws_secret_access_key="...")  -> aws_secret_access_key

Python string literals are matched against known token shapes (`knowledge.SECRET_PATTERNS`)
and, when assigned to or passed as a name that says secret/password/token/key, by that name.
Config files and notebooks (their JSON lines decoded) are scanned line by line for the same
shapes and `name = value` pairs; an argparse option's `default=` is bound to its flag
(`--wandb-api-key`). Each secret also names the environment variable it belongs in
(`WANDB_API_KEY`): the migrated script reads it from there, and the copy of a settings file
holds `${WANDB_API_KEY}` in its place (`redact_config`).
The value itself never leaves this module: only `mask()` of it.
"""

from __future__ import annotations

import ast
import bisect
import itertools
import json
import re

from sagebridge.analyze.knowledge import SECRET_NAME_WORDS, SECRET_PATTERNS, SECRET_PLACEHOLDERS
from sagebridge.analyze.source import ParsedModule, keyword, string_value
from sagebridge.model import Secret

MIN_SECRET_LENGTH = 8
GENERIC_SHAPE = "aws_secret_access_key"  # the one shape other 40-character keys share
# Token shapes beyond knowledge.SECRET_PATTERNS: recognised whatever name holds them.
VALUE_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = SECRET_PATTERNS + (
    ("openai_api_key", re.compile(r"(?<![\w-])sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}")),
    ("google_api_key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    (  # 40 base64 characters with upper case, lower case and a digit: an AWS secret key
        GENERIC_SHAPE,
        re.compile(
            r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
            r"(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
        ),
    ),
)
# Names beyond knowledge.SECRET_NAME_WORDS that say the value is a credential.
NAME_WORDS: tuple[tuple[str, str], ...] = SECRET_NAME_WORDS + (
    ("access_key", "access_key"),
    ("credentials", "credentials"),
    ("credential", "credentials"),
    ("passphrase", "password"),
)
# Names that hold something *about* a secret (where it lives, how long it is), not the secret.
NOT_SECRET_WORDS = frozenset(
    {"name", "id", "arn", "path", "file", "dir", "env", "var", "url", "length", "len", "type"}
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# Literal text each token shape contains: a shape whose hints are all absent is not searched.
_HINTS = {
    "aws_access_key_id": ("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA"),
    "github_token": ("gh",),
    "huggingface_token": ("hf_",),
    "slack_token": ("xox",),
    "private_key": ("-----BEGIN",),
    "openai_api_key": ("sk-",),
    "google_api_key": ("AIza",),
    "jwt": ("eyJ",),
}
_NAME_HINT = re.compile(r"pass|pwd|secret|token|key|credential")  # in the lower-cased text
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")  # 40, no more
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line breaks `ast` counts
_CONFIG_PAIR = re.compile(r"""^\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([^"'\s#]+)""")


def mask(value: str) -> str:
    """Enough to recognise a key, never enough to guess it, nor its length: four characters at
    each end of a long token (`AKIA****MPLE`), the first two of a shorter value (`hu****`)."""
    if len(value) >= 20:
        return value[:4] + "****" + value[-4:]
    return value[:2] + "****" if len(value) >= 8 else "****"


def kind_of_name(name: str) -> str | None:
    """`db_password` -> password; `tokenizer` and `secret_name` are not secrets."""
    words = [w for w in re.split(r"[^a-z0-9]+", _CAMEL.sub("_", name).lower()) if w]
    if set(words) & NOT_SECRET_WORDS:
        return None
    joined = "_" + "_".join(words) + "_"
    for word, kind in NAME_WORDS:
        if f"_{word}_" in joined:
            return kind
    return None


def classify(value: str, name: str | None) -> list[tuple[str, str]]:
    """(kind, matched text) for each secret in `value`; `name` is what it is bound to."""
    found = [
        (kind, match.group(0))
        for kind, pattern in VALUE_SHAPES
        for match in pattern.finditer(value)
    ]
    kind = kind_of_name(name) if name is not None else None
    if found and kind and all(shape is GENERIC_SHAPE for shape, _ in found):
        return [(kind, value)]  # a 40-character key under a name that says what it is
    if found or name is None:
        return found
    if kind is None or len(value) < MIN_SECRET_LENGTH or SECRET_PLACEHOLDERS.match(value):
        return []
    if any(char.isspace() for char in value):
        return []  # a sentence (help text, a prompt), not a credential
    return [(kind, value)]


def env_name(name: str | None, kind: str) -> str:
    """The environment variable a secret belongs in: `--wandb-api-key` -> WANDB_API_KEY; a
    token under a name that doesn't say credential (`openai: sk-...`) -> its kind."""
    named = name if name is not None and kind_of_name(name) is not None else None
    words = re.split(r"[^A-Za-z0-9]+", _CAMEL.sub("_", named or kind))
    return "_".join(w.upper() for w in words if w) or kind.upper()


def is_secret_setting(name: str, value: object) -> bool:
    """A setting that holds a credential: a string whose name or shape says so, or a
    credential-named option with no value (`--api-key`, type str, no default)."""
    if isinstance(value, str):
        return bool(classify(value, name)) or kind_of_name(name) is not None
    return value is None and kind_of_name(name) is not None


def find_secrets(module: ParsedModule) -> list[Secret]:
    names = _bound_names(module)
    found: dict[tuple[int, int], Secret] = {}
    for node in module.nodes:
        value = string_value(node)
        if value is None or not isinstance(node, ast.Constant):
            continue
        name = names.get(id(node))
        for kind, text in classify(value, name):
            found.setdefault(
                (node.lineno, node.col_offset),
                Secret(
                    kind,
                    mask(text),
                    module.path,
                    node.lineno,
                    name=name,
                    column=_char_column(module, node),
                    env=env_name(name, kind),
                ),
            )
    return sorted(found.values(), key=lambda s: (s.line, s.column or 0, s.kind))


def find_config_secrets(path: str, text: str) -> list[Secret]:
    """Secrets in a config file or a notebook, by line of that file (the first of a line)."""
    found: dict[int, Secret] = {}
    for number, name, kind, value in _config_hits(path, text):
        found.setdefault(
            number, Secret(kind, mask(value), path, number, name=name, env=env_name(name, kind))
        )
    return list(found.values())


def redact_config(path: str, text: str) -> tuple[str, list[Secret]]:
    """`text` with each secret value replaced by `${ENV}`, and the secrets replaced."""
    lines = text.splitlines(keepends=True)
    replaced: list[Secret] = []
    for number, name, kind, value in _config_hits(path, text):
        env = env_name(name, kind)
        lines[number - 1] = lines[number - 1].replace(value, "${" + env + "}")
        replaced.append(Secret(kind, mask(value), path, number, name=name, env=env))
    return "".join(lines), replaced


def _config_hits(path: str, text: str) -> list[tuple[int, str | None, str, str]]:
    """(line, name, kind, value) of every secret in a config file or notebook."""
    notebook = path.endswith(".ipynb")
    hits: list[tuple[int, str | None, str, str]] = []
    lines = text.splitlines()
    for number in _candidate_lines(text):
        line = lines[number - 1]
        content = _notebook_source_line(line) if notebook else line
        pair = _CONFIG_PAIR.match(content)
        name: str | None = pair.group(1) if pair else None
        found = classify(pair.group(2), name) if pair else []
        if not found:  # a token anywhere on the line: `keys: {"id": "AKIA..."}`
            name, found = None, classify(content, None)
        hits.extend((number, name, kind, value) for kind, value in found)
    return hits


def _candidate_lines(text: str) -> list[int]:
    """The lines (1-based) that may hold a secret, found without a regex per line: a settings
    file can be megabytes of data, and only lines with a credential's name or a token's telltale
    characters are worth a closer look."""
    starts = list(itertools.accumulate((len(line) for line in text.splitlines(True)), initial=0))
    searches = [(_NAME_HINT, text.lower()), (_LONG_RUN, text)] + [
        (shape, text)
        for (kind, shape) in VALUE_SHAPES
        if kind != GENERIC_SHAPE and any(h in text for h in _HINTS.get(kind, ("",)))
    ]
    found: set[int] = set()
    for pattern, searched in searches:
        found.update(bisect.bisect_right(starts, m.start()) for m in pattern.finditer(searched))
    return sorted(found)


def _char_column(module: ParsedModule, node: ast.expr) -> int:
    """`ast` columns count UTF-8 bytes; LibCST's count characters."""
    line = _LINE_BREAK.split(module.text, maxsplit=node.lineno)[node.lineno - 1]
    return len(line.encode("utf-8")[: node.col_offset].decode("utf-8", "replace"))


def _notebook_source_line(line: str) -> str:
    """A notebook's JSON line `    "key = \\"value\\"\\n",` -> the code it holds."""
    stripped = line.strip().removesuffix(",")
    if len(stripped) >= 2 and stripped[0] == stripped[-1] == '"':
        try:
            decoded = json.loads(stripped)
        except ValueError:
            return line
        if isinstance(decoded, str):
            return decoded
    return line


def _bound_names(module: ParsedModule) -> dict[int, str]:
    """id(string literal) -> the name it is assigned to, passed as, or keyed by."""
    names: dict[int, str] = {}
    for node in module.nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                name = _target_name(target)
                if name:
                    names[id(node.value)] = name
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            name = _target_name(node.target)
            if name:
                names[id(node.value)] = name
        elif isinstance(node, ast.Call) and _is_add_argument(node):
            options = [text for a in node.args if (text := string_value(a))]
            option = next((o for o in options if o.startswith("--")), None) or next(
                iter(options), None
            )
            default = keyword(node, "default")
            if option and default is not None:  # add_argument("--hf-token", default="hf_...")
                names[id(default)] = option
        elif isinstance(node, ast.keyword) and node.arg and id(node.value) not in names:
            names[id(node.value)] = node.arg
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                text = string_value(key)
                if text:
                    names[id(value)] = text
    return names


def _is_add_argument(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        return string_value(target.slice)  # os.environ["AWS_SECRET_ACCESS_KEY"] = "..."
    return None
