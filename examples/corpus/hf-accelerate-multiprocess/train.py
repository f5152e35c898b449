"""Sentence classification with Accelerate, meant for `accelerate launch` on one or more GPUs.

    python prepare.py
    accelerate launch --num_processes 2 train.py --checkpointing_steps epoch
    python train.py --checkpointing_steps epoch       # the same numbers in one process

The global batch is the same however many processes run (`split_batches`: each of N processes
takes 1/N of every batch; a seeded sampler: the same order) and the model has no dropout, so one process and several
reach the same accuracy; `gather_for_metrics` counts every validation row once.
"""
import argparse
import csv
import os
import re

import torch
from accelerate import Accelerator
from accelerate.utils import DataLoaderConfiguration, set_seed
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer


def load_rows(path, tokenizer):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    encoded = tokenizer([r["sentence"] for r in rows], padding="max_length", truncation=True,
                        max_length=12, return_tensors="pt")
    return [
        {"input_ids": encoded["input_ids"][i], "attention_mask": encoded["attention_mask"][i],
         "labels": torch.tensor(int(r["label"]))}
        for i, r in enumerate(rows)
    ]


def newest_state(folder):
    """The newest `epoch_N` / `step_N` folder save_state wrote, or None."""
    found = [d for d in os.listdir(folder) if re.fullmatch(r"(epoch|step)_\d+", d)] \
        if os.path.isdir(folder) else []
    return os.path.join(folder, max(found, key=lambda d: int(d.split("_")[1]))) if found else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", default="data/tiny-bert")
    parser.add_argument("--train_file", default="data/train.csv")
    parser.add_argument("--validation_file", default="data/valid.csv")
    parser.add_argument("--num_epochs", type=int, default=2)
    parser.add_argument("--batch_size", type=int, default=16)
    parser.add_argument("--gradient_accumulation_steps", type=int, default=2)
    parser.add_argument("--learning_rate", type=float, default=3e-3)
    parser.add_argument("--checkpointing_steps", default=None,
                        help="save_state every N optimizer steps, or 'epoch'")
    parser.add_argument("--resume_from_checkpoint", default=None,
                        help="a save_state folder, or 'latest' for the newest in --output_dir")
    parser.add_argument("--output_dir", default="checkpoints")
    parser.add_argument("--model_dir", default="model")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    # The same global batches in the same order for any number of processes.
    loader_config = DataLoaderConfiguration(split_batches=True, use_seedable_sampler=True)
    accelerator = Accelerator(dataloader_config=loader_config,
                              gradient_accumulation_steps=args.gradient_accumulation_steps)
    set_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path)
    train_loader = DataLoader(load_rows(args.train_file, tokenizer), batch_size=args.batch_size,
                              shuffle=True)
    valid_loader = DataLoader(load_rows(args.validation_file, tokenizer),
                              batch_size=args.batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    model, optimizer, train_loader, valid_loader = accelerator.prepare(
        model, optimizer, train_loader, valid_loader)

    first_epoch = 0
    if args.resume_from_checkpoint:
        path = (newest_state(args.output_dir) if args.resume_from_checkpoint == "latest"
                else args.resume_from_checkpoint)
        if path:
            accelerator.load_state(path)
            first_epoch = int(os.path.basename(path).split("_")[1]) + 1
            accelerator.print(f"resumed from {path}: starting at epoch {first_epoch}")

    step = 0
    for epoch in range(first_epoch, args.num_epochs):
        model.train()
        for batch in train_loader:
            with accelerator.accumulate(model):
                loss = model(**batch).loss
                accelerator.backward(loss)
                optimizer.step()
                optimizer.zero_grad()
            step += 1
            if args.checkpointing_steps and args.checkpointing_steps.isdigit() \
                    and step % int(args.checkpointing_steps) == 0:
                accelerator.save_state(os.path.join(args.output_dir, f"step_{step}"))

        model.eval()
        correct = total = 0
        for batch in valid_loader:
            with torch.no_grad():
                predictions = model(**batch).logits.argmax(dim=-1)
            predictions, labels = accelerator.gather_for_metrics((predictions, batch["labels"]))
            correct += (predictions == labels).sum().item()
            total += labels.numel()
        accelerator.print(f"epoch {epoch}: val_accuracy={correct / total:.4f}")
        if args.checkpointing_steps == "epoch":
            accelerator.save_state(os.path.join(args.output_dir, f"epoch_{epoch}"))

    accelerator.wait_for_everyone()
    accelerator.unwrap_model(model).save_pretrained(
        args.model_dir, is_main_process=accelerator.is_main_process,
        save_function=accelerator.save)
    if accelerator.is_main_process:
        tokenizer.save_pretrained(args.model_dir)
    accelerator.end_training()


if __name__ == "__main__":
    main()
