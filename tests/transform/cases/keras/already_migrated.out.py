import argparse
import os

import keras
import sagebridge_runtime

parser = argparse.ArgumentParser()
parser.add_argument("--checkpoint-dir", default=sagebridge_runtime.checkpoint_path("checkpoints"))
args = parser.parse_args()


def train(model, x, y):
    callback = keras.callbacks.ModelCheckpoint(os.path.join(args.checkpoint_dir, "c-{epoch}.keras"))
    history = model.fit(x, y, epochs=2, callbacks=sagebridge_runtime.keras_callbacks([callback]))
    sagebridge_runtime.export_keras(model)
    return history
