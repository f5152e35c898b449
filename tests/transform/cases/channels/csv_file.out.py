import pandas as pd
import os

DATA_DIR = 'data'
TRAIN_FILE = os.path.join(os.environ.get('SM_CHANNEL_TRAINING', 'data'), 'churn.csv')


def load():
    extra = pd.read_csv(os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "data"), "extra.csv"))
    return pd.read_csv(TRAIN_FILE), extra
