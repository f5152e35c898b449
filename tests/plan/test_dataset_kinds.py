"""The dataset decision is a tagged union (issue 10): one record per kind with only its own
fields, and `kind` a DatasetKind that still compares equal to its string (templates)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import DatasetKind
from sagebridge.model.datasets import (
    BundledDataset,
    CsvDataset,
    DatasetPlan,
    HeldOutSplit,
    HubDataset,
    KerasDataset,
    SklearnFetchDataset,
    StagedDownload,
    TorchvisionDataset,
)
from sagebridge.plan import build_plan

VARIANTS = {
    TorchvisionDataset: DatasetKind.TORCHVISION,
    BundledDataset: DatasetKind.SKLEARN_BUNDLED,
    CsvDataset: DatasetKind.CSV,
    KerasDataset: DatasetKind.KERAS,
    HubDataset: DatasetKind.HUB_DATASET,
    SklearnFetchDataset: DatasetKind.SKLEARN_FETCH,
}


def _fields(record: type) -> set[str]:
    return {f.name for f in dataclasses.fields(record)}


def test_each_kind_has_one_record_with_only_its_own_fields() -> None:
    assert sorted(VARIANTS.values()) == sorted(DatasetKind)
    assert {cls.kind for cls in VARIANTS} == set(DatasetKind)
    common = _fields(DatasetPlan)
    assert common == {"name", "source", "file", "line", "notes", "input_shape", "num_classes"}
    assert "label_column" in _fields(CsvDataset) - _fields(TorchvisionDataset)
    assert "transform" in _fields(TorchvisionDataset) - _fields(CsvDataset)
    assert "split_source" not in _fields(KerasDataset) | _fields(HubDataset)
    assert "staged_lines" not in _fields(KerasDataset) | _fields(CsvDataset)
    assert issubclass(CsvDataset, HeldOutSplit) and issubclass(BundledDataset, HeldOutSplit)
    assert all(issubclass(c, StagedDownload) for c in (KerasDataset, HubDataset, SklearnFetchDataset))


@pytest.mark.parametrize(
    ("example", "record", "kind"),
    [
        ("ec2-mnist", TorchvisionDataset, "torchvision"),
        ("sklearn-digits", BundledDataset, "sklearn_bundled"),
        ("xgboost-tabular", CsvDataset, "csv"),
        ("corpus/keras-fashion-fit", KerasDataset, "keras"),
        ("corpus/hf-hub-dataset", HubDataset, "hub_dataset"),
    ],
)
def test_the_examples_get_their_kinds_record(example: str, record: type, kind: str) -> None:
    src: Path = EXAMPLES / example
    dataset = build_plan(analyze_project(src), read_data_samples(src)).dataset
    assert type(dataset) is record
    assert isinstance(dataset.kind, DatasetKind) and dataset.kind == kind
