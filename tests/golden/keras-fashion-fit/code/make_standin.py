"""Write stand-in Fashion-MNIST files where keras.datasets.fashion_mnist.load_data() reads them.

The real files come from storage.googleapis.com, which this machine cannot reach. The stand-in
has the loader's exact format (gzipped IDX, uint8 28x28 images, uint8 labels) in
$KERAS_HOME/datasets/fashion-mnist/ (default ~/.keras), so load_data() finds them and does not
download. Ten classes of noisy class-specific patterns, seeded.
"""

import gzip
import os
import struct

import numpy as np

rng = np.random.default_rng(0)
templates = rng.integers(0, 256, size=(10, 28, 28)).astype(np.float32)


def images(labels):
    noise = rng.normal(0, 90, size=(len(labels), 28, 28))
    return np.clip(templates[labels] * 0.25 + 64 + noise, 0, 255).astype(np.uint8)


def write(path, magic, array):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    with gzip.open(path, "wb") as handle:
        handle.write(header + array.tobytes())


home = os.path.expanduser(os.environ.get("KERAS_HOME", os.path.join("~", ".keras")))
folder = os.path.join(home, "datasets", "fashion-mnist")
os.makedirs(folder, exist_ok=True)
for prefix, count in (("train", 6000), ("t10k", 1000)):
    labels = rng.integers(0, 10, size=count).astype(np.uint8)
    write(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), 2049, labels)
    write(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), 2051, images(labels))
print(f"stand-in Fashion-MNIST written to {folder}")
