"""Wine classifier configured with Hydra: conf/config.yaml, overrides as key=value.

    python train.py model.n_estimators=120 model.learning_rate=0.05
"""
import logging

import hydra
import joblib
from omegaconf import DictConfig
from sklearn.datasets import load_wine
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

log = logging.getLogger(__name__)


@hydra.main(version_base="1.3", config_path="conf", config_name="config")
def main(cfg: DictConfig) -> float:
    x, y = load_wine(return_X_y=True)
    x = x[:, : cfg.n_features]
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=cfg.test_size, random_state=cfg.seed, stratify=y
    )
    model = GradientBoostingClassifier(
        n_estimators=cfg.model.n_estimators,
        max_depth=cfg.model.max_depth,
        learning_rate=cfg.model.learning_rate,
        subsample=cfg.model.subsample,
        random_state=cfg.seed,
    )
    model.fit(x_train, y_train)
    accuracy = accuracy_score(y_test, model.predict(x_test))
    if cfg.train.verbose:
        log.info("trees: %d", model.n_estimators_)
    print(f"test_accuracy: {accuracy:.4f}")
    joblib.dump(model, "model.joblib")
    return accuracy


if __name__ == "__main__":
    main()
