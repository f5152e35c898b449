"""An image restorer's held-out score is its PSNR (pytorch/examples super_resolution prints
`===> Avg. PSNR: 14.8856 dB` from its `test()`): a higher-is-better metric the gate reads, not
the training loss it prints every batch."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.plan.metrics import choose_objective

SCRIPT = """
import torch
from math import log10

model = torch.nn.Conv2d(1, 1, 3, padding=1)
optimizer = torch.optim.Adam(model.parameters())
criterion = torch.nn.MSELoss()
images = torch.rand(4, 1, 8, 8)


def train(epoch):
    loss = criterion(model(images), images)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print("===> Epoch {} Complete: Avg. Loss: {:.4f}".format(epoch, loss.item()))


def test():
    with torch.no_grad():
        psnr = 10 * log10(1 / criterion(model(images), images).item())
    print("===> Avg. PSNR: {:.4f} dB".format(psnr))


for epoch in range(1, 3):
    train(epoch)
    test()
    torch.save(model, "model_epoch_{}.pth".format(epoch))
"""


def test_psnr_is_the_held_out_objective_and_higher_is_better(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(SCRIPT)
    analysis = analyze_project(tmp_path, "main.py")
    metrics, objective, greater = choose_objective(analysis.metrics, None, "main.py")
    assert (objective, greater) == ("test_psnr", True)
    assert "test_psnr" in [m.name for m in metrics]
