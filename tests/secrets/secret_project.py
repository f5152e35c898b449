"""A small training project with fake credentials in every place a secret hides.

Every value in SECRETS is fake and distinctive (`Fx7...`), so a test can look for it byte for
byte in whatever sagebridge prints or writes. The project itself is a real sklearn script that
migrates and runs; `lr` (argparse) and `c`/`max_iter` (config files) are its ordinary settings.
"""

from __future__ import annotations

from pathlib import Path

# Assembled from parts so that secret scanners of this repository stay quiet.
AWS_KEY_ID = "AKIA" + "QZFX7FIXTURE0KEY"
AWS_SECRET = "Fx7wJalrXUtnFEMI/K7MDENG/bPxRfi" + "CYFIXTURE"
HF_TOKEN = "hf_" + "Fx7FixtureHuggingFaceToken0123456789"
GITHUB_TOKEN = "ghp_" + "Fx7FixtureGithubToken0123456789abcdefg"
OPENAI_KEY = "sk-" + "Fx7FixtureOpenAiKey0123456789abcdefghij"
JWT = (
    "eyJ" + "hbGciOiJIUzI1NiJ9Fx7a.eyJ" + "zdWIiOiJmaXh0dXJlIn0Fx7b.Fx7SignatureFixture0123"
)

SECRETS = {
    # code
    "constant": "Fx7-dbpass-QWERTY-0001",
    "dict_literal": "Fx7ApiKeyDictLiteral0002",
    "keyword": "Fx7-kwtoken-ASDF-0005",
    "setting_constant": "Fx7MetricApiKey0006xyz",
    "hf_constant": HF_TOKEN,
    # argparse defaults
    "argparse_password": "Fx7-argpass-ZXCV-0003",
    "argparse_aws_secret": AWS_SECRET,
    "argparse_wandb": "Fx7wandbKey0004abcdef0123456789abcdef012",
    "argparse_key_id": AWS_KEY_ID,
    # settings files
    "yaml_password": "Fx7-yamlpass-0007",
    "yaml_api_key": "Fx7YamlApiKey0008",
    "yaml_openai": OPENAI_KEY,
    "json_token": GITHUB_TOKEN,
    "json_jwt": JWT,
    "toml_secret": "Fx7-tomlsecret-0010",
    "ini_password": "Fx7-inipass-0011",
    "env_api_key": "Fx7-dotenv-apikey-0012",
}

TRAIN = f'''import argparse
import configparser
import json
import tomllib

import joblib
import yaml
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

DB_PASSWORD = "{SECRETS["constant"]}"
METRIC_API_KEY = "{SECRETS["setting_constant"]}"
HF_TOKEN = "{HF_TOKEN}"
SERVICE = {{"api_key": "{SECRETS["dict_literal"]}", "region": "eu-west-1"}}


def connect(host, password, token=None):
    return (host, len(password or ""), token is None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--db-password", default="{SECRETS["argparse_password"]}")
    parser.add_argument("--aws-access-key-id", default="{AWS_KEY_ID}")
    parser.add_argument(
        "--aws-secret-access-key",
        default="{AWS_SECRET}",
    )
    parser.add_argument("--wandb-api-key", type=str, default="{SECRETS["argparse_wandb"]}")
    parser.add_argument("--hf-token", default=HF_TOKEN)
    args = parser.parse_args()
    with open("config.yaml") as f:
        cfg = yaml.safe_load(f)
    with open("settings.json") as f:
        settings = json.load(f)
    with open("params.toml", "rb") as f:
        params = tomllib.load(f)
    db = configparser.ConfigParser()
    db.read("db.ini")
    connect("localhost", DB_PASSWORD, token="{SECRETS["keyword"]}")
    connect(db["db"]["host"], args.db_password)
    print("metric service", METRIC_API_KEY is not None, SERVICE["region"])
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    model = LogisticRegression(C=args.lr * cfg["c"], max_iter=params["train"]["max_iter"])
    model.fit(X_train, y_train)
    acc = model.score(X_test, y_test)
    print(f"test accuracy: {{acc:.3f}}", settings["batch"])
    joblib.dump(model, "model.joblib")


if __name__ == "__main__":
    main()
'''

FILES = {
    "train.py": TRAIN,
    "config.yaml": (
        "c: 1.0\n"
        "database:\n"
        "  host: localhost\n"
        f"  password: {SECRETS['yaml_password']}\n"
        f'api_key: "{SECRETS["yaml_api_key"]}"\n'
        f"openai: {OPENAI_KEY}\n"
    ),
    "settings.json": (
        "{\n"
        '  "batch": 32,\n'
        f'  "token": "{GITHUB_TOKEN}",\n'
        f'  "session": "{JWT}"\n'
        "}\n"
    ),
    "params.toml": (
        f'[auth]\nsecret_key = "{SECRETS["toml_secret"]}"\n\n[train]\nmax_iter = 200\n'
    ),
    "db.ini": f"[db]\nhost = localhost\npassword = {SECRETS['ini_password']}\n",
    ".env": f"API_KEY={SECRETS['env_api_key']}\nREGION=eu-west-1\n",
    "requirements.txt": "scikit-learn\npyyaml\njoblib\n",
}


def make_project(root: Path) -> Path:
    """Write the project under `root` (created) and return it."""
    root.mkdir(parents=True)
    for relative, text in FILES.items():
        (root / relative).write_text(text, encoding="utf-8")
    return root
