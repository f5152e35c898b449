"""A file the script downloads (urlretrieve, torch.hub, wget, gdown) and then reads: an input
channel the user uploads (the guide names the URL); in SageMaker the download is skipped when the
file is already in the channel, on a laptop it downloads as before."""

from __future__ import annotations

import re
from pathlib import Path

from migrate.conftest import FakeContainer, plain_env, run_script

from sagebridge.analyze.downloads import find_downloads
from sagebridge.analyze.source import ParsedModule
from sagebridge.migrate import migrate_project
from sagebridge.render.runtime import render_runtime

from .conftest import IRIS_CSV, write_net, write_project

URL = "https://example.org/datasets/iris/iris.csv"

# No exists-guard: the script downloads every time it runs, to the path it then reads.
UNGUARDED = f'''
    import pickle
    import os
    import urllib.request

    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import train_test_split

    DATA_URL = "{URL}"
    DATA_FILE = os.path.join("data", "iris.csv")

    if __name__ == "__main__":
        os.makedirs("data", exist_ok=True)
        result = urllib.request.urlretrieve(DATA_URL, DATA_FILE)
        print("retrieved", os.path.basename(result[0]))
        frame = pd.read_csv(DATA_FILE)
        x = frame.drop(columns=["species"])
        y = frame["species"]
        a, b, c, d = train_test_split(x, y, test_size=0.3, random_state=0)
        model = LogisticRegression(max_iter=500).fit(a, c)
        print(f"test accuracy: {{accuracy_score(d, model.predict(b)):.4f}}")
        os.makedirs("model", exist_ok=True)
        with open(os.path.join("model", "model.pkl"), "wb") as handle:
            pickle.dump(model, handle)
'''


def _migrated(tmp_path: Path, train: str) -> Path:
    source = write_project(tmp_path / "project", train)
    out = tmp_path / "out"
    migrate_project(source, out, entry_point="train.py")
    return out / "code"


def _container(root: Path) -> FakeContainer:
    container = FakeContainer(root)
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    container.channel().mkdir(parents=True)
    return container


def _accuracy(text: str) -> list[str]:
    return re.findall(r"^test accuracy: ([0-9.]+)$", text, re.MULTILINE)


def test_urlretrieve_url_followed_through_a_name_is_the_download_url() -> None:
    module = ParsedModule.parse(
        "train.py",
        f'import urllib.request\nimport requests\nU = "{URL}"\n'
        'urllib.request.urlretrieve(U, "data/iris.csv")\nrequests.get(U)\n'
        'urllib.request.urlretrieve(U + "?x=1", "b.csv")\n',
    )
    found = {(d.call, d.line): d for d in find_downloads(module)}
    retrieve = found[("urllib.request.urlretrieve", 4)]
    assert (retrieve.dataset, retrieve.url, retrieve.url_line) == ("iris.csv", URL, 0)
    # an API call is not a file to stage; a URL built from a longer expression is not whole
    assert found[("requests.get", 5)].url == ""
    assert found[("urllib.request.urlretrieve", 6)].url == ""


def test_each_file_fetcher_is_wrapped_with_its_destination_evaluated_once(
    tmp_path: Path,
) -> None:
    code = _migrated(tmp_path, f'''
        import torch.hub
        import urllib.request
        import wget

        def where(name):
            print("where", name)
            return name

        if __name__ == "__main__":
            urllib.request.urlretrieve("{URL}", filename=where("a.csv"))
            torch.hub.download_url_to_file("{URL}", where("b.csv"))
            wget.download("{URL}", out="c.csv")
            wget.download("{URL}")
    ''')
    text = (code / "train.py").read_text()
    assert text.count("sagebridge_runtime.staged_download(") == 3
    assert "staged_download(where(" in text
    assert "lambda sagebridge_destination: urllib.request.urlretrieve(" in text
    assert "filename=sagebridge_destination), 'pair')" in text
    assert "torch.hub.download_url_to_file(" in text and "sagebridge_destination), 'none')" in text
    assert "out=sagebridge_destination), 'path')" in text
    assert text.count("where(") == 3  # the definition and the two calls: each evaluated once
    assert f'wget.download("{URL}")\n' in text  # no destination: left as it is
    assert "def staged_download(" in (code / "sagebridge_runtime.py").read_text()


def test_runtime_has_staged_download_only_when_a_download_needs_it() -> None:
    assert "def staged_download(" not in render_runtime()["sagebridge_runtime.py"]
    assert "def staged_download(" in render_runtime(downloads=True)["sagebridge_runtime.py"]


def test_in_the_container_the_channel_file_is_used_not_downloaded_nor_emptied(
    tmp_path: Path,
) -> None:
    """The destination IS the channel's copy (the read path points there): no download (the job
    has no internet: a fetch fails) and no copy onto itself that would empty it."""
    code = _migrated(tmp_path, UNGUARDED)
    container = _container(tmp_path / "opt_ml")
    staged = container.channel() / "iris.csv"
    staged.write_text(IRIS_CSV)
    log = tmp_path / "net.log"
    env = plain_env(**container.env(), NET_MODE="offline", NET_LOG=str(log))
    after = run_script(write_net(tmp_path), [str(code / "train.py")], cwd=code, env=env)

    assert staged.read_text() == IRIS_CSV  # intact, byte for byte
    assert "is staged in the channel; not downloading it" in after.stdout
    assert "retrieved iris.csv" in after.stdout  # urlretrieve's (path, headers) still returned
    assert not log.exists()
    assert (container.model / "model.pkl").is_file()

    # The same data on a laptop: downloaded as before, the same accuracy.
    standin = tmp_path / "standin"
    standin.mkdir()
    (standin / "iris.csv").write_text(IRIS_CSV)
    original = tmp_path / "project"
    laptop = plain_env(NET_MODE="standin", NET_STANDIN=str(standin), NET_LOG=str(log))
    before = run_script(write_net(tmp_path), [str(original / "train.py")], cwd=original,
                        env=laptop)
    assert _accuracy(before.stdout) and _accuracy(before.stdout) == _accuracy(after.stdout)
    assert log.read_text() == URL + "\n"


def test_on_a_laptop_the_migrated_script_downloads_as_before(tmp_path: Path) -> None:
    code = _migrated(tmp_path, UNGUARDED)
    standin = tmp_path / "standin"
    standin.mkdir()
    (standin / "iris.csv").write_text(IRIS_CSV)
    log = tmp_path / "net.log"
    env = plain_env(NET_MODE="standin", NET_STANDIN=str(standin), NET_LOG=str(log))
    done = run_script(write_net(tmp_path), [str(code / "train.py")], cwd=code, env=env)
    assert log.read_text() == URL + "\n"
    assert (code / "data" / "iris.csv").read_text() == IRIS_CSV
    assert "not downloading" not in done.stdout


def test_in_the_container_a_missing_file_is_downloaded_into_the_channel(tmp_path: Path) -> None:
    """Nothing uploaded and the job has internet: the script's own download still runs."""
    code = _migrated(tmp_path, UNGUARDED)
    container = _container(tmp_path / "opt_ml")
    standin = tmp_path / "standin"
    standin.mkdir()
    (standin / "iris.csv").write_text(IRIS_CSV)
    log = tmp_path / "net.log"
    env = plain_env(**container.env(), NET_MODE="standin", NET_STANDIN=str(standin),
                    NET_LOG=str(log))
    run_script(write_net(tmp_path), [str(code / "train.py")], cwd=code, env=env)
    assert log.read_text() == URL + "\n"
    assert (container.channel() / "iris.csv").read_text() == IRIS_CSV


def test_guide_names_the_url_to_fetch_the_file_from(tmp_path: Path) -> None:
    code = _migrated(tmp_path, UNGUARDED)
    guide = (code.parent / "docs" / "MIGRATION_GUIDE.md").read_text()
    assert f"Download `iris.csv` from {URL}" in guide


def test_the_file_to_upload_is_named_as_the_script_writes_it() -> None:
    module = ParsedModule.parse(
        "train.py",
        f'import os\nimport urllib.request\nD = os.path.join("data", "train.csv")\n'
        f'urllib.request.urlretrieve("{URL}", D)\n'
        f'urllib.request.urlretrieve("{URL}", filename=f"{{os.sep}}/x/valid.csv")\n'
        f'urllib.request.urlretrieve("{URL}", make())\n',
    )
    assert [d.dataset for d in find_downloads(module)] == ["train.csv", "valid.csv", "iris.csv"]


REQUESTS = f'''
    import os

    import pandas as pd
    import requests
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    URL = "{URL}"
    PATH = os.path.join("data", "iris.csv")

    if __name__ == "__main__":
        os.makedirs("data", exist_ok=True)
        response = requests.get(URL, timeout=30)
        response.raise_for_status()
        with open(PATH, "wb") as handle:
            handle.write(response.content)
        frame = pd.read_csv(PATH)
        x = frame.drop(columns=["species"])
        a, b, c, d = train_test_split(x, frame["species"], test_size=0.3, random_state=0)
        model = LogisticRegression(max_iter=500).fit(a, c)
        print(f"test accuracy: {{model.score(b, d):.4f}}")
'''


def test_requests_get_written_to_a_file_reads_the_channel_copy_and_keeps_it_whole(
    tmp_path: Path,
) -> None:
    """The script writes the response's bytes to the very file the channel holds: they are the
    file's own bytes (read before it is reopened for writing), so it is neither emptied nor
    downloaded in the container; on a laptop requests.get runs as before."""
    code = _migrated(tmp_path, REQUESTS)
    text = (code / "train.py").read_text()
    assert "sagebridge_runtime.staged_response('iris.csv', lambda: requests.get(URL" in text
    container = _container(tmp_path / "opt_ml")
    staged = container.channel() / "iris.csv"
    staged.write_text(IRIS_CSV)
    log = tmp_path / "net.log"
    env = plain_env(**container.env(), NET_MODE="offline", NET_LOG=str(log))
    after = run_script(write_net(tmp_path), [str(code / "train.py")], cwd=code, env=env)
    assert staged.read_text() == IRIS_CSV and not log.exists()

    standin = tmp_path / "standin"
    standin.mkdir()
    (standin / "iris.csv").write_text(IRIS_CSV)
    laptop = plain_env(NET_MODE="standin", NET_STANDIN=str(standin), NET_LOG=str(log))
    before = run_script(write_net(tmp_path), [str(tmp_path / "project" / "train.py")],
                        cwd=tmp_path / "project", env=laptop)
    migrated_laptop = run_script(write_net(tmp_path), [str(code / "train.py")], cwd=code,
                                 env=laptop)
    assert log.read_text() == (URL + "\n") * 2  # both laptop runs downloaded
    assert _accuracy(before.stdout) and _accuracy(before.stdout) == _accuracy(after.stdout)
    assert _accuracy(migrated_laptop.stdout) == _accuracy(before.stdout)
