"""The public Python API: what ``searchtool.__all__`` lists exists, is documented, and works."""

from __future__ import annotations

import re
import shutil

import searchtool
from tests.support.paths import REPO
from tests.support.python import run_python

PAGE = REPO / "docs" / "python-api.md"


def test_every_public_name_resolves():
    for name in searchtool.__all__:
        assert getattr(searchtool, name) is not None


def test_every_public_name_is_documented_and_the_page_names_no_other():
    text = PAGE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)", text, flags=re.M))
    assert documented | {"SearchtoolError", "UsageError", "IndexMissingError", "IndexLockedError"} == set(searchtool.__all__)
    for name in ("SearchtoolError", "UsageError", "IndexMissingError", "IndexLockedError"):
        assert f"`{name}`" in text


def test_importing_the_package_loads_no_stage():
    got = run_python(
        """
        import json, sys
        import searchtool
        print(json.dumps(sorted(m for m in sys.modules if m.startswith(("searchtool.", "whoosh", "rich", "typer")))))
        """
    )
    assert got == []


def test_the_documented_example_runs(tmp_path, monkeypatch):
    code = re.search(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S).group(1)
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    printed: list[tuple] = []
    exec(compile(code, str(PAGE), "exec"), {"print": lambda *a: printed.append(a)})
    assert printed[0] == (1, "statements")
    assert printed[1][0] == 1 and printed[1][2] == ["A. K. Lukashevich"]
    assert printed[2][1].isoformat() == "2012-12-03"
