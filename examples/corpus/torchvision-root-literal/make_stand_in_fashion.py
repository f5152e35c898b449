"""Write small stand-in FashionMNIST files where torchvision looks for them.

`datasets.FashionMNIST(root, download=True)` downloads nothing when the four raw IDX files are
already in `<root>/FashionMNIST/raw`; this writes generated garment-like silhouettes there.

    python make_stand_in_fashion.py          # data/FashionMNIST/raw/*-ubyte
"""
import argparse
import os
import struct

import numpy as np


def silhouettes(n, rng):
    """Class c: a filled box whose width and height follow c, jittered, with noise."""
    labels = rng.integers(0, 10, size=n)
    out = np.zeros((n, 28, 28), dtype=np.float32)
    for i, label in enumerate(labels):
        width, height = 6 + 2 * (label % 5), 8 + 3 * (label // 5) * 2
        top = (28 - height) // 2 + rng.integers(-1, 2)
        left = (28 - width) // 2 + rng.integers(-1, 2)
        out[i, top:top + height, left:left + width] = 1.0
    out = out + rng.normal(0, 0.2, size=out.shape)
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
    parser.add_argument("--train", type=int, default=1000)
    parser.add_argument("--test", type=int, default=300)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    raw = os.path.join(args.root, "FashionMNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    for prefix, n in (("train", args.train), ("t10k", args.test)):
        x, y = silhouettes(n, rng)
        write_idx(os.path.join(raw, prefix + "-images-idx3-ubyte"), x)
        write_idx(os.path.join(raw, prefix + "-labels-idx1-ubyte"), y)
    print(f"wrote {args.train} + {args.test} images to {raw}")


if __name__ == "__main__":
    main()
