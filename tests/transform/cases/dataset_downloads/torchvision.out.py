from torchvision import datasets, transforms

data_dir = "./data"
transform = transforms.ToTensor()
# both splits
train = datasets.MNIST(data_dir, train=True, download=False, transform=transform)
test = datasets.MNIST(
    data_dir, train=False, download=False, transform=transform
)
