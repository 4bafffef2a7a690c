"""The people registry: validation, a person by any written form, roles resolved by date."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.errors import SearchtoolError
from searchtool.people import load_registry, parse_registry

REGISTRY = {
    "persons": [
        {"id": "lukashevich", "name": "Alexander Lukashevich", "aliases": ["A. K. Lukashevich", "Лукашевич"]},
        {"id": "zakharova", "name": "Maria Zakharova", "aliases": ["М. В. Захарова"]},
        {"id": "lavrov", "name": "Sergey Lavrov", "aliases": ["Сергей Лавров"],
         "posts": [{"post": "Minister of Foreign Affairs", "org": "MFA Russia", "from": "2004-03-09"}]},
    ],
    "roles": [
        {"role": "Spokesperson, MFA Russia", "patterns": ["^(the )?(official )?spokes(man|woman|person)( of the ministry.*)?$"],
         "holders": [{"person": "lukashevich", "from": "2011-12", "to": "2015-08-09"},
                     {"person": "zakharova", "from": "2015-08-10"}]}
    ],
}


@pytest.fixture
def people():
    return parse_registry(REGISTRY, "test.json")


@pytest.mark.parametrize("written", ["Sergey Lavrov", "Sergei Lavrov", "Mr. Sergey V. Lavrov", "С.В.Лавров", "LAVROV", "Лаврова"])
def test_a_person_is_found_by_any_written_form(people, written):
    assert people.person(written).id == "lavrov"


def test_a_role_resolves_by_date_to_its_holder_and_says_so(people):
    in_2014 = people.attribute("Spokesman of the Ministry of Foreign Affairs", dt.date(2014, 5, 12))
    in_2016 = people.attribute("the Spokeswoman", dt.date(2016, 1, 5))
    assert (in_2014.person.id, in_2014.by) == ("lukashevich", "role+date")
    assert (in_2016.person.id, in_2016.to_json()["attribution"]) == ("zakharova", "role+date")
    assert people.attribute("Spokesman", dt.date(2010, 1, 1)) is None  # nobody registered held it then
    assert people.attribute("Maria Zakharova", None).by == "name"


def test_said_keys_cover_every_form_of_the_person(people):
    assert people.keys_for("zakharova") == ["zakharov"]
    assert people.keys_for("Unregistered Person") == ["person"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"colour": 1}, "unknown keys colour"),
        ({"persons": [{"id": "x"}]}, "needs an 'id' and a 'name'"),
        ({"persons": [{"id": "x", "name": "Ann Bee"}, {"id": "x", "name": "Carl Dee"}]}, "used twice"),
        ({"persons": [{"id": "x", "name": "Ann Bee", "posts": [{"from": "2012-13"}]}]}, "month must be"),
        ({"persons": [{"id": "x", "name": "Ann Bee", "posts": [{"from": "last year"}]}]}, "YYYY"),
        ({"persons": [{"id": "x", "name": "Ann Bee", "posts": [{"from": "2015", "to": "2014"}]}]}, "is after"),
        ({"roles": [{"role": "r", "patterns": ["("], "holders": []}]}, "bad pattern"),
        ({"roles": [{"role": "r", "patterns": [], "holders": [{"person": "nobody"}]}]}, "registered person"),
        ({"persons": {"id": "x"}}, "must be a list"),
    ],
)
def test_a_bad_registry_is_one_error_naming_the_file_and_entry(change, message):
    with pytest.raises(SearchtoolError, match=message) as err:
        parse_registry({**{"persons": []}, **change}, "bad.json")
    assert "bad.json" in str(err.value)


def test_an_unreadable_registry_file_is_an_error(tmp_path):
    path = tmp_path / "searchtool-people.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SearchtoolError, match="cannot be read"):
        load_registry(path)
    path.write_text(json.dumps(REGISTRY), encoding="utf-8")
    assert len(load_registry(path)) == 3


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=12))
def test_any_json_value_is_a_registry_or_one_clear_error(value):
    try:
        parse_registry({"persons": value} if not isinstance(value, dict) else value, "fuzz.json")
    except SearchtoolError as err:
        assert "fuzz.json" in str(err)
