import argparse
import os

DB_PASSWORD = os.environ.get("DB_PASSWORD", "")
SERVICE = {"api_key": os.environ.get("API_KEY", ""), "region": "eu-west-1"}
BEARER = f"{DB_PASSWORD}:sk-abcdefghijklmnopqrstuvwxyz0123"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument(
        "--hf-token",
        default=os.environ.get("HF_TOKEN", ""),
    )
    return parser.parse_args()
