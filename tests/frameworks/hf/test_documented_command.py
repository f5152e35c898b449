"""An HfArgumentParser script run by its README's command line (transformers' run_glue.py
style): its own fields default to None or have no default, the training flags are the library's
TrainingArguments. Before, migrate exited 0 and the job ran without `--model_name_or_path`
(a required field, silently dropped) and without `--do_train`/`--train_file` (nothing the
pipeline passes). Now the required field is a pipeline hyperparameter (the README's value, else
`-p`), and the README flags no hyperparameter passes are a Train item to review (exit 3)."""

from __future__ import annotations

from pathlib import Path

from helpers.reviews import review_items

from sagebridge.analyze import analyze_project
from sagebridge.model import HyperparameterOrigin
from sagebridge.plan import build_plan

SCRIPT = '''
import sys
from dataclasses import dataclass, field
from typing import Optional

from transformers import AutoModelForSequenceClassification, HfArgumentParser, Trainer, TrainingArguments


@dataclass
class ModelArguments:
    model_name_or_path: str = field(metadata={"help": "a local folder or a Hub id"})
    dropout: float = field(default=0.1, metadata={"help": "classifier dropout"})


@dataclass
class DataArguments:
    train_file: Optional[str] = field(default=None, metadata={"help": "a csv file"})
    max_seq_length: int = 64


def main():
    parser = HfArgumentParser((ModelArguments, DataArguments, TrainingArguments))
    model_args, data_args, training_args = parser.parse_args_into_dataclasses()
    if data_args.train_file is None:
        raise ValueError("Need a training file.")
    model = AutoModelForSequenceClassification.from_pretrained(model_args.model_name_or_path)
    trainer = Trainer(model=model, args=training_args)
    if training_args.do_train:
        trainer.train()
        trainer.save_model()


if __name__ == "__main__":
    main()
'''

README = """# fine-tuning

```bash
python train.py --model_name_or_path tiny-model --train_file data/train.csv \\
    --max_seq_length 32 --do_train --num_train_epochs 2 --output_dir out
```
"""


def _plan(tmp_path: Path, readme: str | None):  # type: ignore[no-untyped-def]
    (tmp_path / "train.py").write_text(SCRIPT)
    if readme is not None:
        (tmp_path / "README.md").write_text(readme)
    return build_plan(analyze_project(tmp_path, entry_point="train.py"))


def test_readme_flags_the_pipeline_does_not_pass_need_review(tmp_path: Path) -> None:
    plan = _plan(tmp_path, README)
    analysis = plan.analysis
    assert analysis.readme_flags_not_passed == (
        "--train_file", "--do_train", "--num_train_epochs", "--output_dir"
    )
    [(step, where, reason)] = review_items(plan)
    assert (step, where) == ("Train", "train.py")
    assert "--train_file, --do_train, --num_train_epochs, --output_dir" in reason
    assert "no pipeline hyperparameter passes" in reason


def test_a_field_without_default_is_required_with_the_readme_value(tmp_path: Path) -> None:
    plan = _plan(tmp_path, README)
    required = next(hp for hp in plan.analysis.hyperparameters if hp.name == "model_name_or_path")
    assert required.origin is HyperparameterOrigin.DATACLASS
    assert (required.required, required.documented) == (True, "tiny-model")
    passed = {hp.name: hp for hp in plan.hyperparameters}
    assert passed["model_name_or_path"].default == "tiny-model"
    assert not passed["model_name_or_path"].required
    assert passed["dropout"].default == 0.1
    assert "train_file" not in passed  # a None default is not offered


def test_without_a_readme_the_required_field_needs_a_value_and_nothing_is_reviewed(
    tmp_path: Path,
) -> None:
    plan = _plan(tmp_path, None)
    assert plan.analysis.readme_flags_not_passed == ()
    assert review_items(plan) == []
    passed = {hp.name: hp for hp in plan.hyperparameters}
    assert passed["model_name_or_path"].required  # run/execute need -p model_name_or_path=...
    assert any("--model_name_or_path is required: pass -p" in w for w in plan.warnings)


def test_a_readme_passing_only_offered_settings_needs_no_review(tmp_path: Path) -> None:
    readme = "python train.py --help\npython train.py --model_name_or_path tiny-model --dropout 0.2\n"
    plan = _plan(tmp_path, readme)
    assert plan.analysis.readme_flags_not_passed == ()
    assert review_items(plan) == []
