"""nanoGPT style: module constants overridden by an exec'd configurator."""
import torch
import sagebridge_runtime

batch_size = 16
learning_rate = 1e-3
init_from = 'scratch'
config_keys = [k for k, v in globals().items() if not k.startswith('_')]
sagebridge_runtime.configurator_argv(globals())  # SageMaker's --key value
exec(open('configurator.py').read())  # overrides from command line or config file
print(batch_size, learning_rate, init_from, torch.__version__)
