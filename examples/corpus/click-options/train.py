"""Hourly bike-rental demand regressor, with a click command line.

    python train.py --learning-rate 0.05 --max-iter 300 --output artifacts
"""
import json
from pathlib import Path

import click
import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import mean_absolute_error, r2_score
from sklearn.model_selection import train_test_split


def add_cyclic_hour(df):
    df = df.copy()
    df["hour_sin"] = np.sin(2 * np.pi * df["hour"] / 24)
    df["hour_cos"] = np.cos(2 * np.pi * df["hour"] / 24)
    return df


@click.command()
@click.option("--data", "data_path", type=click.Path(exists=True, dir_okay=False),
              default="data/bikes.csv", show_default=True, help="input CSV")
@click.option("--output", type=click.Path(file_okay=False), default="artifacts",
              show_default=True, help="folder for the model and metrics")
@click.option("--learning-rate", type=float, default=0.1, show_default=True)
@click.option("--max-iter", type=int, default=200, show_default=True)
@click.option("--max-depth", type=int, default=None, help="no limit when omitted")
@click.option("--l2", "l2_regularization", type=float, default=0.0, show_default=True)
@click.option("--seed", type=int, default=3, show_default=True)
@click.option("--early-stopping/--no-early-stopping", default=False, show_default=True)
def main(data_path, output, learning_rate, max_iter, max_depth, l2_regularization, seed,
         early_stopping):
    """Train the demand model and report validation MAE."""
    df = add_cyclic_hour(pd.read_csv(data_path))
    y = df.pop("count")
    X_train, X_val, y_train, y_val = train_test_split(df, y, test_size=0.2, random_state=seed)

    model = HistGradientBoostingRegressor(
        learning_rate=learning_rate,
        max_iter=max_iter,
        max_depth=max_depth,
        l2_regularization=l2_regularization,
        early_stopping=early_stopping,
        random_state=seed,
    )
    model.fit(X_train, y_train)
    pred = model.predict(X_val)
    mae = mean_absolute_error(y_val, pred)
    r2 = r2_score(y_val, pred)
    click.echo(f"val_mae={mae:.3f} val_r2={r2:.4f}")

    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out / "model.joblib")
    (out / "metrics.json").write_text(json.dumps({"mae": mae, "r2": r2}))
    click.secho(f"saved {out / 'model.joblib'}", fg="green")


if __name__ == "__main__":
    main()
