import json
import os
import pickle
import sys

import pandas as pd
import yaml
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score

params = yaml.safe_load(open("params.yaml"))["train"]

if len(sys.argv) != 3:
    sys.stderr.write("Arguments error. Usage:\n")
    sys.stderr.write("\tpython train.py features model\n")
    sys.exit(1)

input = sys.argv[1]
output = sys.argv[2]
seed = params["seed"]
n_est = params["n_est"]
max_depth = params["max_depth"]
min_split = params["min_split"]

train = pd.read_csv(os.path.join(input, "train.csv"))
test = pd.read_csv(os.path.join(input, "test.csv"))

x_train = train.drop(columns=["label"])
y_train = train["label"]
x_test = test.drop(columns=["label"])
y_test = test["label"]

sys.stderr.write("Input matrix size {}\n".format(x_train.shape))

clf = RandomForestClassifier(
    n_estimators=n_est,
    max_depth=max_depth,
    min_samples_split=min_split,
    n_jobs=1,
    random_state=seed,
)
clf.fit(x_train, y_train)

with open(output, "wb") as fd:
    pickle.dump(clf, fd)

predictions = clf.predict(x_test)
probs = clf.predict_proba(x_test)[:, 1]
acc = accuracy_score(y_test, predictions)
auc = roc_auc_score(y_test, probs)

print("accuracy: {:.4f}".format(acc))
print("auc: {:.4f}".format(auc))

with open("scores.json", "w") as fd:
    json.dump({"accuracy": acc, "auc": auc}, fd, indent=4)
