"""Paths as tabular training scripts build them (issue 11): `__file__`-anchored folders joined
again, click option defaults, config dict values, and folders found by the call that reads them."""

from __future__ import annotations

import pytest

from sagebridge.analyze.frameworks import find_frameworks
from sagebridge.analyze.paths import find_paths
from sagebridge.analyze.saves import find_saves
from sagebridge.model import PathRole

from .conftest import parse

D, M = PathRole.DATA, PathRole.MODEL


def _roles(source: str) -> list[tuple[str, PathRole, int]]:
    module = parse(source)
    found = find_paths(module, find_saves(module, find_frameworks(module)))
    return [(p.value, p.role, p.line) for p in found]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "import os\nimport xgboost as xgb\n"
            "OUTPUT_DIR = os.path.join(os.path.dirname(__file__), 'output')\n"
            "bst = xgb.train(params, dtrain)\n"
            "bst.save_model(os.path.join(OUTPUT_DIR, 'model.json'))\n",
            [("output", M, 3)],
            id="file-anchored-folder-joined-again-is-the-model-folder",
        ),
        pytest.param(
            "from pathlib import Path\nimport joblib\n"
            "ROOT = Path(__file__).resolve().parents[1]\n"
            "MODELS = ROOT / 'models'\n"
            "joblib.dump(model, MODELS / 'churn.joblib')\n",
            [("models", M, 4)],
            id="repository-root-anchored-folder-saved-into-is-model",
        ),
        pytest.param(
            "from pathlib import Path\nimport click, joblib\n"
            "@click.command()\n"
            "@click.option('--output', type=click.Path(), default='artifacts')\n"
            "def main(output):\n"
            "    out = Path(output)\n"
            "    joblib.dump(model, out / 'model.joblib')\n",
            [("artifacts", M, 4)],
            id="click-option-default-saved-into-is-model",
        ),
        pytest.param(
            "import json, os, joblib\nimport pandas as pd\n"
            "CONFIG = {'data_path': 'data/customers.csv', 'model_dir': 'artifacts', 'lr': 0.1}\n"
            "def load_config(path):\n"
            "    config = dict(CONFIG)\n"
            "    config.update(json.load(open(path)))\n"
            "    return config\n"
            "def train(config):\n"
            "    df = pd.read_csv(config['data_path'])\n"
            "    path = os.path.join(config['model_dir'], 'model.joblib')\n"
            "    joblib.dump(model, path)\n"
            "config = load_config(None)\n",
            [("artifacts", M, 3), ("data/customers.csv", D, 3)],
            id="config-dict-values-rebuilt-from-a-file",
        ),
        pytest.param(
            "import argparse, os\nimport pandas as pd\n"
            "p = argparse.ArgumentParser()\n"
            "p.add_argument('--data-dir', default='data')\n"
            "args = p.parse_args()\n"
            "train = pd.read_csv(os.path.join(args.data_dir, 'train.csv'))\n",
            [("data", D, 4)],
            id="bare-folder-default-read-from-is-data",
        ),
    ],
)
def test_paths_by_use_in_tabular_scripts(source: str, expected: list[tuple]) -> None:
    assert _roles(source) == expected
