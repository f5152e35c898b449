"""Write a stand-in mnist.npz in the published file's format into data/.

The real file (https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz) can't be
downloaded here. The stand-in has its exact layout: an .npz with x_train (N, 28, 28) uint8,
y_train (N,) uint8, x_test, y_test; ten classes of noisy class-specific patterns, seeded.
It is what a user uploads to the pipeline's input data URI, and what run_offline.py hands to
keras in place of the download.
"""

import os

import numpy as np

rng = np.random.default_rng(0)
templates = rng.integers(0, 256, size=(10, 28, 28)).astype(np.float32)


def images(labels):
    noise = rng.normal(0, 40, size=(len(labels), 28, 28))
    return np.clip(templates[labels] * 0.7 + 30 + noise, 0, 255).astype(np.uint8)


os.makedirs("data", exist_ok=True)
y_train = rng.integers(0, 10, size=2000).astype(np.uint8)
y_test = rng.integers(0, 10, size=500).astype(np.uint8)
np.savez_compressed(
    os.path.join("data", "mnist.npz"),
    x_train=images(y_train),
    y_train=y_train,
    x_test=images(y_test),
    y_test=y_test,
)
print("stand-in mnist.npz written to data/")
