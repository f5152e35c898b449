"""Ridge-regression baseline in the Hugging Face examples' style: HfArgumentParser dataclasses.

    python train.py --alpha 0.5 --seed 3
"""
import sys
from dataclasses import dataclass, field

import numpy as np
from transformers import HfArgumentParser


@dataclass
class ModelArguments:
    alpha: float = field(default=1.0, metadata={"help": "L2 strength"})
    degree: int = 2
    fit_intercept: bool = True


@dataclass
class DataArguments:
    n_samples: int = field(default=200, metadata={"help": "rows to generate"})
    noise: float = 0.5
    seed: int = 0


def main():
    parser = HfArgumentParser((ModelArguments, DataArguments))
    if len(sys.argv) == 2 and sys.argv[1].endswith(".json"):
        model_args, data_args = parser.parse_json_file(json_file=sys.argv[1])
    else:
        model_args, data_args = parser.parse_args_into_dataclasses()
    rng = np.random.default_rng(data_args.seed)
    x = rng.uniform(-2, 2, size=data_args.n_samples)
    y = np.sin(2 * x) + rng.normal(scale=data_args.noise, size=x.shape)
    features = np.stack([x**d for d in range(1, model_args.degree + 1)], axis=1)
    if model_args.fit_intercept:
        features = np.hstack([np.ones((len(x), 1)), features])
    split = len(x) * 3 // 4
    a, b = features[:split], y[:split]
    weights = np.linalg.solve(a.T @ a + model_args.alpha * np.eye(a.shape[1]), a.T @ b)
    rmse = float(np.sqrt(np.mean((features[split:] @ weights - y[split:]) ** 2)))
    print(f"val_rmse: {rmse:.5f}")
    np.save("weights.npy", weights)


if __name__ == "__main__":
    main()
