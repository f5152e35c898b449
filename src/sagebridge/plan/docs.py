"""Values the generated code, tests and docs substitute, computed here so templates only print.

`template_values(plan)` is what `render_project` prints: `project_values(plan)` is passed to
`templates/project/**` as `project`, `plan.iam.infrastructure_values` as `infra`. The files
counted in the guide and metadata.json are listed here, not found by looking at the templates
(tests/generated/test_render.py checks the lists against what is rendered).
"""

from __future__ import annotations

import ast
import math
import posixpath
from dataclasses import dataclass
from typing import Any

from sagebridge import __version__
from sagebridge.model import (
    ColumnKind,
    ColumnSchema,
    DependencyStatus,
    MeasuredKind,
    MeasuredMetric,
    MigrationPlan,
    TemplateValues,
)
from sagebridge.model.datasets import BundledDataset, CsvDataset, HeldOutSplit, TorchvisionDataset
from sagebridge.plan.aws_steps import AwsStep, aws_steps, no_upload_reason
from sagebridge.plan.dataset import IDX_DATASETS
from sagebridge.plan.guide_parts import GuideParts, guide_parts
from sagebridge.plan.guide_tables import (
    InstanceChoice,
    SettingChange,
    command_line,
    instance_choices,
    setting_changes,
)
from sagebridge.plan.huggingface_images import image_family
from sagebridge.plan.iam import POLICY_FILES, infrastructure_values
from sagebridge.plan.metadata import project_metadata
from sagebridge.plan.pipeline_parts import PipelineParts, pipeline_parts
from sagebridge.plan.step_imports import (
    answers_classes,
    merge_imports,
    split_imports,
    takes_raw_images,
)
from sagebridge.plan.step_templates import (
    conftest_staged_template,
    conftest_template,
    evaluate_template,
    inference_template,
    keras_import_template,
    preprocess_template,
    readme_data_template,
    readme_invoke_template,
    test_evaluate_template,
    test_inference_template,
    test_model_template,
)

# File names inside Preprocess's outputs for tabular data (the training channel and test set).
TRAIN_FILE = "train.csv"
TEST_FILE = "test.csv"
BUNDLED_LABEL = "target"  # the label column preprocess.py writes for scikit-learn's bundled sets
REPORT_FILE = "validation.json"
# The generated tests run on this folder of real data when it is set (synthetic data otherwise).
TEST_DATA_ENV = "SAGEBRIDGE_TEST_DATA"
# CSV data in the project: the generated tests write this many synthetic rows in its schema, so
# that the script's own split and preprocess.py's split leave each class on both sides.
SYNTHETIC_CSV_ROWS = 200
PIXEL_MAX = 255  # IDX image files store unsigned bytes: grey levels 0..255

# What render_project writes besides the code and the IAM policy files (plan/iam.py's
# POLICY_FILES), counted in the migration guide and metadata.json.
CLOUDFORMATION_TEMPLATES = ("infrastructure/cloudformation/main.yaml",)
DEPLOYMENT_SCRIPTS = (
    "scripts/cleanup.sh",
    "scripts/deploy_endpoint.sh",
    "scripts/deploy_infrastructure.sh",
    "scripts/monitor.sh",
    "scripts/run_pipeline.sh",
)
GENERATED_TESTS = (
    "tests/test_evaluate.py",
    "tests/test_iam.py",
    "tests/test_inference.py",
    "tests/test_model.py",
    "tests/test_pipeline.py",
    "tests/test_training.py",
)


# Settings that make one quick training run for the generated tests: epochs and rounds cut to
# the minimum, everything else as the script declares it.
_SMOKE_VALUES = {
    "epochs": "1",
    "num_epochs": "1",
    "n_epochs": "1",
    "max_epochs": "1",
    "n_estimators": "5",
    "num_round": "5",
    "num_rounds": "5",
    "num_boost_round": "5",
}





@dataclass(frozen=True)
class ComponentCounts:
    cloudformation_templates: int
    iam_policies: int
    deployment_scripts: int
    generated_tests: int
    test_files: tuple[str, ...]




@dataclass(frozen=True)
class ProjectValues:
    version: str
    evaluate_embedded_imports: tuple[str, ...]  # the embedded model's and test transform's
    inference_embedded_imports: tuple[str, ...]  # the model's (and the transform's, for images)
    # The variant's template of each generated step script (plan/step_templates.py).
    preprocess_template: str
    keras_import_template: str  # how the Keras preprocess.py imports keras
    evaluate_template: str
    inference_template: str
    # ... and of each generated test that differs by variant.
    test_model_template: str
    test_evaluate_template: str
    test_inference_template: str
    conftest_template: str
    conftest_staged_template: str  # its `staged` fixture, by how the data is staged
    readme_data_template: str  # README.md's local check and Data sections
    readme_invoke_template: str  # README.md's "what to send the endpoint"; "" without a model
    embedded_model: str  # the user's class (and helpers) without their imports
    embedded_transform_support: str  # module-level names the test transform needs, if any
    train_file: str
    test_file: str
    label_column: str
    validation_report: str
    smoke_arguments: tuple[tuple[str, str], ...]  # (flag, value) for a one-step training run
    smoke_examples: int  # synthetic examples the generated tests write (one batch)
    test_data_env: str
    channel_envs: tuple[str, ...]  # SM_CHANNEL_* variables the training script reads
    model_artifacts: tuple[str, ...]  # the files training writes to SM_MODEL_DIR (model or Keras)
    components: ComponentCounts
    instances: tuple[InstanceChoice, ...]
    problem_dependencies: tuple[tuple[str, str, str], ...]  # (package, issue, resolution)
    dataset_call: str  # the script's loading call, on one line
    data_file: str  # the data file, quoted, for the README and guide (`wine.csv`)
    split_call: str  # the script's train_test_split call, on one line
    channel_file: str  # CSV: where the file sits in the training channel
    drop_columns: tuple[str, ...]  # CSV: the columns the script drops besides the label
    full_set: tuple[tuple[str, int, str], ...]  # IDX: (file, records, md5) of the published set
    # CSV whose columns the plan judged: rows the generated tests write, and per column a
    # literal {"name", "kind", and "low"/"high"/"decimals" or "codes"}; (0, ()) otherwise.
    synthetic_rows: int
    synthetic_columns: tuple[dict[str, Any], ...]
    # The objective when it is an accuracy evaluate.py measures: the generated tests recompute
    # it from the model files on their own and compare. None: they check it is a number.
    recomputed_objective: MeasuredMetric | None
    input_shape: tuple[int, ...]
    input_shape_text: str
    image_shape: tuple[int, ...]  # IDX: one image's shape without the channel, e.g. (28, 28)
    input_size: int
    input_description: str
    # The endpoint takes raw images as the dataset stores them and applies the test transform
    # itself (torchvision data with a transform); otherwise it takes the model's own input.
    image_input: bool
    image_shape_text: str  # one raw image, e.g. "28, 28"
    image_size: int  # values in one raw image as a flat row, e.g. 784
    pixel_max: int
    class_output: bool  # a PyTorch classifier: JSON answers add the argmax class per example
    settings: tuple[SettingChange, ...]
    command_line: str
    notes: tuple[str, ...]
    aws_steps: tuple[AwsStep, ...]  # the one path to AWS the README and the guide print
    no_upload_reason: str  # why nothing is uploaded, when aws_steps has no upload-data
    pipeline: PipelineParts  # which parts pipeline/pipeline.py has (its steps and imports)
    guide: GuideParts  # the parts of docs/MIGRATION_GUIDE.md that differ by variant
    metadata: dict[str, Any]  # metadata.json: what every artifact shares, for validate and tools


def project_values(plan: MigrationPlan) -> ProjectValues:
    model, dataset = plan.model, plan.dataset
    images = dataset if isinstance(dataset, TorchvisionDataset) else None
    split = dataset if isinstance(dataset, HeldOutSplit) else None
    csv = dataset if isinstance(dataset, CsvDataset) else None
    definition_imports, definition_body = split_imports(model.definition if model else "")
    transform_imports, transform_body = split_imports(images.transform_support if images else "")
    shape = tuple(dataset.input_shape) if dataset else ()
    image_input = takes_raw_images(plan)
    return ProjectValues(
        version=__version__,
        # The embedded code's own imports; each step's template writes the step's own.
        evaluate_embedded_imports=merge_imports(definition_imports, transform_imports),
        inference_embedded_imports=merge_imports(
            definition_imports, transform_imports if image_input else ()
        ),
        preprocess_template=preprocess_template(plan),
        keras_import_template=keras_import_template(plan),
        evaluate_template=evaluate_template(plan),
        inference_template=inference_template(plan),
        test_model_template=test_model_template(plan),
        test_evaluate_template=test_evaluate_template(plan),
        test_inference_template=test_inference_template(plan),
        conftest_template=conftest_template(plan),
        conftest_staged_template=conftest_staged_template(plan),
        readme_data_template=readme_data_template(plan),
        readme_invoke_template=readme_invoke_template(plan),
        embedded_model=definition_body,
        embedded_transform_support=transform_body,
        train_file=TRAIN_FILE,
        test_file=TEST_FILE,
        label_column=(
            BUNDLED_LABEL
            if isinstance(dataset, BundledDataset)
            else csv.label_column
            if csv
            else ""
        ),
        validation_report=REPORT_FILE,
        smoke_arguments=_smoke_arguments(plan),
        smoke_examples=_smoke_examples(plan),
        test_data_env=TEST_DATA_ENV,
        channel_envs=tuple(sorted({channel.env for channel in plan.channels})),
        model_artifacts=(
            model.artifacts if model else plan.keras.artifacts if plan.keras else ()
        ),
        components=component_counts(plan),
        instances=instance_choices(plan),
        problem_dependencies=tuple(
            (d.name, d.issue or d.status.value, d.resolution or "none")
            for d in plan.analysis.dependencies
            if d.status is not DependencyStatus.COMPATIBLE
        ),
        dataset_call=one_line(dataset.source) if dataset else "",
        data_file=_data_file(plan),
        split_call=one_line(split.split_source) if split else "",
        channel_file=posixpath.join(csv.channel_subdir, csv.name) if csv else "",
        drop_columns=tuple(csv.drop_columns) if csv else (),
        full_set=_full_set(plan),
        synthetic_rows=SYNTHETIC_CSV_ROWS if csv and csv.columns else 0,
        synthetic_columns=tuple(_synthetic_column(c) for c in csv.columns) if csv else (),
        recomputed_objective=_recomputed_objective(plan),
        input_shape=shape,
        input_shape_text=", ".join(str(d) for d in shape),
        image_shape=shape[1:],
        input_size=math.prod(shape) if shape else 0,
        input_description=(
            f"`{one_line(images.transform)}`" if images and images.transform else "raw values"
        ),
        image_input=image_input,
        image_shape_text=", ".join(str(d) for d in shape[1:]),
        image_size=math.prod(shape[1:]) if shape else 0,
        pixel_max=PIXEL_MAX,
        class_output=answers_classes(plan),
        settings=setting_changes(plan),
        command_line=command_line(plan),
        notes=tuple(model.notes if model else ()) + tuple(dataset.notes if dataset else ()),
        aws_steps=aws_steps(plan),
        no_upload_reason=no_upload_reason(plan),
        pipeline=pipeline_parts(plan),
        guide=guide_parts(plan),
        metadata=project_metadata(plan, _component_numbers(component_counts(plan))),
    )


def _data_file(plan: MigrationPlan) -> str:
    """`wine.csv`; for a file the script names only at run time (`pd.read_csv(DATA_PATH)`), the
    call that reads it: the README and guide never print an empty name."""
    dataset = plan.dataset
    if dataset is None:
        return ""
    if dataset.name:
        return f"`{dataset.name}`"
    return f"the file `{one_line(dataset.source)}` reads"


def one_line(source: str) -> str:
    """An expression's source on one line, comments dropped (for docstrings and docs)."""
    if not source.strip():
        return ""
    try:
        return ast.unparse(ast.parse(source.strip(), mode="eval"))
    except SyntaxError:
        return " ".join(source.split())


def _full_set(plan: MigrationPlan) -> tuple[tuple[str, int, str], ...]:
    dataset = plan.dataset
    if dataset is None or dataset.name not in IDX_DATASETS:
        return ()
    spec = IDX_DATASETS[dataset.name]
    return tuple(
        (name, records, md5) for name, (records, md5) in zip(spec.raw_files, spec.full_set)
    )


def _recomputed_objective(plan: MigrationPlan) -> MeasuredMetric | None:
    measured = plan.model.measured_metrics if plan.model else ()
    return next(
        (m for m in measured if m.name == plan.objective_metric and m.kind is MeasuredKind.ACCURACY), None
    )


def _synthetic_column(column: ColumnSchema) -> dict[str, Any]:
    """What the generated tests need to draw one column's values, and nothing else."""
    spec: dict[str, Any] = {"name": column.name, "kind": column.kind.value}
    if column.kind in (ColumnKind.BINARY, ColumnKind.CATEGORY):
        spec["codes"] = list(column.codes)
    elif column.kind is ColumnKind.INTEGER:
        spec.update(low=int(column.low), high=int(column.high))
    elif column.kind is ColumnKind.FLOAT:
        spec.update(low=column.low, high=column.high, decimals=column.decimals)
    return spec




def component_counts(plan: MigrationPlan) -> ComponentCounts:
    """What render_project writes besides the code, by kind (the plan's own lists above),
    without the generated tests the plan leaves out with their step."""
    left_out = plan.steps.left_out_files if plan.steps else ()
    tests = tuple(file for file in GENERATED_TESTS if file not in left_out)
    return ComponentCounts(
        cloudformation_templates=len(CLOUDFORMATION_TEMPLATES),
        iam_policies=len(POLICY_FILES),
        deployment_scripts=len(DEPLOYMENT_SCRIPTS),
        generated_tests=len(tests),
        test_files=tests,
    )


def template_values(plan: MigrationPlan) -> TemplateValues:
    """Everything the project templates print beyond the plan's records, before rendering."""
    return TemplateValues(project=project_values(plan), infra=infrastructure_values(
        plan.names, image_family(plan.images, plan.framework),
        (plan.s3.uri,) if plan.s3 is not None and plan.s3.uri else (),
    ))














def _smoke_arguments(plan: MigrationPlan) -> tuple[tuple[str, str], ...]:
    """A short run's settings, and each value the pipeline passes that is not the script's own
    default: a required argument's (`--dataset fake`), a save guard's (`--save-model True`)."""
    own = {hp.name: hp for hp in plan.analysis.hyperparameters}
    return tuple(
        (hp.flag, _SMOKE_VALUES[hp.name.lower()])
        for hp in plan.hyperparameters
        if hp.name.lower() in _SMOKE_VALUES
    ) + tuple(
        (hp.flag, str(hp.default))
        for hp in plan.hyperparameters
        if hp.name.lower() not in _SMOKE_VALUES
        and hp.name in own
        and not hp.required
        and hp.default is not None
        and (own[hp.name].required or (hp.default is True and own[hp.name].default is not True))
    )


def _smoke_examples(plan: MigrationPlan) -> int:
    """One batch of the script's own batch size, so one epoch is one training step."""
    for hp in plan.hyperparameters:
        if hp.name.lower() == "batch_size" and isinstance(hp.default, int) and hp.default > 0:
            return hp.default
    return 64


def _component_numbers(counts: ComponentCounts) -> dict[str, int]:
    return {
        "cloudformation_templates": counts.cloudformation_templates,
        "iam_policies": counts.iam_policies,
        "deployment_scripts": counts.deployment_scripts,
        "generated_tests": counts.generated_tests,
    }
