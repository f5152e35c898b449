import keras

import sagebridge_runtime

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
# already skipped in SageMaker when pydot is missing
sagebridge_runtime.optional_plot(keras.utils.plot_model, model, show_shapes=True)
