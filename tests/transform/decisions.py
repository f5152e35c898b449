"""The plan each fixture case is transformed with, built by hand (transforms never re-detect).

Lines are those of the case's `.in.py`. `plan_for(...)` fills an empty plan, with no analysis
at all (a read of it fails), and sets only the decisions a case needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from sagebridge import contract
from sagebridge.model import (
    Analysis,
    ArgvPlan,
    ArgvSlot,
    ChannelPlan,
    CheckpointPlan,
    ConfiguratorPlan,
    DownloadEdit,
    DownloadPlan,
    Framework,
    Hazard,
    HyperparameterOrigin,
    HyperparameterPlan,
    KerasPlan,
    LightningPlan,
    MagicPlan,
    MetricPlan,
    MigrationPlan,
    ParserPlan,
    PathPlan,
    PathRole,
    ResumePlan,
    S3Call,
    S3Plan,
    SaveFormat,
    SavePlan,
    SecretPlan,
    SourceEdits,
)
from sagebridge.model.datasets import HubDataset, SklearnFetchDataset
from sagebridge.plan.metrics import regex
from sagebridge.plan.names import derive_names

FILE = "train.py"
DVC_ARGV = ArgvPlan(
    FILE,
    (
        ArgvSlot("--input", env="SM_CHANNEL_TRAINING"),
        ArgvSlot("--output", env="SM_MODEL_DIR", file_name="model.joblib"),
    ),
)

ABSL_FLAGS = (
    HyperparameterPlan("epochs", "--epochs", 10, "int", HyperparameterOrigin.ABSL, FILE, 4),
    HyperparameterPlan("shuffle", "--shuffle", True, "bool", HyperparameterOrigin.ABSL, FILE, 5),
)
ENVIRONMENT_SETTINGS = (
    HyperparameterPlan("EPOCHS", "--epochs", 10, "int", HyperparameterOrigin.ENVIRONMENT, FILE, 6),
    HyperparameterPlan("LR", "--lr", 0.01, "float", HyperparameterOrigin.ENVIRONMENT, FILE, 7),
)
HYDRA_SETTINGS = (
    HyperparameterPlan("lr", "--lr", 0.1, "float", HyperparameterOrigin.HYDRA, "conf/config.yaml", 1),
    HyperparameterPlan("model_depth", "--model.depth", 4, "int", HyperparameterOrigin.HYDRA,
                       "conf/config.yaml", 3),
)

LIGHTNING = LightningPlan((("val_acc", "validation_accuracy"),), "val_acc", "max")


class NoAnalysis:
    """Stands in for the plan's analysis: transforms receive decisions only, so any read of a
    fact fails the test that made it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"a transform read the analysis ({name}); it must read decisions")


NO_ANALYSIS = cast(Analysis, NoAnalysis())


def plan_for(**plan: Any) -> MigrationPlan:
    decisions: dict[str, Any] = {
        "analysis": NO_ANALYSIS,
        "names": derive_names("case"),
        "entry_point": FILE,
        "framework": Framework.PYTORCH,
        "hyperparameters": (),
        "channels": (),
        "metrics": (),
        "objective_metric": None,
    }
    decisions.update(plan)
    return MigrationPlan(**decisions)


def switch_off(call: str, dataset: str, line: int) -> DownloadPlan:
    return DownloadPlan(DownloadEdit.SWITCH_OFF, call, dataset, FILE, line)


def secret(kind: str, masked: str, line: int, name: str | None, column: int, env: str
           ) -> SecretPlan:
    return SecretPlan(kind, masked, FILE, line, name, column, env, replace=True)


def constant(name: str, default: Any, type_: str, line: int, flag: str | None = None) -> HyperparameterPlan:
    return HyperparameterPlan(name, flag or f"--{name.lower()}", default, type_,
                              HyperparameterOrigin.CONSTANT, FILE, line)


def flag(name: str, flag_: str, default: Any, type_: str, line: int,
         hazard: Hazard | None) -> HyperparameterPlan:
    return HyperparameterPlan(name, flag_, default, type_, HyperparameterOrigin.ARGPARSE, FILE,
                              line, hazard)


def channel(fallback: str, line: int, variable: str | None = "data_dir",
            filename: str | None = None) -> ChannelPlan:
    return ChannelPlan("training", contract.channel_env("training"), fallback, FILE, line,
                       variable, filename)


def path(role: PathRole, value: str, fallback: str, filename: str | None, line: int,
         variable: str | None) -> PathPlan:
    env = contract.ENV_MODEL_DIR if role is PathRole.MODEL else contract.ENV_OUTPUT_DATA_DIR
    return PathPlan(role, env, fallback, FILE, line, value, variable, filename)


def metric(name: str, expression: str, line: int) -> MetricPlan:
    return MetricPlan(name, regex(name), expression, FILE, line)


MNIST_CONSTANTS = (
    constant("batch_size", 64, "int", 4),
    constant("lr", 1.0, "float", 5),
    constant("dry_run", False, "bool", 6),
)
DIGITS_FLAGS = (
    flag("balanced", "--balanced", False, "bool", 7, Hazard.STORE_TRUE),
    flag("bootstrap", "--bootstrap", True, "bool", 8, Hazard.TYPE_BOOL),
    flag("quiet", "--quiet", True, "bool", 9, Hazard.STORE_FALSE),
)
CHECKPOINT_STATE = (("model", "model"), ("optimizer", "optimizer"))

CASES: dict[tuple[str, str], Callable[[], MigrationPlan]] = {
    ("hyperparameters", "constants_main_guard"): lambda: plan_for(hyperparameters=MNIST_CONSTANTS),
    ("hyperparameters", "constants_no_guard"): lambda: plan_for(
        hyperparameters=(constant("EPOCHS", 3, "int", 1), constant("ETA", 0.1, "float", 2))
    ),
    ("hyperparameters", "existing_parser"): lambda: plan_for(
        edits=SourceEdits(parsers=(ParserPlan("parser", FILE, 5, 11),)),
        hyperparameters=DIGITS_FLAGS,
    ),
    ("hyperparameters", "constant_used_at_import"): lambda: plan_for(
        hyperparameters=(constant("SIDE", 16, "int", 4), constant("epochs", 2, "int", 5))
    ),
    ("hyperparameters", "constant_used_at_import_migrated"): lambda: plan_for(
        hyperparameters=(constant("SIDE", 16, "int", 4), constant("epochs", 2, "int", 5))
    ),
    ("hyperparameters", "exec_configurator"): lambda: plan_for(
        edits=SourceEdits(configurators=(ConfiguratorPlan(FILE, 8, "configurator.py"),)),
        hyperparameters=(constant("batch_size", 16, "int", 4),
                         constant("learning_rate", 1e-3, "float", 5)),
    ),
    ("hyperparameters", "exec_configurator_migrated"): lambda: plan_for(
        edits=SourceEdits(configurators=(ConfiguratorPlan(FILE, 10, "configurator.py"),)),
        hyperparameters=(constant("batch_size", 16, "int", 5),
                         constant("learning_rate", 1e-3, "float", 6)),
    ),
    ("hyperparameters", "already_migrated"): lambda: plan_for(
        hyperparameters=tuple(replace(hp, line=hp.line + 2) for hp in MNIST_CONSTANTS)
    ),
    ("hyperparameters", "existing_parser_migrated"): lambda: plan_for(
        edits=SourceEdits(parsers=(ParserPlan("parser", FILE, 6, 25),)),
        hyperparameters=tuple(
            replace(hp, line=line) for hp, line in zip(DIGITS_FLAGS, (8, 16, 17), strict=True)
        ),
    ),
    ("channels", "data_dir"): lambda: plan_for(channels=(channel("./data", 3),)),
    ("channels", "csv_file"): lambda: plan_for(
        channels=(channel("data", 4, "TRAIN_FILE", "churn.csv"),
                  channel("data", 8, None, "extra.csv"))
    ),
    ("channels", "already_migrated"): lambda: plan_for(channels=(channel("./data", 4),)),
    ("s3_access", "boto3_calls"): lambda: plan_for(s3=S3Plan(
        "s3://acme/churn/v1", "acme", "churn/v1", "SM_CHANNEL_TRAINING",
        (S3Call("download", FILE, 5, "download_file"), S3Call("get_object", FILE, 6, "get_object"),
         S3Call("read", FILE, 7, "read_csv"),
         S3Call("upload", FILE, 8, "upload_file", "SM_MODEL_DIR"),
         S3Call("upload", FILE, 9, "put_object", "SM_OUTPUT_DATA_DIR", on_bucket=True)),
    )),
    ("s3_access", "already_migrated"): lambda: plan_for(s3=S3Plan(
        "s3://acme/churn/v1", "acme", "churn/v1", "SM_CHANNEL_TRAINING",
        (S3Call("read", FILE, 8, "read_csv"),),
    )),
    ("dataset_downloads", "torchvision"): lambda: plan_for(
        edits=SourceEdits(downloads=(switch_off("torchvision.datasets.MNIST", "MNIST", 6),
                                     switch_off("torchvision.datasets.MNIST", "MNIST", 7)))
    ),
    ("dataset_downloads", "not_literal"): lambda: plan_for(
        edits=SourceEdits(downloads=(switch_off("torchvision.datasets.MNIST", "MNIST", 5),))
    ),
    ("dataset_downloads", "already_migrated"): lambda: plan_for(
        edits=SourceEdits(downloads=(switch_off("torchvision.datasets.MNIST", "MNIST", 6),))
    ),
    ("model_saving", "torch_state_dict"): lambda: plan_for(
        paths=(path(PathRole.MODEL, "./models/model.pth", "./models", "model.pth", 3,
                    "model_save_path"),),
        saves=(SavePlan("torch.save", SaveFormat.STATE_DICT, FILE, 9, "model_save_path",
                        "model", "test_loader"),),
    ),
    # A bare file name in the save call itself: the folder is ".", and the TorchScript export
    # must go to the same moved folder as the save.
    ("model_saving", "inline_literal"): lambda: plan_for(
        paths=(path(PathRole.MODEL, "mnist_mlp.pt", ".", "mnist_mlp.pt", 6, None),),
        saves=(SavePlan("torch.save", SaveFormat.STATE_DICT, FILE, 6, '"mnist_mlp.pt"',
                        "model", "val_loader"),),
    ),
    ("model_saving", "joblib"): lambda: plan_for(
        paths=(path(PathRole.MODEL, "./models", "./models", None, 4, "MODEL_DIR"),),
        saves=(SavePlan("joblib.dump", SaveFormat.JOBLIB, FILE, 10, "MODEL_PATH", "model"),),
    ),
    ("model_saving", "already_migrated"): lambda: plan_for(
        paths=(path(PathRole.MODEL, "./models/model.pth", "./models", "model.pth", 5,
                    "model_save_path"),),
        saves=(SavePlan("torch.save", SaveFormat.STATE_DICT, FILE, 11, "model_save_path",
                        "model", "test_loader"),),
    ),
    ("outputs", "output_dir_and_checkpoints"): lambda: plan_for(
        paths=(path(PathRole.OUTPUT, "./output", "./output", None, 3, "OUTPUT_DIR"),),
        checkpoint=CheckpointPlan(FILE, 9, "epoch", CHECKPOINT_STATE),
    ),
    # A literal that only starts the written path: its folder moves, the name prefix stays.
    # A folder under the script's own (`__file__`): an absolute channel path replaces it.
    ("channels", "file_anchored"): lambda: plan_for(
        channels=(ChannelPlan("training", "SM_CHANNEL_TRAINING", "data", FILE, 5),),
    ),
    ("outputs", "written_prefix"): lambda: plan_for(
        paths=(path(PathRole.OUTPUT, "results/sample_", "results", "sample_", 5, None),),
    ),
    # A save's folder found through an argparse default / a config dict: that literal moves.
    ("model_saving", "argparse_default_dir"): lambda: plan_for(
        paths=(path(PathRole.MODEL, "models", "models", None, 7, None),),
        saves=(SavePlan("torch.save", SaveFormat.STATE_DICT, FILE, 11,
                        'os.path.join(args.model_dir, "forecaster.pt")', "model"),),
    ),
    ("model_saving", "config_dict_dir"): lambda: plan_for(
        paths=(path(PathRole.MODEL, "checkpoints", "checkpoints", None, 7, None),),
        saves=(SavePlan("torch.save", SaveFormat.STATE_DICT, FILE, 10,
                        'os.path.join(config["save_dir"], "siamese.pt")', "net"),),
    ),
    ("outputs", "already_migrated"): lambda: plan_for(
        paths=(path(PathRole.OUTPUT, "./output", "./output", None, 5, "OUTPUT_DIR"),),
        checkpoint=CheckpointPlan(FILE, 12, "epoch", CHECKPOINT_STATE),
    ),
    ("metrics", "printed"): lambda: plan_for(
        metrics=(metric("test_accuracy", "correct / total", 4),
                 metric("test_loss", "loss", 4),
                 metric("train_loss", "loss", 11))
    ),
    ("metrics", "reported_twice"): lambda: plan_for(
        metrics=(replace(metric("loss", "loss", 4), also_at=((8, "loss"),)),)
    ),
    ("metrics", "already_migrated"): lambda: plan_for(
        metrics=(metric("test_accuracy", "correct / total", 6),)
    ),
    ("device", "cuda_kept"): lambda: plan_for(),
    ("device", "already_migrated"): lambda: plan_for(),
    ("failure_file", "main_guard"): lambda: plan_for(),
    ("failure_file", "no_guard"): lambda: plan_for(),
    ("failure_file", "already_migrated"): lambda: plan_for(),
    ("secrets", "literals"): lambda: plan_for(edits=SourceEdits(secrets=(
        secret("password", "hu****", 3, "DB_PASSWORD", 14, "DB_PASSWORD"),
        secret("api_key", "ab****", 4, "api_key", 22, "API_KEY"),
        secret("openai_api_key", "sk-a****0123", 5, None, 9, "OPENAI_API_KEY"),
        secret("huggingface_token", "hf_a****6789", 13, "--hf-token", 16, "HF_TOKEN"),
    ))),
    ("secrets", "already_migrated"): lambda: plan_for(),
    # Keras: the checkpoint folder's argparse default moves; the export follows the last fit.
    ("keras", "checkpoint_and_export"): lambda: plan_for(
        keras=KerasPlan(FILE, "model", 13, checkpoint_literals=((7, "checkpoints"),)),
    ),
    # No checkpoint callback: BackupAndRestore joins the multi-line fit in its own layout; the
    # export follows the script's own save.
    ("keras", "backup_and_export"): lambda: plan_for(
        keras=KerasPlan(FILE, "model", 10, backup_fit=5),
    ),
    # A Hub dataset call already wrapped: the wrap is not wrapped again.
    ("hub_datasets", "already_migrated"): lambda: plan_for(
        dataset=HubDataset("imdb", "load_dataset(\"imdb\")", file=FILE, staged_lines=(6,),
                            channel_env="SM_CHANNEL_TRAINING", channel_file="imdb"),
    ),
    # A scikit-learn fetcher already given the channel's data home: left as it is.
    ("sklearn_fetchers", "already_migrated"): lambda: plan_for(
        dataset=SklearnFetchDataset("fetch_covtype", "fetch_covtype()", file=FILE,
                            staged_lines=(6,), channel_env="SM_CHANNEL_TRAINING"),
    ),
    # The script's own data_home is kept for runs outside SageMaker; one without gets one.
    ("sklearn_fetchers", "own_data_home"): lambda: plan_for(
        dataset=SklearnFetchDataset("fetch_20newsgroups", "fetch_20newsgroups()",
                            file=FILE, staged_lines=(4, 5), channel_env="SM_CHANNEL_TRAINING"),
    ),
    # Display-only IPython magics of an nbconvert export become `pass`.
    ("notebook_magics", "nbconvert"): lambda: plan_for(
        edits=SourceEdits(magics=(MagicPlan(FILE, 8, "matplotlib"), MagicPlan(FILE, 11, "config"))),
    ),
    ("notebook_magics", "already_migrated"): lambda: plan_for(
        edits=SourceEdits(magics=(MagicPlan(FILE, 8, "matplotlib"), MagicPlan(FILE, 11, "config"))),
    ),
    # plot_model already goes through the runtime: nothing to do.
    ("keras_plots", "already_migrated"): lambda: plan_for(
        keras=KerasPlan(FILE, "model", 5),
    ),
    ("keras", "already_migrated"): lambda: plan_for(
        keras=KerasPlan(FILE, "model", 14, checkpoint_literals=((8, "checkpoints"),),
                        backup_fit=14, backup_callbacks=True),
    ),
    # A model logged to MLflow is also written into SM_MODEL_DIR, once.
    ("logged_models", "sklearn"): lambda: plan_for(
        saves=(SavePlan("mlflow.sklearn.log_model", SaveFormat.JOBLIB, FILE, 10, None, "lr",
                        copy_to="model.joblib"),),
    ),
    ("logged_models", "already_migrated"): lambda: plan_for(
        saves=(SavePlan("mlflow.sklearn.log_model", SaveFormat.JOBLIB, FILE, 10, None, "lr",
                        copy_to="model.joblib"),),
    ),
    # Positional sys.argv rebuilt before the first statement that reads it.
    ("positional_argv", "dvc_style"): lambda: plan_for(argv=DVC_ARGV),
    ("positional_argv", "already_migrated"): lambda: plan_for(argv=DVC_ARGV),
    # absl flags: SageMaker's `--name value` joined as `--name=value` before app.run parses.
    ("absl_flags", "app_run"): lambda: plan_for(hyperparameters=ABSL_FLAGS),
    ("absl_flags", "already_migrated"): lambda: plan_for(hyperparameters=ABSL_FLAGS),
    # Settings read from the environment: the passed values put there after the imports.
    ("environment_settings", "reads"): lambda: plan_for(hyperparameters=ENVIRONMENT_SETTINGS),
    ("environment_settings", "already_migrated"): lambda: plan_for(
        hyperparameters=ENVIRONMENT_SETTINGS
    ),
    # A data file that is the default of the script's own variable (not a migrated SM_ one).
    ("channels", "environ_default"): lambda: plan_for(
        channels=(channel("data", 5, "DATA_FILE", "sensors.csv"),)
    ),
    # Hydra: SageMaker's `--key value` rewritten to `key=value` before the app runs.
    ("hydra_configs", "main_guard"): lambda: plan_for(hyperparameters=HYDRA_SETTINGS),
    ("hydra_configs", "already_migrated"): lambda: plan_for(hyperparameters=HYDRA_SETTINGS),
    ("lightning", "trainer_in_main"): lambda: plan_for(lightning=LIGHTNING),
    ("lightning", "cli_no_guard"): lambda: plan_for(lightning=LightningPlan(
        (("val_loss", "validation_loss"),), "val_loss", "min", cli=True,
        cli_config="config.yaml", cli_paths=(("data.csv_path", "SM_CHANNEL_TRAINING", "x.csv"),),
    )),
    ("lightning", "already_migrated"): lambda: plan_for(lightning=LIGHTNING),
    # Hugging Face: the script's own resume option defaults to the newest checkpoint folder;
    # a Trainer's output_dir (a CHECKPOINT path) reads the runtime's checkpoint folder.
    ("resume", "default_none"): lambda: plan_for(
        resume=ResumePlan(FILE, 5, "--resume_from_checkpoint"),
    ),
    ("resume", "bare_trainer_train"): lambda: plan_for(
        resume=ResumePlan(FILE, 4, None),
    ),
    ("resume", "already_migrated"): lambda: plan_for(
        resume=ResumePlan(FILE, 6, "--resume_from_checkpoint"),
    ),
    ("outputs", "hf_checkpoint_dir"): lambda: plan_for(
        paths=(PathPlan(PathRole.CHECKPOINT, contract.ENV_CHECKPOINT_DIR, "outputs", FILE, 6,
                        "outputs"),),
    ),
}
