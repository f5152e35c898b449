"""Each folder here is a golden tree: a generated project with its own tests/ and conftest.py.
They are expected output, not tests of sagebridge: pytest never collects (or imports) them."""

from pathlib import Path

collect_ignore = sorted(p.name for p in Path(__file__).parent.iterdir() if p.is_dir())
