from lightning.pytorch.cli import LightningCLI

from model import Data, Model

LightningCLI(Model, Data)
