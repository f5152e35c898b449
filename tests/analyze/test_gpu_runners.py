"""Lightning runners pinned to a GPU (`Trainer(accelerator="gpu")`, `Trainer(gpus=1)`,
`Fabric(accelerator="cuda")`) and TensorFlow ops pinned with `tf.device("/GPU:0")` where
placement is not soft: code that needs a CUDA GPU. "auto", "cpu" or a value read from a flag is
no need, and TF2's default soft placement runs `/GPU:0` ops on the CPU."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.migrate import migrate_project

LIGHTNING_GPU = """import argparse

import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset


class Model(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    data = DataLoader(TensorDataset(torch.randn(32, 4), torch.randn(32, 1)), batch_size=8)
    trainer = L.Trainer(accelerator="gpu", devices=1, max_epochs=args.epochs)
    model = Model()
    trainer.fit(model, data)
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
"""

OLD_LIGHTNING = """import pytorch_lightning as pl
from lightning.fabric import Fabric

trainer = pl.Trainer(gpus=1, max_epochs=3)
spare = pl.Trainer(gpus=0)
fabric = Fabric(accelerator="cuda", devices=2)
"""

NOT_PINNED = """import argparse

import lightning as L

parser = argparse.ArgumentParser()
parser.add_argument("--accelerator", default="gpu")
args = parser.parse_args()
a = L.Trainer(accelerator="auto", devices="auto")
b = L.Trainer(accelerator=args.accelerator)
c = L.Trainer(accelerator="cpu", gpus=None)
"""

TF_HARD = """import tensorflow as tf

tf.config.set_soft_device_placement(False)
with tf.device("/GPU:0"):
    x = tf.constant([1.0, 2.0]) * 2
with tf.device("/cpu:0"):
    y = x + 1
"""

TF_SOFT = """import tensorflow as tf

with tf.device("/GPU:0"):
    x = tf.constant([1.0, 2.0]) * 2
"""

TF1_SESSION = """import tensorflow.compat.v1 as tf

with tf.device("/device:GPU:0"):
    x = tf.constant([1.0, 2.0]) * 2
with tf.Session() as sess:
    print(sess.run(x))
"""

TF1_SOFT_SESSION = TF1_SESSION.replace(
    "tf.Session()", "tf.Session(config=tf.ConfigProto(allow_soft_placement=True))"
)


def _write(tmp_path: Path, text: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "train.py").write_text(text, encoding="utf-8")
    return src


def _uses(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    return [(u.line, u.what) for u in analyze_project(_write(tmp_path, text)).cuda_uses]


def test_a_lightning_trainer_on_the_gpu_accelerator_needs_cuda(tmp_path: Path) -> None:
    assert _uses(tmp_path, LIGHTNING_GPU) == [(28, "Trainer(accelerator='gpu')")]


def test_gpus_and_a_cuda_fabric_need_cuda(tmp_path: Path) -> None:
    assert _uses(tmp_path, OLD_LIGHTNING) == [
        (4, "Trainer(gpus=1)"),
        (6, "Fabric(accelerator='cuda')"),
    ]


def test_auto_cpu_and_flag_accelerators_need_no_gpu(tmp_path: Path) -> None:
    assert _uses(tmp_path, NOT_PINNED) == []


def test_tf_device_gpu_without_soft_placement_needs_cuda(tmp_path: Path) -> None:
    assert _uses(tmp_path, TF_HARD) == [(4, "tf.device('/GPU:0')")]


def test_tf2_soft_placement_runs_gpu_ops_on_the_cpu(tmp_path: Path) -> None:
    assert _uses(tmp_path, TF_SOFT) == []


def test_a_tf1_session_places_hard_unless_told_otherwise(tmp_path: Path) -> None:
    assert _uses(tmp_path, TF1_SESSION) == [(3, "tf.device('/device:GPU:0')")]


def test_a_tf1_session_with_soft_placement_needs_no_gpu(tmp_path: Path) -> None:
    assert _uses(tmp_path, TF1_SOFT_SESSION) == []


def test_migrated_lightning_gpu_script_trains_on_a_gpu(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = migrate_project(_write(tmp_path, LIGHTNING_GPU), out)
    assert (
        "train.py:28: Trainer(accelerator='gpu') needs a CUDA GPU (no CPU fallback in the "
        "script): the pipeline trains on a GPU instance with the GPU image by default; "
        "`run --local` needs a machine with one"
    ) in result.warnings
    pipeline = (out / "pipeline" / "pipeline.py").read_text(encoding="utf-8")
    assert "    gpu: bool = True," in pipeline
