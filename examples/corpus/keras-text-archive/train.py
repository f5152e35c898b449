"""Sentiment of short reviews, as TensorFlow's text-classification tutorial writes it: an
archive fetched with get_file(untar=True), text_dataset_from_directory with a validation
split, a TextVectorization layer adapted on the text, a Sequential with no input shape (built
by its first batch) compiled in a helper function, and the test score printed."""

import os
import re
import string

import tensorflow as tf
from tensorflow.keras import layers, losses

tf.keras.utils.set_random_seed(42)

url = "https://example.org/datasets/reviews.tar.gz"
dataset = tf.keras.utils.get_file("reviews", url, untar=True, cache_dir=".", cache_subdir="")
dataset_dir = os.path.join(os.path.dirname(dataset), "reviews", "reviews")
train_dir = os.path.join(dataset_dir, "train")
test_dir = os.path.join(dataset_dir, "test")

batch_size = 16
seed = 42
max_features = 200
sequence_length = 40
embedding_dim = 16
epochs = 5

raw_train_ds = tf.keras.utils.text_dataset_from_directory(
    train_dir, batch_size=batch_size, validation_split=0.2, subset="training", seed=seed)
raw_val_ds = tf.keras.utils.text_dataset_from_directory(
    train_dir, batch_size=batch_size, validation_split=0.2, subset="validation", seed=seed)
raw_test_ds = tf.keras.utils.text_dataset_from_directory(test_dir, batch_size=batch_size)


def custom_standardization(input_data):
    lowercase = tf.strings.lower(input_data)
    stripped_html = tf.strings.regex_replace(lowercase, "<br />", " ")
    return tf.strings.regex_replace(stripped_html, "[%s]" % re.escape(string.punctuation), "")


vectorize_layer = layers.TextVectorization(
    standardize=custom_standardization, max_tokens=max_features,
    output_mode="int", output_sequence_length=sequence_length)
vectorize_layer.adapt(raw_train_ds.map(lambda x, y: x))


def vectorize_text(text, label):
    return vectorize_layer(tf.expand_dims(text, -1)), label


train_ds = raw_train_ds.map(vectorize_text).cache()
val_ds = raw_val_ds.map(vectorize_text).cache()
test_ds = raw_test_ds.map(vectorize_text).cache()


def build_and_compile_model():
    model = tf.keras.Sequential([
        layers.Embedding(max_features, embedding_dim),
        layers.Dropout(0.2),
        layers.GlobalAveragePooling1D(),
        layers.Dense(1, activation="sigmoid")])
    model.compile(loss=losses.BinaryCrossentropy(), optimizer="adam",
                  metrics=[tf.metrics.BinaryAccuracy(threshold=0.5)])
    return model


model = build_and_compile_model()
history = model.fit(train_ds, validation_data=val_ds, epochs=epochs, verbose=2)
loss, accuracy = model.evaluate(test_ds, verbose=2)
print("Loss: ", loss)
print("Accuracy: ", accuracy)
