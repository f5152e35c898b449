"""Data files: what analysis reads of a project's data (the heads of its CSV files), from
which the plan judges the columns (plan/csv_columns.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sagebridge.model.facts import StrEnum


class ColumnKind(StrEnum):
    """What a CSV column holds, judged from the rows analysis sampled."""

    BINARY = "binary"  # the integer codes 0 and 1
    CATEGORY = "category"  # a few integer codes: categories stored as numbers
    INTEGER = "integer"
    FLOAT = "float"
    TEXT = "text"  # anything else (identifiers, names)


@dataclass(frozen=True)
class DataSample:
    """The head of a data file inside the project: read by analysis, never written to OUT."""

    file: str  # POSIX path relative to the project root
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the first rows only (analyze/data_files.py bounds them)
