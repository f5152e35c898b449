"""
Title: Sensor fault detection with a small MLP
Description: a keras.io-style walkthrough. Module level, no argparse, no print of a score and
no save: what a reader looks at is Keras' own progress log (`val_accuracy` every epoch, then
evaluate's line on the held-out rows). The model diagram is drawn with plot_model.
"""

import keras
import pandas as pd
from keras import layers

keras.utils.set_random_seed(42)

"""
## Load the data
"""

dataframe = pd.read_csv("data/sensors.csv")
test_dataframe = dataframe.sample(frac=0.2, random_state=7)
train_dataframe = dataframe.drop(test_dataframe.index)

features = ["temperature", "vibration", "pressure", "current"]
x_train = train_dataframe[features].to_numpy("float32")
y_train = train_dataframe["fault"].to_numpy()
x_test = test_dataframe[features].to_numpy("float32")
y_test = test_dataframe["fault"].to_numpy()

"""
## Build the model
"""

normalizer = layers.Normalization()
normalizer.adapt(x_train)

inputs = keras.Input(shape=(len(features),))
x = normalizer(inputs)
x = layers.Dense(16, activation="relu")(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
keras.utils.plot_model(model, show_shapes=True)

"""
## Train and evaluate
"""

epochs = 4

model.compile(
    optimizer=keras.optimizers.Adam(1e-2),
    loss="binary_crossentropy",
    metrics=["accuracy", keras.metrics.AUC()],
)
model.fit(x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.2, verbose=2)
model.evaluate(x_test, y_test, verbose=2)
