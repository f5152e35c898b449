"""Fine-tune a sequence classifier with the Hugging Face Trainer.

    python prepare.py
    python train.py --model_name_or_path data/tiny-bert --num_train_epochs 2
"""
import argparse
import csv
import os

import numpy as np
import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    Trainer,
    TrainingArguments,
    set_seed,
)
import sagebridge_runtime


def parse_args():
    parser = argparse.ArgumentParser(description="Fine-tune a text classifier")
    parser.add_argument("--model_name_or_path", default=os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "data"), "tiny-bert"))
    parser.add_argument("--train_file", default=os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "data"), "train.csv"))
    parser.add_argument("--validation_file", default=os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "data"), "test.csv"))
    parser.add_argument("--output_dir", default=sagebridge_runtime.checkpoint_dir("outputs"))
    parser.add_argument("--save_dir", default=os.environ.get("SM_MODEL_DIR", "saved_model"))
    parser.add_argument("--num_train_epochs", type=int, default=2)
    parser.add_argument("--learning_rate", type=float, default=1e-3)
    parser.add_argument("--per_device_train_batch_size", type=int, default=16)
    parser.add_argument("--max_length", type=int, default=16)
    parser.add_argument("--resume_from_checkpoint", default=sagebridge_runtime.latest_checkpoint())
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_known_args()[0]


class TextDataset(torch.utils.data.Dataset):
    def __init__(self, path, tokenizer, max_length):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        self.encodings = tokenizer([r["text"] for r in rows], truncation=True,
                                   padding="max_length", max_length=max_length)
        self.labels = [int(r["label"]) for r in rows]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        item = {k: torch.tensor(v[i]) for k, v in self.encodings.items()}
        item["labels"] = torch.tensor(self.labels[i])
        return item


def compute_metrics(eval_pred):
    logits, labels = eval_pred
    predictions = np.argmax(logits, axis=-1)
    sagebridge_runtime.log_metric("accuracy", float((predictions == labels).mean()))
    return {"accuracy": float((predictions == labels).mean())}


def main():
    args = parse_args()
    set_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.model_name_or_path)
    model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path,
                                                               num_labels=2)
    train_dataset = TextDataset(args.train_file, tokenizer, args.max_length)
    eval_dataset = TextDataset(args.validation_file, tokenizer, args.max_length)

    training_args = TrainingArguments(
        output_dir=args.output_dir,
        num_train_epochs=args.num_train_epochs,
        learning_rate=args.learning_rate,
        per_device_train_batch_size=args.per_device_train_batch_size,
        per_device_eval_batch_size=32,
        eval_strategy="epoch",
        save_strategy="epoch",
        logging_strategy="epoch",
        seed=args.seed,
        report_to="none",
        use_cpu=True,
    )
    trainer = Trainer(
        model=model,
        args=training_args,
        train_dataset=train_dataset,
        eval_dataset=eval_dataset,
        compute_metrics=compute_metrics,
    )
    trainer.train(resume_from_checkpoint=args.resume_from_checkpoint)

    metrics = trainer.evaluate()
    print(metrics)

    os.makedirs(args.save_dir, exist_ok=True)
    model.save_pretrained(args.save_dir)
    tokenizer.save_pretrained(args.save_dir)


if __name__ == "__main__":
    with sagebridge_runtime.failure_file():
        sagebridge_runtime.record_hosts()
        main()
