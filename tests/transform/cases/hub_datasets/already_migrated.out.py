from datasets import load_dataset

import sagebridge_runtime

# already reads the copy Preprocess saved in the training channel
train = sagebridge_runtime.hub_dataset("SM_CHANNEL_TRAINING", "imdb", lambda: load_dataset("imdb", split="train"), split="train")
