import os
import joblib

MODEL_DIR = os.environ.get("SM_MODEL_DIR", "./models")
MODEL_PATH = os.path.join(MODEL_DIR, "model.joblib")


def save(model):
    os.makedirs(MODEL_DIR, exist_ok=True)
    joblib.dump(model, MODEL_PATH)
