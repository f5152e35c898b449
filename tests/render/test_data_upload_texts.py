"""The README and MIGRATION_GUIDE say what is true of the data: `upload-data` only where the
pipeline has an InputDataUri to fill, "ships with scikit-learn" only for scikit-learn's bundled
data, and why nothing is uploaded otherwise (a Hub dataset Preprocess downloads, the user's own
data script, an S3 prefix the script reads, data the script makes). Before, a Hub dataset's
README said `load_dataset('imdb')` ships with scikit-learn, and scripts whose pipeline reads no
uploaded data were told to run `upload-data` and that "`` ships with scikit-learn"."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

from sagebridge.analyze import analyze_project, read_data_samples
from sagebridge.plan import build_plan
from sagebridge.plan.docs import template_values
from sagebridge.render.project import render_project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _rendered(name: str) -> dict[str, str]:
    src = EXAMPLES / name
    manifest = src / "corpus.toml"
    entry = tomllib.loads(manifest.read_text())["entry_point"] if manifest.exists() else "train.py"
    plan = build_plan(analyze_project(src, entry), read_data_samples(src))
    return render_project(plan, template_values(plan))


def _data_section(readme: str) -> str:
    return readme.split("## Data\n", 1)[1].split("\n## ", 1)[0].strip()


def _guide_data_step(guide: str) -> str:
    actions = guide.split("### Immediate Actions\n", 1)[1]
    return next(line for line in actions.splitlines() if line.startswith("2. "))


@pytest.mark.parametrize(
    ("project", "readme_says", "guide_says"),
    [
        pytest.param(
            "corpus/hf-hub-dataset",
            "Nothing to upload: the Preprocess step (the one step with network access) "
            "downloads `load_dataset('imdb')` from the Hugging Face Hub and stages it for "
            "training.",
            "2. No data upload is needed: the Preprocess step (the one step with network "
            "access) downloads `load_dataset('imdb')` from the Hugging Face Hub",
            id="hub-dataset",
        ),
        pytest.param(
            "corpus/timeseries",
            "Nothing to upload: the Preprocess step runs your own data-preparation script "
            "`code/generate_data.py`, which writes the data training reads.",
            "2. No data upload is needed: the Preprocess step runs your own data-preparation "
            "script `code/generate_data.py`",
            id="user-script",
        ),
        pytest.param(
            "corpus/vae",
            "Nothing to upload: the pipeline reads no input data: sagebridge found no data "
            "folder that `main.py` reads, so it makes or downloads its own.",
            "2. No data upload is needed: the pipeline reads no input data",
            id="no-input",
        ),
        pytest.param(
            "corpus/s3-boto3-churn",
            "Nothing to upload: the pipeline's InputDataUri defaults to "
            "s3://acme-ml-data/churn/v1/, the S3 prefix the script reads.",
            "2. No upload: the pipeline's input data URI defaults to `s3://acme-ml-data/churn/v1/`",
            id="s3-prefix",
        ),
        pytest.param(
            "corpus/siamese",
            "sagebridge did not recognise how the script loads its data",
            "2. Put the data `train_siamese.py` reads in one folder for `upload-data` below",
            id="unrecognised-data-folder",
        ),
        pytest.param(
            "corpus/lightgbm-constants",  # its CSV is named at run time: no empty `` name
            "Upload the file `pd.read_csv(DATA_PATH)` reads to the pipeline's `InputDataUri`",
            "2. Put the file `pd.read_csv(DATA_PATH)` reads in one folder for `upload-data`",
            id="csv-named-at-run-time",
        ),
        pytest.param(
            "sklearn-digits",
            "Nothing to upload: `load_digits()` ships with scikit-learn.",
            "2. No data upload is needed: `load_digits()` ships with scikit-learn",
            id="sklearn-bundled",
        ),
    ],
)
def test_the_data_texts_say_what_the_pipeline_does(
    project: str, readme_says: str, guide_says: str
) -> None:
    files = _rendered(project)
    readme, guide = files["README.md"], files["docs/MIGRATION_GUIDE.md"]
    assert readme_says in _data_section(readme)
    assert _guide_data_step(guide).startswith(guide_says)
    has_input = 'name="InputDataUri"' in files["pipeline/pipeline.py"]
    # `upload-data` fills the InputDataUri: told only where there is one to fill.
    reads_s3 = "s3-" in project
    assert ("sagebridge upload-data" in readme) is (has_input and not reads_s3)
    assert ("upload-data" in guide) is (has_input and not reads_s3)
    if project != "sklearn-digits":
        assert "ships with scikit-learn" not in readme + guide
    assert "``" not in _data_section(readme) + _guide_data_step(guide)
    assert "holding ``" not in readme
