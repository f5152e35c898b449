"""Facts about how the user's model is built, trained and saved (issue 10), found once by
analyze/training.py over the parsed modules, so that plan/ decides from them without reading
source: `Analysis.training`.

    accelerator = Accelerator()          -> HuggingFaceFacts(accelerator_line=...)
    model = Net(); opt = optim.SGD(...)  -> EpochLoopState(models=("model",), optimizers=(...))
    torch.save(model.state_dict(), p)    -> SaveFacts(model_variable="model", ...)
    model.fit(x, y)                      -> KerasFacts(fits=(KerasFit(...),), ...)
    model = Net(args.hidden)             -> TorchModelFacts (model/model_build.py)

Every record is computed from the facts the plan reads (facts of sagebridge's own runtime module
left out, as plan/ leaves them out), so the plan's decisions are the same as when it asked the
trees its questions itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sagebridge.model.model_build import TorchModelFacts


@dataclass(frozen=True)
class PretrainedHead:
    class_name: str  # `AutoModelForTokenClassification`
    task: str  # the pipeline task its head names: `token-classification`


@dataclass(frozen=True)
class HuggingFaceFacts:
    """What the entry point does with Accelerate and the Trainer."""

    # The first `Accelerator(...)` of an entry point that imports accelerate.
    accelerator_line: int | None = None
    # `trainer.train()` with no arguments, where `trainer = SomeTrainer(...)`.
    bare_train_line: int | None = None
    # The first `X.from_pretrained(...)` whose X names a task head a text pipeline serves.
    pretrained_head: PretrainedHead | None = None


@dataclass(frozen=True)
class EpochLoopState:
    """What the first epoch loop's function (or module) binds on every path before the loop:
    the names of the models, optimizers and schedulers it assigns, in order."""

    file: str
    line: int
    variable: str
    models: tuple[str, ...] = ()
    optimizers: tuple[str, ...] = ()
    schedulers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SaveFacts:
    """What one model save (the `ModelSave` at the same position of `Analysis.model_saves`)
    writes, and what its path is made of."""

    file: str
    line: int
    # The module whose weights it writes (`model.state_dict()` -> "model"), or None.
    model_variable: str | None
    # A DataLoader assigned in the save's function (a test/validation one first), or None.
    sample_loader: str | None
    # Names the save path reads, followed through the module's top-level assignments.
    path_names: tuple[str, ...] = ()
    # The path (or an assignment it reads) holds the literal "SM_MODEL_DIR": migrated before.
    path_reads_model_dir: bool = False
    # The path when it is one string literal (`"out/clf.keras"`), else None.
    path_literal: str | None = None
    # An estimator's save (joblib, pickle, XGBoost): the base name of the file the path names
    # (`./models/model.joblib` -> `model.joblib`), and the estimator's class, when known.
    file_name: str | None = None
    estimator_class: str | None = None


@dataclass(frozen=True)
class KerasFit:
    line: int
    receiver: str  # the model trained, as written (`model`, `self.model`)
    callbacks: bool  # the call passes callbacks= already


@dataclass(frozen=True)
class CheckpointFolder:
    callback: str  # ModelCheckpoint | BackupAndRestore
    callback_line: int
    value: str | None  # the folder literal's value; None when it could not be followed
    line: int | None = None  # the literal's line and (ast, 0-based) column
    column: int | None = None
    argument_line: int | None = None  # the add_argument call whose default it is


@dataclass(frozen=True)
class KerasFacts:
    """The entry point's Keras `fit` calls, backend and checkpoint callbacks' folders."""

    fits: tuple[KerasFit, ...] = ()
    backend: str | None = None  # the backend the script sets; None when not a literal
    checkpoint_folders: tuple[CheckpointFolder, ...] = ()


@dataclass(frozen=True)
class Logged:
    """A label a `self.log`/`self.log_dict` call reports."""

    line: int
    label: str
    value: str  # the logged expression's source, as analysis records a metric's expression
    stage: str | None  # the hook's stage: "train" | "validation" | "test" | None (unknown)


@dataclass(frozen=True)
class LoggedLabels:
    file: str
    labels: tuple[Logged, ...]  # by line, then label


@dataclass(frozen=True)
class LightningFacts:
    """The labels the `self.log` calls of each file reporting a metric log, and the entry
    point's `LightningCLI(...)`."""

    logged: tuple[LoggedLabels, ...] = ()
    cli_line: int | None = None  # the first LightningCLI(...) call; None: no CLI
    cli_runs_subcommand: bool = False  # False for `LightningCLI(..., run=False)`


@dataclass(frozen=True)
class ResumeFile:
    """A file the entry point saves (`torch.save(snapshot, self.snapshot_path)`) and, when it
    exists at start-up, loads to resume (`if os.path.exists(snapshot_path): ...load...`)
    (analyze/resume_files.py)."""

    file: str
    save_line: int
    name: str  # the variable naming it, `snapshot_path`
    line: int  # the line of its default literal (`snapshot_path="snapshot.pt"`)
    value: str  # that literal's value


@dataclass(frozen=True)
class TrainingFacts:
    huggingface: HuggingFaceFacts = field(default_factory=HuggingFaceFacts)
    epoch_loop: EpochLoopState | None = None  # None: no epoch loop
    saves: tuple[SaveFacts, ...] = ()
    keras: KerasFacts | None = None  # None: the entry point was not parsed
    lightning: LightningFacts | None = None  # None: not a Lightning script
    model: TorchModelFacts | None = None  # None: the project defines no model class
    percent_expressions: tuple[str, ...] = ()  # metric expressions that multiply by 100
    # The entry point's first `os.environ["LOCAL_RANK"]` (RANK, WORLD_SIZE) read with no
    # default (analyze/torchrun_env.py): a script started by torchrun. None: none.
    torchrun_line: int | None = None
    # Files the entry point saves and resumes from itself (a snapshot): analyze/resume_files.py.
    resume_files: tuple[ResumeFile, ...] = ()

