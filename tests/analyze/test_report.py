"""The rich summary shows the facts a person needs, and never a secret's value."""

from __future__ import annotations

from rich.console import Console

from sagebridge.analyze import analyze_project
from sagebridge.cli.render_analysis import render_analysis

from .conftest import EXAMPLES, write_tree

AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"


def rendered(analysis) -> str:
    console = Console(record=True, width=200, color_system=None)
    render_analysis(analysis, console)
    return console.export_text()


def test_mnist_summary() -> None:
    text = rendered(analyze_project(EXAMPLES / "ec2-mnist", None))
    for expected in (
        "ec2-mnist",
        "entry point: train.py",
        "3 files (1 Python",
        "pytorch, torchvision",
        "risk: low",
        "strategy: automated",
        "batch_size",
        "./models/model.pth",
        "torchvision.datasets.MNIST",
        "model.state_dict()",
        "manual_download",
        "correct / len(test_loader.dataset)",
        "Net",
    ):
        assert expected in text


def test_secret_is_masked_and_markup_is_escaped(tmp_path) -> None:
    root = write_tree(
        tmp_path / "p",
        {
            "train.py": f'KEY = "{AWS_KEY}"\nopt = "[bold]x"\nimport torch\ntorch.save(m, "[red].pt")\n'
        },
    )
    text = rendered(analyze_project(root, None))
    assert AWS_KEY not in text
    assert "AKIA****MPLE" in text
    assert "[red].pt" in text  # shown literally, not eaten as rich markup


def test_argparse_parser_line() -> None:
    text = rendered(analyze_project(EXAMPLES / "sklearn-digits", None))
    [parser] = analyze_project(EXAMPLES / "sklearn-digits", None).argument_parsers
    expected = f"`parser` at train.py:{parser.line}, parse_args at line {parser.parse_line}"
    assert expected in text
