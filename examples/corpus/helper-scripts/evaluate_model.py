"""Detailed report of a trained model on the test split: confusion matrix and per-class scores."""
import argparse
import json

import joblib
import pandas as pd
from sklearn.metrics import classification_report, confusion_matrix

from train import FEATURES, TARGET

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="models/model.joblib")
parser.add_argument("--test", default="data/test.csv")
parser.add_argument("--report", default="report.json")
args = parser.parse_args()

model = joblib.load(args.model)
test = pd.read_csv(args.test)
pred = model.predict(test[FEATURES])
print(confusion_matrix(test[TARGET], pred))
report = classification_report(test[TARGET], pred, output_dict=True)
print(classification_report(test[TARGET], pred))
with open(args.report, "w") as f:
    json.dump(report, f, indent=2)
