"""Write data/digits.npz: 8x8 grey "digits" (a noisy template per class), seeded."""

import os

import numpy as np

rng = np.random.default_rng(3)
templates = rng.random((10, 8, 8)) > 0.55


def make(count):
    labels = rng.integers(0, 10, size=count)
    images = templates[labels] * 200 + rng.normal(0, 220, size=(count, 8, 8))
    return np.clip(images, 0, 255).astype(np.uint8), labels.astype(np.int64)


os.makedirs("data", exist_ok=True)
x_train, y_train = make(1500)
x_test, y_test = make(400)
np.savez("data/digits.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
print("wrote data/digits.npz")
