"""The model evaluate.py and inference.py embed is the one the training script trains."""

from __future__ import annotations



def test_trained_model_loads_and_predicts_the_test_rows(trained, staged, evaluate_module):
    model_dir, _ = trained
    _, test_dir = staged
    model = evaluate_module.load_model(model_dir)
    features, labels = evaluate_module.load_test_set(test_dir)
    if not hasattr(model, "feature_names_in_"):
        features = features.to_numpy()  # fitted on an array: pass one, as evaluate.score does
    predictions = model.predict(features)
    assert len(predictions) == len(labels) > 0
