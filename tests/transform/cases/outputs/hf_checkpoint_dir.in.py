import argparse

from transformers import TrainingArguments

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default="outputs")
args = parser.parse_args()
training_args = TrainingArguments(output_dir=args.output_dir, save_strategy="epoch")
