"""Citations name a person as the people registry does: the canonical name when the registry
recognises the speaker, the speaker as written otherwise (and an office's release stays the office's)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from searchtool.indexing.update import update_index
from searchtool.people import PEOPLE_FILENAME, parse_registry
from searchtool.reading.reader import read_paths
from searchtool.searching.citation import author, authors_of
from tests.support.cli import run
from tests.support.transcripts import REGISTRY, SPEECHES, write_transcripts

@pytest.fixture
def collection(tmp_path):
    root = write_transcripts(tmp_path / "c", office=True)
    update_index([root], tmp_path / "ix", jobs=1)
    records = {(r.speakers[0] if r.speakers else "", r.date): r for r in read_paths([root])}
    return root, tmp_path / "ix", records


def cited_authors(index, ident: str) -> list[dict]:
    done = run("cite", ident, "--format", "csl-json", "--index", str(index))
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)[0]["author"]


def test_a_speaker_the_registry_knows_is_cited_under_the_canonical_name_and_others_as_written(collection):
    root, index, records = collection
    gromykos = [r for (speaker, _), r in records.items() if "romyko" in speaker.lower()]
    assert len(gromykos) == sum("romyko" in s["speaker"].lower() for s in SPEECHES)
    lavrov = next(r for (speaker, _), r in records.items() if speaker == "Sergey Lavrov")
    office = next(r for (speaker, _), r in records.items() if speaker == "Office of the Spokesperson" and r.date == dt.date(2022, 3, 7))
    before = {r.speakers[0]: cited_authors(index, r.id) for r in gromykos}
    assert before["Mr. GROMYKO"] == [author("Mr. GROMYKO")] and before["Gromyko"] == [{"literal": "Gromyko"}]

    (root / PEOPLE_FILENAME).write_text(json.dumps(REGISTRY), encoding="utf-8")  # no rebuild
    for r in gromykos:
        assert cited_authors(index, r.id) == [{"family": "Gromyko", "given": "Andrei"}], r.speakers
    assert cited_authors(index, lavrov.id) == [{"family": "Lavrov", "given": "Sergey"}]  # not registered: as written
    assert cited_authors(index, office.id) == [{"literal": "Office of the Spokesperson"}]  # a role, not the author
    bib = run("cite", gromykos[0].id, "--format", "bibtex", "--index", str(index)).stdout
    assert "Gromyko, Andrei" in bib and "@misc{gromyko-" in bib


def test_two_forms_of_one_person_are_one_author_and_unknown_speakers_keep_their_place():
    people = parse_registry(REGISTRY, "test")
    names = authors_of(["Mr. GROMYKO", "Sergey Lavrov", "A. A. Gromyko", " "], dt.date(1960, 1, 1), people)
    assert names == [{"family": "Gromyko", "given": "Andrei"}, {"family": "Lavrov", "given": "Sergey"}]
    assert authors_of(["Mr. GROMYKO", "Sergey Lavrov"], None, None) == [author("Mr. GROMYKO"), author("Sergey Lavrov")]
