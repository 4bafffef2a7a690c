"""The people registry in searches: one facet value per person, any form matches, roles by date,
suggestions and checks; a changed registry applies to the next search without a rebuild."""

from __future__ import annotations

import json

import pytest

from searchtool.indexing.update import update_index
from searchtool.people import PEOPLE_FILENAME
from searchtool.searching.engine import Engine, SearchRequest
from searchtool.searching.people_report import check_people, list_people, suggest_people
from tests.support.cli import run
from tests.support.transcripts import REGISTRY, write_transcripts

@pytest.fixture
def collection(tmp_path):
    root = write_transcripts(tmp_path / "c", office=True)
    update_index([root], tmp_path / "ix", jobs=1)
    return root, tmp_path / "ix"


def facet(index, query: str, name: str = "speaker") -> dict[str, int]:
    with Engine(index) as engine:
        return dict(engine.search(SearchRequest(query, facets=(name,))).facets[name])


def test_a_registry_change_applies_to_the_next_search_without_a_rebuild(collection):
    root, index = collection
    before = {k: v for k, v in facet(index, "disarmament").items() if "romyko" in k.lower()}
    assert before == {"Mr. GROMYKO": 2, "Mr. Gromyko": 1, "GROMYKO": 1, "Gromyko": 1, "Mir. GROMYKO": 1}
    (root / PEOPLE_FILENAME).write_text(json.dumps(REGISTRY), encoding="utf-8")
    after = {k: v for k, v in facet(index, "disarmament").items() if "romyko" in k.lower()}
    assert after == {"Andrei Gromyko (5 spellings)": 6}


def test_speaker_and_said_match_a_person_by_any_form_or_script(collection):
    root, index = collection
    (root / PEOPLE_FILENAME).write_text(json.dumps(REGISTRY), encoding="utf-8")
    with Engine(index) as engine:
        for query in ("speaker:громыко", 'speaker:"Andrei Gromyko"', "speaker:gromiko"):
            assert engine.search(SearchRequest(query)).total == 6, query
        said = engine.search(SearchRequest('said:"Ned Price" iran'))
        assert {h.title for h in said.hits} == {"Department Press Briefing - March 1, 2022"}


def test_a_role_speaker_is_attributed_by_date_and_the_json_says_so(collection):
    root, index = collection
    (root / PEOPLE_FILENAME).write_text(json.dumps(REGISTRY), encoding="utf-8")
    with Engine(index) as engine:
        result = engine.search(SearchRequest("speaker:price vessels", limit=5))
    hit = next(h for h in result.hits if h.title == "Sanctions on Grain Smugglers")
    assert hit.people == [{"written": "Office of the Spokesperson", "person": "Ned Price", "id": "price",
                           "attribution": "role+date", "role": "Spokesperson"}]


def test_people_lists_persons_with_counts_and_dates(collection):
    root, index = collection
    (root / PEOPLE_FILENAME).write_text(json.dumps(REGISTRY), encoding="utf-8")
    rows = {r.id: r for r in list_people(index)}
    assert (rows["gromyko"].statements, rows["gromyko"].first, rows["gromyko"].last) == (6, "1957-09-20", "1962-09-25")
    assert rows["price"].statements == 5  # two briefings, the statement, the role's release, his turns' transcript
    done = run("people", "--index", str(index))
    assert done.exit_code == 0 and "Andrei Gromyko" in done.stdout and "(5 spellings:" in done.stdout


def test_people_suggest_clusters_unregistered_spellings_into_entries_to_paste(collection):
    _root, index = collection
    clusters = {c.key: c for c in suggest_people(index)}
    assert {s for s, _ in clusters["gromyko"].spellings} == {"Mr. GROMYKO", "Mr. Gromyko", "GROMYKO", "Gromyko", "Mir. GROMYKO"}
    assert clusters["gromyko"].count == 6
    assert clusters["lavrov"].entry()["name"] in ("Sergey Lavrov", "Sergei Lavrov")
    assert "khrushchev" not in clusters  # one spelling: nothing to merge
    done = run("people", "suggest", "--json", "--index", str(index))
    assert any(p["id"] == "gromyko" for p in json.loads(done.stdout)["persons"])


def test_people_check_reports_aliases_matching_nothing_and_overlapping_holders(collection):
    root, index = collection
    registry = json.loads(json.dumps(REGISTRY))
    registry["roles"][0]["holders"].append({"person": "blinken", "from": "2022-06"})
    (root / PEOPLE_FILENAME).write_text(json.dumps(registry), encoding="utf-8")
    problems = check_people(index)
    assert "gromyko: 'Andrey Gromiko' matches no name in the index" in problems
    assert "blinken" in " ".join(p for p in problems if "overlap" in p)
    assert not any("'Андрей Громыко'" in p for p in problems)  # it matches by its key
    done = run("people", "check", "--index", str(index))
    assert done.exit_code == 1 and "overlap" in done.stdout


def test_people_without_a_registry_or_with_a_bad_one_says_so(collection):
    root, index = collection
    done = run("people", "--index", str(index))
    assert done.exit_code == 1 and "no people registry" in done.stderr
    (root / PEOPLE_FILENAME).write_text('{"persons": [{"id": 1}]}', encoding="utf-8")
    bad = run("search", "speaker:gromyko", "--index", str(index))
    assert bad.exit_code == 2 and "people registry" in bad.stderr and "Traceback" not in bad.stderr
