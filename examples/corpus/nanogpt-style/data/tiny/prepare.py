"""
Prepare a tiny character-level dataset: writes train.bin, val.bin (uint16 token ids) and
meta.pkl (the vocabulary) next to this file. The text is produced here from a fixed seed
so nothing is downloaded.
"""
import os
import pickle
import random

import numpy as np

rng = random.Random(2024)
names = ["ada", "bob", "cyra", "dmitri", "elif", "farid", "gwen", "hiro"]
verbs = ["reads", "writes", "draws", "counts", "paints", "sings", "builds", "fixes"]
things = ["maps", "songs", "boats", "clocks", "letters", "poems", "bridges", "kites"]
lines = []
for _ in range(3000):
    n = rng.randint(1, 9)
    lines.append(f"{rng.choice(names)} {rng.choice(verbs)} {n} {rng.choice(things)}.")
data = "\n".join(lines) + "\n"
print(f"length of dataset in characters: {len(data):,}")

chars = sorted(list(set(data)))
vocab_size = len(chars)
print("all the unique characters:", ''.join(chars).replace("\n", "\\n"))
print(f"vocab size: {vocab_size:,}")
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for i, ch in enumerate(chars)}


def encode(s):
    return [stoi[c] for c in s]


n = len(data)
train_data = data[:int(n * 0.9)]
val_data = data[int(n * 0.9):]
train_ids = np.array(encode(train_data), dtype=np.uint16)
val_ids = np.array(encode(val_data), dtype=np.uint16)
print(f"train has {len(train_ids):,} tokens")
print(f"val has {len(val_ids):,} tokens")

here = os.path.dirname(__file__)
train_ids.tofile(os.path.join(here, 'train.bin'))
val_ids.tofile(os.path.join(here, 'val.bin'))
with open(os.path.join(here, 'meta.pkl'), 'wb') as f:
    pickle.dump({'vocab_size': vocab_size, 'itos': itos, 'stoi': stoi}, f)
