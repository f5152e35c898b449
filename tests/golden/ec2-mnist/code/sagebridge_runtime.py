"""SageMaker helpers for the migrated training script (written by sagebridge, imported by it).

Each helper also works on a laptop: without the SM_* variables that SageMaker sets, paths keep
the script's own values, checkpoints are off and no failure file is written.
"""

import contextlib
import json
import os
import sys
import traceback
import warnings

MODEL_DIR_ENV = "SM_MODEL_DIR"
OUTPUT_DIR_ENV = "SM_OUTPUT_DIR"
OUTPUT_DATA_DIR_ENV = "SM_OUTPUT_DATA_DIR"
OUTPUT_FAILURE_ENV = "SM_OUTPUT_FAILURE"
CHECKPOINT_DIR_ENV = "SM_CHECKPOINT_DIR"
TRAINING_ENV = "SM_TRAINING_ENV"
HOSTS_ENV = "SM_HOSTS"
CURRENT_HOST_ENV = "SM_CURRENT_HOST"
CONTAINER_CHECKPOINT_DIR = "/opt/ml/checkpoints"
CONTAINER_FAILURE_FILE = "/opt/ml/output/failure"
FAILURE_FILE_NAME = "failure"
FAILURE_REASON_LIMIT = 1024
STATE_DICT_FILE = "model.pth"
TORCHSCRIPT_FILE = "model.pt"
METRICS_FILE = "metrics.json"
EPOCH_PROGRESS_FORMAT = "epoch={epoch};"

_TRUE = {"true", "t", "yes", "y", "1", "on"}
_FALSE = {"false", "f", "no", "n", "0", "off"}


def _warn(message):
    print(f"sagebridge: warning: {message}", file=sys.stderr, flush=True)


def in_sagemaker():
    """True inside a SageMaker training container (the toolkit or SDK driver set these)."""
    return TRAINING_ENV in os.environ or MODEL_DIR_ENV in os.environ


def str2bool(value):
    """argparse type for flags: SageMaker passes every hyperparameter as a string ("False")."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    import argparse

    raise argparse.ArgumentTypeError(f"expected a boolean (true/false), got {value!r}")


# ---- metrics ---------------------------------------------------------------------------------

_metrics = {}


def log_metric(name, value):
    """Print `name=value;` (the metric definitions' regex reads it) and update metrics.json.

    A value that is not a number (None, a string the script printed) is not logged: logging
    must never stop the training it reports on.
    """
    try:
        value = float(value)
    except (TypeError, ValueError):
        return
    print(f"{name}={value!r};", flush=True)
    _metrics[name] = value
    folder = os.environ.get(OUTPUT_DATA_DIR_ENV)
    if folder:
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, METRICS_FILE)
        with open(path + ".tmp", "w") as handle:
            json.dump(_metrics, handle, indent=2, sort_keys=True)
        os.replace(path + ".tmp", path)


# ---- failure file ----------------------------------------------------------------------------


def _failure_path():
    if os.environ.get(OUTPUT_FAILURE_ENV):
        return os.environ[OUTPUT_FAILURE_ENV]
    if os.environ.get(OUTPUT_DIR_ENV):
        return os.path.join(os.environ[OUTPUT_DIR_ENV], FAILURE_FILE_NAME)
    return CONTAINER_FAILURE_FILE if in_sagemaker() else None


@contextlib.contextmanager
def failure_file():
    """On an exception, write it to the failure file (the job's FailureReason), then re-raise."""
    try:
        yield
    except Exception as error:
        path = _failure_path()
        if path:
            # The reason shows only the first FAILURE_REASON_LIMIT characters: error line first.
            headline = f"{type(error).__name__}: {error}"
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            with open(path, "w") as handle:
                handle.write(headline[:FAILURE_REASON_LIMIT] + "\n\n" + traceback.format_exc())
        raise


# ---- hosts -----------------------------------------------------------------------------------


def record_hosts():
    """Log the SageMaker hosts; the script is single-host, so several hosts repeat its work."""
    hosts = json.loads(os.environ.get(HOSTS_ENV, "[]"))
    if not hosts:
        return
    print(f"SageMaker hosts: {hosts}; this host: {os.environ.get(CURRENT_HOST_ENV)}", flush=True)
    if len(hosts) > 1:
        _warn(f"{len(hosts)} hosts but the script is not distributed: each one trains alone")


# ---- checkpoints -----------------------------------------------------------------------------


def checkpoint_dir():
    """$SM_CHECKPOINT_DIR, else the container's checkpoint folder; None (off) on a laptop."""
    if os.environ.get(CHECKPOINT_DIR_ENV):
        return os.environ[CHECKPOINT_DIR_ENV]
    return CONTAINER_CHECKPOINT_DIR if in_sagemaker() else None


class Checkpoints:
    """Saves `state_dict()`s after each epoch and restores the latest one on start (spot jobs)."""

    PREFIX = "checkpoint-"
    SUFFIX = ".pt"

    def __init__(self, **state):
        self.state = state
        self.folder = checkpoint_dir()
        self.last_epoch = None
        self.completed = 0  # epochs done so far, counted from 1 whatever the loop counts from
        latest = self._latest()
        if latest is not None:
            import torch

            saved = torch.load(latest, map_location="cpu", weights_only=True)
            for name, value in self.state.items():
                value.load_state_dict(saved["state"][name])
            self.last_epoch = saved["epoch"]
            print(f"Resumed from {latest} (epoch {self.last_epoch} done)", flush=True)

    def _epochs(self):
        if self.folder is None or not os.path.isdir(self.folder):
            return {}
        found = {}
        for name in os.listdir(self.folder):
            number = name[len(self.PREFIX) : -len(self.SUFFIX)]
            if name.startswith(self.PREFIX) and name.endswith(self.SUFFIX) and number.isdigit():
                found[int(number)] = os.path.join(self.folder, name)
        return found

    def _latest(self):
        epochs = self._epochs()
        return epochs[max(epochs)] if epochs else None

    def done(self, epoch):
        """True for an epoch that finished before the job was interrupted."""
        finished = self.last_epoch is not None and epoch <= self.last_epoch
        self.completed += finished
        return finished

    def save(self, epoch):
        self.completed += 1
        if in_sagemaker():  # progress for the job's log (the local runner shows it as a bar)
            print(EPOCH_PROGRESS_FORMAT.format(epoch=self.completed), flush=True)
        if self.folder is None:
            return
        import torch

        os.makedirs(self.folder, exist_ok=True)
        path = os.path.join(self.folder, f"{self.PREFIX}{epoch}{self.SUFFIX}")
        state = {name: value.state_dict() for name, value in self.state.items()}
        torch.save({"epoch": epoch, "state": state}, path + ".tmp")
        os.replace(path + ".tmp", path)
        for older, older_path in self._epochs().items():
            if older != epoch:
                os.remove(older_path)


# ---- PyTorch model files ---------------------------------------------------------------------


def _same_file(first, second):
    return os.path.abspath(first) == os.path.abspath(second)


def _torchscript(model, sample_loader):
    import torch

    # torch.jit is deprecated in favour of torch.export, but the SageMaker PyTorch server still
    # jit-loads model.pt when there is no model_fn: keep the logs to the warnings that matter.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return torch.jit.script(model)
        except Exception as script_error:  # noqa: BLE001 - any failure falls back to tracing
            if sample_loader is None:
                _warn(f"TorchScript: scripting failed ({script_error}) and no sample batch")
                return None
            try:
                sample = next(iter(sample_loader))[0]
                device = next(model.parameters()).device
                return torch.jit.trace(model, sample.to(device))
            except Exception as trace_error:  # noqa: BLE001 - reported, then serving needs model_fn
                _warn(f"TorchScript: scripting failed ({script_error}), tracing too ({trace_error})")
                return None


def export_pytorch(model, beside, sample_loader=None):
    """Write the state_dict (model.pth) and TorchScript (model.pt) beside the script's own save."""
    import torch

    folder = os.path.dirname(beside) or "."
    state_dict_path = os.path.join(folder, STATE_DICT_FILE)
    if not _same_file(state_dict_path, beside):
        torch.save(model.state_dict(), state_dict_path)
    torchscript_path = os.path.join(folder, TORCHSCRIPT_FILE)
    if _same_file(torchscript_path, beside):
        _warn(f"not writing TorchScript over the script's own {beside}")
        return
    was_training = model.training
    model.eval()
    try:
        scripted = _torchscript(model, sample_loader)
    finally:
        model.train(was_training)
    if scripted is None:
        _warn(f"no {TORCHSCRIPT_FILE}: serving will need a model_fn that loads {STATE_DICT_FILE}")
        return
    scripted.save(torchscript_path)
