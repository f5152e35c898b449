"""Sample from a model trained by train.py: python sample.py --out_dir=out-small"""
import os
import pickle

import torch

from model import GPT, GPTConfig

out_dir = 'out'
start = "\n"
num_samples = 2
max_new_tokens = 200
temperature = 0.8
top_k = 20
seed = 1337
device = 'cpu'
exec(open('configurator.py').read())

torch.manual_seed(seed)
checkpoint = torch.load(os.path.join(out_dir, 'ckpt.pt'), map_location=device)
model = GPT(GPTConfig(**checkpoint['model_args']))
model.load_state_dict(checkpoint['model'])
model.eval()

meta_path = os.path.join('data', checkpoint['config']['dataset'], 'meta.pkl')
with open(meta_path, 'rb') as f:
    meta = pickle.load(f)
stoi, itos = meta['stoi'], meta['itos']
x = torch.tensor([stoi[c] for c in start], dtype=torch.long, device=device)[None, ...]
with torch.no_grad():
    for k in range(num_samples):
        y = model.generate(x, max_new_tokens, temperature=temperature, top_k=top_k)
        print(''.join(itos[int(i)] for i in y[0].tolist()))
        print('---------------')
