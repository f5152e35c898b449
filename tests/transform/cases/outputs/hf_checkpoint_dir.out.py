import argparse

from transformers import TrainingArguments
import sagebridge_runtime

parser = argparse.ArgumentParser()
parser.add_argument("--output_dir", default=sagebridge_runtime.checkpoint_dir("outputs"))
args = parser.parse_args()
training_args = TrainingArguments(output_dir=args.output_dir, save_strategy="epoch")
