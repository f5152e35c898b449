"""Score a CSV with a trained model: python predict.py rows.csv [--model models/model.joblib]"""
import argparse

import joblib
import pandas as pd

from train import FEATURES

parser = argparse.ArgumentParser()
parser.add_argument("csv")
parser.add_argument("--model", default="models/model.joblib")
parser.add_argument("--out", default="predictions.csv")
args = parser.parse_args()

model = joblib.load(args.model)
rows = pd.read_csv(args.csv)
rows["fault_probability"] = model.predict_proba(rows[FEATURES])[:, 1]
rows["fault_predicted"] = (rows["fault_probability"] >= 0.5).astype(int)
rows.to_csv(args.out, index=False)
print(f"wrote {len(rows)} predictions to {args.out}")
