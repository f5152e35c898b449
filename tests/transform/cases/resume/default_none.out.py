import argparse
import sagebridge_runtime

parser = argparse.ArgumentParser()
parser.add_argument("--checkpointing_steps", type=str, default=None)
parser.add_argument("--resume_from_checkpoint", type=str, default=sagebridge_runtime.latest_checkpoint(),
                    help="folder to continue from")
parser.add_argument("--output_dir", default=".")
args = parser.parse_args()
