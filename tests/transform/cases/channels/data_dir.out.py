import os

data_dir = os.environ.get("SM_CHANNEL_TRAINING", "./data")  # where MNIST lives
print(os.listdir(data_dir))
