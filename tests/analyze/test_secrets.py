"""Hard-coded credentials -> Secret facts, always masked."""

from __future__ import annotations

import pytest

from sagebridge.analyze.secrets import find_config_secrets, find_secrets, mask

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


def test_mask_keeps_only_the_ends() -> None:
    assert mask(AWS_KEY) == "AKIA************MPLE"
    assert mask("short") == "*****"


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
