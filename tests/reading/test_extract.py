"""Speakers, posts and types from titles, bylines and metadata values."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.errors import SearchtoolError
from searchtool.reading.extract import (
    normalize_type,
    parse_attribution,
    parse_byline,
    parse_people,
    speakers_from_title,
    split_post_name,
    type_from_text,
)
from searchtool.reading.rules import build_rules, load_rules_file

SEED_TITLE = (
    "Comment of the Spokesman of the Ministry of Foreign Affairs of Russia A. K. Lukashevich in connection "
    "with the forthcoming participation of the Minister of Foreign Affairs of Russia S. V. Lavrov in the "
    "meeting of the NATO-Russia Council in Brussels"
)


@pytest.mark.parametrize(
    "title,names,posts,doc_type",
    [
        (SEED_TITLE, ["A. K. Lukashevich"], ["Spokesman of the Ministry of Foreign Affairs of Russia"], "comment"),
        (
            "Speech by Foreign Minister Sergey Lavrov at the plenary meeting of the Conference on Disarmament",
            ["Sergey Lavrov"],
            ["Foreign Minister"],
            "speech",
        ),
        (
            "Briefing by Foreign Ministry Spokeswoman Maria Zakharova, Moscow, March 16, 2021",
            ["Maria Zakharova"],
            ["Foreign Ministry Spokeswoman"],
            "briefing",
        ),
        (
            "Press release on Deputy Foreign Minister Sergey Ryabkov's meeting with US Ambassador John Sullivan",
            [],
            [],
            "press release",
        ),
        (
            "Foreign Minister Sergey Lavrov’s remarks and answers to media questions at a joint news conference",
            ["Sergey Lavrov"],
            ["Foreign Minister"],
            "remarks",
        ),
        (
            "Answer of the Official Representative of the Ministry of Foreign Affairs of Russia A. K. Lukashevich "
            "to a question of the mass media regarding the situation in Syria",
            ["A. K. Lukashevich"],
            ["Official Representative of the Ministry of Foreign Affairs of Russia"],
            "answer",
        ),
        (
            "Statement of the Ministry of Foreign Affairs of the Russian Federation in connection with the treaty",
            ["Ministry of Foreign Affairs of the Russian Federation"],
            [],
            "statement",
        ),
        (
            "Interview of Foreign Minister of the Russian Federation Sergey Lavrov to the Kommersant newspaper",
            ["Sergey Lavrov"],
            ["Foreign Minister of the Russian Federation"],
            "interview",
        ),
        (
            "Joint statement by Foreign Minister Sergey Lavrov and Foreign Minister of Belarus Vladimir Makei on ties",
            ["Sergey Lavrov", "Vladimir Makei"],
            ["Foreign Minister", "Foreign Minister of Belarus"],
            "statement",
        ),
        ("Comment by the Information and Press Department on the decision", ["Information and Press Department"], [], "comment"),
        ("Secretary Blinken’s Call with Azerbaijan President Aliyev", [], [], "readout"),
        ("Opening Remarks by Secretary Antony J. Blinken at the Summit", ["Antony J. Blinken"], ["Secretary"], "remarks"),
        ("Readout of the meeting between the ministers", [], [], "readout"),
        (
            "Message of greetings from Foreign Minister Sergey Lavrov to the participants of the forum",
            ["Sergey Lavrov"],
            ["Foreign Minister"],
            "message",
        ),
        (
            "Answers to media questions by Foreign Minister Sergey Lavrov following the talks",
            ["Sergey Lavrov"],
            ["Foreign Minister"],
            "answer",
        ),
        (
            "Speech by Permanent Representative of the Russian Federation to the United Nations Vassily Nebenzia at "
            "the UN Security Council",
            ["Vassily Nebenzia"],
            ["Permanent Representative of the Russian Federation to the United Nations"],
            "speech",
        ),
        ("Statement of the Foreign Ministry of the Republic of Belarus", ["Foreign Ministry of the Republic of Belarus"], [], "statement"),
        ("Press release on the telephone conversation between Sergey Lavrov and Antony Blinken", [], [], "press release"),
        ("Comment on Foreign Minister Sergey Lavrov's statement at the forum", [], [], "comment"),
        ("Mongolia National Day", [], [], "message"),
        ("Public Schedule – July 8, 2021", [], [], "other"),
    ],
)
def test_title_rules(title, names, posts, doc_type):
    found = speakers_from_title(title)
    assert found.names == names
    assert found.post_list() == posts
    assert type_from_text(title) == doc_type


@pytest.mark.parametrize(
    "phrase,name,post",
    [
        ("Foreign Minister Sergey Lavrov", "Sergey Lavrov", "Foreign Minister"),
        ("Minister of Foreign Affairs of Russia Sergey Lavrov", "Sergey Lavrov", "Minister of Foreign Affairs of Russia"),
        ("Ambassador of Russia to the USA Anatoly Antonov", "Anatoly Antonov", "Ambassador of Russia to the USA"),
        ("German Chancellor Angela Merkel", "Angela Merkel", "German Chancellor"),
        ("Secretary Blinken", "Blinken", "Secretary"),
        ("Deputy Secretary of State for Management and Resources", "", "Deputy Secretary of State for Management and Resources"),
        ("the Spokesman", "", "Spokesman"),
    ],
)
def test_split_post_name(phrase, name, post):
    assert split_post_name(phrase) == (name, post)


@pytest.mark.parametrize(
    "line,names,posts",
    [
        ("Antony J. Blinken, Secretary of State", ["Antony J. Blinken"], ["Secretary of State"]),
        ("Ned Price, Department Spokesperson", ["Ned Price"], ["Department Spokesperson"]),
        ("Office of the Spokesperson", ["Office of the Spokesperson"], []),
        ("Kangerlussuaq, Greenland", [], []),
        ("Kangerlussuaq Airport", [], []),
        ("Washington, D.C.", [], []),
        ("2:00 p.m. EDT", [], []),
        ("Deputy Secretary of State Wendy Sherman will travel to Istanbul and Ankara, Turkey.", [], []),
        ("The below is attributable to Spokesperson Ned Price:", [], []),
        (
            "Sung Kim, Acting Assistant Secretary  Bureau of East Asian and Pacific Affairs",
            ["Sung Kim"],
            ["Acting Assistant Secretary Bureau of East Asian and Pacific Affairs"],
        ),
    ],
)
def test_bylines(line, names, posts):
    found = parse_byline(line)
    assert found.names == names
    assert found.post_list() == posts


@pytest.mark.parametrize(
    "creator,names,posts",
    [
        ("Ned Price, Department Spokesperson", ["Ned Price"], ["Department Spokesperson"]),
        ("U.S. Department of State", ["U.S. Department of State"], []),
        (
            "Antony J. Blinken, Secretary of State, Mute Egede, Greenlandic Premier, Pele Broberg, Greenlandic Foreign Minister",
            ["Antony J. Blinken", "Mute Egede", "Pele Broberg"],
            ["Secretary of State", "Greenlandic Premier", "Greenlandic Foreign Minister"],
        ),
        (
            "Antony J. Blinken, Secretary of State, Surangel Whipps, Jr., President of Palau",
            ["Antony J. Blinken", "Surangel Whipps, Jr."],
            ["Secretary of State", "President of Palau"],
        ),
        (
            "Jose W. Fernandez, Under Secretary for Economic Growth, Energy, and the Environment",
            ["Jose W. Fernandez"],
            ["Under Secretary for Economic Growth, Energy, and the Environment"],
        ),
        (
            "Wendy R. Sherman, Deputy Secretary of State, Alexandra de Hoop Scheffer, Director of the German Marshall Fund",
            ["Wendy R. Sherman", "Alexandra de Hoop Scheffer"],
            ["Deputy Secretary of State", "Director of the German Marshall Fund"],
        ),
        ("Mr. Arce", ["Mr. Arce"], []),
    ],
)
def test_creator_values(creator, names, posts):
    found = parse_people(creator)
    assert found.names == names
    assert found.post_list() == posts


def test_attribution_line():
    found = parse_attribution("The below is attributable to Spokesperson Ned Price:")
    assert found.names == ["Ned Price"] and found.post_list() == ["Spokesperson"]
    assert not parse_attribution("The below was written by nobody in particular")


@pytest.mark.parametrize(
    "value,expected",
    [("Comment", "comment"), ("press release", "press release"), ("Press Statement", "statement"),
     ("Readouts", "readout"), ("Speech", "speech"), ("miscellany", "other")],
)
def test_normalize_type(value, expected):
    assert normalize_type(value) == expected


def test_user_rules_extend_the_tables(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps(
            {
                "types": [["^memorand(?:um|a)\\b", "statement"]],
                "speakers": ["^memorandum of (?P<who>.+)"],
                "post_words": ["ombudsman"],
            }
        ),
        encoding="utf-8",
    )
    rules = load_rules_file(path)
    title = "Memorandum of Ombudsman Tatiana Moskalkova on prisoners"
    assert type_from_text(title, rules) == "statement"
    assert speakers_from_title(title, rules).names == ["Tatiana Moskalkova"]
    assert type_from_text(title) == "other"  # built-in rules untouched


@pytest.mark.parametrize(
    "data,message",
    [
        ({"types": [["(", "statement"]]}, "bad pattern"),
        ({"types": [["x", "memo"]]}, "bad type"),
        ({"speakers": ["^no group"]}, "lacks a (?P<who>"),
        ({"colour": []}, "unknown keys"),
    ],
)
def test_bad_user_rules_are_one_line_errors(tmp_path, data, message):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SearchtoolError, match=message.replace("(", r"\(").replace("?", r"\?")):
        load_rules_file(path)


def test_builtin_rules_compile():
    rules = build_rules()
    assert rules.types and rules.speakers and rules.offices


@given(st.text(max_size=400))
def test_extraction_never_raises(text):
    speakers_from_title(text)
    parse_byline(text)
    parse_people(text)
    type_from_text(text)
    split_post_name(text)
