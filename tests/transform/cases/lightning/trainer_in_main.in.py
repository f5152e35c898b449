import lightning as L


def main():
    trainer = L.Trainer(max_epochs=2)
    trainer.fit(L.LightningModule())


if __name__ == "__main__":
    main()
