"""Write data/sensors.csv: 600 seeded rows of four sensor readings and a fault label."""

import os

import numpy as np

rng = np.random.default_rng(11)
n = 600
readings = rng.normal(size=(n, 4))
fault = (readings[:, 0] * 1.5 - readings[:, 2] + rng.normal(0, 0.7, size=n) > 0).astype(int)
os.makedirs("data", exist_ok=True)
header = "temperature,vibration,pressure,current,fault"
np.savetxt(
    os.path.join("data", "sensors.csv"),
    np.column_stack([readings, fault]),
    delimiter=",",
    header=header,
    comments="",
    fmt=["%.5f"] * 4 + ["%d"],
)
print("data/sensors.csv written")
