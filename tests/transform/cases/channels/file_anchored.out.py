from pathlib import Path
import os

HERE = Path(__file__).resolve().parent
config = {
    "data_file": str(HERE / os.environ.get("SM_CHANNEL_TRAINING", "data") / "vectors.csv"),
}
