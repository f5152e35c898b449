"""Write a seeded image folder tree: data/{train,val}/<class>/<n>.png (three shape classes)."""

import os

import numpy as np
from PIL import Image

rng = np.random.default_rng(3)
CLASSES = ("circle", "square", "stripes")


def draw(kind):
    y, x = np.mgrid[:24, :24]
    cy, cx = rng.integers(8, 16, 2)
    if kind == "circle":
        mask = (y - cy) ** 2 + (x - cx) ** 2 < rng.integers(20, 50)
    elif kind == "square":
        half = rng.integers(3, 7)
        mask = (abs(y - cy) < half) & (abs(x - cx) < half)
    else:
        mask = (x + rng.integers(0, 4)) % 6 < 3
    pixels = rng.normal(60, 25, (24, 24, 3))
    pixels[mask] += rng.integers(90, 160)
    return Image.fromarray(np.clip(pixels, 0, 255).astype("uint8"))


for split, count in (("train", 60), ("val", 20)):
    for kind in CLASSES:
        folder = os.path.join("data", split, kind)
        os.makedirs(folder, exist_ok=True)
        for number in range(count):
            draw(kind).save(os.path.join(folder, f"{number:03d}.png"))
print("wrote data/train and data/val")
