"""docs/analysis.md's examples run on the State Department slice they were written on, and
print what the page shows (timings and the folder the slice was copied to aside)."""

from __future__ import annotations

import re
import shlex

import pytest

from tests.support.cli import run
from tests.support.paths import REPO

PAGE = REPO / "docs" / "analysis.md"


def examples() -> list[tuple[list[str], str]]:
    out = []
    for block in re.findall(r"```console\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S):
        for chunk in block.split("$ searchtool ")[1:]:
            command, _, shown = chunk.partition("\n")
            out.append((shlex.split(command), shown))
    return out


def normalise(text: str) -> str:
    text = re.sub(r"\(\d+ ms\)", "(N ms)", text)
    return re.sub(r"\S*/txt/", "txt/", text).rstrip("\n")


def test_the_page_has_an_example_of_each_command():
    assert {argv[0] for argv, _ in examples()} == {"timeline", "kwic", "collocates", "search"}


@pytest.mark.parametrize("argv, shown", examples(), ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_each_example_prints_what_the_page_shows(state_slice, argv, shown):
    done = run(argv[0], "--index", str(state_slice), "--color", "never", *argv[1:])
    assert done.exit_code == 0, done.output
    assert normalise(done.stdout) == normalise(shown)
