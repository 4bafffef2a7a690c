"""Fixtures of the timeline, kwic and collocates tests: two small indexes, built once.

``generated``: statements written by ``tests/support/collection.py`` (dated 2015-2022, random
words from a small vocabulary), for property tests that need no shared data. ``state_slice``:
the State Department releases of August 2021 and of the first ten days of February 2022 from
``../shared`` (161 statements), which keeps the feed's real five-month hole between them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from searchtool.indexing.update import update_index
from tests.support.collection import write_collection
from tests.support.paths import shared

#: The slice's file-name prefixes (the files start with their date).
SLICE = ("2021-08-", "2022-02-0", "2022-02-10")


@pytest.fixture(scope="package")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    write_collection(root / "src", n=80, seed=13, words=90)
    update_index([root / "src"], root / "ix", jobs=1)
    return root / "ix"


@pytest.fixture(scope="package")
def state_slice(tmp_path_factory) -> Path:
    txt = shared("corpora", "state-dept", "txt")
    root = tmp_path_factory.mktemp("state")
    (root / "txt").mkdir()  # named as in ../shared, so that the statements' ids are the same
    for path in sorted(txt.glob("*.txt")):
        if path.name.startswith(SLICE):
            shutil.copy(path, root / "txt" / path.name)
    update_index([root / "txt"], root / "ix", jobs=1)
    return root / "ix"
