import os

data_dir = "./data"  # where MNIST lives
print(os.listdir(data_dir))
