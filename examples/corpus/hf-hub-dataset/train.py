"""Sentiment classification of IMDb reviews with Hugging Face `datasets` and a PyTorch
bag-of-embeddings model.

    python train.py --epochs 3
"""
import argparse
import os
from collections import Counter

import torch
from datasets import load_dataset
from torch import nn


class BagOfWords(nn.Module):
    def __init__(self, vocab_size, dim, classes):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, dim)
        self.out = nn.Linear(dim, classes)

    def forward(self, tokens, offsets):
        return self.out(self.embedding(tokens, offsets))


def build_vocab(texts, min_count):
    counts = Counter(word for text in texts for word in text.lower().split())
    return {w: i + 1 for i, w in enumerate(sorted(w for w, c in counts.items() if c >= min_count))}


def batches(split, vocab, batch_size, shuffle, generator):
    order = torch.randperm(len(split), generator=generator) if shuffle else torch.arange(len(split))
    for start in range(0, len(split), batch_size):
        rows = split[order[start:start + batch_size].tolist()]
        ids = [[vocab.get(w, 0) for w in t.lower().split()] for t in rows["text"]]
        offsets = torch.tensor([0] + [len(x) for x in ids[:-1]]).cumsum(0)
        yield torch.tensor([i for x in ids for i in x]), offsets, torch.tensor(rows["label"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--dim", type=int, default=16)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model-dir", default="model")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    imdb = load_dataset("imdb")
    train, test = imdb["train"], imdb["test"]
    vocab = build_vocab(train["text"], args.min_count)
    model = BagOfWords(len(vocab) + 1, args.dim, 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)

    for epoch in range(args.epochs):
        model.train()
        for tokens, offsets, labels in batches(train, vocab, args.batch_size, True, generator):
            optimizer.zero_grad()
            loss = loss_fn(model(tokens, offsets), labels)
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for tokens, offsets, labels in batches(test, vocab, 256, False, generator):
                correct += (model(tokens, offsets).argmax(1) == labels).sum().item()
        print(f"epoch {epoch}: test_accuracy={correct / len(test):.4f}")

    os.makedirs(args.model_dir, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.model_dir, "model.pt"))


if __name__ == "__main__":
    main()
