import pandas as pd

DATA_DIR = 'data'
TRAIN_FILE = 'data/churn.csv'


def load():
    extra = pd.read_csv("data/extra.csv")
    return pd.read_csv(TRAIN_FILE), extra
