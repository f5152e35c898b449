"""A model saved to a path the script computes (pytorch/examples super_resolution's
`torch.save(model, "model_epoch_{}.pth".format(epoch))`, an f-string, a joblib file named by
the run) lands in SM_MODEL_DIR: before, migrate only warned, the files stayed in the job's
working folder and the pipeline registered an empty model.tar.gz. On a laptop the script
writes where it did."""

from __future__ import annotations

import textwrap
from pathlib import Path

from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

SCRIPT = textwrap.dedent(
    """
    import joblib
    import torch

    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(32, 3)
    y = x.sum(1, keepdim=True)
    for epoch in range(1, 3):
        loss = torch.nn.functional.mse_loss(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        print("test loss: {:.6f}".format(loss.item()))
        model_out_path = "model_epoch_{}.pth".format(epoch)
        torch.save(model, model_out_path)
    joblib.dump({"epochs": 2}, f"summary_{epoch}.joblib")
    """
)


def test_a_computed_model_path_is_saved_into_the_model_dir(tmp_path: Path) -> None:
    project = tmp_path / "superres"
    project.mkdir()
    (project / "train.py").write_text(SCRIPT)
    out = tmp_path / "out"
    migrate_project(project, out)
    code = out / "code"

    laptop = run_script(code / "train.py", [], cwd=code, env=plain_env())
    assert (code / "model_epoch_2.pth").is_file() and (code / "summary_2.joblib").is_file()

    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    job = tmp_path / "job"
    job.mkdir()
    after = run_script(code / "train.py", [], cwd=job, env=plain_env(**container.env()))
    saved = sorted(p.name for p in container.model.iterdir())
    assert {"model_epoch_1.pth", "model_epoch_2.pth", "summary_2.joblib"} <= set(saved)
    assert {"model.pth", "model.pt"} <= set(saved)  # the state_dict and TorchScript beside it
    assert not list(job.iterdir())  # nothing left in the working folder
    assert after.stdout.count("test loss") == laptop.stdout.count("test loss") == 2
