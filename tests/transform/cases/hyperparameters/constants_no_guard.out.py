import argparse

EPOCHS = 3
ETA = 0.1  # learning rate


def _sagebridge_parse_hyperparameters():
    """SageMaker passes hyperparameters as `--name value`; the settings are defaults."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--eta", type=float, default=ETA)
    return parser.parse_known_args()[0]  # SageMaker may add arguments of its own


_sagebridge_args = _sagebridge_parse_hyperparameters()
EPOCHS = _sagebridge_args.epochs
ETA = _sagebridge_args.eta
for epoch in range(EPOCHS):
    print(epoch, ETA)
