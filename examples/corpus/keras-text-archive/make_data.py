"""Writes the review archive train.py downloads, where a reader offline would have it.

keras.utils.get_file("reviews", URL, untar=True, cache_dir=".", cache_subdir="") keeps the
download as ./reviews_archive and extracts it into ./reviews/; with that file present it
downloads nothing. stage/reviews is the same archive under the name the pipeline's training
channel holds it (what `sagebridge upload-data` would upload). Seeded: the same bytes each run.
"""

import io
import os
import random
import tarfile

POSITIVE = "great wonderful superb loved excellent moving brilliant fun".split()
NEGATIVE = "awful boring terrible hated dull poor waste bad".split()
FILLER = "the movie film a plot actor scene was is and of it this story".split()


def review(rng: random.Random, words: list[str]) -> str:
    chosen = (rng.choice(FILLER if rng.random() < 0.85 else words) for _ in range(20))
    return " ".join(chosen) + " <br /> The end."


def archive() -> bytes:
    rng = random.Random(0)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for split, count in (("train", 120), ("test", 60)):
            for label, words in (("pos", POSITIVE), ("neg", NEGATIVE)):
                for index in range(count):
                    data = review(rng, words).encode()
                    info = tarfile.TarInfo(f"reviews/{split}/{label}/{index}.txt")
                    info.size, info.mtime = len(data), 0
                    tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


if __name__ == "__main__":
    data = archive()
    os.makedirs("stage", exist_ok=True)
    for path in ("reviews_archive", os.path.join("stage", "reviews")):
        with open(path, "wb") as handle:
            handle.write(data)
