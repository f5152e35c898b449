"""Settings files travel into code/ whatever their size or encoding, without their secrets.

Before: a settings file over 1 MB, in UTF-16 or not UTF-8 was silently left out of code/ (the
job would fail opening it) and never scanned for secrets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebridge.analyze import analyze_project
from sagebridge.analyze.settings_files import MAX_SHIPPED_BYTES
from sagebridge.migrate import migrate_project

TRAIN = '''import joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

SETTINGS = ("wide.ini", "latin.yaml", "big.yaml", "huge.json")


def main():
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    model = LogisticRegression().fit(X_train, y_train)
    print(f"test accuracy: {model.score(X_test, y_test):.3f}")
    joblib.dump(model, "model.joblib")


if __name__ == "__main__":
    main()
'''
WIDE = "\ufeff[db]\nhost = dbhöst\npassword = Fx7-wide-0014\n"
LATIN = "name: Müller\napi_key: Fx7-latin-0015\n"
BIG = "lr: 0.1\n" + "# padding line\n" * 150_000 + "token: Fx7-bigtoken-0016\n"  # 2.2 MB


@pytest.fixture
def src(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "train.py").write_text(TRAIN)
    (root / "wide.ini").write_bytes(WIDE.encode("utf-16-le"))
    (root / "latin.yaml").write_bytes(LATIN.encode("latin-1"))
    (root / "big.yaml").write_text(BIG)
    with (root / "huge.json").open("wb") as handle:  # sparse: no time spent writing it
        handle.truncate(MAX_SHIPPED_BYTES + 1)
    return root


def test_settings_are_copied_as_bytes_in_their_own_encoding(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = migrate_project(src, out)
    code = out / "code"
    assert (code / "wide.ini").read_bytes() == WIDE.replace("Fx7-wide-0014", "${PASSWORD}").encode(
        "utf-16-le"
    )
    assert (code / "latin.yaml").read_bytes() == LATIN.replace(
        "Fx7-latin-0015", "${API_KEY}"
    ).encode("latin-1")
    assert (code / "big.yaml").read_text() == BIG.replace("Fx7-bigtoken-0016", "${TOKEN}")
    assert not (code / "huge.json").exists()
    [huge] = [w for w in result.warnings if "huge.json" in w]
    assert "too large" in huge and "S3" in huge
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for value in ("Fx7-wide-0014", "Fx7-latin-0015", "Fx7-bigtoken-0016"):
                assert value.encode() not in data and value.encode("utf-16-le") not in data


def test_an_unreadable_settings_file_is_named_in_one_warning(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading is made to fail with a patched `Path.read_bytes`: the tests run as root here,
    which reads a file whatever its mode."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "latin.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = migrate_project(src, tmp_path / "out")
    [warning] = [w for w in result.warnings if "latin.yaml" in w]
    assert "cannot be read (Permission denied)" in warning and "make it readable" in warning
    assert not (tmp_path / "out" / "code" / "latin.yaml").exists()
    assert [w for w in analyze_project(src).warnings if "latin.yaml" in w] == [warning]
