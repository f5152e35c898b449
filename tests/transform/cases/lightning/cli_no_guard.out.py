from lightning.pytorch.cli import LightningCLI

from model import Data, Model
import sagebridge_lightning

sagebridge_lightning.install(metrics={"val_loss": "validation_loss"}, monitor="val_loss", mode="min")
sagebridge_lightning.cli_argv(config="config.yaml", paths={"data.csv_path": ("SM_CHANNEL_TRAINING", "x.csv")})

LightningCLI(Model, Data)
