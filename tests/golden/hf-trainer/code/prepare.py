"""Build what the fine-tuning script needs, offline: run this first.

    python prepare.py        # writes data/{train,test}.csv and data/tiny-bert/ (config + tokenizer)

A real project would fine-tune a Hub checkpoint (--model_name_or_path bert-base-uncased); here
a tiny random BERT is created with save_pretrained so nothing is downloaded.
"""
import argparse
import csv
import os
import random

from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

POSITIVE = ["good", "great", "fine", "happy", "nice", "love", "excellent", "fun"]
NEGATIVE = ["bad", "awful", "poor", "sad", "boring", "hate", "terrible", "dull"]
FILLER = ["the", "movie", "was", "really", "quite", "a", "plot", "and", "actors", "film"]

parser = argparse.ArgumentParser()
parser.add_argument("--out", default="data")
parser.add_argument("--n", type=int, default=800)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

rng = random.Random(args.seed)


def sentence(label):
    words = rng.sample(FILLER, 4) + [rng.choice(POSITIVE if label else NEGATIVE)]
    rng.shuffle(words)
    return " ".join(words)


os.makedirs(args.out, exist_ok=True)
for split, n in (("train", args.n), ("test", args.n // 4)):
    with open(os.path.join(args.out, split + ".csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for _ in range(n):
            label = rng.randint(0, 1)
            writer.writerow([sentence(label), label])

model_out = os.path.join(args.out, "tiny-bert")
os.makedirs(model_out, exist_ok=True)
vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + POSITIVE + NEGATIVE + FILLER
tokenizer = BertTokenizer(vocab={word: i for i, word in enumerate(vocab)})
config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2,
                    num_attention_heads=2, intermediate_size=64, max_position_embeddings=64,
                    num_labels=2)
BertForSequenceClassification(config).save_pretrained(model_out)
tokenizer.save_pretrained(model_out)
print("wrote %s and %s" % (args.out, model_out))
