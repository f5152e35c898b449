"""Fashion-MNIST classifier in the tf.keras tutorial style: load_data, Sequential, fit, evaluate."""

import numpy as np
import tensorflow as tf
from tensorflow import keras
import sagebridge_runtime
import os

tf.keras.utils.set_random_seed(42)

(train_images, train_labels), (test_images, test_labels) = sagebridge_runtime.keras_dataset('SM_CHANNEL_TRAINING', 'fashion_mnist.npz', lambda: keras.datasets.fashion_mnist.load_data())
train_images = train_images[:3000].astype("float32") / 255.0
train_labels = train_labels[:3000]
test_images = test_images[:1000].astype("float32") / 255.0
test_labels = test_labels[:1000]

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10),
    ]
)
model.compile(
    optimizer="adam",
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(train_images, train_labels, epochs=2, batch_size=64, verbose=2, callbacks=sagebridge_runtime.keras_callbacks())

test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
print(f"test_loss: {test_loss:.4f}")
sagebridge_runtime.log_metric("test_loss", test_loss)
print(f"test_accuracy: {test_acc:.4f}")
sagebridge_runtime.log_metric("test_accuracy", test_acc)

model.save(os.path.join(os.environ.get("SM_MODEL_DIR", "."), "fashion_classifier.keras"))
sagebridge_runtime.export_keras(model)
predictions = np.argmax(model.predict(test_images[:5], verbose=0), axis=1)
print("first predictions:", predictions.tolist())
