# a tiny character-level model that trains on a laptop CPU in well under a minute
out_dir = 'out-small'
eval_interval = 20
eval_iters = 10
log_interval = 10

always_save_checkpoint = False

dataset = 'tiny'
gradient_accumulation_steps = 1
batch_size = 16
block_size = 32

n_layer = 2
n_head = 2
n_embd = 32
dropout = 0.0

learning_rate = 3e-3
max_iters = 60
lr_decay_iters = 60
min_lr = 3e-4
beta2 = 0.99
warmup_iters = 5

device = 'cpu'
compile = False
