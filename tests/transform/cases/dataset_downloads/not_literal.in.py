from torchvision import datasets

data_dir = "./data"
fetch = True
train = datasets.MNIST(data_dir, download=fetch)
