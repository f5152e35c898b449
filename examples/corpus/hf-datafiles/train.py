"""Sentiment classifier on local files loaded with Hugging Face datasets (`load_dataset("csv",
data_files=...)` and `load_dataset("json", ...)`), bag-of-words logistic regression.

    python train.py --C 2.0
"""

import argparse

import joblib
from datasets import concatenate_datasets, load_dataset
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.pipeline import make_pipeline


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--C", type=float, default=1.0)
    args = parser.parse_args()

    raw = load_dataset("csv", data_files={"train": "data/train.csv", "test": "data/test.csv"})
    extra = load_dataset("json", data_files="data/extra.jsonl", split="train")
    train = concatenate_datasets([raw["train"], extra.cast(raw["train"].features)])
    test = raw["test"]

    model = make_pipeline(CountVectorizer(), LogisticRegression(C=args.C, max_iter=1000))
    model.fit(train["text"], train["label"])
    accuracy = accuracy_score(test["label"], model.predict(test["text"]))
    print(f"eval_accuracy: {accuracy:.4f}")
    joblib.dump(model, "sentiment.joblib")


if __name__ == "__main__":
    main()
