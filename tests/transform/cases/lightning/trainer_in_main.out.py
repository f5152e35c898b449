import lightning as L
import sagebridge_lightning


def main():
    trainer = L.Trainer(max_epochs=2)
    trainer.fit(L.LightningModule())


if __name__ == "__main__":
    sagebridge_lightning.install(metrics={"val_acc": "validation_accuracy"}, monitor="val_acc", mode="max")
    main()
