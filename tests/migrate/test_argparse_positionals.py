"""pytorch/examples ddp-tutorial-series style: settings declared as argparse *positional*
arguments (`add_argument('total_epochs', type=int)`), run as `python train.py 3 1`. SageMaker
passes `--total_epochs 3 --save_every 1`: the migrated parser reads them back at their places,
the required ones are pipeline parameters without a default (or with the README's value), and
on a laptop the positional command line works as before."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

SCRIPT = """import argparse

import torch


def main(total_epochs, save_every, batch_size, scale):
    torch.manual_seed(0)
    x = torch.randn(64, 4)
    y = x.sum(dim=1, keepdim=True) * scale
    model = torch.nn.Linear(4, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    for epoch in range(total_epochs):
        for start in range(0, 64, batch_size):
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x[start:start + batch_size]),
                                                y[start:start + batch_size])
            loss.backward()
            optimizer.step()
        if epoch % save_every == 0:
            torch.save(model.state_dict(), "checkpoint.pt")
    with torch.no_grad():
        print(f"val_loss: {torch.nn.functional.mse_loss(model(x), y).item():.5f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="simple training job")
    parser.add_argument('total_epochs', type=int, help='Total epochs to train the model')
    parser.add_argument('save_every', type=int, help='How often to save a snapshot')
    parser.add_argument('scale', type=float, nargs='?', default=2.0)
    parser.add_argument('--batch_size', default=16, type=int)
    args = parser.parse_args()
    main(args.total_epochs, args.save_every, args.batch_size, args.scale)
"""


def _project(tmp_path: Path, readme: str | None = None) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(SCRIPT, encoding="utf-8")
    if readme is not None:
        (src / "README.md").write_text(readme, encoding="utf-8")
    return src


def test_positional_settings_are_hyperparameters(tmp_path: Path) -> None:
    analysis = analyze_project(_project(tmp_path))
    found = {hp.name: hp for hp in analysis.hyperparameters}
    assert (found["total_epochs"].position, found["total_epochs"].required) == (1, True)
    assert (found["save_every"].type, found["save_every"].position) == ("int", 2)
    assert (found["scale"].default, found["scale"].required) == (2.0, False)
    assert found["total_epochs"].flag == "--total_epochs"
    assert analysis.argument_parsers[0].positionals == (
        "--total_epochs", "--save_every", "--scale"
    )
    assert not any("positional argument" in w for w in analysis.warnings)


def test_readme_command_gives_the_required_positionals(tmp_path: Path) -> None:
    readme = "Train it:\n\n    python train.py 5 2 --batch_size 8\n\nthen python train.py to try\n"
    analysis = analyze_project(_project(tmp_path, readme))
    found = {hp.name: hp for hp in analysis.hyperparameters}
    assert found["total_epochs"].documented == "5"
    assert found["save_every"].documented == "2"


def test_a_path_positional_keeps_all_of_them_named(tmp_path: Path) -> None:
    src = _project(tmp_path)
    text = SCRIPT.replace(
        "    parser.add_argument('total_epochs'", "    parser.add_argument('data')\n"
        "    parser.add_argument('total_epochs'"
    )
    (src / "train.py").write_text(text, encoding="utf-8")
    analysis = analyze_project(src)
    assert not any(hp.position for hp in analysis.hyperparameters)
    assert analysis.argument_parsers[0].positionals == ()
    named = [w for w in analysis.warnings if "positional argument" in w]
    assert len(named) == 4 and "'data'" in named[0]


def test_migrated_script_reads_sagemakers_flags_at_their_places(tmp_path: Path) -> None:
    src = _project(tmp_path)
    out = tmp_path / "out"
    result = migrate_project(src, out, entry_point="train.py")
    assert "--total_epochs is required: pass -p total_epochs=VALUE to run/execute" in (
        result.warnings
    )
    pipeline = (out / "pipeline" / "pipeline.py").read_text(encoding="utf-8")
    assert "ParameterInteger(name='total_epochs')" in pipeline
    code = out / "code"

    original = run_script(src / "train.py", ["3", "1", "3.0"], cwd=src, env=plain_env())
    laptop = run_script(code / "train.py", ["3", "1", "3.0"], cwd=code, env=plain_env())
    metric = [line for line in original.stdout.splitlines() if "val_loss" in line]
    assert metric and metric == [
        line for line in laptop.stdout.splitlines() if "val_loss" in line
    ]

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.channel(), container.model, container.output_data):
        folder.mkdir(parents=True)
    env = plain_env(**container.env())
    job = run_script(
        code / "train.py",
        ["--batch_size", "16", "--total_epochs", "3", "--save_every", "1", "--scale", "3.0"],
        cwd=code,
        env=env,
    )
    assert job.returncode == 0, job.stderr
    assert metric == [line for line in job.stdout.splitlines() if "val_loss" in line]
