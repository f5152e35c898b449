"""Train."""
import torch
import argparse
import sagebridge_runtime

batch_size = 64
lr = 1.0
dry_run = False


def _sagebridge_parse_hyperparameters():
    """SageMaker passes hyperparameters as `--name value`; the settings are defaults."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch_size", type=int, default=batch_size)
    parser.add_argument("--lr", type=float, default=lr)
    parser.add_argument("--dry_run", type=sagebridge_runtime.str2bool, default=dry_run)
    return parser.parse_known_args()[0]  # SageMaker may add arguments of its own


def main():
    print(batch_size, lr, dry_run, torch.__version__)


if __name__ == "__main__":
    _sagebridge_args = _sagebridge_parse_hyperparameters()
    batch_size = _sagebridge_args.batch_size
    lr = _sagebridge_args.lr
    dry_run = _sagebridge_args.dry_run
    main()
