import argparse
import os

import keras

parser = argparse.ArgumentParser()
parser.add_argument("--checkpoint-dir", default="checkpoints")
args = parser.parse_args()


def train(model, x, y):
    callback = keras.callbacks.ModelCheckpoint(os.path.join(args.checkpoint_dir, "c-{epoch}.keras"))
    history = model.fit(x, y, epochs=2, callbacks=[callback])
    return history
