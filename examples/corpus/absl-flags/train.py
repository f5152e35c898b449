"""Wine-quality classifier in the TensorFlow/Google style: absl flags and app.run.

    python train.py --n_estimators=150 --learning_rate=0.05
"""
import os

import joblib
import pandas as pd
from absl import app, flags, logging
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

FLAGS = flags.FLAGS

flags.DEFINE_string("data_path", "data/wine.csv", "CSV with a `label` column.")
flags.DEFINE_string("model_dir", "artifacts", "Where the model is written.")
flags.DEFINE_integer("n_estimators", 100, "Boosting rounds.")
flags.DEFINE_float("learning_rate", 0.1, "Shrinkage.")
flags.DEFINE_integer("max_depth", 3, "Depth of each tree.")
flags.DEFINE_float("subsample", 1.0, "Row fraction per tree.")
flags.DEFINE_boolean("stratify", True, "Stratified validation split.")
flags.DEFINE_enum("loss", "log_loss", ["log_loss", "exponential"], "Loss to optimise.")
flags.DEFINE_integer("seed", 7, "Random seed.")


def main(argv):
    if len(argv) > 1:
        raise app.UsageError("Too many command-line arguments.")
    frame = pd.read_csv(FLAGS.data_path)
    labels = frame.pop("label")
    x_train, x_val, y_train, y_val = train_test_split(
        frame, labels, test_size=0.25, random_state=FLAGS.seed,
        stratify=labels if FLAGS.stratify else None,
    )
    model = GradientBoostingClassifier(
        n_estimators=FLAGS.n_estimators,
        learning_rate=FLAGS.learning_rate,
        max_depth=FLAGS.max_depth,
        subsample=FLAGS.subsample,
        loss=FLAGS.loss,
        random_state=FLAGS.seed,
    )
    model.fit(x_train, y_train)
    accuracy = accuracy_score(y_val, model.predict(x_val))
    logging.info("trained %d trees", FLAGS.n_estimators)
    print(f"val_accuracy: {accuracy:.4f}")
    os.makedirs(FLAGS.model_dir, exist_ok=True)
    joblib.dump(model, os.path.join(FLAGS.model_dir, "model.joblib"))


if __name__ == "__main__":
    app.run(main)
