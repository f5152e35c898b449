"""The columns of a CSV the script reads, judged from the first rows analysis sampled.

    label,age,plan          ->  ColumnSchema("label", BINARY, codes=(0, 1)),
    1,34,2                      ColumnSchema("age", INTEGER, low=19, high=71), ...

Kind (binary, category codes, integer, float, text) and observed range, so the generated tests
can write synthetic rows in the real schema. No row is kept.
"""

from __future__ import annotations

import math

from sagebridge.model import ColumnKind, ColumnSchema, DataSample
from sagebridge.plan.fidelity import NoteStep, Unfaithful

# An integer column with at most this many distinct values in the sample holds category codes.
MAX_CATEGORY_CODES = 10
MAX_DECIMALS = 6
# Cells pandas reads as missing (the common spellings): no evidence of a column's kind.
_MISSING = frozenset({"", "na", "n/a", "nan", "null", "none"})


def csv_columns(
    sample: DataSample, label: str, dropped: tuple[str, ...], notes: list[str]
) -> tuple[ColumnSchema, ...]:
    """Every column's kind and range; () with a note when synthetic rows can't stand in."""
    columns = tuple(
        _column(name, [row[i] for row in sample.rows if i < len(row)])
        for i, name in enumerate(sample.header)
    )
    absent = [c for c in (label, *dropped) if c and c not in sample.header]
    if absent:
        notes.append(
            f"{sample.file} has no column {', '.join(absent)}: no synthetic test data; check "
            "the label and dropped column names the script uses"
        )
        return ()
    target = next((c for c in columns if c.name == label), None)
    if target is not None and target.kind is ColumnKind.CATEGORY and len(target.codes) < 2:
        notes.append(
            f"{label} holds one value in the first {len(sample.rows)} rows of {sample.file}: "
            "no synthetic test data; shuffle the file so its head holds every class"
        )
        return ()
    text = [
        c.name for c in columns if c.kind is ColumnKind.TEXT and c.name not in (label, *dropped)
    ]
    if text:
        notes.append(Unfaithful(
            f"feature columns {', '.join(text)} of {sample.file} hold text; preprocess.py "
            "accepts numeric features only", NoteStep.PREPROCESS,
        ))  # fmt: skip
    return columns


def _column(name: str, cells: list[str]) -> ColumnSchema:
    """A column's kind and range from its sampled cells (missing cells say nothing)."""
    present = [cell.strip() for cell in cells if cell.strip().lower() not in _MISSING]
    integers = _integers(present)
    if present and integers is not None:
        codes = tuple(sorted(set(integers)))
        if codes == (0, 1):
            return ColumnSchema(name, ColumnKind.BINARY, codes=codes)
        if len(codes) <= MAX_CATEGORY_CODES:
            return ColumnSchema(name, ColumnKind.CATEGORY, codes=codes)
        return ColumnSchema(name, ColumnKind.INTEGER, low=codes[0], high=codes[-1])
    floats = _floats(present)
    if present and floats is not None and all(math.isfinite(f) for f in floats):
        decimals = max(len(cell.lower().split("e")[0].partition(".")[2]) for cell in present)
        return ColumnSchema(
            name,
            ColumnKind.FLOAT,
            low=min(floats),
            high=max(floats),
            decimals=min(decimals, MAX_DECIMALS),
        )
    return ColumnSchema(name, ColumnKind.TEXT)


def _integers(cells: list[str]) -> list[int] | None:
    if any("_" in cell for cell in cells):  # Python reads "1_0" as 10; pandas reads text
        return None
    try:
        return [int(cell) for cell in cells]
    except ValueError:
        return None


def _floats(cells: list[str]) -> list[float] | None:
    if any("_" in cell for cell in cells):
        return None
    try:
        return [float(cell) for cell in cells]
    except ValueError:
        return None
