"""Where the tests' own data and the shared corpora are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: Small files written for these tests (statements, sidecars, judged queries, old indexes).
DATA = REPO / "tests" / "data"
READER = DATA / "reader"
RELEVANCE_TINY = DATA / "relevance" / "tiny"
#: Read-only corpora beside the project (absent on a user's fresh clone).
SHARED = REPO.parent / "shared"


def shared(*parts: str) -> Path:
    """A path under ``../shared``; the calling test is skipped, saying why, when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpora sit beside the project in development and CI)")
    return path
