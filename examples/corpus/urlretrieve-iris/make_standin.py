"""Write a stand-in iris.csv (the published columns, 300 seeded rows) into standin/.

train.py downloads the real file from its URL, which this machine cannot reach; run_offline.py
serves that URL from standin/ so the original runs as written (and downloads into data/).
"""

import os

import numpy as np

MEANS = {"setosa": [5.0, 3.4, 1.5, 0.2], "versicolor": [5.9, 2.8, 4.3, 1.3],
         "virginica": [6.6, 3.0, 5.6, 2.0]}
rng = np.random.default_rng(3)
os.makedirs("standin", exist_ok=True)
with open(os.path.join("standin", "iris.csv"), "w") as handle:
    handle.write("sepal_length,sepal_width,petal_length,petal_width,species\n")
    for index in range(300):
        species = list(MEANS)[index % 3]
        row = rng.normal(MEANS[species], 0.45)
        handle.write(",".join(f"{v:.2f}" for v in row) + f",{species}\n")
print("stand-in iris.csv written to standin/")
