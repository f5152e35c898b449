"""Read the head of each CSV file in the project: its header and first rows, never the rest.

The plan judges each column's kind and range from these (plan/dataset.py) so the generated
tests can write synthetic rows in the real schema. Read-only and bounded: at most SAMPLE_ROWS
rows from the first SAMPLE_BYTES of a file; a file that is not UTF-8 CSV is left out. Nothing
read here is written to OUT as it was read.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sagebridge.model import DataSample

DATA_SUFFIXES = (".csv",)
SAMPLE_ROWS = 200
SAMPLE_BYTES = 1_000_000


def is_data_file(relative: str) -> bool:
    return relative.lower().endswith(DATA_SUFFIXES)


def sample_csv(root: Path, relative: str) -> DataSample | None:
    """Header and first SAMPLE_ROWS rows of `root/relative`; None if it can't be read as CSV."""
    try:
        with (root / relative).open("rb") as handle:
            data = handle.read(SAMPLE_BYTES + 1)
    except OSError:
        return None
    if len(data) > SAMPLE_BYTES:  # cut back to the last whole line
        data = data[: data.rfind(b"\n", 0, SAMPLE_BYTES) + 1]
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        rows = [tuple(row) for _, row in zip(range(SAMPLE_ROWS), reader) if row]
    except csv.Error:
        return None
    if not header:
        return None
    return DataSample(file=relative, header=tuple(header), rows=tuple(rows))
