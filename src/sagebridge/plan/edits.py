"""Decide the single-statement edits the codemods make where analysis found something
(model/edits.py): transforms receive these and never read the analysis.

    Secret(column=14, env="DB_PASSWORD")          -> SecretPlan(..., replace=True)
    DatasetDownload("torchvision.datasets.MNIST") -> DownloadPlan(SWITCH_OFF, ...)
    DatasetDownload("urllib.request.urlretrieve") -> DownloadPlan(STAGE_FILE, position 1, ...)
    ArgumentParser / ExecConfigurator             -> ParserPlan / ConfiguratorPlan
    NotebookMagic("matplotlib")                   -> MagicPlan (plan/notebook_magics.py)
"""

from __future__ import annotations

from sagebridge.analyze.downloads import FILE_FETCHERS, GET_FILE
from sagebridge.analyze.url_reads import URL_READERS
from sagebridge.model import (
    Analysis,
    ConfiguratorPlan,
    DatasetDownload,
    DownloadEdit,
    DownloadPlan,
    ParserPlan,
    SecretPlan,
    SourceEdits,
)
from sagebridge.plan.notebook_magics import plan_magics
from sagebridge.plan.sklearn_fetchers import SKLEARN_DATASETS
from sagebridge.plan.unstaged_downloads import unstaged

# Loaders with no download switch (plan/keras_datasets.py stages what they load).
NO_SWITCH = ("keras.datasets.", "tensorflow.keras.datasets.")
# A `requests.get` whose content the script writes to a file (analysis gives it a url).
RESPONSE_FETCHER = "requests.get"


def plan_edits(analysis: Analysis) -> SourceEdits:
    return SourceEdits(
        secrets=tuple(
            SecretPlan(
                s.kind, s.masked, s.file, s.line, s.name, s.column, s.env or "",
                replace=s.column is not None and bool(s.env),
            )
            for s in analysis.secrets
        ),
        downloads=tuple(
            edit for d in analysis.dataset_downloads if (edit := _download(d)) is not None
        ),
        parsers=tuple(
            ParserPlan(p.variable, p.file, p.line, p.parse_line, p.positionals)
            for p in analysis.argument_parsers
        ),
        configurators=tuple(
            ConfiguratorPlan(c.file, c.line, c.companion) for c in analysis.exec_configurators
        ),
        magics=plan_magics(analysis),
    )  # fmt: skip


def _download(download: DatasetDownload) -> DownloadPlan | None:
    """What to do with one download; None for a loader with no switch, a read straight from a
    URL (the channels transform, plan/url_data.py; or one not followed, read as written), a Hub
    id (plan/hub_staging.py) or a get_file whose URL is not known (left as written)."""
    call, dataset, file, line = download.call, download.dataset, download.file, download.line
    if call in FILE_FETCHERS:
        position, keyword, returns = FILE_FETCHERS[call]
        return DownloadPlan(
            DownloadEdit.STAGE_FILE, call, dataset, file, line, position, keyword, returns
        )
    if call in GET_FILE and download.url:  # fed from the channel (plan/url_data.py)
        return DownloadPlan(DownloadEdit.STAGE_GET_FILE, call, dataset, file, line)
    if call == RESPONSE_FETCHER and download.url:
        return DownloadPlan(DownloadEdit.STAGE_RESPONSE, call, dataset, file, line)
    if call.startswith(NO_SWITCH) or download.url or download.hub or call in GET_FILE:
        return None
    if call in URL_READERS or unstaged(download):  # plan/unstaged_downloads.py: to review
        return None
    if call.startswith(SKLEARN_DATASETS):  # staged or reviewed: plan/sklearn_fetchers.py
        return None
    return DownloadPlan(DownloadEdit.SWITCH_OFF, call, dataset, file, line)
