"""A GPT-style trainer whose module settings an exec'd configurator overrides (nanoGPT's
train.py): its str settings are settings, and its token files are input data."""

from __future__ import annotations

from sagebridge.analyze.hyperparameters import find_constants
from sagebridge.analyze.paths import find_paths
from sagebridge.model import PathRole

from .conftest import parse

TRAINER = """
import os
import numpy as np

dataset = 'tiny_text'
device = 'cuda'
max_iters = 50
ddp = int(os.environ.get('RANK', -1)) != -1
exec(open('configurator.py').read())
if ddp:
    device = f'cuda:{os.environ["LOCAL_RANK"]}'
data_dir = os.path.join('data', dataset)

def get_batch(split):
    data = np.memmap(os.path.join(data_dir, 'train.bin'), dtype=np.uint16, mode='r')
    return data[:8]

iter_num = 0
best = 1e9
while True:
    batch = get_batch('train')
    iter_num += 1
    if batch.sum() < best:
        best = batch.sum()
    if iter_num > max_iters:
        break
print(device, best)
"""


def test_str_settings_before_the_configurator_are_hyperparameters():
    names = {hp.name: hp.default for hp in find_constants(parse(TRAINER))}
    assert names["dataset"] == "tiny_text"
    assert names["device"] == "cuda"  # adjusted under `if ddp:`, still the user's setting
    assert names["max_iters"] == 50
    assert "iter_num" not in names and "best" not in names  # loop state


def test_the_token_folder_read_through_a_joined_name_is_data():
    roles = {p.value: p.role for p in find_paths(parse(TRAINER))}
    assert roles["data"] is PathRole.DATA
