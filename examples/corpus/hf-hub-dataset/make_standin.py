"""Write a stand-in for the Hub's `imdb` dataset, so nothing comes from the Hub: run this first.

    python make_standin.py     # imdb/{train,test}.csv: text,label rows

`load_dataset("imdb")` reads a local folder of that name before it asks the Hub (a dataset
repository laid out on disk), so the script runs as written, offline, on these rows.
"""
import csv
import os
import random

GOOD = ["wonderful", "great", "moving", "superb", "charming", "fun", "brilliant", "touching"]
BAD = ["dull", "awful", "boring", "weak", "clumsy", "tedious", "bland", "messy"]
OTHER = ["the", "film", "plot", "acting", "was", "really", "quite", "and", "story", "ending",
         "cast", "music", "a", "very", "its"]

rng = random.Random(3)
os.makedirs("imdb", exist_ok=True)
for split, rows in (("train", 600), ("test", 200)):
    with open(os.path.join("imdb", f"{split}.csv"), "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["text", "label"])
        for _ in range(rows):
            label = rng.randint(0, 1)
            words = rng.sample(OTHER, 6) + [rng.choice(GOOD if label else BAD)]
            if rng.random() < 0.15:  # some reviews say both: not a perfect separation
                words.append(rng.choice(BAD if label else GOOD))
            rng.shuffle(words)
            out.writerow([" ".join(words), label])
print("wrote imdb/")
