"""The IAM policies under infrastructure/iam grant no wildcard action."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

IAM_DIR = Path(__file__).resolve().parent.parent / "infrastructure" / "iam"
POLICIES = sorted(IAM_DIR.glob("*.json"))


def test_the_policies_are_there():
    assert len(POLICIES) == 4


@pytest.mark.parametrize("path", POLICIES, ids=[p.name for p in POLICIES])
def test_no_statement_allows_every_action(path):
    document = json.loads(path.read_text())
    statements = document["Statement"]
    statements = [statements] if isinstance(statements, dict) else statements
    assert statements
    for statement in statements:
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        assert "*" not in actions, f"{path.name}: {statement.get('Sid')} allows every action"
        assert "NotAction" not in statement
