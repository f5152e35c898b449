"""Keras 3 binary classifier with ModelCheckpoint and resume from the newest checkpoint.

No final save: the checkpoints are the only artefacts. Rerun after an interruption and training
continues from the newest checkpoint in --checkpoint-dir.
"""

import argparse
import glob
import os
import re

import keras
import numpy as np


def parse_args():
    parser = argparse.ArgumentParser(description="tabular classifier")
    parser.add_argument("--train-csv", default="data/train.csv")
    parser.add_argument("--valid-npz", default="data/valid.npz")
    parser.add_argument("--checkpoint-dir", default="checkpoints")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def build_model(hidden, learning_rate):
    model = keras.Sequential(
        [
            keras.Input(shape=(8,)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


def newest_checkpoint(checkpoint_dir):
    """(path, epoch) of the newest `ckpt-EPOCH.keras`, or (None, 0)."""
    found = []
    for path in glob.glob(os.path.join(checkpoint_dir, "ckpt-*.keras")):
        match = re.search(r"ckpt-(\d+)\.keras$", path)
        if match:
            found.append((int(match.group(1)), path))
    if not found:
        return None, 0
    epoch, path = max(found)
    return path, epoch


def main():
    args = parse_args()
    keras.utils.set_random_seed(args.seed)
    table = np.loadtxt(args.train_csv, delimiter=",", skiprows=1, dtype=np.float32)
    x_train, y_train = table[:, :-1], table[:, -1]
    with np.load(args.valid_npz) as valid:
        x_valid, y_valid = valid["features"], valid["labels"].astype(np.float32)

    os.makedirs(args.checkpoint_dir, exist_ok=True)
    path, initial_epoch = newest_checkpoint(args.checkpoint_dir)
    if path is not None:
        print(f"resuming from {path} (epoch {initial_epoch})")
        model = keras.models.load_model(path)
    else:
        model = build_model(args.hidden, args.learning_rate)

    callbacks = [
        keras.callbacks.ModelCheckpoint(
            os.path.join(args.checkpoint_dir, "ckpt-{epoch}.keras"), save_freq="epoch"
        )
    ]
    history = model.fit(
        x_train,
        y_train,
        validation_data=(x_valid, y_valid),
        epochs=args.epochs,
        initial_epoch=initial_epoch,
        batch_size=args.batch_size,
        callbacks=callbacks,
        verbose=2,
    )
    if history.history:
        print(f"val_loss: {history.history['val_loss'][-1]:.4f}")
        print(f"val_accuracy: {history.history['val_accuracy'][-1]:.4f}")


if __name__ == "__main__":
    main()
