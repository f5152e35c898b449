"""Write seeded review data the way Hugging Face scripts take local files: data/train.csv,
data/test.csv and data/extra.jsonl (text, label)."""

import json
import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(23)
GOOD = ["great", "excellent", "loved", "fantastic", "superb", "enjoyable"]
BAD = ["awful", "boring", "terrible", "hated", "dull", "poor"]
NEUTRAL = ["movie", "plot", "actors", "scene", "story", "ending", "film", "music"]


def review(label):
    words = list(rng.choice(NEUTRAL, 6)) + list(rng.choice(GOOD if label else BAD, 1))
    words += list(rng.choice(BAD if label else GOOD, int(rng.integers(0, 2))))
    rng.shuffle(words)
    return " ".join(words)


def table(rows):
    labels = rng.integers(0, 2, rows)
    texts = [review(int(lab)) for lab in labels]
    noisy = np.where(rng.random(rows) < 0.1, 1 - labels, labels)  # 10% mislabelled
    return pd.DataFrame({"text": texts, "label": noisy})


os.makedirs("data", exist_ok=True)
table(400).to_csv("data/train.csv", index=False)
table(150).to_csv("data/test.csv", index=False)
with open("data/extra.jsonl", "w") as handle:
    for row in table(100).to_dict("records"):
        handle.write(json.dumps({"text": row["text"], "label": int(row["label"])}) + "\n")
print("wrote data/train.csv, data/test.csv, data/extra.jsonl")
