"""Hard-coded data paths read their SageMaker channel, with the original path as fallback.

data_dir = "./data"
->  data_dir = os.environ.get("SM_CHANNEL_TRAINING", "./data")

TRAIN_FILE = "./data/churn.csv"
->  TRAIN_FILE = os.path.join(os.environ.get("SM_CHANNEL_TRAINING", "./data"), "churn.csv")
"""

from __future__ import annotations

from collections.abc import Sequence

from sagebridge.model import MigrationPlan
from sagebridge.transform.paths import EnvPath, EnvPathCodemod


class ChannelsTransform(EnvPathCodemod):
    NAME = "channels"
    DESCRIPTION = "Read data from the SageMaker channel folders, falling back to the old paths."

    @classmethod
    def applies(cls, plan: MigrationPlan, file: str) -> bool:
        return any(channel.file == file and channel.line for channel in plan.channels)

    def env_paths(self) -> Sequence[EnvPath]:
        return [
            EnvPath(channel.env, channel.fallback, channel.filename, channel.line, "data path")
            for channel in self.plan.channels
            if channel.file == self.file and channel.line  # line 0: no literal (a sys.argv path)
        ]
