from torchvision import datasets, transforms

data_dir = "./data"
transform = transforms.ToTensor()
# both splits
train = datasets.MNIST(data_dir, train=True, download=True, transform=transform)
test = datasets.MNIST(
    data_dir, train=False, download=True, transform=transform
)
