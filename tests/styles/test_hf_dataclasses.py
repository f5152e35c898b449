"""HfArgumentParser dataclasses (tests/styles/projects/hf-dataclasses): the script's own
dataclass fields are SageMaker hyperparameters, which HfArgumentParser reads from `--name value`
as it is (booleans too); the defaults are kept and the laptop run unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.analyze.hf_dataclasses import find_hf_dataclass_settings
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.model import HyperparameterOrigin

from .runs import metric

PROJECT = Path(__file__).parent / "projects" / "hf-dataclasses"
FLAGS = ["--alpha", "0.5", "--fit_intercept", "False", "--noise", "0.3"]


def test_migrated_script_reads_the_fields_as_sagemaker_passes_them(tmp_path: Path) -> None:
    original = tmp_path / "original"
    shutil.copytree(PROJECT, original)
    before = run_script(original / "train.py", FLAGS, cwd=original, env=plain_env())
    out = tmp_path / "out"
    migrate_project(PROJECT, out, entry_point="train.py")
    found = json.loads((out / "metadata.json").read_text())["hyperparameters"]
    assert found["fit_intercept"] == {"default": True, "flag": "--fit_intercept", "type": "bool"}
    assert found["n_samples"] == {"default": 200, "flag": "--n_samples", "type": "int"}
    overrides = {"alpha": "0.5", "fit_intercept": "False", "noise": "0.3"}
    args = [
        part
        for name, entry in sorted(found.items())
        for part in (entry["flag"], overrides.get(name, str(entry["default"])))
    ]
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    after = run_script(out / "code" / "train.py", args, cwd=out / "code",
                       env=plain_env(**container.env()))
    assert metric("val_rmse", after) == metric("val_rmse", before)
    assert (container.output_data / "weights.npy").is_file()
    # the laptop: the same command line, the same run
    laptop = tmp_path / "laptop"
    shutil.copytree(out / "code", laptop)
    again = run_script(laptop / "train.py", FLAGS, cwd=laptop, env=plain_env())
    assert metric("val_rmse", again) == metric("val_rmse", before)
    assert (laptop / "weights.npy").is_file()


def test_only_the_scripts_own_dataclass_fields_with_literal_defaults() -> None:
    source = (
        "from dataclasses import dataclass, field\n"
        "from typing import Optional\n"
        "from transformers import HfArgumentParser, TrainingArguments\n"
        "@dataclass\n"
        "class ModelArguments:\n"
        "    model_name_or_path: str\n"
        "    dropout: float = field(default=0.1, metadata={'help': 'p'})\n"
        "    cache_dir: Optional[str] = None\n"
        "    layers: list = field(default_factory=list)\n"
        "    freeze: bool = False\n"
        "    out: str = 'models/best'\n"
        "    lr: float = 1\n"
        "@dataclass\n"
        "class Unused:\n"
        "    depth: int = 3\n"
        "parser = HfArgumentParser((ModelArguments, TrainingArguments))\n"
        "args = parser.parse_json_file('args.json')\n"
    )
    found = find_hf_dataclass_settings(ParsedModule.parse("train.py", source))
    assert [(h.name, h.default, h.type, h.flag, h.line) for h in found.hyperparameters] == [
        ("model_name_or_path", None, "str", "--model_name_or_path", 6),  # required: no default
        ("dropout", 0.1, "float", "--dropout", 7),
        ("freeze", False, "bool", "--freeze", 10),
        ("lr", 1, "float", "--lr", 12),
    ]
    assert all(h.origin is HyperparameterOrigin.DATACLASS for h in found.hyperparameters)
    assert [h.name for h in found.hyperparameters if h.required] == ["model_name_or_path"]
    assert len(found.warnings) == 1 and "JSON file" in found.warnings[0]
