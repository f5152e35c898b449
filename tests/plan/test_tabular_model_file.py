"""The model file the serving code loads is the one the script writes, also when the folder it
writes into is not a constant (an `__file__`-anchored folder, a click option, a config value)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.plan import build_plan

SCRIPTS = {
    "xgboost": (
        (
            "import os\nimport xgboost as xgb\nimport pandas as pd\n"
            "OUTPUT_DIR = os.path.join(os.path.dirname(__file__), 'output')\n"
            "df = pd.read_csv('data/train.csv')\n"
            "bst = xgb.train({}, xgb.DMatrix(df))\n"
            "print(f'validation rmse: {0.5:.4f}')\n"
            "bst.save_model(os.path.join(OUTPUT_DIR, 'booster.json'))\n"
        ),
        "booster.json",
    ),
    "click": (
        (
            "from pathlib import Path\nimport click, joblib\nimport pandas as pd\n"
            "from sklearn.linear_model import Ridge\n"
            "@click.command()\n"
            "@click.option('--output', default='artifacts')\n"
            "def main(output):\n"
            "    df = pd.read_csv('data/train.csv')\n"
            "    model = Ridge().fit(df, df)\n"
            "    print(f'val mae: {0.5:.3f}')\n"
            "    out = Path(output)\n"
            "    joblib.dump(model, out / 'ridge.joblib')\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
        "ridge.joblib",
    ),
    "config": (
        (
            "import os, joblib\nimport pandas as pd\nfrom sklearn.linear_model import Ridge\n"
            "CONFIG = {'model_dir': 'artifacts'}\n"
            "def train(config):\n"
            "    df = pd.read_csv('data/train.csv')\n"
            "    model = Ridge().fit(df, df)\n"
            "    print(f'val mae: {0.5:.3f}')\n"
            "    path = os.path.join(config['model_dir'], 'estimator.joblib')\n"
            "    joblib.dump(model, path)\n"
            "train(dict(CONFIG))\n"
        ),
        "estimator.joblib",
    ),
}


@pytest.mark.parametrize("style", sorted(SCRIPTS))
def test_model_file_is_the_saved_file_name(tmp_path: Path, style: str) -> None:
    source, expected = SCRIPTS[style]
    (tmp_path / "train.py").write_text(source)
    plan = build_plan(analyze_project(tmp_path, entry_point="train.py"))
    assert plan.model is not None
    assert plan.model.model_file == expected
    assert not [n for n in plan.model.notes if "could not resolve the save path" in n]
