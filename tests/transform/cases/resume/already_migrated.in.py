import argparse

import sagebridge_runtime

parser = argparse.ArgumentParser()
parser.add_argument("--resume_from_checkpoint", type=str, default=sagebridge_runtime.latest_checkpoint())
args = parser.parse_args()
