"""Property tests: whatever Python-ish text a project holds, analysis reports or errors cleanly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sagebridge.analyze import analyze_project
from sagebridge.errors import UserError
from sagebridge.model import Analysis
from sagebridge.serialize import to_json

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments that the visitors look for, so generated programs reach their interesting branches.
NAMES = st.sampled_from(["batch_size", "lr", "data_dir", "MODEL_PATH", "epochs", "x", "acc", "f"])
LITERALS = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.booleans().map(str),
    st.sampled_from(['"./data"', '"./models/m.pth"', '"AKIA1234567890ABCDEF"', '"adam"', '""']),
)
EXPRESSIONS = st.one_of(
    LITERALS,
    NAMES,
    st.builds(
        "{}({})".format,
        st.sampled_from(["print", "torch.save", "open", "Net", "joblib.dump"]),
        NAMES,
    ),
    st.builds('print("test accuracy: {{}}".format({}))'.format, NAMES),
    st.builds('print(f"val loss {{{}:.2f}}%")'.format, NAMES),
)
STATEMENTS = st.one_of(
    st.builds("{} = {}".format, NAMES, EXPRESSIONS),
    st.builds(
        "parser.add_argument('--{}', type={}, default={})".format,
        NAMES,
        st.sampled_from(["int", "bool", "float"]),
        LITERALS,
    ),
    st.builds("for {} in range({}):\n    pass".format, NAMES, NAMES),
    st.builds("class {}(nn.Module):\n    pass".format, st.sampled_from(["Net", "Model"])),
    st.sampled_from(
        [
            "import torch",
            "import torch.nn as nn",
            "from torchvision import datasets",
            "import argparse\nparser = argparse.ArgumentParser()",
            "args = parser.parse_args()",
            "datasets.MNIST(data_dir, download=True)",
            'if __name__ == "__main__":\n    pass',
        ]
    ),
    EXPRESSIONS,
)
PROGRAMS = st.lists(STATEMENTS, max_size=12).map("\n".join)


def analyse_text(source: str) -> Analysis | None:
    """Write `source` as a one-file project; return the analysis, or None on a clean UserError."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "proj"
        root.mkdir()
        (root / "train.py").write_text(source, encoding="utf-8", errors="surrogatepass")
        try:
            analysis = analyze_project(root, None)
        except UserError as error:
            assert "\n" not in str(error)
            return None
        to_json(analysis)  # every result must serialise
        return analysis


@FAST
@given(st.text())
def test_arbitrary_text_never_crashes(source: str) -> None:
    analyse_text(source)


@FAST
@given(PROGRAMS)
def test_generated_programs_are_analysed(source: str) -> None:
    analysis = analyse_text(source)
    assert analysis is not None  # every generated program is valid Python
    assert analysis.source.python_files == 1
    for fact in (
        *analysis.hyperparameters,
        *analysis.hard_coded_paths,
        *analysis.metrics,
        *analysis.secrets,
        *analysis.model_saves,
    ):
        assert fact.file == "train.py" and fact.line >= 1
    for secret in analysis.secrets:
        assert "AKIA1234567890ABCDEF" != secret.masked


@FAST
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "proj"
        root.mkdir()
        (root / "train.py").write_bytes(data)
        try:
            analyze_project(root, None)
        except UserError as error:
            assert "\n" not in str(error)
