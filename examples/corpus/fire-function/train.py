"""Digit classifier exposed with Python Fire: the function's keyword defaults are the flags.

    python train.py --hidden 64 --learning_rate 0.003
"""
import fire
import joblib
import numpy as np
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def train(
    data_file="data/digits.csv",
    hidden=32,
    learning_rate=0.001,
    alpha=0.0001,
    max_iter=60,
    early_stopping=False,
    activation="relu",
    seed=0,
    model_path="digits_mlp.joblib",
):
    """Train an MLP on the digits CSV and report held-out accuracy."""
    table = np.loadtxt(data_file, delimiter=",", skiprows=1)
    x, y = table[:, :-1], table[:, -1].astype(int)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.3, random_state=seed)
    model = make_pipeline(
        StandardScaler(),
        MLPClassifier(
            hidden_layer_sizes=(hidden,),
            learning_rate_init=learning_rate,
            alpha=alpha,
            max_iter=max_iter,
            early_stopping=early_stopping,
            activation=activation,
            random_state=seed,
        ),
    )
    model.fit(x_train, y_train)
    accuracy = accuracy_score(y_test, model.predict(x_test))
    print(f"test_accuracy: {accuracy:.4f}")
    joblib.dump(model, model_path)


if __name__ == "__main__":
    fire.Fire(train)
