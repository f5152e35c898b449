import argparse

DB_PASSWORD = "hunter2hunter2"
SERVICE = {"api_key": "abcdefgh" "12345678", "region": "eu-west-1"}
BEARER = f"{DB_PASSWORD}:sk-abcdefghijklmnopqrstuvwxyz0123"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument(
        "--hf-token",
        default="hf_abcdefghijklmnopqrstuvwxyz0123456789",
    )
    return parser.parse_args()
