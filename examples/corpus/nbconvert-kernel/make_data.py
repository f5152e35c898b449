"""Write Kaggle's layout: input/spaceship/train.csv (with labels) and test.csv (without)."""

from pathlib import Path

import numpy as np
import pandas as pd

rng = np.random.default_rng(11)


def table(n, start):
    age = rng.integers(1, 80, size=n).astype(float)
    age[rng.random(n) < 0.05] = np.nan
    frame = pd.DataFrame({
        "PassengerId": np.arange(start, start + n),
        "HomePlanet": rng.choice(["Earth", "Europa", "Mars"], size=n),
        "CryoSleep": rng.random(n) < 0.35,
        "Age": age,
        "RoomService": rng.exponential(200, size=n).round(0),
        "Spa": rng.exponential(300, size=n).round(0),
    })
    score = (2.0 * frame["CryoSleep"] - frame["Spa"] / 400 + (frame["HomePlanet"] == "Europa")
             + rng.normal(scale=0.7, size=n))
    frame["Transported"] = score > 0.3
    return frame


out = Path("input/spaceship")
out.mkdir(parents=True, exist_ok=True)
table(500, 1).to_csv(out / "train.csv", index=False)
table(150, 1001).drop(columns=["Transported"]).to_csv(out / "test.csv", index=False)
print("wrote input/spaceship/train.csv and test.csv")
