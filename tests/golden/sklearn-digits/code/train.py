"""Random forest on the scikit-learn digits dataset (8x8 images, 10 classes).

Usage:
    python train.py --n-estimators 300 --max-depth 16 --balanced
"""
import argparse
import os
import time

import joblib
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix
from sklearn.model_selection import train_test_split
import sagebridge_runtime

OUTPUT_DIR = os.environ.get("SM_OUTPUT_DATA_DIR", "./output")
MODEL_DIR = os.environ.get("SM_MODEL_DIR", "./models")
MODEL_PATH = os.path.join(MODEL_DIR, "model.joblib")
REPORT_PATH = os.path.join(OUTPUT_DIR, "report.txt")


def parse_args():
    parser = argparse.ArgumentParser(description="Train a random forest on sklearn digits")
    parser.add_argument("--n-estimators", type=int, default=200)
    parser.add_argument("--max-depth", type=int, default=12)
    parser.add_argument("--min-samples-leaf", type=int, default=1)
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--random-state", type=int, default=42)
    parser.add_argument(
        "--balanced",
        type=sagebridge_runtime.str2bool,
        nargs="?",
        const=True,
        default=False,
        help="use class_weight='balanced'",
    )
    parser.add_argument("--bootstrap", type=sagebridge_runtime.str2bool, default=True)
    parser.add_argument("--n-jobs", type=int, default=-1)
    return parser.parse_known_args()[0]


def load_data(test_size, random_state):
    digits = load_digits()
    X, y = digits.data, digits.target
    print("Loaded digits: {} samples, {} features".format(X.shape[0], X.shape[1]))
    # stratify so every digit shows up in the test split in the same proportion
    return train_test_split(X, y, test_size=test_size, random_state=random_state, stratify=y)


def main():
    args = parse_args()
    print("Args:", vars(args))

    X_train, X_test, y_train, y_test = load_data(args.test_size, args.random_state)

    model = RandomForestClassifier(
        n_estimators=args.n_estimators,
        max_depth=args.max_depth,
        min_samples_leaf=args.min_samples_leaf,
        bootstrap=args.bootstrap,
        class_weight="balanced" if args.balanced else None,
        random_state=args.random_state,
        n_jobs=args.n_jobs,
    )

    start = time.time()
    model.fit(X_train, y_train)
    print("Training took {:.2f}s".format(time.time() - start))

    y_pred = model.predict(X_test)
    acc = accuracy_score(y_test, y_pred)
    print("Test accuracy: {:.4f}".format(acc))
    sagebridge_runtime.log_metric("test_accuracy", acc)

    os.makedirs(OUTPUT_DIR, exist_ok=True)
    with open(REPORT_PATH, "w") as f:
        f.write("params: {}\n".format(vars(args)))
        f.write("test accuracy: {:.4f}\n\n".format(acc))
        f.write(classification_report(y_test, y_pred))
        f.write("\nconfusion matrix:\n")
        f.write(str(confusion_matrix(y_test, y_pred)))
        f.write("\n")
    print("Wrote report to", REPORT_PATH)

    os.makedirs(MODEL_DIR, exist_ok=True)
    joblib.dump(model, MODEL_PATH)
    print("Saved model to", MODEL_PATH)


if __name__ == "__main__":
    with sagebridge_runtime.failure_file():
        sagebridge_runtime.record_hosts()
        main()
