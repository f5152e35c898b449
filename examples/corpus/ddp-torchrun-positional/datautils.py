import csv

import torch
from torch.utils.data import Dataset


class CsvDataset(Dataset):
    """Features and target of a CSV whose last column is the target."""

    def __init__(self, path):
        with open(path, newline="") as f:
            reader = csv.reader(f)
            next(reader)
            values = [[float(v) for v in row] for row in reader]
        data = torch.tensor(values)
        self.x, self.y = data[:, :-1], data[:, -1:]

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]
