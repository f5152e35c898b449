"""Write the first N digits of the MNIST test set as PNG files, named by index and label.

Used by demo.sh to send real, unseen digits to the local endpoint:

    python scripts/mnist_samples.py ../shared/data/mnist/MNIST/raw samples/ 5
    -> samples/digit-0-label-7.png, samples/digit-1-label-2.png, ...
"""

from __future__ import annotations

import gzip
import struct
import sys
from pathlib import Path

from PIL import Image

IMAGES = "t10k-images-idx3-ubyte.gz"
LABELS = "t10k-labels-idx1-ubyte.gz"


def write_samples(raw_dir: Path, dest: Path, count: int) -> list[Path]:
    with gzip.open(raw_dir / IMAGES, "rb") as images, gzip.open(raw_dir / LABELS, "rb") as labels:
        _, total, rows, cols = struct.unpack(">IIII", images.read(16))
        struct.unpack(">II", labels.read(8))
        dest.mkdir(parents=True, exist_ok=True)
        written = []
        for index in range(min(count, total)):
            pixels = images.read(rows * cols)
            label = labels.read(1)[0]
            path = dest / f"digit-{index}-label-{label}.png"
            Image.frombytes("L", (cols, rows), pixels).save(path)
            written.append(path)
    return written


if __name__ == "__main__":
    raw, out, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    for sample in write_samples(raw, out, n):
        print(sample)
