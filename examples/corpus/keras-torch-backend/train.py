"""Binary classification of a CSV table with Keras 3 on the PyTorch backend.

The keras.io structured-data examples run on any backend; this one picks torch the way their
"Setup" cell does, before `import keras`. Run: python train.py --epochs 4
"""

import os

os.environ["KERAS_BACKEND"] = "torch"

import argparse  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

FEATURES = ["age", "chol", "thalach", "oldpeak"]


def load(path, seed):
    frame = pd.read_csv(path)
    validation = frame.sample(frac=0.2, random_state=seed)
    train = frame.drop(validation.index)
    mean, std = train[FEATURES].mean(), train[FEATURES].std()

    def arrays(part):
        x = ((part[FEATURES] - mean) / std).to_numpy(dtype="float32")
        return x, part["target"].to_numpy(dtype="float32")

    return arrays(train), arrays(validation)


def build(units, dropout):
    inputs = keras.Input(shape=(len(FEATURES),), name="features")
    x = keras.layers.Dense(units, activation="relu")(inputs)
    x = keras.layers.Dropout(dropout)(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def main():
    parser = argparse.ArgumentParser(description="Keras (torch backend) tabular classifier")
    parser.add_argument("--data", default="data/patients.csv")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--units", type=int, default=32)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    keras.utils.set_random_seed(args.seed)
    (x_train, y_train), (x_val, y_val) = load(args.data, args.seed)
    model = build(args.units, args.dropout)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
              validation_data=(x_val, y_val), verbose=2)
    loss, accuracy = model.evaluate(x_val, y_val, verbose=0)
    print(f"val_loss: {loss:.4f}")
    print(f"val_accuracy: {accuracy:.4f}")
    print(f"backend: {keras.config.backend()}, positive rate: {float(np.mean(y_val)):.3f}")
    model.save("tabular_classifier.keras")


if __name__ == "__main__":
    main()
