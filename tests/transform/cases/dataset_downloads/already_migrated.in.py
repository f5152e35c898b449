from torchvision import datasets

data_dir = "./data"
# already reads the channel
train = datasets.MNIST(data_dir, train=True,
                       download=False)
