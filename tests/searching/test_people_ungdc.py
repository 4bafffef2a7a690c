"""The people registry on a slice of the UN General Debate speeches (../shared): the Soviet/Russian
and U.S. speeches, texts cut short (the names are what is tested). Truth is counted here from
the JSONL's speaker values."""

from __future__ import annotations

import gzip
import json

import pytest

from searchtool.indexing.update import update_index
from searchtool.people import PEOPLE_FILENAME
from searchtool.searching.engine import Engine, SearchRequest
from searchtool.searching.people_report import suggest_people
from tests.support.paths import shared

PERSONS = {"gromyko": "Andrei Gromyko", "lavrov": "Sergey Lavrov", "vyshinsky": "Andrei Vyshinsky", "shevardnadze": "Eduard Shevardnadze"}


@pytest.fixture(scope="module")
def slice_(tmp_path_factory):
    src = shared("corpora", "ungdc", "ungdc_1946-2024.jsonl.gz")
    rows = []
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["country_iso"] in ("RUS", "USA"):
                row["text"] = row["text"][:1500]
                rows.append(row)
    root = tmp_path_factory.mktemp("ungdc") / "c"
    root.mkdir()
    (root / "slice.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    update_index([root], root.parent / "ix", jobs=1)
    return rows, root, root.parent / "ix"


def test_suggest_proposes_each_persons_spellings_as_one_cluster(slice_):
    rows, root, index = slice_
    (root / PEOPLE_FILENAME).unlink(missing_ok=True)
    clusters = {c.key: c for c in suggest_people(index, limit=100)}
    truth = {r["speaker"] for r in rows if "gromyko" in (r["speaker"] or "").lower()}
    assert len(truth) >= 5
    assert {s for s, _ in clusters["gromyko"].spellings} == truth
    assert clusters["gromyko"].entry()["id"] == "gromyko"


def test_a_registry_gives_one_facet_value_per_person_with_the_summed_count(slice_):
    rows, root, index = slice_
    registry = {"persons": [{"id": pid, "name": name} for pid, name in PERSONS.items()]}
    (root / PEOPLE_FILENAME).write_text(json.dumps(registry), encoding="utf-8")
    with Engine(index) as engine:
        result = engine.search(SearchRequest("year:1946..2024", facets=("speaker",), limit=1, snippets=False))
        counts = dict(result.facets["speaker"])
        for pid, name in PERSONS.items():
            truth = sum(1 for r in rows if pid in (r["speaker"] or "").lower())
            values = [k for k in counts if pid in k.lower()]
            assert len(values) == 1 and values[0].startswith(name), values
            assert counts[values[0]] == truth
            assert engine.search(SearchRequest(f"speaker:{pid}", limit=1)).total == truth
