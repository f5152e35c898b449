"""Writes a tiny ImageFolder tree: data/{train,val}/<class>/*.png, five colour classes."""

import random
from pathlib import Path

from PIL import Image

COLOURS = [(200, 40, 40), (40, 200, 40), (40, 40, 200), (200, 200, 40), (40, 200, 200)]


def main():
    rng = random.Random(0)
    for split, count in (("train", 24), ("val", 8)):
        for label, colour in enumerate(COLOURS):
            folder = Path("data") / split / f"class_{label}"
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(count):
                image = Image.new("RGB", (16, 16))
                image.putdata([
                    tuple(max(0, min(255, c + rng.randint(-60, 60))) for c in colour)
                    for _ in range(16 * 16)
                ])
                image.save(folder / f"{i}.png")


if __name__ == "__main__":
    main()
