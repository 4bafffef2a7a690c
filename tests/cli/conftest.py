"""Fixtures of the CLI tests."""

import pytest

from tests.support import records as search_fixture


@pytest.fixture(scope="package")
def index(tmp_path_factory):
    """The hand-made search collection (``tests/support/records.py``), indexed once for the
    search, show and fast-path tests, which only read it."""
    return search_fixture.build(tmp_path_factory.mktemp("search") / "ix")
