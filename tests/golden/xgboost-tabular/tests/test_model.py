"""The model evaluate.py and inference.py embed is the one the training script trains."""

from __future__ import annotations



def test_trained_model_loads_and_predicts_the_test_rows(trained, staged, evaluate_module):
    model_dir, _ = trained
    _, test_dir = staged
    model = evaluate_module.load_model(model_dir)
    features, labels = evaluate_module.load_test_set(test_dir)
    predictions = model.predict(evaluate_module.xgb.DMatrix(features))
    assert len(predictions) == len(labels) > 0
