import os
import sys

import pandas as pd
import yaml
from sklearn.model_selection import train_test_split

params = yaml.safe_load(open("params.yaml"))["prepare"]

if len(sys.argv) != 2:
    sys.stderr.write("Arguments error. Usage:\n")
    sys.stderr.write("\tpython prepare.py data-file\n")
    sys.exit(1)

split = params["split"]
seed = params["seed"]

input = sys.argv[1]
output_train = os.path.join("data", "features", "train.csv")
output_test = os.path.join("data", "features", "test.csv")

os.makedirs(os.path.join("data", "features"), exist_ok=True)

df = pd.read_csv(input)
# one-hot the region, keep the numeric columns as they are
df = pd.get_dummies(df, columns=["region"], dtype=int)

train, test = train_test_split(df, test_size=split, random_state=seed, stratify=df["label"])
train.to_csv(output_train, index=False)
test.to_csv(output_test, index=False)
print(f"wrote {len(train)} train rows and {len(test)} test rows to data/features")
