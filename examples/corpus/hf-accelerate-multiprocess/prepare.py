"""Write the data and a tiny BERT offline: run this first.

    python prepare.py        # data/{train,valid}.csv and data/tiny-bert/ (config + tokenizer)

The real thing would start from a Hub checkpoint; here a random 2-layer BERT without dropout is
saved with save_pretrained, so nothing is downloaded and one process or several train alike.
"""
import argparse
import csv
import os
import random

from transformers import BertConfig, BertForSequenceClassification, BertTokenizer, set_seed

GOOD = ["good", "great", "fine", "happy", "nice", "love", "excellent", "fun"]
BAD = ["bad", "awful", "poor", "sad", "boring", "hate", "terrible", "dull"]
OTHER = ["the", "show", "was", "really", "quite", "a", "story", "and", "cast", "series"]

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="data")
parser.add_argument("--rows", type=int, default=384)
parser.add_argument("--seed", type=int, default=7)
args = parser.parse_args()
rng = random.Random(args.seed)


def review(label):
    words = rng.sample(OTHER, 3) + rng.sample(GOOD if label else BAD, 3)
    rng.shuffle(words)
    return " ".join(words)


os.makedirs(args.out, exist_ok=True)
for split, rows in (("train", args.rows), ("valid", args.rows // 4)):
    with open(os.path.join(args.out, f"{split}.csv"), "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sentence", "label"])
        for _ in range(rows):
            label = rng.randint(0, 1)
            out.writerow([review(label), label])

folder = os.path.join(args.out, "tiny-bert")
vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + GOOD + BAD + OTHER
BertTokenizer(vocab={w: i for i, w in enumerate(vocab)}).save_pretrained(folder)
set_seed(args.seed)  # the same initial weights every time this runs (Preprocess runs it again)
config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2,
                    num_attention_heads=2, intermediate_size=64, max_position_embeddings=32,
                    hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, num_labels=2)
BertForSequenceClassification(config).save_pretrained(folder)
print("wrote", args.out)
