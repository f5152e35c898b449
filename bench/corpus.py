"""Corpus benchmark: each corpus project, original vs analyze -> migrate -> validate -> run --local.

    .venv/bin/python bench/corpus.py [NAME...] [--root DIR]... [--fast] [--markdown FILE]
                                     [--json FILE] [--timeout SECONDS]

For every `<root>/*/corpus.toml` (root: examples/corpus; or only the NAMEs given; `--fast`: the
few quickest), in a temporary folder:

  original  copy the project, run the manifest's `prepare` commands and `run`, and read the
            manifest's metric from what it printed (stdout and stderr; the last `name: value`,
            `name=value` or `name value`, name case-insensitive); once migrated, the value of
            the metric the plan chose (metadata.json's objective_metric) is read instead,
            however it is laid out (`eval-error:0.2`, `(MSE) on test set: 0.3`);
  analyze   `sagebridge analyze` on a pristine copy (the project as it sits in its repository:
            no prepared data, no outputs); the entry point it finds is compared with the manifest's;
  migrate   `sagebridge migrate COPY -o OUT --entry-point <manifest entry point>` plus the
            manifest's optional `migrate_options` (what the user chose, e.g. `--metric auc`); exit 2 is a
            refusal (its one-line reason is recorded), exit 3 (written, needs review) a note and
            the stages go on, any other failure a failed stage;
  validate  `sagebridge validate OUT --json`; its failed checks are recorded;
  run       `sagebridge run OUT --local --json` with what a user would pass: `--data <input>=DIR`
            (DIR: the manifest's optional `[data] stage` folder, else the prepared copy's `data/`,
            else the prepared copy itself), `-p QualityThreshold=T` when the pipeline has a gate
            (T a little on the passing side of the original's metric, in the plan's direction;
            none when that value was not read), and `-p NAME=VALUE` for each
            `--flag value` (or Hydra `key=value`) of the manifest's `run` that migrate turned
            into a hyperparameter.

Every stage has a timeout; any failure of the tool is a row, never a crash of the bench. The
CLI runs as `sys.executable -m sagebridge`, with this repository's `src/` first on the path.
OMP_NUM_THREADS=1 for every process (the 2 shared cores are easily oversubscribed by OpenMP,
which makes scikit-learn's histogram boosting 10x slower); MLflow telemetry is off.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_report import (
    Row,
    first_finding,
    format_metric,
    format_seconds,
    last_line,
    load_json,
    migrated_metric,
    parse_metric,
    read_planned_metric,
    same,
    table,
    threshold,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = REPO / "examples" / "corpus"
FAST_COUNT = 3
LIMITS = {"original": 300, "analyze": 120, "migrate": 300, "validate": 600, "run": 900}
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "mlruns", "mlflow.db", ".sagebridge")
KEEP = False  # --keep: leave each project's temporary folder for a look afterwards
INPUTS_FED = re.compile(r"inputs fed by parameters: ([^)]*)\)")


@dataclass
class Done:
    code: int
    out: str
    err: str
    seconds: float


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    env.update(OMP_NUM_THREADS="1", MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")
    # A manifest's `sh -c "cd working && python kernel.py"` finds this interpreter first too.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def call(command: list[str], cwd: Path, limit: float) -> Done:
    """Run one command in its own process group; on timeout the whole group (the CLI and the
    step subprocesses it started) is killed."""
    started = time.perf_counter()
    try:
        process = subprocess.Popen(
            command, cwd=cwd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
        )  # fmt: skip
    except OSError as error:
        return Done(-1, "", str(error), time.perf_counter() - started)
    try:
        out, err = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        return Done(-9, out, f"timed out after {limit:.0f} s", time.perf_counter() - started)
    return Done(process.returncode, out, err, time.perf_counter() - started)


def sagebridge(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "sagebridge", *map(str, args)]


def python_command(words: list[str]) -> list[str]:
    """A manifest's `python ...` command, run with this interpreter (the venv that has the
    project's frameworks)."""
    return [sys.executable, *words[1:]] if words and words[0] in ("python", "python3") else words


def first_error(done: Done) -> str:
    """The line that says why: an `error:` line, else a traceback's last line, else the last."""
    lines = [ln.strip() for ln in (done.err + "\n" + done.out).splitlines() if ln.strip()]
    for line in lines:
        if line.lower().startswith("error"):
            return line[:200]
    tail = [ln for ln in lines if re.match(r"^\w+(\.\w+)*(Error|Exception|Exit)\b", ln)]
    return (tail[-1] if tail else lines[-1] if lines else f"exit {done.code}")[:200]


def run_original(manifest: dict[str, Any], work: Path, row: Row) -> str | None:
    """Run the original's prepare and run commands; what they printed, None when one failed."""
    started = time.perf_counter()
    steps = [shlex.split(c) if isinstance(c, str) else list(c) for c in manifest.get("prepare", [])]
    steps.append(list(manifest["run"]))
    output = ""
    for words in steps:
        done = call(python_command(words), work, LIMITS["original"])
        output += done.out + "\n" + done.err
        if done.code != 0:
            row.seconds["original"] = time.perf_counter() - started
            row.outcome = f"original failed ({' '.join(words)}): {first_error(done)}"
            return None
    row.seconds["original"] = time.perf_counter() - started
    row.original = parse_metric(output, row.metric)
    return output


def hyperparameter_overrides(
    manifest: dict[str, Any], metadata: dict[str, Any], missing: list[str]
) -> list[str]:
    """`-p NAME=VALUE` for the run's `--flag value` pairs that are pipeline hyperparameters
    (and a positional `.py` config file, when the pipeline has `config_file`); the flags that
    are not are added to `missing`."""
    declared = metadata.get("hyperparameters", {})
    by_flag: dict[str, str] = {}
    for name, entry in declared.items() if isinstance(declared, dict) else ():
        flag = entry.get("flag") if isinstance(entry, dict) else None
        by_flag[str(flag or "--" + name)] = name
        by_flag["--" + name.replace("_", "-")] = name
    words = list(manifest["run"])[2:]
    overrides: list[str] = []
    index = 0
    while index < len(words):
        word, step = words[index], 2
        if word.startswith("--") and "=" in word:
            (flag, value), step = word.split("=", 1), 1
        elif (
            word.startswith("--")
            and index + 1 < len(words)
            and not words[index + 1].startswith("--")
        ):
            flag, value = word, words[index + 1]
        elif "=" in word and not word.startswith("-") and "--" + word.split("=")[0] in by_flag:
            # a Hydra override (`model.depth=4`), passed by SageMaker as `--model.depth 4`
            (flag, value), step = ("--" + word).split("=", 1), 1
        elif word.endswith(".py") and "--config_file" in by_flag:
            # a config file an exec'd configurator reads (`train.py config/x.py`)
            flag, value, step = "--config_file", word, 1
        else:
            missing += [] if word.startswith("-") else [word]
            index += 1
            continue
        name = by_flag.get(flag) or by_flag.get(flag.replace("-", "_"))
        overrides += ["-p", f"{name}={value}"] if name else []
        missing += [] if name else [flag]
        index += step
    return overrides


def run_local(
    out: Path, data: Path, manifest: dict[str, Any], row: Row, greater: bool | None = None
) -> Done:
    metadata = (
        load_json((out / "metadata.json").read_text()) if (out / "metadata.json").is_file() else {}
    )
    layout = metadata.get("layout", {})
    data_input = layout.get("raw_input", "raw") if isinstance(layout, dict) else "raw"
    pipeline = out / "pipeline" / "pipeline.py"
    # The declared parameter, not a comment saying there is none ("# No QualityThreshold: ...").
    gate = pipeline.is_file() and 'name="QualityThreshold"' in pipeline.read_text()
    missing: list[str] = []
    options = hyperparameter_overrides(manifest, metadata, missing)
    if missing:
        row.notes.append(f"run arguments with no pipeline parameter: {' '.join(missing)}")
    direction = manifest_direction(manifest) if greater is None else ("max" if greater else "min")
    if gate and row.original is not None:
        options += ["-p", f"QualityThreshold={threshold(row.original, direction)}"]
    elif gate:  # never a made-up threshold (0 passed every minimised metric)
        row.notes.append("no QualityThreshold: the original's value was not read")
    total = 0.0
    for _attempt in range(2):
        data_option = ["--data", f"{data_input}={data}"] if data_input else []
        done = call(sagebridge("run", out, "--local", "--json", *data_option, *options), out.parent,
                    LIMITS["run"])  # fmt: skip
        total += done.seconds
        fed = INPUTS_FED.search(done.err + done.out)
        if done.code == 2 and fed and data_option:  # the data input has another name, or none
            names = [
                n.strip() for n in fed.group(1).split(",") if n.strip() and n.strip() != "none"
            ]
            data_input = names[0] if names else ""
            continue
        break
    shown = [f"--data {data_input}=<{data.name}>"] if data_input else []
    row.notes.append("run: " + " ".join(shown + options) if shown or options else "run: no options")
    done.seconds = total
    return done


def manifest_direction(manifest: dict[str, Any]) -> str:
    return str(manifest.get("expected", {}).get("direction", ""))


def stage_folder(manifest: dict[str, Any], prepared: Path) -> Path:
    stage = manifest.get("data", {}).get("stage")
    if stage:
        return prepared / stage
    return prepared / "data" if (prepared / "data").is_dir() else prepared


def bench_project(folder: Path, manifest: dict[str, Any]) -> Row:
    expected = manifest.get("expected", {})
    row = Row(
        name=str(manifest.get("name", folder.name)), expected=str(expected.get("outcome", ""))
    )
    row.metric = str(expected.get("metric", ""))
    tmp = tempfile.mkdtemp(prefix=f"corpus-{folder.name}-")
    try:
        return bench_in(folder, manifest, row, tmp)
    finally:
        if KEEP:
            print(f"    kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def bench_in(folder: Path, manifest: dict[str, Any], row: Row, tmp: str) -> Row:
    prepared, pristine, out = Path(tmp) / "original", Path(tmp) / folder.name, Path(tmp) / "out"
    shutil.copytree(folder, prepared, ignore=IGNORED)
    shutil.copytree(folder, pristine, ignore=IGNORED)
    printed = run_original(manifest, prepared, row)
    if printed is None:
        return row
    entry = str(manifest.get("entry_point", "train.py"))

    done = call(sagebridge("analyze", pristine, "--json"), Path(tmp), LIMITS["analyze"])
    row.seconds["analyze"] = done.seconds
    if done.code != 0:
        row.outcome = f"failed at analyze: {first_error(done)}"
        return row
    found = load_json(done.out).get("entry_point")
    if isinstance(found, str) and found != entry:
        row.notes.append(f"analyze picked entry point {found}")

    options = [str(word) for word in manifest.get("migrate_options", [])]  # e.g. --metric auc
    done = call(sagebridge("migrate", pristine, "-o", out, "--entry-point", entry, *options),
                Path(tmp), LIMITS["migrate"])  # fmt: skip
    row.seconds["migrate"] = done.seconds
    if done.code == 2:
        row.outcome = f"refused: {first_error(done)}"
        return row
    if done.code == 3:  # written, but items need review: the stages go on, the row says so
        row.notes.append("migrate: needs review (exit 3)")
    elif done.code != 0 or not out.is_dir():
        row.outcome = f"failed at migrate: {first_error(done)}"
        return row

    greater = read_planned_metric(out, printed, row)
    done = call(sagebridge("validate", out, "--json"), Path(tmp), LIMITS["validate"])
    row.seconds["validate"] = done.seconds
    report = load_json(done.out)
    failed = [c for c in report.get("checks", []) if c.get("status") not in ("passed",)]
    if done.code != 0:
        names = ", ".join(f"{c.get('name')} {c.get('status')}" for c in failed)
        detail = first_finding(failed) or first_error(done)
        row.outcome = f"failed at validate ({names or 'exit ' + str(done.code)}): {detail}"
    elif failed:
        row.notes.append(
            "validate: " + ", ".join(f"{c.get('name')} {c.get('status')}" for c in failed)
        )

    done = run_local(out, stage_folder(manifest, prepared), manifest, row, greater)
    row.seconds["run"] = done.seconds
    summary = load_json(done.out)
    row.migrated_key, row.migrated = migrated_metric(summary.get("metrics") or {}, row.metric)
    if done.code != 0:
        reason = summary.get("failure") or first_error(done)
        detail = last_line(str(summary.get("failure_detail") or "")) or failed_log_line(summary)
        stage = f"failed at run: {reason}" + (f" ({detail})" if detail else "")
        row.outcome = row.outcome or stage
        if row.outcome != stage:
            row.notes.append(stage)
        return row
    if not row.outcome:
        row.outcome = "end-to-end"
        if row.metric and not same(row.original, row.migrated):
            row.outcome = (
                "end-to-end, metric differs"
                if row.migrated is not None
                else ("end-to-end, metric not reported")
            )
    else:
        row.notes.append("run --local passed")
    return row


def failed_log_line(summary: dict[str, Any]) -> str:
    """The last line of the failed step's log, when the step left no failure file."""
    for step in summary.get("steps") or []:
        if step.get("status") == "failed" and step.get("log"):
            try:
                return last_line(Path(step["log"]).read_text(errors="replace"))
            except OSError:
                return ""
    return ""


# ---- discovery and the table -------------------------------------------------------------------


def discover(roots: list[Path], names: list[str], fast: bool) -> list[tuple[Path, dict[str, Any]]]:
    found: list[tuple[Path, dict[str, Any]]] = []
    for root in roots:
        for path in sorted(root.glob("*/corpus.toml")):
            try:
                manifest = tomllib.loads(path.read_text())
            except (OSError, tomllib.TOMLDecodeError) as error:
                print(f"skipping {path}: {error}", file=sys.stderr)
                continue
            if not names or path.parent.name in names or manifest.get("name") in names:
                found.append((path.parent, manifest))
    if fast:
        quick = sorted(found, key=lambda item: (float(item[1].get("seconds", 1e9)), item[0].name))
        found = quick[:FAST_COUNT]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="project folder names (default: all)")
    parser.add_argument("--root", type=Path, action="append", help="a folder of corpus projects")
    parser.add_argument("--fast", action="store_true", help=f"only the {FAST_COUNT} quickest")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    parser.add_argument("--timeout", type=float, help="seconds per stage (default: per stage)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    global KEEP
    KEEP = args.keep
    if args.timeout:
        LIMITS.update(dict.fromkeys(LIMITS, args.timeout))
    projects = discover(args.root or [DEFAULT_ROOT], args.names, args.fast)
    if not projects:
        where = ", ".join(str(r) for r in args.root or [DEFAULT_ROOT])
        print(
            f"no corpus.toml found under {where} for {args.names or 'any project'}", file=sys.stderr
        )
        return 2
    rows: list[Row] = []
    for folder, manifest in projects:
        print(f"... {folder.name}", file=sys.stderr, flush=True)
        try:
            row = bench_project(folder, manifest)
        except Exception as error:  # noqa: BLE001 -- a bench bug is a row too, never a lost table
            row = Row(name=folder.name, expected=str(manifest.get("expected", {}).get("outcome")))
            row.outcome = f"bench error: {type(error).__name__}: {error}"
        print(f"    {row.outcome} [{format_metric(row)}] {format_seconds(row)}", file=sys.stderr)
        rows.append(row)
    lines = table(rows)
    ok = sum(r.outcome == "end-to-end" for r in rows)
    refused = sum(r.outcome.startswith("refused") and r.expected == "refused" for r in rows)
    lines.append("")
    lines.append(
        f"{ok}/{len(rows)} end to end with the original's metric, "
        f"{refused} refused as expected, {len(rows) - ok - refused} otherwise"
    )
    print("\n".join(lines))
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
