"""Corpus benchmark, the reading side: metrics from what a script printed, and the table."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NUMBER = r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
ALIASES = {  # the usual other spellings
    "perplexity": ("ppl",),
    "accuracy": ("acc",),
    "test_loss": ("test set loss",),  # the PyTorch examples: "====> Test set loss: 67.02"
}


@dataclass
class Row:
    name: str
    expected: str
    outcome: str = ""
    metric: str = ""
    original: float | None = None
    migrated: float | None = None
    migrated_key: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_metric(text: str, name: str) -> float | None:
    """The last `name: value` / `name=value` / `name value` in text (name case-insensitive, a
    printed dict's quotes allowed: `'accuracy': 0.9`, `'loss': '0.69'`;
    `val_loss` also reads `val loss` and `val-loss`)."""
    if not name:
        return None
    spellings = [name, *ALIASES.get(name.lower(), ())]
    spelled = "|".join(
        r"[\s_-]?".join(re.escape(part) for part in re.split(r"[\s_-]+", each))
        for each in spellings
    )
    pattern = re.compile(
        rf"(?<![A-Za-z0-9])(?:{spelled})['\"]?(?:\s*\([^()\n]*\))?\s*(?:[:=]\s*|\s+)['\"]?{NUMBER}(?:\s*/\s*{NUMBER})?",
        re.IGNORECASE,
    )
    found = pattern.findall(text)
    if not found:
        return None
    value, denominator = found[-1]
    return _fraction(value, denominator)


def _fraction(value: str, denominator: str) -> float:
    """`Accuracy: 9812/10000 (98%)`, the PyTorch examples' style: the fraction."""
    return float(value) / float(denominator) if denominator and float(denominator) else float(value)


# How the phase part of a plan's metric name (`validation_error`, analyze's PHASE_WORDS) is
# spelt in the logs people and libraries print: `eval-error`, `valid_0's l2`, `validation_0-rmse`.
PHASE_SPELLINGS = {
    "test": r"test(?:ing)?|holdout",
    "validation": r"valid(?:ation)?|val|eval(?:uation)?|dev",
    "train": r"train(?:ing)?",
}


def planned_metric(metadata: dict[str, Any]) -> tuple[str, bool | None]:
    """The metric the plan chose (metadata.json's objective_metric) and whether greater is
    better; ("", None) when the plan has none."""
    name = metadata.get("objective_metric")
    if not isinstance(name, str) or not name:
        return "", None
    entry = (metadata.get("metrics") or {}).get(name)
    better = entry.get("greater_is_better") if isinstance(entry, dict) else None
    return name, better if isinstance(better, bool) else None


def parse_planned(text: str, name: str) -> float | None:
    """The last value of the plan's metric `name` (`<phase>_<kind>`: `test_mse`,
    `validation_error`, `rmse`) in what the original printed, however it is laid out:
    `[9] train-error:0.1 eval-error:0.2` (the eval one), `[10] valid_0's l2: 0.12`,
    `(MSE) on test set: 0.3`, `The RMSE of prediction is: 0.5`. A line counts when it names
    the kind and, for a phased name, the phase; the value is the number attached to
    `<phase><sep><kind>`, else the first one after the kind."""
    parts = [p for p in re.split(r"[\s_-]+", name.lower()) if p]
    if not parts:
        return None
    phase = PHASE_SPELLINGS.get(parts[0]) if len(parts) > 1 else None
    # `validation_0_l2` is also printed `valid_0's l2`
    kind = r"(?:'s)?[\s_-]?".join(re.escape(p) for p in (parts[1:] if phase else parts))
    spelt_kind = "|".join([kind, *(re.escape(a) for a in ALIASES.get("_".join(parts[-1:]), ()))])
    edge = r"(?<![A-Za-z0-9])"
    after = r"['\"]?\s*(?:[:=]\s*|\s+)['\"]?" + NUMBER
    attached = (
        re.compile(
            rf"{edge}(?:{phase})(?:_\d+)?(?:'s)?['\"]?[\s_-]?(?:{spelt_kind}){after}",
            re.IGNORECASE,
        )
        if phase
        else None
    )
    loose = re.compile(
        rf"{edge}(?:{spelt_kind})(?![A-Za-z0-9])[^0-9\n]*?{NUMBER}(?:\s*/\s*{NUMBER})?",
        re.IGNORECASE,
    )
    phase_word = re.compile(rf"{edge}(?:{phase})(?![A-Za-z])", re.IGNORECASE) if phase else None
    value: float | None = None
    for line in text.splitlines():
        found = attached.findall(line) if attached is not None else []
        if found:
            value = float(found[-1])
            continue
        if phase_word is not None and not phase_word.search(line):
            continue
        loose_found = loose.findall(line)
        if loose_found:
            number, denominator = loose_found[-1]
            value = _fraction(number, denominator)
    return value


def read_planned_metric(out: Path, printed: str, row: Row) -> bool | None:
    """Read the original's value of the metric the plan chose (metadata.json) from what it
    printed, the manifest's name only when the plan has none; greater-is-better per the plan."""
    metadata = (
        load_json((out / "metadata.json").read_text()) if (out / "metadata.json").is_file() else {}
    )
    name, greater = planned_metric(metadata)
    if name:
        manifest = row.metric
        if manifest and phased(manifest.lower()) != name.lower():
            row.notes.append(f"the plan's metric is {name} (manifest: {manifest})")
        row.metric, row.original = name, parse_planned(printed, name)
        if row.original is None and manifest:
            # The original prints the value under the manifest's own label only (an
            # `{'accuracy': 1.0}` per epoch, no phase named): read that.
            row.original = parse_metric(printed, manifest)
            if row.original is not None:
                row.notes.append(f"original read as its printed `{manifest}`")
    if row.metric and row.original is None:
        row.notes.append(f"original printed no `{row.metric}` value")
    return greater


def migrated_metric(metrics: dict[str, Any], name: str) -> tuple[str, float | None]:
    """The run's metric for the manifest's name: the same key, else one ending in `_name`
    (`val_`/`valid_` read as `validation_`, the tool's name for that phase)."""
    lowered = {phased(str(k).lower()): (str(k), v) for k, v in metrics.items()}
    wanted = phased(name.lower())
    candidates = [lowered[wanted]] if wanted in lowered else []
    candidates += [kv for key, kv in sorted(lowered.items()) if key.endswith("_" + wanted)]
    for key, value in candidates:
        if isinstance(value, (int, float)):
            return key, float(value)
    return "", None


def phased(name: str) -> str:
    """`val_mae` and `valid_auc` are what the tool names `validation_mae`, `validation_auc`."""
    for short in ("val_", "valid_"):
        if name.startswith(short):
            return "validation_" + name[len(short):]
    return name


def threshold(value: float | None, direction: str) -> str:
    """A gate threshold the original's metric passes, with a 5% margin."""
    if value is None:
        return "0"
    margin = max(abs(value) * 0.05, 1e-3)
    return f"{value - margin if direction != 'min' else value + margin:.6g}"


def load_json(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def first_finding(checks: list[dict[str, Any]]) -> str:
    for check in checks:
        for finding in check.get("findings") or []:
            line = finding.get("line")
            place = f"{finding.get('file', '')}" + (f":{line}" if line is not None else "")
            return f"{place} {finding.get('message', '')}".strip()[:200]
        if check.get("reason"):
            return str(check["reason"])[:200]
    return ""


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


def same(a: float | None, b: float | None) -> bool:
    """Equal, or equal at the precision the original printed (`test ppl 7.19` vs 7.18854)."""
    if a is None or b is None:
        return False
    text = repr(a)
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else None
    printed = decimals is not None and round(b, decimals) == a
    return printed or math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-4)


def format_metric(row: Row) -> str:
    if not row.metric:
        return "-"

    def show(value: float | None) -> str:
        return "?" if value is None else f"{value:.4g}"

    key = f" ({row.migrated_key})" if row.migrated_key and row.migrated_key != row.metric else ""
    return f"{row.metric}: {show(row.original)} vs {show(row.migrated)}{key}"


def format_seconds(row: Row) -> str:
    return " ".join(f"{stage[:3]} {value:.0f}" for stage, value in row.seconds.items())


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| project | expected | outcome | metric original vs migrated | seconds | notes |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cells = [row.name, row.expected, row.outcome, format_metric(row), format_seconds(row),
                 "; ".join(row.notes)]  # fmt: skip
        lines.append(
            "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
        )
    return lines
