"""Hard-coded credentials, reported by file and line with the value masked.

    AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"       -> aws_access_key_id, AKIA************MPLE
    db_password = "hunter2hunter2"                   -> password
    boto3.client("s3", aws_secret_access_key="...")  -> aws_secret_access_key

Python string literals are matched against known token shapes (`knowledge.SECRET_PATTERNS`)
and, when assigned to or passed as a name that says secret/password/token/key, by that name.
Config files and notebooks (their JSON lines decoded) are scanned line by line for the same
shapes and `name = value` pairs.
The value itself never leaves this module: only `mask()` of it.
"""

from __future__ import annotations

import ast
import json
import re

from sagebridge.analyze.knowledge import SECRET_NAME_WORDS, SECRET_PATTERNS, SECRET_PLACEHOLDERS
from sagebridge.analyze.source import ParsedModule, string_value
from sagebridge.model import Secret

MIN_SECRET_LENGTH = 8
# Names that hold something *about* a secret (where it lives, how long it is), not the secret.
NOT_SECRET_WORDS = frozenset(
    {"name", "id", "arn", "path", "file", "dir", "env", "var", "url", "length", "len", "type"}
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CONFIG_PAIR = re.compile(r"""^\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([^"'\s#]+)""")


def mask(value: str) -> str:
    """Keep four characters at each end of a long value, hide everything else."""
    if len(value) < 12:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def kind_of_name(name: str) -> str | None:
    """`db_password` -> password; `tokenizer` and `secret_name` are not secrets."""
    words = [w for w in re.split(r"[^a-z0-9]+", _CAMEL.sub("_", name).lower()) if w]
    if set(words) & NOT_SECRET_WORDS:
        return None
    joined = "_" + "_".join(words) + "_"
    for word, kind in SECRET_NAME_WORDS:
        if f"_{word}_" in joined:
            return kind
    return None


def classify(value: str, name: str | None) -> list[tuple[str, str]]:
    """(kind, matched text) for each secret in `value`; `name` is what it is bound to."""
    found = [
        (kind, match.group(0))
        for kind, pattern in SECRET_PATTERNS
        for match in pattern.finditer(value)
    ]
    if found or name is None:
        return found
    kind = kind_of_name(name)
    if kind is None or len(value) < MIN_SECRET_LENGTH or SECRET_PLACEHOLDERS.match(value):
        return []
    if any(char.isspace() for char in value):
        return []  # a sentence (help text, a prompt), not a credential
    return [(kind, value)]


def find_secrets(module: ParsedModule) -> list[Secret]:
    names = _bound_names(module)
    found: dict[tuple[int, int], Secret] = {}
    for node in ast.walk(module.tree):
        value = string_value(node)
        if value is None or not isinstance(node, ast.Constant):
            continue
        for kind, text in classify(value, names.get(id(node))):
            found.setdefault(
                (node.lineno, node.col_offset), Secret(kind, mask(text), module.path, node.lineno)
            )
    return sorted(found.values(), key=lambda s: (s.line, s.kind))


def find_config_secrets(path: str, text: str) -> list[Secret]:
    """Secrets in a config file or a notebook, by line of that file."""
    notebook = path.endswith(".ipynb")
    found: list[Secret] = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = _notebook_source_line(line) if notebook else line
        pair = _CONFIG_PAIR.match(content)
        hits = classify(pair.group(2), pair.group(1)) if pair else classify(content, None)
        found.extend(Secret(kind, mask(value), path, number) for kind, value in hits[:1])
    return found


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
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                name = _target_name(target)
                if name:
                    names[id(node.value)] = name
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            name = _target_name(node.target)
            if name:
                names[id(node.value)] = name
        elif isinstance(node, ast.keyword) and node.arg:
            names[id(node.value)] = node.arg
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                text = string_value(key)
                if text:
                    names[id(value)] = text
    return names


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        return string_value(target.slice)  # os.environ["AWS_SECRET_ACCESS_KEY"] = "..."
    return None
