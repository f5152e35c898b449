"""The closed sets of values plan records take (issue 10: enums, not bare strings).

`StrEnum`s: templates compare them with the strings they print (`model.loader == "torch"`),
and serialize.py writes their values, which read back as the members (`ModelLoader("torch")`).
"""

from __future__ import annotations

from sagebridge.model.facts import StrEnum


class S3CallKind(StrEnum):
    """What an S3 call the script makes does (analyze/s3_access.py finds them)."""

    READ = "read"  # a reader given an s3:// URI: pd.read_csv("s3://bucket/data/train.csv")
    DOWNLOAD = "download"  # s3.download_file(BUCKET, KEY, "/tmp/train.csv")
    GET_OBJECT = "get_object"  # s3.get_object(Bucket=BUCKET, Key=KEY)["Body"]
    UPLOAD = "upload"  # s3.upload_file("model.joblib", BUCKET, "models/model.joblib")
    WRITE = "write"  # a writer given an s3:// URI: df.to_csv("s3://bucket/out/preds.csv")


class TuningKind(StrEnum):
    """The SDK's parameter range a tunable hyperparameter gets (plan/hyperparameters.py)."""

    CONTINUOUS = "continuous"  # ContinuousParameter
    INTEGER = "integer"  # IntegerParameter


class TuningScaling(StrEnum):
    """A tuning range's scaling_type, spelled as SageMaker takes it."""

    AUTO = "Auto"
    LINEAR = "Linear"
    LOGARITHMIC = "Logarithmic"


class ModelLoader(StrEnum):
    """How evaluate.py and inference.py load the trained model (plan/model_code.py,
    plan/huggingface.py); plan/step_templates.py picks their templates by it."""

    TORCH = "torch"  # the embedded class and its state_dict (TorchScript beside it)
    XGBOOST = "xgboost"  # an XGBoost Booster from its model file
    JOBLIB = "joblib"  # a pickled (joblib/pickle) estimator
    HUGGINGFACE = "huggingface"  # a transformers pipeline from the saved folder


class ImageFamily(StrEnum):
    """The SDK's name of a framework image family (image_uris.retrieve's `framework`)."""

    PYTORCH = "pytorch"
    SKLEARN = "sklearn"  # scikit-learn, LightGBM and anything else
    XGBOOST = "xgboost"
    TENSORFLOW = "tensorflow"
    HUGGINGFACE = "huggingface"  # the Hugging Face DLCs (plan/huggingface_images.py)


class MeasuredKind(StrEnum):
    """The metrics evaluate.py knows how to recompute (plan/model_code.py: measured_metrics)."""

    ACCURACY = "accuracy"
    AUC = "auc"
    LOGLOSS = "logloss"
