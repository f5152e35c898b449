"""torchvision's `download_and_extract_archive` (Lightning's computer_vision_fine_tuning
template, in its DataModule's prepare_data) downloads and unpacks an archive in the training
job. Before, it was not seen at all and migrate exited 0 with a job that needs internet; now it
is a Train item to review (exit 3), like a `requests.get` response the script extracts."""

from __future__ import annotations

from pathlib import Path

from sagebridge.analyze import analyze_project
from sagebridge.model import ArtifactStatus
from sagebridge.plan import build_plan

TEMPLATE = '''
from pathlib import Path

from torchvision.datasets.utils import download_and_extract_archive

DATA_URL = "https://example.org/data/cats_and_dogs_filtered.zip"


class ImageData:
    def __init__(self, dl_path="data"):
        self._dl_path = dl_path

    def prepare_data(self):
        download_and_extract_archive(url=DATA_URL, download_root=self._dl_path, remove_finished=True)

    @property
    def data_path(self):
        return Path(self._dl_path).joinpath("cats_and_dogs_filtered")


if __name__ == "__main__":
    data = ImageData()
    data.prepare_data()
    print(f"test accuracy: {len(list(data.data_path.iterdir())) / 10:.2f}")
'''


def test_an_archive_torchvision_extracts_needs_review(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(TEMPLATE)
    plan = build_plan(analyze_project(tmp_path, entry_point="train.py"))
    [download] = plan.analysis.dataset_downloads
    assert (download.call, download.dataset, download.url) == (
        "torchvision.datasets.utils.download_and_extract_archive",
        "cats_and_dogs_filtered.zip",
        "",
    )
    [(step, where, reason)] = [
        (a.name, a.where, a.reason)
        for a in plan.steps.artifacts
        if a.status is ArtifactStatus.NEEDS_REVIEW
    ]
    assert (step, where) == ("Train", "train.py:14")
    assert "downloads and extracts `cats_and_dogs_filtered.zip` in the training job" in reason
