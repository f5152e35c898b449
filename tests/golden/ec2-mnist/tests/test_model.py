"""The model evaluate.py and inference.py embed is the one the training script trains."""

from __future__ import annotations

import torch

INPUT_SHAPE = (1, 28, 28)
NUM_CLASSES = 10


def test_embedded_model_builds_and_runs_a_batch(evaluate_module):
    model = evaluate_module.Net()
    model.eval()
    with torch.no_grad():
        outputs = model(torch.zeros((2, *INPUT_SHAPE)))
    assert outputs.shape[0] == 2
    assert outputs.shape[1] == NUM_CLASSES
    assert torch.isfinite(outputs).all()


def test_trained_state_dict_loads_strictly_into_the_embedded_class(trained, served):
    model_dir, _ = trained
    _, inference = served
    state = torch.load(model_dir / 'model.pth', map_location="cpu", weights_only=True)
    model = inference.Net()
    missing, unexpected = model.load_state_dict(state, strict=True)
    assert not missing and not unexpected


def test_torchscript_and_state_dict_agree(trained, evaluate_module):
    model_dir, _ = trained
    model, scripted = evaluate_module.load_model(model_dir)
    assert scripted is not None, "training wrote no model.pt"
    batch = torch.randn((4, *INPUT_SHAPE), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.allclose(model(batch), scripted(batch), atol=1e-5)
