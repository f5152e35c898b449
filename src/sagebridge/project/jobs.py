"""The job requests inside a pipeline step's arguments, as records: a processing job's inputs,
outputs, entry point and cluster; a training job's channels, hyperparameters and cluster.

The same parse reads a step's arguments as the definition holds them (values may be
expressions: `{"Get": ...}` documents) and the request the local runner resolved from them
(literals only):

    job = TrainingJob.parse(step.arguments)                       # typed, expressions inside
    ready = TrainingJob.parse(resolver.resolve(step.arguments))   # typed, literals

A field the request lacks reads as SageMaker's default (File input mode, one instance).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_EMPTY: Mapping[str, Any] = {}


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else _EMPTY


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


@dataclass(frozen=True)
class Cluster:
    instance_type: Any  # None when the request names none
    instance_count: Any = 1


@dataclass(frozen=True)
class ProcessingInput:
    name: str
    s3_uri: Any
    local_path: Any
    input_mode: Any = "File"
    is_s3: bool = True  # False: not an S3 input (the fields above are None)


@dataclass(frozen=True)
class ProcessingOutput:
    name: str
    s3_uri: Any
    local_path: Any
    is_s3: bool = True  # False: not an S3 output (the fields above are None)


@dataclass(frozen=True)
class ProcessingJob:
    """CreateProcessingJob's request (a Processing step's arguments)."""

    image: Any
    entrypoint: tuple[Any, ...]
    arguments: tuple[Any, ...]  # ContainerArguments
    environment: Mapping[str, Any]
    inputs: tuple[ProcessingInput, ...]
    outputs: tuple[ProcessingOutput, ...]
    cluster: Cluster

    @classmethod
    def parse(cls, request: Mapping[str, Any]) -> ProcessingJob:
        app = _mapping(request.get("AppSpecification"))
        inputs = []
        for item in _items(request.get("ProcessingInputs")):
            s3 = item.get("S3Input")
            inputs.append(
                ProcessingInput(
                    name=str(item.get("InputName")),
                    s3_uri=None if s3 is None else s3.get("S3Uri"),
                    local_path=None if s3 is None else s3.get("LocalPath"),
                    input_mode="File" if s3 is None else s3.get("S3InputMode", "File"),
                    is_s3=s3 is not None,
                )
            )
        outputs = []
        for item in _items(_mapping(request.get("ProcessingOutputConfig")).get("Outputs")):
            s3 = item.get("S3Output")
            outputs.append(
                ProcessingOutput(
                    name=str(item.get("OutputName")),
                    s3_uri=None if s3 is None else s3.get("S3Uri"),
                    local_path=None if s3 is None else s3.get("LocalPath"),
                    is_s3=s3 is not None,
                )
            )
        cluster = _mapping(_mapping(request.get("ProcessingResources")).get("ClusterConfig"))
        return cls(
            image=app.get("ImageUri"),
            entrypoint=tuple(_items(app.get("ContainerEntrypoint"))),
            arguments=tuple(_items(app.get("ContainerArguments"))),
            environment=_mapping(request.get("Environment")),
            inputs=tuple(inputs),
            outputs=tuple(outputs),
            cluster=Cluster(cluster.get("InstanceType"), cluster.get("InstanceCount", 1)),
        )


@dataclass(frozen=True)
class Channel:
    name: str
    s3_uri: Any
    distribution: Any = "FullyReplicated"
    is_s3: bool = True  # False: not an S3 data source (s3_uri is None)


@dataclass(frozen=True)
class MetricDefinition:
    name: str
    regex: str


@dataclass(frozen=True)
class TrainingJob:
    """CreateTrainingJob's request (a Training step's arguments, a Tuning step's
    TrainingJobDefinition)."""

    image: Any
    input_mode: Any
    algorithm_name: Any  # a marketplace algorithm instead of an image; None mostly
    metric_definitions: tuple[MetricDefinition, ...]
    channels: tuple[Channel, ...]
    hyperparameters: Mapping[str, Any]  # HyperParameters (a tuning job: StaticHyperParameters)
    environment: Mapping[str, Any]
    cluster: Cluster
    output_path: Any  # OutputDataConfig.S3OutputPath
    checkpoint_uri: Any  # CheckpointConfig.S3Uri; None without checkpoints

    @classmethod
    def parse(cls, request: Mapping[str, Any]) -> TrainingJob:
        spec = _mapping(request.get("AlgorithmSpecification"))
        channels = []
        for item in _items(request.get("InputDataConfig")):
            source = _mapping(item.get("DataSource")).get("S3DataSource")
            channels.append(
                Channel(
                    name=str(item.get("ChannelName")),
                    s3_uri=None if source is None else source.get("S3Uri"),
                    distribution="FullyReplicated"
                    if source is None
                    else source.get("S3DataDistributionType", "FullyReplicated"),
                    is_s3=source is not None,
                )
            )
        hyperparameters = request.get("HyperParameters", request.get("StaticHyperParameters"))
        resources = _mapping(request.get("ResourceConfig"))
        checkpoint = request.get("CheckpointConfig")
        return cls(
            image=spec.get("TrainingImage"),
            input_mode=spec.get("TrainingInputMode", "File"),
            algorithm_name=spec.get("AlgorithmName"),
            metric_definitions=tuple(
                MetricDefinition(str(d["Name"]), str(d["Regex"]))
                for d in _items(spec.get("MetricDefinitions"))
            ),
            channels=tuple(channels),
            hyperparameters=_mapping(hyperparameters),
            environment=_mapping(request.get("Environment")),
            cluster=Cluster(resources.get("InstanceType"), resources.get("InstanceCount", 1)),
            output_path=_mapping(request.get("OutputDataConfig")).get("S3OutputPath"),
            checkpoint_uri=_mapping(checkpoint).get("S3Uri") if checkpoint else None,
        )


@dataclass(frozen=True)
class InferenceContainer:
    image: Any
    model_data_url: Any
    environment: Mapping[str, Any]


@dataclass(frozen=True)
class ModelPackage:
    """CreateModelPackage's request (a RegisterModel step's arguments)."""

    group: Any  # ModelPackageGroupName; None: an unversioned package
    approval_status: Any  # ModelApprovalStatus; None when the request sets none
    containers: tuple[InferenceContainer, ...]
    quality_statistics_uri: Any  # ModelMetrics.ModelQuality.Statistics.S3Uri; None: no report

    @classmethod
    def parse(cls, request: Mapping[str, Any]) -> ModelPackage:
        containers = tuple(
            InferenceContainer(
                image=item.get("Image"),
                model_data_url=item.get("ModelDataUrl"),
                environment=_mapping(item.get("Environment")),
            )
            for item in _items(_mapping(request.get("InferenceSpecification")).get("Containers"))
        )
        quality = _mapping(_mapping(request.get("ModelMetrics")).get("ModelQuality"))
        statistics = quality.get("Statistics")
        return cls(
            group=request.get("ModelPackageGroupName"),
            approval_status=request.get("ModelApprovalStatus"),
            containers=containers,
            quality_statistics_uri=_mapping(statistics).get("S3Uri") if statistics else None,
        )


@dataclass(frozen=True)
class ParameterRange:
    """One tuned hyperparameter: `kind` is continuous, integer or categorical; `low`/`high`
    for the first two, `values` for categorical."""

    kind: str  # "Continuous" | "Integer" | "Categorical" (the ranges' key in the request)
    name: str
    low: Any = None
    high: Any = None
    scaling: Any = None  # ScalingType; None: Auto
    values: tuple[Any, ...] = ()


RANGE_KINDS = ("Continuous", "Integer", "Categorical")


@dataclass(frozen=True)
class TuningConfig:
    """CreateHyperParameterTuningJob's HyperParameterTuningJobConfig."""

    strategy: Any
    objective_metric: Any
    maximize: bool
    max_jobs: Any  # ResourceLimits.MaxNumberOfTrainingJobs
    ranges: tuple[ParameterRange, ...]  # continuous, then integer, then categorical

    @classmethod
    def parse(cls, config: Mapping[str, Any]) -> TuningConfig:
        objective = _mapping(config.get("HyperParameterTuningJobObjective"))
        declared = _mapping(config.get("ParameterRanges"))
        ranges = tuple(
            ParameterRange(
                kind=kind,
                name=str(item["Name"]),
                low=item.get("MinValue"),
                high=item.get("MaxValue"),
                scaling=item.get("ScalingType"),
                values=tuple(_items(item.get("Values"))),
            )
            for kind in RANGE_KINDS
            for item in _items(declared.get(f"{kind}ParameterRanges"))
        )
        return cls(
            strategy=config.get("Strategy"),
            objective_metric=objective.get("MetricName"),
            maximize=objective.get("Type") == "Maximize",
            max_jobs=_mapping(config.get("ResourceLimits")).get("MaxNumberOfTrainingJobs", 1),
            ranges=ranges,
        )
