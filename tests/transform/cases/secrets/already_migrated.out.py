import argparse
import os

DB_PASSWORD = os.environ.get("DB_PASSWORD", "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hf-token", default=os.environ.get("HF_TOKEN", ""))
    return parser.parse_args()
