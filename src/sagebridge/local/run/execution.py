"""One execution of a pipeline definition: its id and run folder, a record per step, and what
the steps have produced so far (the branch steps a condition chose, metrics, the registered
model, the first failure).

    execution = Execution.start(store, definition, order, parameters, options)
    for name in order:
        execution.run(name)
    summary = execution.summary()
"""

from __future__ import annotations

import contextlib
import functools
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sagebridge.local.run.cache import StepCache
from sagebridge.local.run.executors import run_step
from sagebridge.local.run.image_versions import StepVersions, step_versions, version_warnings
from sagebridge.local.run.records import RunStatus, RunSummary, StepRecord, StepStatus
from sagebridge.local.run.resolve import ResolveError, Resolver
from sagebridge.local.run.step_progress import epochs_total, report_line
from sagebridge.local.run.steps import StepContext, StepFailed
from sagebridge.local.run.store import ObjectStore, StoreError
from sagebridge.progress import Progress
from sagebridge.project.evaluation import EvaluationReportError, evaluation_metrics
from sagebridge.project.jobs import ProcessingJob
from sagebridge.project.pipeline_definition import PipelineDefinition
from sagebridge.serialize import to_json
from sagebridge.state import state_dir, write_atomic

RUNS_DIR = "runs"
CACHE_DIR = "cache"


@dataclass
class RunOptions:
    out: Path
    parameters: Mapping[str, str] = field(default_factory=dict)  # -p NAME=VALUE
    data: Mapping[str, str] = field(default_factory=dict)  # --data INPUT=PATH_OR_URI
    use_cache: bool = True
    processes: int = 1  # --processes N: a torchrun training job's processes (SageMaker: per GPU)
    progress: Progress = field(default_factory=Progress)


@dataclass
class Execution:
    out: Path
    store: ObjectStore
    definition: PipelineDefinition
    order: tuple[str, ...]  # every step's name (branch steps too), in the order they run
    options: RunOptions
    execution_id: str
    run_dir: Path
    cache: StepCache
    versions: Mapping[str, StepVersions]
    records: dict[str, StepRecord]
    resolver: Resolver = field(init=False)
    chosen: set[str] = field(default_factory=set)  # branch steps a condition selected
    metrics: dict[str, float] = field(default_factory=dict)
    registered: dict[str, Any] | None = None
    failure: tuple[str, str] | None = None  # (reason, detail) of the step that failed

    @classmethod
    def start(
        cls,
        store: ObjectStore,
        definition: PipelineDefinition,
        order: tuple[str, ...],
        parameters: dict[str, Any],
        options: RunOptions,
    ) -> Execution:
        out = options.out
        execution_id = uuid.uuid4().hex[:12]
        run_dir = state_dir(out) / RUNS_DIR / execution_id
        run_dir.mkdir(parents=True)
        records = {name: StepRecord(name, definition.step(name).type) for name in order}
        # recorded beside each job step, warned where they differ
        versions = step_versions(out, definition.all_steps)
        for name, record_versions in versions.items():
            records[name].versions = record_versions.document()
        execution = cls(
            out=out,
            store=store,
            definition=definition,
            order=order,
            options=options,
            execution_id=execution_id,
            run_dir=run_dir,
            cache=StepCache(state_dir(out) / CACHE_DIR, store),
            versions=versions,
            records=records,
        )
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        variables = {
            "PipelineExecutionId": execution_id,
            "PipelineExecutionArn": f"arn:aws:sagemaker:local:000000000000:pipeline/local/execution/{execution_id}",
            "PipelineName": out.name if definition.name is None else definition.name,
            "StartDateTime": now,
            "CurrentDateTime": now,
        }
        execution.resolver = Resolver(parameters, variables, execution.read_property_file)
        return execution

    def read_property_file(self, step_name: str, file_name: str) -> Any:
        entry = self.definition.step(step_name).property_file(file_name)
        if entry is None:
            raise ResolveError(f"step {step_name} has no property file {file_name}")
        # the step's properties hold its resolved outputs (DescribeProcessingJob's shape)
        outputs = ProcessingJob.parse(self.resolver.steps[step_name]).outputs
        output = next((o for o in outputs if o.name == entry.output_name), None)
        if output is None:
            raise ResolveError(f"step {step_name} has no output {entry.output_name}")
        uri = str(output.s3_uri).rstrip("/") + "/" + entry.file_path
        path = self.store.path_for(uri)
        if not path.is_file():
            raise ResolveError(f"{step_name} wrote no {entry.file_path} in {entry.output_name}")
        return json.loads(path.read_text())

    def _blocked(self, name: str) -> bool:
        """Not run: after a failure, a branch its condition did not choose, or a step whose
        dependencies did not all succeed."""
        if self.failure is not None:
            return True
        if name in self.definition.owner and name not in self.chosen:
            return True
        return any(
            self.records[d].status not in (StepStatus.SUCCEEDED, StepStatus.CACHED)
            for d in self.definition.dependencies(name)
        )

    def run(self, name: str) -> None:
        """Run one step (or mark it not run), recording its status, duration and log."""
        step, record = self.definition.step(name), self.records[name]
        progress = self.options.progress
        if self._blocked(name):
            record.status = StepStatus.NOT_RUN
            return
        record.log = str(self.run_dir / f"{name}.log")
        if record.versions is not None:
            write_atomic(self.run_dir / f"{name}.versions.json", to_json(record.versions))
        record.status = StepStatus.RUNNING
        record.epochs_total = epochs_total(step, self.resolver)
        progress.step_started(record)
        started = time.monotonic()
        context = StepContext(
            out=self.out,
            store=self.store,
            resolver=self.resolver,
            run_dir=self.run_dir,
            execution_id=self.execution_id,
            log_path=Path(record.log),
            emit=functools.partial(report_line, progress, record),
            processes=self.options.processes,
        )
        try:
            outcome, record.status = run_step(step, context, self.cache, self.options.use_cache)
        except StepFailed as error:
            self.failure = (error.reason, error.detail)
            record.status = StepStatus.FAILED
        except (ResolveError, StoreError) as error:
            self.failure = (f"{name}: {error}", "")
            record.status = StepStatus.FAILED
        except KeyboardInterrupt:  # the step's processes are stopped (steps.process)
            self.failure = (f"interrupted during step {name}", "")
            record.status = StepStatus.INTERRUPTED
        else:
            self.resolver.set_step_properties(name, outcome.properties)
            self.chosen.update(outcome.branch or [])
            self.metrics.update(outcome.metrics)
            if outcome.registered:
                self.registered = dict(outcome.registered)
        if record.status is StepStatus.FAILED and self.failure is not None:
            record.failure_reason = self.failure[0]
        record.duration_s = round(time.monotonic() - started, 3)
        Path(record.log).touch()
        progress.step_finished(record)

    def summary(self) -> RunSummary:
        for name in self.order:  # the evaluation report's metrics are the run's metrics
            if self.resolver.steps.get(name) is not None:
                for property_file in self.definition.step(name).property_files:
                    report = self.read_property_file(name, property_file.name)
                    with contextlib.suppress(EvaluationReportError):  # another kind of file
                        self.metrics.update(evaluation_metrics(report))
        if any(r.status == StepStatus.INTERRUPTED for r in self.records.values()):
            status = RunStatus.INTERRUPTED
        else:
            status = RunStatus.FAILED if self.failure else RunStatus.SUCCEEDED
        return RunSummary(
            status=status,
            execution_id=self.execution_id,
            steps=tuple(self.records[n] for n in self.order),
            metrics=self.metrics,
            registered_model=self.registered,
            failure=self.failure[0] if self.failure else None,
            failure_detail=self.failure[1] if self.failure else None,
            warnings=(*version_warnings(self.versions), *self.cache.warnings),
        )
