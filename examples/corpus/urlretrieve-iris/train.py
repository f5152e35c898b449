# A classic tutorial style: the dataset is fetched with urllib the first time the script runs,
# cached next to it, then read with pandas. argparse hyperparameters, a random forest, accuracy
# on a held-out split, the model pickled to --model-dir.
import argparse
import os
import pickle
import urllib.request

import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

DATA_URL = "https://example.org/datasets/iris/iris.csv"
DATA_DIR = "data"
DATA_FILE = os.path.join(DATA_DIR, "iris.csv")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n-estimators", type=int, default=50)
    parser.add_argument("--max-depth", type=int, default=4)
    parser.add_argument("--model-dir", default="model")
    args = parser.parse_args()

    if not os.path.exists(DATA_FILE):
        os.makedirs(DATA_DIR, exist_ok=True)
        print(f"downloading {DATA_URL}")
        urllib.request.urlretrieve(DATA_URL, DATA_FILE)
    frame = pd.read_csv(DATA_FILE)
    features = frame.drop(columns=["species"])
    labels = frame["species"]
    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=0.3, random_state=0
    )
    model = RandomForestClassifier(
        n_estimators=args.n_estimators, max_depth=args.max_depth, random_state=0
    )
    model.fit(x_train, y_train)
    accuracy = accuracy_score(y_test, model.predict(x_test))
    print(f"test accuracy: {accuracy:.4f}")
    os.makedirs(args.model_dir, exist_ok=True)
    with open(os.path.join(args.model_dir, "model.pkl"), "wb") as handle:
        pickle.dump(model, handle)


if __name__ == "__main__":
    main()
