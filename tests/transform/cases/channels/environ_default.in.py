import os

import pandas as pd

DATA_FILE = os.environ.get("DATA_FILE", "data/sensors.csv")
OUT = os.environ.get("SM_CHANNEL_TRAINING", "data")


def load():
    return pd.read_csv(DATA_FILE)
