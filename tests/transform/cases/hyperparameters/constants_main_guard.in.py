"""Train."""
import torch

batch_size = 64
lr = 1.0
dry_run = False


def main():
    print(batch_size, lr, dry_run, torch.__version__)


if __name__ == "__main__":
    main()
