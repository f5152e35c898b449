"""Classify clothing images, tutorial style: module-level code, settings as constants, the
dataset folder written straight into the dataset calls, the model saved in the working dir."""

import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import ToTensor

torch.manual_seed(3)

# torchvision downloads FashionMNIST into data/ unless it is already there
training_data = datasets.FashionMNIST(root="data", train=True, download=True, transform=ToTensor())
test_data = datasets.FashionMNIST(root="data", train=False, download=True, transform=ToTensor())

batch_size = 32
learning_rate = 0.05
epochs = 3

train_loader = DataLoader(training_data, batch_size=batch_size, shuffle=True)
test_loader = DataLoader(test_data, batch_size=batch_size)


class ClothingNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layers = nn.Sequential(nn.Linear(28 * 28, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.layers(self.flatten(x))


model = ClothingNet()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)


def train_one_epoch():
    model.train()
    for images, labels in train_loader:
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def evaluate():
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for images, labels in test_loader:
            logits = model(images)
            total_loss += loss_fn(logits, labels).item()
            correct += (logits.argmax(1) == labels).sum().item()
    accuracy = correct / len(test_data)
    print(f"Test Error: Accuracy: {accuracy:.4f}, Avg loss: {total_loss / len(test_loader):.4f}")


for epoch in range(epochs):
    print(f"Epoch {epoch + 1}")
    train_one_epoch()
    evaluate()

torch.save(model.state_dict(), "model.pth")
print("Saved model.pth")

model = ClothingNet()
model.load_state_dict(torch.load("model.pth"))
model.eval()
with torch.no_grad():
    print("first test image is class", model(test_data[0][0]).argmax(1).item())
