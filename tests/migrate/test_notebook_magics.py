"""A notebook exported as a script (nbconvert, Kaggle's "download code") calls `get_ipython()`
for each `%magic` and `!command`: under `python`, as the training job runs it, that is a
NameError before anything trains. Display-only magics become `pass`; any other is refused up
front with the line to rewrite."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from sagebridge.analyze import analyze_project
from sagebridge.errors import UserError
from sagebridge.migrate import migrate_project

from .conftest import FakeContainer, plain_env, run_script

KERNEL = """\
#!/usr/bin/env python
# coding: utf-8

# In[ ]:


import numpy as np
import pandas as pd
get_ipython().run_line_magic('matplotlib', 'inline')
get_ipython().run_line_magic('config', "InlineBackend.figure_format = 'retina'")

# In[ ]:


train = pd.read_csv('../input/demo/train.csv')
train.head()

from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
x_train, x_val, y_train, y_val = train_test_split(
    train[['a', 'b']], train['label'], test_size=0.25, random_state=0)
model = LogisticRegression().fit(x_train, y_train)
print(f"val accuracy: {model.score(x_val, y_val):.4f}")
pd.DataFrame({'label': model.predict(x_val)}).to_csv('submission.csv', index=False)
"""


def _project(root: Path, kernel: str = KERNEL) -> Path:
    (root / "working").mkdir(parents=True)
    (root / "working" / "kernel.py").write_text(kernel)
    data = root / "input" / "demo"
    data.mkdir(parents=True)
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=200), rng.normal(size=200)
    label = (a + 0.5 * b + rng.normal(scale=0.5, size=200) > 0).astype(int)
    rows = "\n".join(f"{x:.4f},{y:.4f},{z}" for x, y, z in zip(a, b, label, strict=True))
    (data / "train.csv").write_text("a,b,label\n" + rows + "\n")
    return root


def test_magics_are_found_with_their_method_and_name(tmp_path: Path) -> None:
    analysis = analyze_project(_project(tmp_path / "src"))
    found = [(m.file, m.line, m.method, m.magic) for m in analysis.notebook_magics]
    assert found == [
        ("working/kernel.py", 9, "run_line_magic", "matplotlib"),
        ("working/kernel.py", 10, "run_line_magic", "config"),
    ]


def test_the_migrated_kernel_runs_under_python_with_the_originals_score(tmp_path: Path) -> None:
    src = _project(tmp_path / "src")
    # The original fails under python (what a training job runs) at its first magic ...
    failed = run_script(
        src / "working" / "kernel.py", [], cwd=src / "working", env=plain_env(), check=False
    )
    assert failed.returncode != 0 and "name 'get_ipython' is not defined" in failed.stderr
    # ... and without its magics (as IPython would run it) prints the score.
    plain = tmp_path / "plain"
    _project(plain, re.sub(r"^get_ipython\(\).*$", "", KERNEL, flags=re.MULTILINE))
    before = run_script(plain / "working" / "kernel.py", [], cwd=plain / "working", env=plain_env())
    (score,) = re.findall(r"val accuracy: ([0-9.]+)", before.stdout)

    out = tmp_path / "out"
    migrate_project(src, out, entry_point="working/kernel.py")
    code = (out / "code" / "working" / "kernel.py").read_text()
    assert "get_ipython" not in code.replace("# %", "")
    assert "pass  # %matplotlib: an IPython magic" in code
    container = FakeContainer(tmp_path / "opt_ml")
    for folder in (container.model, container.output_data, container.checkpoints):
        folder.mkdir(parents=True)
    (container.channel() / "train.csv").parent.mkdir(parents=True, exist_ok=True)
    (container.channel() / "train.csv").write_bytes((src / "input/demo/train.csv").read_bytes())
    after = run_script(
        out / "code" / "working" / "kernel.py",
        [],
        cwd=out / "code",
        env=plain_env(**container.env()),
    )
    assert re.findall(r"val accuracy: ([0-9.]+)", after.stdout) == [score]
    assert (container.output_data / "submission.csv").is_file()


@pytest.mark.parametrize(
    "magic",
    [
        "get_ipython().system('pip install lightgbm')",
        "get_ipython().run_cell_magic('time', '', 'model.fit(x, y)')",
        "shell = get_ipython()",
    ],
)
def test_a_magic_that_does_work_is_refused_up_front_with_its_line(
    tmp_path: Path, magic: str
) -> None:
    src = _project(tmp_path / "src", KERNEL.replace("import numpy as np\n", f"{magic}\n", 1))
    out = tmp_path / "out"
    with pytest.raises(UserError, match=r"^working/kernel\.py:7: .*needs IPython") as error:
        migrate_project(src, out, entry_point="working/kernel.py")
    assert "\n" not in str(error.value)
    assert not out.exists()  # nothing half-written
