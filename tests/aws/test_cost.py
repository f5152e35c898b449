"""`sagebridge cost`: per-step and endpoint estimates from the dated table in prices.json.

No AWS at all (the definition is built offline); the expected numbers are recomputed here
from prices.json, not typed in, so the test pins the arithmetic, not the prices.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sagebridge.aws.cost import DEFAULT_STEP_MINUTES, load_prices

from .conftest import Runner, write_fixture_project


@pytest.fixture()
def fixed(tmp_path: Path) -> Path:
    """A project whose definition (fixtures/pipeline.py) has known instance types."""
    return write_fixture_project(tmp_path / "fixed")


RUN_SUMMARY = {  # the shape `sagebridge run OUT --local --json` prints
    "status": "Succeeded",
    "steps": [
        {"name": "Preprocess", "type": "Processing", "status": "Succeeded", "duration_s": 30.0},
        {"name": "Train", "type": "Training", "status": "Succeeded", "duration_s": 360.0},
        {"name": "Evaluate", "type": "Processing", "status": "Succeeded", "duration_s": 90.0},
        {"name": "QualityGate", "type": "Condition", "status": "Succeeded", "duration_s": 0.01},
    ],
}


def test_cost_uses_the_local_run_durations(sb: Runner, fixed: Path) -> None:
    """Durations from OUT/.sagebridge/last-run.json; instance types from parameter defaults."""
    (fixed / ".sagebridge").mkdir()
    (fixed / ".sagebridge/last-run.json").write_text(json.dumps(RUN_SUMMARY), encoding="utf-8")
    result = sb("cost", str(fixed), "--json")
    assert result.code == 0, result.err
    estimate = json.loads(result.out)
    prices = load_prices()
    steps = {s["step"]: s for s in estimate["steps"]}
    assert list(steps) == ["Preprocess", "Train", "Evaluate"]  # the condition costs nothing
    train = steps["Train"]
    assert (train["instance_type"], train["instance_count"], train["minutes"]) == (
        "ml.m5.xlarge",
        1,
        6.0,
    )
    assert train["duration_source"] == "local run .sagebridge/last-run.json"
    assert train["on_demand"] == round(prices.training["ml.m5.xlarge"] * 6.0 / 60, 4)
    assert train["spot_floor"] == round(train["on_demand"] * (1 - prices.spot_max_saving), 4)
    assert steps["Preprocess"]["spot_floor"] is None  # processing has no spot option
    assert steps["Evaluate"]["on_demand"] == round(prices.processing["ml.m5.large"] * 1.5 / 60, 4)
    assert estimate["endpoint_monthly"] == round(prices.hosting["ml.m5.large"] * 730, 2)
    assert (estimate["prices_as_of"], estimate["prices_region"]) == (prices.as_of, prices.region)
    assert estimate["schema"] == 1


def test_cost_says_when_it_assumes_durations_and_states_date_and_region(
    sb: Runner, project: Path
) -> None:
    """The generated ec2-mnist pipeline, no local run: defaults stated, date and region shown."""
    result = sb(
        "cost",
        str(project),
        "-p",
        "TrainingInstanceType=ml.g4dn.xlarge",
        "--instance-type",
        "ml.c5.large",
    )
    assert result.code == 0, result.err
    prices = load_prices()
    assert f"table dated {prices.as_of}" in result.out and f"region {prices.region}" in result.out
    assert f"every step is assumed to take {DEFAULT_STEP_MINUTES:g} minutes" in result.out
    assert "1 x ml.g4dn.xlarge" in result.out  # the -p override reached the Train step
    monthly = prices.hosting["ml.c5.large"] * 730
    assert f"${monthly:.2f} per month" in result.out


@pytest.mark.parametrize("instance", ["ml.x99.huge"])
def test_cost_names_what_the_table_does_not_price(sb: Runner, project: Path, instance: str) -> None:
    """An instance type missing from the table is reported, never priced at zero silently."""
    result = sb("cost", str(project), "-p", f"TrainingInstanceType={instance}", "--json")
    assert result.code == 0, result.err
    estimate = json.loads(result.out)
    assert f"Train: {instance} (training)" in estimate["unpriced"]
    train = next(s for s in estimate["steps"] if s["step"] == "Train")
    assert train["on_demand"] is None and train["hourly"] is None


def test_cost_takes_durations_from_a_given_run_summary(
    sb: Runner, fixed: Path, tmp_path: Path
) -> None:
    """--durations FILE: a saved `run --local --json` document anywhere; a wrong one is refused."""
    summary = tmp_path / "run.json"
    summary.write_text(
        json.dumps({"steps": [{"name": "Train", "duration_s": 120.0}]}), encoding="utf-8"
    )
    result = sb("cost", str(fixed), "--durations", str(summary), "--json")
    assert result.code == 0, result.err
    steps = {s["step"]: s for s in json.loads(result.out)["steps"]}
    assert steps["Train"]["minutes"] == 2.0
    assert steps["Preprocess"]["duration_source"] == "default"  # not in the summary
    summary.write_text("{}", encoding="utf-8")
    refused = sb("cost", str(fixed), "--durations", str(summary))
    assert refused.code == 2 and "no steps with duration_s" in refused.err
