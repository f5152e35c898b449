"""A Hub model id that is a setting's default: the pipeline passes the channel's folder by
default (`/opt/ml/input/data/<channel>/<org--name>`), so the job needs no internet; the user
uploads the folder saved with `save_pretrained`. A tiny random BERT built here, never the Hub."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from helpers.cli import cli_env, sagebridge

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
HUB_ID = "sagebridge-test/tiny-bert"
STAGED = "/opt/ml/input/data/training/sagebridge-test--tiny-bert"

TRAIN = '''
import argparse
import os

import torch
from transformers import AutoModelForSequenceClassification


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", default="{default}")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path)
    model.eval()
    ids = torch.randint(0, model.config.vocab_size, (64, 8))
    labels = torch.randint(0, 2, (64,))
    with torch.no_grad():
        predicted = model(input_ids=ids).logits.argmax(-1)
    print(f"test accuracy: {{(predicted == labels).float().mean().item():.4f}}")
    os.makedirs("saved", exist_ok=True)
    model.save_pretrained("saved")


if __name__ == "__main__":
    main()
'''

TINY = """
import sys
import torch
from transformers import BertConfig, BertForSequenceClassification
torch.manual_seed(0)
config = BertConfig(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
                    intermediate_size=16, max_position_embeddings=16)
BertForSequenceClassification(config).save_pretrained(sys.argv[1])
"""


def _project(root: Path, default: str) -> Path:
    root.mkdir(parents=True)
    (root / "train.py").write_text(TRAIN.format(default=default))
    (root / "requirements.txt").write_text("torch\ntransformers\n")
    return root


def _python(args: list[str], cwd: Path) -> str:
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=cli_env(**OFFLINE),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _parameter_default(out: Path, name: str) -> str:
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    found = re.search(rf"name='{name}', default_value='([^']*)'", pipeline)
    assert found, pipeline
    return found.group(1)


def test_hub_id_setting_defaults_to_the_staged_folder_and_runs_with_no_hub(
    tmp_path: Path,
) -> None:
    source = _project(tmp_path / "project", HUB_ID)
    out = tmp_path / "out"
    migrated = sagebridge("migrate", source, "-o", out, env=cli_env(**OFFLINE))
    assert migrated.returncode in (0, 3), migrated.stdout + migrated.stderr
    assert _parameter_default(out, "model_name_or_path") == STAGED
    assert f"the pipeline passes {STAGED} so the job needs no internet" in migrated.stdout
    guide = (out / "docs" / "MIGRATION_GUIDE.md").read_text()
    assert f"the pipeline passes `-p model_name_or_path={STAGED}` by default" in guide
    assert f"`-p model_name_or_path={HUB_ID}` downloads from the Hub instead" in guide

    # The user saved the model with save_pretrained into their data folder, as the guide says.
    data = tmp_path / "data"
    _python(["-c", TINY, str(data / "sagebridge-test--tiny-bert")], tmp_path)
    before = _python([str(source / "train.py"), "--model_name_or_path",
                      str(data / "sagebridge-test--tiny-bert")], source)
    # No -p model_name_or_path: the pipeline's default reads the channel; the Hub is offline.
    run = sagebridge("run", out, "--local", "--json", "--data", f"training={data}",
                     "-p", "QualityThreshold=0", env=cli_env(**OFFLINE))
    summary = json.loads(run.stdout)
    assert run.returncode == 0 and summary["status"] == "succeeded", run.stdout + run.stderr
    original = float(re.findall(r"test accuracy: ([0-9.]+)", before)[-1])
    assert round(summary["metrics"]["test_accuracy"], 4) == original  # printed with 4 digits


def test_a_local_folder_default_is_left_as_it_is(tmp_path: Path) -> None:
    source = _project(tmp_path / "project", "data/tiny-bert")
    (source / "data" / "tiny-bert").mkdir(parents=True)
    (source / "data" / "tiny-bert" / "config.json").write_text("{}")
    out = tmp_path / "out"
    migrated = sagebridge("migrate", source, "-o", out, env=cli_env(**OFFLINE))
    assert migrated.returncode in (0, 3), migrated.stdout + migrated.stderr
    pipeline = (out / "pipeline" / "pipeline.py").read_text()
    assert "/opt/ml/input/data/training/" not in pipeline  # no parameter set to a staged folder
    assert "needs no internet" not in migrated.stdout
    assert 'os.environ.get("SM_CHANNEL_TRAINING", "data/tiny-bert")' in (out / "code" / "train.py").read_text()
