"""Issue 10: plan fields with a closed set of values are StrEnums: constructed with members,
compared as the strings templates test, serialised as their values and read back as members."""

from __future__ import annotations

import json

import pytest
from helpers.paths import EXAMPLES

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.model import (
    ImageFamily,
    MeasuredKind,
    ModelLoader,
    S3CallKind,
    TuningKind,
    TuningScaling,
)
from sagebridge.plan import build_plan
from sagebridge.serialize import to_json, to_plain


def _plan(example: str):
    src = EXAMPLES / example
    return build_plan(analyze_project(src), read_data_samples(src))


@pytest.mark.parametrize(("example", "loader", "family"),
                         [("ec2-mnist", ModelLoader.TORCH, ImageFamily.PYTORCH),
                          ("sklearn-digits", ModelLoader.JOBLIB, ImageFamily.SKLEARN),
                          ("xgboost-tabular", ModelLoader.XGBOOST, ImageFamily.XGBOOST)])
def test_the_plan_holds_members_that_serialise_as_their_values(example, loader, family) -> None:
    plan = _plan(example)
    assert plan.model.loader is loader
    assert plan.images.framework is family
    assert plan.model.loader == loader.value  # what templates compare with
    document = json.loads(to_json(plan))
    assert document["model"]["loader"] == loader.value
    assert document["images"]["framework"] == family.value
    assert ModelLoader(document["model"]["loader"]) is loader
    assert ImageFamily(document["images"]["framework"]) is family
    for metric, plain in zip(plan.model.measured_metrics, document["model"]["measured_metrics"],
                             strict=True):
        assert type(metric.kind) is MeasuredKind
        assert MeasuredKind(plain["kind"]) is metric.kind


def test_tuning_ranges_are_members_and_print_as_sagemaker_spells_them() -> None:
    plan = _plan("ec2-mnist")
    ranges = [hp.tuning for hp in plan.hyperparameters if hp.tuning is not None]
    assert ranges
    for tuning in ranges:
        assert type(tuning.kind) is TuningKind and type(tuning.scaling) is TuningScaling
        plain = to_plain(tuning)
        assert (TuningKind(plain["kind"]), TuningScaling(plain["scaling"])) == (tuning.kind,
                                                                               tuning.scaling)
    assert f"{TuningScaling.LOGARITHMIC}" == "Logarithmic"
    assert repr(to_plain(TuningKind.INTEGER)) == "'integer'"  # the templates' `pyrepr`


def test_s3_call_kinds_are_the_analysers_words() -> None:
    assert {kind.value for kind in S3CallKind} == {"read", "download", "get_object", "upload", "write"}
    with pytest.raises(ValueError):
        S3CallKind("delete")
