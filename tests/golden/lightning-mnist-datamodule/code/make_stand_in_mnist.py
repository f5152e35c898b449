"""Write small stand-in MNIST files where torchvision's MNIST looks for them.

torchvision's `MNIST(root, download=True)` downloads nothing when the four raw IDX files are
already in `<root>/MNIST/raw`; this writes generated digit-like images there (no network).

    python make_stand_in_mnist.py            # data/MNIST/raw/*-ubyte
"""
import argparse
import os
import struct

import numpy as np


def images(n, rng, protos):
    labels = rng.integers(0, 10, size=n)
    out = np.zeros((n, 28, 28), dtype=np.float32)
    for i, label in enumerate(labels):
        shift = rng.integers(-2, 3, size=2)
        out[i] = np.roll(protos[label], tuple(shift), axis=(0, 1))
    out = out + rng.normal(0, 0.35, size=out.shape)
    return (np.clip(out, 0, 1) * 255).astype(np.uint8), labels.astype(np.uint8)


def write_idx(path, array):
    with open(path, "wb") as f:
        if array.ndim == 3:
            f.write(struct.pack(">IIII", 2051, *array.shape))
        else:
            f.write(struct.pack(">II", 2049, array.shape[0]))
        f.write(array.tobytes())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default="data")
    parser.add_argument("--train", type=int, default=1200)
    parser.add_argument("--test", type=int, default=400)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    protos = np.zeros((10, 28, 28), dtype=np.float32)
    for c in range(10):  # three strokes per class
        for _ in range(3):
            r, col = rng.integers(4, 22, size=2)
            if rng.integers(0, 2):
                protos[c, r, col:col + rng.integers(6, 12)] = 1.0
            else:
                protos[c, r:r + rng.integers(6, 12), col] = 1.0
    raw = os.path.join(args.root, "MNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    for prefix, n in (("train", args.train), ("t10k", args.test)):
        x, y = images(n, rng, protos)
        write_idx(os.path.join(raw, prefix + "-images-idx3-ubyte"), x)
        write_idx(os.path.join(raw, prefix + "-labels-idx1-ubyte"), y)
    print("wrote %d + %d images to %s" % (args.train, args.test, raw))


if __name__ == "__main__":
    main()
