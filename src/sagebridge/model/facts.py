"""Facts found by analysis: frozen records of what the user's project holds.

`file` is always a POSIX path relative to the project root. Enum values are `StrEnum`s so that
JSON shows `"low"`, never `"RiskLevel.LOW"`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import Enum

from sagebridge.model.data_loads import DataLoads
from sagebridge.model.environment import CudaUse, NotebookMagic, S3Access, WeightDownload
from sagebridge.model.training import TrainingFacts

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - exercised only on Python 3.10

    class StrEnum(str, Enum):
        def __str__(self) -> str:
            return str(self.value)


# A literal default as found in source: what `ast.literal_eval` can give for a setting.
Literal = str | int | float | bool | None


class Framework(StrEnum):
    PYTORCH = "pytorch"
    TORCHVISION = "torchvision"
    SKLEARN = "sklearn"
    XGBOOST = "xgboost"
    LIGHTGBM = "lightgbm"
    TENSORFLOW = "tensorflow"
    KERAS = "keras"
    TRANSFORMERS = "transformers"
    LIGHTNING = "lightning"


class HyperparameterOrigin(StrEnum):
    ARGPARSE = "argparse"
    CONSTANT = "constant"
    CONFIG = "config"
    CLICK = "click"  # a @click.option: passed with its own flag, like an argparse option
    ARGV = "argv"  # read by position from sys.argv: passed as `--name value`, put back in place
    # The config file an exec'd configurator reads (`python train.py config/x.py`): passed as
    # `--config_file PATH`, put back as the positional PATH (runtime configurator_argv).
    CONFIGURATOR = "configurator"
    # A field of the script's own dataclass parsed by HfArgumentParser: passed as --name value.
    DATACLASS = "dataclass"
    FIRE = "fire"  # a parameter of the function given to fire.Fire: passed as --name value
    # A Hydra config value (conf/config.yaml `model: {depth: 6}`): passed as --model.depth value,
    # given to Hydra as the override model.depth=value (runtime hydra_argv).
    HYDRA = "hydra"
    ABSL = "absl"  # an absl flag (flags.DEFINE_integer): passed as --name value, =-joined
    # Read from the environment (`os.environ.get("EPOCHS", 10)`): passed as `--epochs value`,
    # put into the variable the script reads (runtime environ_settings).
    ENVIRONMENT = "environment"


class Hazard(StrEnum):
    """Hyperparameter declarations that break under SageMaker's `--name value` strings."""

    STORE_TRUE = "store_true"
    STORE_FALSE = "store_false"
    TYPE_BOOL = "type_bool"
    # `add_argument("--config")`: default None, which SageMaker can't pass; the pipeline passes
    # "" and the migrated option reads "" as None (sagebridge_runtime.optional).
    NONE_DEFAULT = "none_default"


class PathRole(StrEnum):
    DATA = "data"
    MODEL = "model"
    OUTPUT = "output"
    CHECKPOINT = "checkpoint"
    UNKNOWN = "unknown"


class SaveFormat(StrEnum):
    STATE_DICT = "state_dict"
    TORCHSCRIPT = "torchscript"
    PICKLE = "pickle"
    JOBLIB = "joblib"
    XGBOOST = "xgboost"
    KERAS = "keras"
    HF = "hf"


class DependencyStatus(StrEnum):
    COMPATIBLE = "compatible"
    PROBLEMATIC = "problematic"
    UNDECLARED = "undeclared"
    UNKNOWN = "unknown"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Complexity(StrEnum):
    SIMPLE = "simple"
    MODERATE = "moderate"
    COMPLEX = "complex"


class Strategy(StrEnum):
    AUTOMATED = "automated"
    ASSISTED = "assisted"
    MANUAL = "manual"


# ---------------------------------------------------------------------------------------------
# Facts found by analysis. `file` is always a POSIX path relative to the project root.


@dataclass(frozen=True)
class SourceStats:
    total_files: int
    python_files: int
    notebook_files: int
    config_files: int
    lines_of_code: int
    files: tuple[str, ...]


@dataclass(frozen=True)
class Hyperparameter:
    name: str  # the Python identifier the script reads (`batch_size`)
    default: Literal
    type: str  # "int" | "float" | "str" | "bool"
    origin: HyperparameterOrigin
    file: str
    line: int
    flag: str | None = None  # argparse option as written (`--batch-size`), None for constants
    hazard: Hazard | None = None
    required: bool = False  # `add_argument(..., required=True)`: no default to offer
    # A required argument's value in the command the project's README documents (`--dataset
    # fake`), as written there; None when none does (analyze/documented.py).
    documented: str | None = None
    # An argparse positional argument (`add_argument("total_epochs", type=int)`): its place
    # among the parser's positionals, 1 for the first (analyze/argparse_positionals.py).
    position: int | None = None


@dataclass(frozen=True)
class PositionalArgument:
    """`alpha = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5`: slot 1, named `alpha`."""

    file: str
    line: int
    index: int  # its position in sys.argv (1 for the first argument)
    name: str  # the variable it is read into
    default: Literal  # the value used when it is not given, None when the script needs it
    type: str  # "float" | "int" | "str"
    role: PathRole | None = None  # a path with no default, by how the script uses it


@dataclass(frozen=True)
class HardCodedPath:
    value: str
    role: PathRole
    file: str
    line: int
    variable: str | None = None  # the module-level name it is bound to, if any
    # The literal only starts the path (`"results/sample_" + str(epoch) + ".png"`): its folder
    # is what comes before the last "/", the rest is the start of a file name.
    prefix: bool = False


@dataclass(frozen=True)
class DatasetDownload:
    call: str  # dotted call as written, e.g. "torchvision.datasets.MNIST"
    dataset: str  # e.g. "MNIST"
    file: str
    line: int
    # A file read straight from a URL (`pd.read_csv("https://.../wine.csv")`): the URL and the
    # line of the string literal that holds it (analyze/downloads.py); "" / 0 otherwise.
    url: str = ""
    url_line: int = 0
    # The literal at url_line holds only the URL's first part (`root_url + "x.tsv"`): its value.
    url_prefix: str = ""
    # A Hugging Face Hub id (`dataset` holds it): "model" for `from_pretrained("bert-base-uncased")`,
    # "dataset" for `load_dataset("glue", "mrpc")`; "" otherwise.
    hub: str = ""


# The ModelSave call of Lightning Fabric's `fabric.save(path, state)` (analyze/fabric.py), however
# the script names its Fabric: a torch.save of `state` underneath.
FABRIC_SAVE = "Fabric.save"


@dataclass(frozen=True)
class ModelSave:
    call: str  # e.g. "torch.save"
    format: SaveFormat
    file: str
    line: int
    target: str | None = None  # source of what is saved, e.g. "model.state_dict()"
    path: str | None = None  # source of the destination argument, e.g. "model_save_path"
    # The setting whose truth the save waits for (`if args.save_model:` -> "save_model").
    guard: str | None = None
    # The line of the literal the destination resolves to (an argparse default, a constant, a
    # config dict value, the folder of an os.path.join...), when analysis could follow it.
    path_line: int | None = None
    path_column: int | None = None  # and its column (ast's, 0-based)


@dataclass(frozen=True)
class Dependency:
    name: str  # normalised distribution name (`scikit-learn`)
    declared: str | None  # the requirement as declared (`torch>=2.0`), None if undeclared
    status: DependencyStatus
    issue: str | None = None
    resolution: str | None = None


@dataclass(frozen=True)
class Secret:
    kind: str  # e.g. "aws_access_key_id"
    masked: str  # e.g. "AKIA****MPLE"
    file: str
    line: int
    name: str | None = None  # what holds it: a variable, key, keyword or flag (`--hf-token`)
    column: int | None = None  # Python: the literal's first character (0-based), else None
    env: str | None = None  # the environment variable it belongs in, e.g. "HF_TOKEN"


@dataclass(frozen=True)
class ModelClass:
    """A model class defined in the project (an `nn.Module` subclass and the like)."""

    name: str
    base: str  # e.g. "nn.Module"
    file: str
    line: int
    end_line: int
    constructor_args: tuple[str, ...] = ()  # source of the arguments at the instantiation site


class MetricReport(StrEnum):
    """How the script reports a metric."""

    PRINT = "print"  # print/echo of a text: `print(f"RMSE: {rmse}")`
    LOGGING = "logging"  # logging.info/debug/warning: `logger.info("val_auc=%.4f", auc)`
    LOG_CALL = "log_call"  # a named-metric call: mlflow.log_metric(s), self.log, add_scalar
    DICT = "dict"  # a printed dict: `print({"eval_accuracy": acc})`, `print(f"{metrics}")`
    RETURN = "return"  # a dict a function returns: `return {"accuracy": acc}`
    FILE = "file"  # a dict dumped as JSON: `json.dump({"accuracy": acc}, f)`
    LIBRARY_LOG = "library_log"  # the library's own log: xgb.train(..., evals=[(d, "eval")])
    STUDY = "study"  # an Optuna study's best trial: `study.best_value` after `optimize`


class MetricPhase(StrEnum):
    """Which data a metric is measured on, as its label (or the code around it) says."""

    TEST = "test"
    VALIDATION = "validation"
    TRAIN = "train"
    UNLABELLED = "unlabelled"  # no word says: `print("RMSE:", rmse)`


@dataclass(frozen=True)
class Metric:
    """A metric the script already computes and reports."""

    name: str  # e.g. "test_accuracy"
    expression: str  # source of the value, e.g. "100.0 * correct / len(test_loader.dataset)"
    file: str
    line: int
    kind: str = ""  # what it measures, e.g. "accuracy", "rmse", "perplexity"
    phase: MetricPhase = MetricPhase.UNLABELLED
    # Measured on data the model did not train on: test/validation, or unlabelled and not a loss.
    held_out: bool = True
    greater_is_better: bool = True  # accuracy, auc, f1, r2...; loss, error, rmse... are lower
    reported_by: MetricReport = MetricReport.PRINT
    # Later places reporting the same metric, (line, expression) each: a loss printed every 200
    # batches and again after the loop is logged at both, so the last value logged is the final.
    also_at: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class TrainingLoop:
    """The epoch loop (`for epoch in range(1, epochs + 1):`), where checkpoints hook in."""

    variable: str  # the loop variable, e.g. "epoch"
    file: str
    line: int


@dataclass(frozen=True)
class ExecConfigurator:
    """`exec(open('configurator.py').read())` at module level: a companion that overrides the
    module's settings from `--key=value` arguments and config-file paths (nanoGPT style)."""

    file: str  # the script that execs it
    line: int
    companion: str  # the exec'd file as written, e.g. "configurator.py"


@dataclass(frozen=True)
class ArgumentParser:
    """An argparse parser the script already has; transforms add to it rather than replace it."""

    variable: str  # e.g. "parser"
    file: str
    line: int  # where it is created
    parse_line: int | None  # where `parse_args()` is called, if it is
    # Its positional arguments in order, as the flags SageMaker passes them (`--total_epochs`);
    # empty when it has none or one the pipeline can't pass (analyze/argparse_positionals.py).
    positionals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Risk:
    level: RiskLevel
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    root_name: str  # the project folder's name; never an absolute path
    source: SourceStats
    entry_point: str
    frameworks: tuple[Framework, ...]
    hyperparameters: tuple[Hyperparameter, ...]
    hard_coded_paths: tuple[HardCodedPath, ...]
    dataset_downloads: tuple[DatasetDownload, ...]
    model_saves: tuple[ModelSave, ...]
    dependencies: tuple[Dependency, ...]
    secrets: tuple[Secret, ...]
    model_classes: tuple[ModelClass, ...]
    metrics: tuple[Metric, ...]
    training_loops: tuple[TrainingLoop, ...]
    argument_parsers: tuple[ArgumentParser, ...]
    risk: Risk
    complexity: Complexity
    complexity_reasons: tuple[str, ...]
    strategy: Strategy
    strategy_reasons: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
    # Python files the entry point neither imports nor executes: carried into code/ untouched
    companion_scripts: tuple[str, ...] = field(default=())
    exec_configurators: tuple[ExecConfigurator, ...] = ()
    positional_arguments: tuple[PositionalArgument, ...] = ()  # the entry point's sys.argv slots
    s3_accesses: tuple[S3Access, ...] = ()  # S3 read or written by the script itself
    # How the model is built, trained and saved (analyze/training.py)
    training: TrainingFacts = field(default_factory=TrainingFacts)
    data_loads: DataLoads = field(default_factory=DataLoads)  # how data is loaded (data_loads.py)
    notebook_magics: tuple[NotebookMagic, ...] = ()  # `get_ipython()` calls (nbconvert exports)
    cuda_uses: tuple[CudaUse, ...] = ()  # code that needs a CUDA GPU, no CPU fallback
    weight_downloads: tuple[WeightDownload, ...] = ()  # pretrained weights fetched at run time
    # Flags the README runs an HfArgumentParser entry point with that no hyperparameter passes
    # (analyze/hf_command_line.py): `--do_train`, `--train_file data/train.csv`...
    readme_flags_not_passed: tuple[str, ...] = ()
