"""The codemods a file needs run in one walk of its tree, with the result of running them one
after another (code, which changed something, warnings)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from helpers.paths import example

from sagebridge import transform as driver
from sagebridge.analyze import analyze_project, read_sources
from sagebridge.migrate import read_data_samples
from sagebridge.plan import build_plan
from sagebridge.transform import TRANSFORMS, transform_file
from sagebridge.transform import base as base_module
from sagebridge.transform.combined import Inexact
from sagebridge.transform.device import DeviceTransform
from sagebridge.transform.hyperparameters import HyperparametersTransform
from sagebridge.transform.lightning import LightningTransform

from .decisions import FILE, LIGHTNING, constant, plan_for

CORPUS = example("corpus")
PROJECTS = [
    example("ec2-mnist"),
    example("sklearn-digits"),
    example("xgboost-tabular"),
    *sorted(p for p in CORPUS.iterdir() if p.is_dir()),
]


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_one_walk_gives_what_the_codemods_give_in_sequence(project: Path) -> None:
    sources = read_sources(project)
    plan = build_plan(analyze_project(project, None), read_data_samples(project))
    several = 0
    for path, code in sorted(sources.items()):
        if sum(t.applies(plan, path) for t in TRANSFORMS) < 2:
            continue
        several += 1
        combined = transform_file(plan, path, code)
        sequential = transform_file(plan, path, code, combine=False)
        assert combined == sequential, path
    assert several, f"{project.name}: no file with two codemods or more"


def test_the_entry_script_is_parsed_walked_and_positioned_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = example("ec2-mnist")
    sources = read_sources(project)
    plan = build_plan(analyze_project(project, None), read_data_samples(project))
    counts = {"parse": 0, "positions": 0, "walks": 0}
    parse, wrapper, visit = cst.parse_module, base_module.MetadataWrapper, cst.Module.visit

    def counted_parse(code: str) -> cst.Module:
        counts["parse"] += code == sources["train.py"]  # not the statements the codemods add
        return parse(code)

    def counted_wrapper(*args: object, **kwargs: object) -> object:
        counts["positions"] += 1
        return wrapper(*args, **kwargs)  # type: ignore[arg-type]

    def counted_visit(self: cst.Module, visitor: cst.CSTVisitorT) -> cst.Module:
        counts["walks"] += isinstance(visitor, cst.CSTTransformer)  # not the position resolver
        return visit(self, visitor)

    monkeypatch.setattr(driver.cst, "parse_module", counted_parse)
    monkeypatch.setattr(base_module, "MetadataWrapper", counted_wrapper)
    monkeypatch.setattr(cst.Module, "visit", counted_visit)
    result = transform_file(plan, "train.py", sources["train.py"])
    assert len(result.applied) >= 6  # eight codemods change the ec2-mnist script
    assert counts == {"parse": 1, "positions": 1, "walks": 1}


GUARDED = """import os

BATCH = 64


def main():
    print(BATCH)


if __name__ == "__main__":
    main()
"""


def test_insertions_at_a_block_edge_go_where_they_go_in_sequence() -> None:
    """Device finds the entry block's first statement as it is when it runs: after the
    hyperparameters transform put the settings there, so its call goes above them."""
    plan = plan_for(hyperparameters=(constant("BATCH", 64, "int", 3),))
    transforms = (HyperparametersTransform, DeviceTransform)
    combined = transform_file(plan, FILE, GUARDED, transforms)
    assert combined == transform_file(plan, FILE, GUARDED, transforms, combine=False)
    block = combined.code.split('if __name__ == "__main__":\n', 1)[1].splitlines()
    assert block == [
        "    sagebridge_runtime.record_hosts()",
        "    _sagebridge_args = _sagebridge_parse_hyperparameters()",
        "    BATCH = _sagebridge_args.batch",
        "    main()",
    ]


UNGUARDED = "import lightning as L\n\ntrainer = L.Trainer()\n"


def test_an_insertion_beside_the_added_imports_runs_the_codemods_in_sequence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lightning's calls go after the last import, where the imports the others ask for go
    too: one walk can't place both as the sequence does, so the driver runs the sequence."""
    plan = plan_for(lightning=LIGHTNING)
    transforms = (LightningTransform, DeviceTransform)
    tree = cst.parse_module(UNGUARDED)
    wanted = tuple(t for t in transforms if t.applies(plan, FILE))
    with pytest.raises(Inexact):
        driver._combined(plan, FILE, UNGUARDED, tree, wanted)
    combined = transform_file(plan, FILE, UNGUARDED, transforms)
    assert combined == transform_file(plan, FILE, UNGUARDED, transforms, combine=False)
    assert "sagebridge_lightning.install(" in combined.code
