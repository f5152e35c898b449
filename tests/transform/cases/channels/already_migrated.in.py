"""Migrated before."""
import os

data_dir = os.environ.get("SM_CHANNEL_TRAINING", "./data")
print(os.listdir(data_dir))
