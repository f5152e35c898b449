"""analyze/documented.py: a required argument takes the value the project's README runs it with."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.plan.hyperparameters import plan_hyperparameters

from .conftest import write_tree

SCRIPT = (
    "import argparse\n"
    "parser = argparse.ArgumentParser()\n"
    "parser.add_argument('--dataset', required=True, help='fake | mnist')\n"
    "parser.add_argument('--niter', type=int, required=True)\n"
    "parser.add_argument('--outf', required=True)\n"
    "opt = parser.parse_args()\n"
)
README = (
    "# A GAN\n\n"
    "Run it with the fake data set:\n\n"
    "    $ python src/train.py --dataset fake --niter=3\n"
    "    python other.py --outf elsewhere\n"
    "    python train.py --dataset mnist --dataroot data\n"
    "Don't pass --outf it's broken (prose with an 'unbalanced quote\n"
)


def test_required_arguments_take_the_readme_value(tmp_path: Path) -> None:
    src = write_tree(tmp_path / "gan", {"src/train.py": SCRIPT, "README.md": README})
    analysis = analyze_project(src, "src/train.py")
    documented = {hp.flag: hp.documented for hp in analysis.hyperparameters}
    # The first command of the entry script wins; another script's flags are not its own.
    assert documented == {"--dataset": "fake", "--niter": "3", "--outf": None}
    plans, warnings = plan_hyperparameters(analysis.hyperparameters)
    by_flag = {p.flag: p for p in plans}
    assert (by_flag["--dataset"].default, by_flag["--dataset"].required) == ("fake", False)
    assert (by_flag["--niter"].default, by_flag["--niter"].required) == (3, False)
    assert by_flag["--outf"].required  # nothing documented: -p outf=VALUE stays necessary
    assert "--outf is required: pass -p outf=VALUE to run/execute" in warnings
    assert not any("guards the model save" in w for w in warnings)


def test_a_usage_line_is_syntax_not_a_value(tmp_path: Path) -> None:
    """pytorch/examples super_resolution's README shows argparse's usage line
    (`usage: main.py [-h] --upscale_factor UPSCALE_FACTOR`) before its example command
    (`python main.py --upscale_factor 3`): the metavar is no value to pass."""
    script = (
        "import argparse\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--upscale_factor', type=int, required=True)\n"
        "parser.add_argument('--scale', type=int, required=True)\n"
        "parser.add_argument('--mode', required=True)\n"
        "opt = parser.parse_args()\n"
    )
    readme = (
        "```\n"
        "usage: main.py [-h] --upscale_factor UPSCALE_FACTOR --mode MODE\n"
        "```\n"
        "    python main.py --scale SCALE --mode <mode>\n"
        "    python main.py --upscale_factor 3 --scale 2 --mode fast\n"
    )
    src = write_tree(tmp_path / "superres", {"main.py": script, "README.md": readme})
    analysis = analyze_project(src, "main.py")
    documented = {hp.flag: hp.documented for hp in analysis.hyperparameters}
    assert documented == {"--upscale_factor": "3", "--scale": "2", "--mode": "fast"}
