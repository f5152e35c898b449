"""Config files the script reads -> hyperparameters with origin `config`."""

from __future__ import annotations

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.analyze.configs import find_config_hyperparameters, referenced_configs
from sagebridge.model import HyperparameterOrigin

from .conftest import parse

YAML = "lr: 0.01\nepochs: 5\nmodel:\n  depth: 6\n  name: resnet\ndata_dir: ./data\nlayers: [1, 2]\n"
JSON = '{\n  "lr": 0.01,\n  "train": {\n    "batch_size": 32\n  },\n  "use_amp": true\n}\n'
TOML = 'lr = 0.01\n\n[optim]\nmomentum = 0.9\nname = "sgd"\n'


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "config.yaml",
            YAML,
            [
                ("lr", 0.01, "float", 1),
                ("epochs", 5, "int", 2),
                ("depth", 6, "int", 4),
                ("name", "resnet", "str", 5),
            ],
            id="yaml",
        ),
        pytest.param(
            "params.json",
            JSON,
            [("lr", 0.01, "float", 2), ("batch_size", 32, "int", 4), ("use_amp", True, "bool", 6)],
            id="json",
        ),
        pytest.param(
            "conf/train.toml",
            TOML,
            [("lr", 0.01, "float", 1), ("momentum", 0.9, "float", 4), ("name", "sgd", "str", 5)],
            id="toml",
        ),
    ],
)
def test_config_hyperparameters(path: str, text: str, expected: list[tuple]) -> None:
    found, _ = find_config_hyperparameters(path, text)
    assert [(h.name, h.default, h.type, h.line) for h in found] == expected
    assert {(h.origin, h.file) for h in found} == {(HyperparameterOrigin.CONFIG, path)}


def test_paths_in_config_are_warnings() -> None:
    _, warnings = find_config_hyperparameters("config.yaml", YAML)
    assert warnings == [
        "config.yaml:6: path './data' in a config file; point it at SageMaker by hand"
    ]


@pytest.mark.parametrize("text", ["lr: [unclosed\n", "- just\n- a list\n", ""])
def test_unusable_yaml_reports_nothing(text: str) -> None:
    found, _ = find_config_hyperparameters("config.yaml", text)
    assert found == []


def test_only_configs_the_code_names_are_read() -> None:
    module = parse('import yaml\ncfg = yaml.safe_load(open("./conf/config.yaml"))\n')
    paths = ["conf/config.yaml", "other.yaml", "pyproject.toml", "requirements.txt"]
    assert referenced_configs([module], paths) == ["conf/config.yaml"]


def test_config_hyperparameters_in_a_project(project) -> None:
    root = project(
        {
            "train.py": 'import json\nCFG = json.load(open("params.json"))\n',
            "params.json": JSON,
            "unused.json": '{"lr": 1}',
        }
    )
    analysis = analyze_project(root, None)
    assert [(h.name, h.file, h.origin) for h in analysis.hyperparameters] == [
        ("lr", "params.json", HyperparameterOrigin.CONFIG),
        ("batch_size", "params.json", HyperparameterOrigin.CONFIG),
        ("use_amp", "params.json", HyperparameterOrigin.CONFIG),
    ]


def test_credentials_in_a_config_are_not_settings() -> None:
    """Before: `password` and a token became config hyperparameters, value and all."""
    text = (
        "lr: 0.1\ndatabase:\n  password: Fx7-yamlpass-0007\n  host: db.local\n"
        "openai: sk-Fx7FixtureOpenAiKey0123456789abc\napi_key: changeme\n"
    )
    found, warnings = find_config_hyperparameters("config.yaml", text)
    assert [h.name for h in found] == ["lr", "host"]
    assert warnings == []


def test_secrets_of_utf16_and_large_settings_files_are_found(project) -> None:
    """Before: a config over 1 MB or in UTF-16 was not read at all, so not scanned."""
    big = "lr: 0.1\n" + "# padding\n" * 150_000 + "password: Fx7-bigpass-0013\n"
    root = project(
        {
            "train.py": 'import yaml\ncfg = yaml.safe_load(open("big.yaml"))\nopen("wide.ini")\n',
            "big.yaml": big,
            "wide.ini": "\ufeff[db]\npassword = Fx7-wide-0014\n".encode("utf-16-le"),
        }
    )
    analysis = analyze_project(root)
    assert [(s.file, s.line, s.kind) for s in analysis.secrets] == [
        ("big.yaml", 150_002, "password"),
        ("wide.ini", 2, "password"),
    ]
    assert "Fx7" not in repr(analysis)
