"""Fine-tune a sequence classifier with a plain Accelerate loop (`accelerate launch train.py`).

    python prepare.py
    python train.py --model_name_or_path data/tiny-bert --num_epochs 2 --checkpointing_steps epoch
"""
import argparse
import csv
import os

import torch
from accelerate import Accelerator
from accelerate.utils import set_seed
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [int(r["label"]) for r in rows]


def get_dataloaders(args, tokenizer):
    loaders = []
    for path, shuffle in ((args.train_file, True), (args.validation_file, False)):
        texts, labels = read_csv(path)
        enc = tokenizer(texts, truncation=True, padding="max_length", max_length=16,
                        return_tensors="pt")
        data = [{"input_ids": enc["input_ids"][i], "attention_mask": enc["attention_mask"][i],
                 "labels": torch.tensor(labels[i])} for i in range(len(labels))]
        loaders.append(DataLoader(data, batch_size=args.batch_size, shuffle=shuffle))
    return loaders


def training_function(args):
    accelerator = Accelerator(cpu=args.cpu)
    set_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    train_dataloader, eval_dataloader = get_dataloaders(args, tokenizer)
    model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path,
                                                               num_labels=2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    lr_scheduler = get_linear_schedule_with_warmup(
        optimizer, num_warmup_steps=0, num_training_steps=len(train_dataloader) * args.num_epochs)
    model, optimizer, train_dataloader, eval_dataloader, lr_scheduler = accelerator.prepare(
        model, optimizer, train_dataloader, eval_dataloader, lr_scheduler)

    checkpointing_steps = args.checkpointing_steps
    if checkpointing_steps is not None and checkpointing_steps.isdigit():
        checkpointing_steps = int(checkpointing_steps)

    overall_step = 0
    starting_epoch = 0
    if args.resume_from_checkpoint:
        if args.resume_from_checkpoint != "latest":
            path = args.resume_from_checkpoint
        else:
            dirs = [os.path.join(args.output_dir, d) for d in os.listdir(args.output_dir)
                    if d.startswith("epoch_") or d.startswith("step_")]
            path = max(dirs, key=os.path.getctime)
        accelerator.print(f"Resumed from checkpoint: {path}")
        accelerator.load_state(path)
        training_difference = os.path.splitext(os.path.basename(path))[0]
        if "epoch" in training_difference:
            starting_epoch = int(training_difference.replace("epoch_", "")) + 1
        else:
            overall_step = int(training_difference.replace("step_", ""))
            starting_epoch = overall_step // len(train_dataloader)

    for epoch in range(starting_epoch, args.num_epochs):
        model.train()
        for batch in train_dataloader:
            outputs = model(**batch)
            accelerator.backward(outputs.loss)
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()
            overall_step += 1
            if isinstance(checkpointing_steps, int) and overall_step % checkpointing_steps == 0:
                accelerator.save_state(os.path.join(args.output_dir, f"step_{overall_step}"))

        model.eval()
        correct, total = 0, 0
        for batch in eval_dataloader:
            with torch.no_grad():
                outputs = model(**batch)
            predictions = outputs.logits.argmax(dim=-1)
            predictions, references = accelerator.gather_for_metrics((predictions, batch["labels"]))
            correct += (predictions == references).sum().item()
            total += references.numel()
        eval_metric = {"accuracy": correct / total}
        accelerator.print(f"epoch {epoch}:", eval_metric)

        if checkpointing_steps == "epoch":
            accelerator.save_state(os.path.join(args.output_dir, f"epoch_{epoch}"))

    accelerator.wait_for_everyone()
    unwrapped_model = accelerator.unwrap_model(model)
    unwrapped_model.save_pretrained(args.save_dir, is_main_process=accelerator.is_main_process,
                                    save_function=accelerator.save)
    if accelerator.is_main_process:
        tokenizer.save_pretrained(args.save_dir)
    accelerator.end_training()


def main():
    parser = argparse.ArgumentParser(description="Simple example of a training script.")
    parser.add_argument("--model_name_or_path", type=str, default="data/tiny-bert")
    parser.add_argument("--train_file", type=str, default="data/train.csv")
    parser.add_argument("--validation_file", type=str, default="data/test.csv")
    parser.add_argument("--cpu", action="store_true", help="If passed, will train on the CPU.")
    parser.add_argument("--checkpointing_steps", type=str, default=None,
                        help="Save state every n steps, or 'epoch' for each epoch.")
    parser.add_argument("--resume_from_checkpoint", type=str, default=None,
                        help="Folder to continue training from ('latest' for the newest).")
    parser.add_argument("--output_dir", type=str, default=".",
                        help="Where to store the checkpoints.")
    parser.add_argument("--save_dir", type=str, default="final_model")
    parser.add_argument("--num_epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch_size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    training_function(args)


if __name__ == "__main__":
    main()
