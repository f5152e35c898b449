"""What analysis knows about the ML ecosystem, as data: visitors look things up here.

Dependency resolutions are short tokens a later stage can act on:
`manual_download` (fetch the data ahead of the job and pass it as a channel, as the seed
migration guide does for torchvision), `replace:<distribution>` (swap the package for the one
named), `unpin` (drop or move a version pin to one the SageMaker images provide), and `declare`
(add the package to requirements.txt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sagebridge.model import Framework

# ---- Imports --------------------------------------------------------------------------------

FRAMEWORK_IMPORTS: dict[str, Framework] = {
    "torch": Framework.PYTORCH,
    "torchvision": Framework.TORCHVISION,
    "sklearn": Framework.SKLEARN,
    "xgboost": Framework.XGBOOST,
    "lightgbm": Framework.LIGHTGBM,
    "tensorflow": Framework.TENSORFLOW,
    "keras": Framework.KERAS,
    "tensorflow.keras": Framework.KERAS,
    "tf_keras": Framework.KERAS,
    "transformers": Framework.TRANSFORMERS,
    "accelerate": Framework.TRANSFORMERS,  # Hugging Face's loop library: the same images
    "lightning": Framework.LIGHTNING,
    "pytorch_lightning": Framework.LIGHTNING,
}

# Import name -> distribution name, where they differ (PEP 503 normalised on the right).
DISTRIBUTION_OF_IMPORT: dict[str, str] = {
    "sklearn": "scikit-learn",
    "cv2": "opencv-python",
    "PIL": "pillow",
    "yaml": "pyyaml",
    "skimage": "scikit-image",
    "bs4": "beautifulsoup4",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "pytorch_lightning": "pytorch-lightning",
    "attr": "attrs",
    "Crypto": "pycryptodome",
    "jwt": "pyjwt",
    "mpl_toolkits": "matplotlib",
    "google": "protobuf",
    "tf_keras": "tf-keras",
    "faiss": "faiss-cpu",
    "umap": "umap-learn",
    "Levenshtein": "levenshtein",
    "docx": "python-docx",
    "magic": "python-magic",
    "serial": "pyserial",
    "usb": "pyusb",
    "OpenSSL": "pyopenssl",
    "jose": "python-jose",
    "multipart": "python-multipart",
    "sentencepiece": "sentencepiece",
    "absl": "absl-py",
    "hydra": "hydra-core",
}

# Distributions that can stand in for each other when matching imports to requirements.
ALTERNATIVE_DISTRIBUTIONS: dict[str, frozenset[str]] = {
    "opencv-python": frozenset(
        {"opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"}
    ),
    "tensorflow": frozenset({"tensorflow-gpu", "tensorflow-cpu", "tensorflow-macos"}),
    "faiss-cpu": frozenset({"faiss-gpu"}),
    "pytorch-lightning": frozenset({"lightning"}),
}

# Distributions a SageMaker training container installs without trouble.
KNOWN_COMPATIBLE = frozenset(
    {
        "torch",
        "torchvision",
        "torchaudio",
        "numpy",
        "pandas",
        "scipy",
        "scikit-learn",
        "xgboost",
        "lightgbm",
        "catboost",
        "tensorflow",
        "keras",
        "transformers",
        "datasets",
        "tokenizers",
        "accelerate",
        "lightning",
        "pytorch-lightning",
        "joblib",
        "matplotlib",
        "seaborn",
        "pillow",
        "tqdm",
        "pyyaml",
        "requests",
        "boto3",
        "sagemaker",
        "mlflow",
        "tensorboard",
        "opencv-python-headless",
        "pyarrow",
        "h5py",
        "timm",
        "einops",
        "safetensors",
        "sentencepiece",
        "protobuf",
        "wandb",
        "optuna",
        "statsmodels",
    }
)


def normalise(distribution: str) -> str:
    """PEP 503: `Scikit_Learn` -> `scikit-learn`."""
    return re.sub(r"[-_.]+", "-", distribution).lower()


# ---- Dependency problems ----------------------------------------------------------------------


@dataclass(frozen=True)
class KnownProblem:
    issue: str
    resolution: str


# Always a problem in a SageMaker training container, whatever the code does with them.
PROBLEMATIC_DISTRIBUTIONS: dict[str, KnownProblem] = {
    "opencv-python": KnownProblem(
        "needs libGL, which the SageMaker training images do not have",
        "replace:opencv-python-headless",
    ),
    "opencv-contrib-python": KnownProblem(
        "needs libGL, which the SageMaker training images do not have",
        "replace:opencv-contrib-python-headless",
    ),
    "tensorflow-gpu": KnownProblem(
        "tensorflow-gpu is no longer published; GPU support is part of tensorflow",
        "replace:tensorflow",
    ),
    "sklearn": KnownProblem(
        "the `sklearn` distribution is a deprecated stub that refuses to install",
        "replace:scikit-learn",
    ),
}

DATASET_DOWNLOAD_PROBLEM = KnownProblem(
    "dataset download needs internet access in the training container", "manual_download"
)
# Distributions whose own dataset helpers download at run time (see downloads.py).
DOWNLOADING_DISTRIBUTIONS: dict[str, str] = {
    "torchvision.datasets": "torchvision",
    "keras.datasets": "keras",
    "tensorflow.keras.datasets": "tensorflow",
    "tensorflow_datasets": "tensorflow-datasets",
    "datasets": "datasets",
    "sklearn.datasets": "scikit-learn",
}

# PyTorch versions with a SageMaker training image (SAGEMAKER_FACTS.md, SDK image config).
PYTORCH_TRAINING_VERSIONS = ("2.3", "2.4", "2.5", "2.6", "2.7", "2.8")
UNPIN = "unpin"
DECLARE = "declare"

# ---- Datasets and saves ---------------------------------------------------------------------

# scikit-learn's fetch_* download; its load_* sets ship inside the package.
SKLEARN_FETCHERS = frozenset(
    {
        "fetch_openml",
        "fetch_20newsgroups",
        "fetch_20newsgroups_vectorized",
        "fetch_california_housing",
        "fetch_covtype",
        "fetch_kddcup99",
        "fetch_lfw_pairs",
        "fetch_lfw_people",
        "fetch_olivetti_faces",
        "fetch_rcv1",
        "fetch_species_distributions",
        "fetch_file",
    }
)
URL_FETCHERS = frozenset(
    {
        "urllib.request.urlretrieve",
        "urllib.request.urlopen",
        "requests.get",
        "wget.download",
        "gdown.download",
        "torch.hub.download_url_to_file",
        "tensorflow.keras.utils.get_file",
        "keras.utils.get_file",
        "torchvision.datasets.utils.download_and_extract_archive",
    }
)
# Fetchers that download and unpack an archive themselves (torchvision's utility, as Lightning's
# computer_vision_fine_tuning template uses it): no single file a channel could stage in place.
ARCHIVE_FETCHERS = frozenset({"torchvision.datasets.utils.download_and_extract_archive"})
HF_DATASET_LOADERS = frozenset({"datasets.load_dataset", "tensorflow_datasets.load"})

# Bases that make a class a trainable model (qualified through imports).
MODEL_BASES = frozenset(
    {
        "torch.nn.Module",
        "torch.nn.modules.module.Module",
        "pytorch_lightning.LightningModule",
        "lightning.LightningModule",
        "lightning.pytorch.LightningModule",
        "pytorch_lightning.core.LightningModule",
        "keras.Model",
        "keras.models.Model",
        "tensorflow.keras.Model",
        "tensorflow.keras.models.Model",
        "tensorflow.Module",
        "transformers.PreTrainedModel",
    }
)

# ---- Metrics ----------------------------------------------------------------------------------

# A token (or two) of a printed label -> the metric's snake_case name.
METRIC_WORDS: dict[str, str] = {
    "acc": "accuracy",
    "accuracy": "accuracy",
    "loss": "loss",
    "logloss": "logloss",
    "auc": "auc",
    "f1": "f1",
    "precision": "precision",
    "prec": "precision",
    "recall": "recall",
    "rmse": "rmse",
    "mse": "mse",
    "mae": "mae",
    "r2": "r2",
    "perplexity": "perplexity",
    "error": "error",
    "err": "error",
    "iou": "iou",
    "ppl": "perplexity",
    "nll": "nll",
    "auroc": "auc",
    "bleu": "bleu",
    "map": "map",
    "psnr": "psnr",  # an image restorer's peak signal-to-noise ratio, in dB (higher is better)
    "ssim": "ssim",
    "deviance": "deviance",  # a gamma/Poisson/Tweedie regression's (lower is better)
}
# Words that name a metric only when the label names no other: `Score: 0.83` (an estimator's
# `.score()`, mlflow's `log_metric("score", ...)`) is a score, `accuracy score` an accuracy.
FALLBACK_METRIC_WORDS: dict[str, str] = {"score": "score"}
# Metric kinds (METRIC_WORDS' values) where lower is better; every other kind is higher.
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {"loss", "logloss", "nll", "error", "rmse", "mse", "mae", "perplexity", "deviance"}
)
# Kinds that are what training minimises: reported with no phase word, they are training's own.
TRAINING_OBJECTIVES: frozenset[str] = frozenset({"loss", "nll"})
METRIC_BIGRAMS: dict[tuple[str, str], str] = {
    ("log", "loss"): "logloss",
    ("roc", "auc"): "auc",
    ("f1", "score"): "f1",
}
PHASE_WORDS: dict[str, str] = {
    "test": "test",
    "testing": "test",
    "holdout": "test",
    "val": "validation",
    "valid": "validation",
    "validation": "validation",
    "validate": "validation",
    "eval": "validation",
    "evaluate": "validation",
    "evaluation": "validation",
    "dev": "validation",
    "train": "train",
    "training": "train",
}

# ---- Secrets ----------------------------------------------------------------------------------

SECRET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "aws_access_key_id",
        re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])"),
    ),
    ("github_token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b")),
    ("huggingface_token", re.compile(r"\bhf_[A-Za-z0-9]{30,}\b")),
    ("slack_token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}\b")),
    ("private_key", re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----")),
)
# Names whose string value is a secret; the kind is the first word that matches.
SECRET_NAME_WORDS: tuple[tuple[str, str], ...] = (
    ("aws_secret_access_key", "aws_secret_access_key"),
    ("secret_access_key", "aws_secret_access_key"),
    ("aws_session_token", "aws_session_token"),
    ("password", "password"),
    ("passwd", "password"),
    ("pwd", "password"),
    ("api_key", "api_key"),
    ("apikey", "api_key"),
    ("token", "token"),
    ("secret", "secret"),
    ("private_key", "private_key"),
)
# Values that are obviously placeholders, not secrets.
SECRET_PLACEHOLDERS = re.compile(
    r"^(?:|x+|\*+|\.+|changeme|change[-_ ]?me|password|secret|token|none|null|todo|"
    r"your[-_ ].*|<.*>|\$\{.*\}|\{.*\}|example.*|dummy.*|test)$",
    re.IGNORECASE,
)
