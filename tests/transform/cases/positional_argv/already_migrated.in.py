import sys

import pandas as pd
import sagebridge_runtime

params = {"seed": 1}
sagebridge_runtime.positional_argv(
    [("--input", None, "SM_CHANNEL_TRAINING", None), ("--output", None, "SM_MODEL_DIR", "model.joblib")]
)

if len(sys.argv) != 3:
    sys.exit(1)

input = sys.argv[1]
output = sys.argv[2]
