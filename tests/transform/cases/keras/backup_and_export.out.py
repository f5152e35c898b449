from tensorflow import keras
import sagebridge_runtime

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(loss="mse")
model.fit(
    [[1.0]],
    [[1.0]],
    epochs=2,
    callbacks=sagebridge_runtime.keras_callbacks(),
)
model.save("out/regressor.keras")
sagebridge_runtime.export_keras(model)
