"""Hard-coded credentials -> Secret facts, always masked."""

from __future__ import annotations

import pytest

from sagebridge.analyze.secrets import (
    env_name,
    find_config_secrets,
    find_secrets,
    mask,
    redact_config,
)

from .conftest import parse

AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"  # AWS's documented example key, split so scanners stay calm
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"

CASES = [
    pytest.param(f'AWS_ACCESS_KEY_ID = "{AWS_KEY}"', [("aws_access_key_id", 1)], id="access-key"),
    pytest.param(
        f'aws_secret_access_key = "{AWS_SECRET}"',
        [("aws_secret_access_key", 1)],
        id="secret-key-name",
    ),
    pytest.param(
        f'boto3.client("s3",\n    aws_secret_access_key="{AWS_SECRET}")',
        [("aws_secret_access_key", 2)],
        id="keyword",
    ),
    pytest.param('db_password = "hunter2hunter2"', [("password", 1)], id="password"),
    pytest.param('config = {"api_key": "sk-1234567890abcdef"}', [("api_key", 1)], id="dict-key"),
    pytest.param('os.environ["HF_TOKEN"] = "abcdefgh12345678"', [("token", 1)], id="environ"),
    pytest.param('password = "changeme"', [], id="placeholder"),
    pytest.param('password = os.environ["DB_PASSWORD"]', [], id="from-environment"),
    pytest.param('tokenizer = "bert-base-uncased"', [], id="tokenizer-is-not-a-token"),
    pytest.param('secret_name = "prod/db/creds"', [], id="name-of-a-secret"),
    pytest.param('token_help = "pass your token here please"', [], id="sentence"),
    pytest.param('MAX_TOKENS = "4096abcd"', [], id="tokens-word"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_find_secrets(source: str, expected: list[tuple]) -> None:
    found = find_secrets(parse(source))
    assert [(s.kind, s.line) for s in found] == expected
    for secret in found:
        assert AWS_KEY not in secret.masked and AWS_SECRET not in secret.masked
        assert "*" in secret.masked


def test_mask_shows_too_little_to_guess_the_value_or_its_length() -> None:
    assert mask(AWS_KEY) == "AKIA****MPLE"
    assert mask("hunter2hunter2") == "hu****"  # 4+4 characters of 14 would give most away
    assert mask("short") == "****"


def test_config_file_secrets() -> None:
    text = f"region = us-east-1\naws_access_key_id = {AWS_KEY}\npassword: 'hunter2hunter2'\n"
    found = find_config_secrets("config.ini", text)
    assert [(s.kind, s.line, s.file) for s in found] == [
        ("aws_access_key_id", 2, "config.ini"),
        ("password", 3, "config.ini"),
    ]
    assert all("hunter2" not in s.masked for s in found)


def test_notebook_secrets_are_found_through_json_escaping() -> None:
    notebook = (
        '{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": [\n'
        '    "import boto3\\n",\n'
        '    "db_password = \\"hunter2hunter2\\"\\n",\n'
        f'    "key = \\"{AWS_KEY}\\""\n'
        "   ]\n  }\n ]\n}\n"
    )
    found = find_config_secrets("explore.ipynb", notebook)
    assert [(s.kind, s.line) for s in found] == [("password", 7), ("aws_access_key_id", 8)]
    assert all("hunter2" not in s.masked and AWS_KEY not in s.masked for s in found)


ARGPARSE_DEFAULTS = f"""import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("-p", "--db-password", default="Fx7argpass0003")
parser.add_argument("--aws-secret-access-key", default="{AWS_SECRET}")
parser.add_argument("--wandb-api-key", default="Fx7wandbKey0004abcdef0123456789abcdef012")
parser.add_argument("--tokenizer", default="bert-base-uncased")
"""


def test_argparse_defaults_are_secrets_by_their_flag() -> None:
    """Before: the default was bound to the keyword `default`, so none of these was found."""
    found = find_secrets(parse(ARGPARSE_DEFAULTS))
    assert [(s.kind, s.line, s.name, s.env) for s in found] == [
        ("password", 4, "--db-password", "DB_PASSWORD"),
        ("aws_secret_access_key", 5, "--aws-secret-access-key", "AWS_SECRET_ACCESS_KEY"),
        ("api_key", 6, "--wandb-api-key", "WANDB_API_KEY"),
    ]
    # the column is the literal's first character, counted in characters as LibCST does
    line = ARGPARSE_DEFAULTS.splitlines()[3]
    assert line[found[0].column :].startswith('"Fx7argpass0003"')


def test_column_counts_characters_not_bytes() -> None:
    [secret] = find_secrets(parse('label = "żółw"; db_password = "hunter2hunter2"'))
    assert secret.column == len('label = "żółw"; db_password = ')


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        pytest.param("sk-" + "Fx7FixtureOpenAiKey0123456789abc", "openai_api_key", id="openai"),
        pytest.param("eyJ" + "hbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.Fx7Signature01", "jwt", id="jwt"),
        pytest.param(AWS_SECRET, "aws_secret_access_key", id="aws-secret-shape"),
        pytest.param("AIza" + "Fx7FixtureGoogleKey0123456789abcdef", "google_api_key", id="google"),
    ],
)
def test_token_shapes_are_secrets_under_any_name(value: str, kind: str) -> None:
    [secret] = find_secrets(parse(f'setting = "{value}"'))
    assert secret.kind == kind and value not in secret.masked


@pytest.mark.parametrize(
    "value",
    [
        "0123456789abcdef0123456789abcdef01234567",  # a git commit: no upper case
        "sk-learn",
        "data/processed/Train2024/images/batch",
    ],
)
def test_look_alikes_are_not_secrets(value: str) -> None:
    assert find_secrets(parse(f'setting = "{value}"')) == []


@pytest.mark.parametrize(
    ("name", "kind", "env"),
    [
        ("--wandb-api-key", "api_key", "WANDB_API_KEY"),
        ("dbPassword", "password", "DB_PASSWORD"),
        ("openai", "openai_api_key", "OPENAI_API_KEY"),
        (None, "huggingface_token", "HUGGINGFACE_TOKEN"),
    ],
)
def test_env_name(name: str | None, kind: str, env: str) -> None:
    assert env_name(name, kind) == env


def test_redact_config_replaces_each_value_by_its_environment_variable() -> None:
    text = (
        "lr: 0.1\n"
        "database:\n"
        "  password: Fx7-yamlpass-0007\n"
        f'keys: {{"id": "{AWS_KEY}", "secret_key": "{AWS_SECRET}"}}\n'
    )
    redacted, secrets = redact_config("config.yaml", text)
    assert redacted == (
        "lr: 0.1\n"
        "database:\n"
        "  password: ${PASSWORD}\n"
        'keys: {"id": "${AWS_ACCESS_KEY_ID}", "secret_key": "${AWS_SECRET_ACCESS_KEY}"}\n'
    )
    assert [(s.line, s.env) for s in secrets] == [
        (3, "PASSWORD"),
        (4, "AWS_ACCESS_KEY_ID"),
        (4, "AWS_SECRET_ACCESS_KEY"),
    ]
    assert redact_config("config.yaml", redacted) == (redacted, [])  # a second pass: no change
