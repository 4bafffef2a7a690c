"""Speakers, posts and types from title shapes of several ministries (QA findings R1, R2, Q4).

The titles are written in the forms ministries use; the rules they test are general (post words,
event words, "by/of" phrases), never fitted to one title.
"""

from __future__ import annotations

import pytest

from searchtool.reading.extract import Speakers, speakers_from_title, type_from_text


@pytest.mark.parametrize(
    "title",
    [
        "Joint Statement of the Second U.S.-Bahrain Strategic Dialogue",
        "Joint Statement of the United States and Japan on Cooperation in Quantum Information Science and Technology",
        "Joint Statement of the Syria Special Envoy Meeting",
        "Joint Statement from the Third India-Australia Ministerial Dialogue",
        "Joint Communique of the Fifth Annual Trade Policy Forum",
        "Department of State Partners with a Foundation to Expand Exchanges",
        "The Ministry Breaks Ground on a New Embassy in Lagos",
        "Secretary Blinken Meets With Ukrainian Foreign Minister Kuleba",
        "Press release on Deputy Foreign Minister Sergey Ryabkov's meeting with the Ambassador of Japan",
        "Declaration of a Humanitarian Ceasefire by the Government of the Republic",
        "Joint Statement by the United States, France, Italy, and the United Kingdom Regarding the Elections",
        "Joint Statement by the Governments of Peru, Chile, and the United States Regarding the Partnership for Action on Gender-Based Digital Violence",
    ],
)
def test_events_topics_and_subjects_are_not_speakers(title):
    assert speakers_from_title(title).names == []


@pytest.mark.parametrize(
    "title,names,posts,doc_type",
    [
        (
            "Remarks by President Biden and Prime Minister Kishida of Japan in Joint Press Conference",
            ["Biden", "Kishida"], ["President", "Prime Minister of Japan"], "remarks",
        ),
        (
            "Remarks to the press by Foreign Minister Sergey Lavrov following talks with Foreign Minister Annalena Baerbock",
            ["Sergey Lavrov"], ["Foreign Minister"], "remarks",
        ),
        (
            "Remarks to the media by Minister for Foreign Affairs Penny Wong after the ASEAN meeting",
            ["Penny Wong"], ["Minister for Foreign Affairs"], "remarks",
        ),
        (
            "Foreign Ministry Spokesperson Wang Wenbin's Regular Press Conference on March 1, 2023",
            ["Wang Wenbin"], ["Foreign Ministry Spokesperson"], "briefing",
        ),
        ("Foreign Secretary Liz Truss statement on Russian sanctions", ["Liz Truss"], ["Foreign Secretary"], "statement"),
        (
            "Comment by the Spokesperson of the Federal Foreign Office on the elections in Belarus",
            ["Spokesperson of the Federal Foreign Office"], [""], "comment",
        ),
        (
            "Secretary Antony J. Blinken With Chuck Todd of NBC Meet the Press",
            ["Antony J. Blinken"], ["Secretary"], "interview",
        ),
        (
            "Foreign Minister Mélanie Joly on CBC Radio with a host of The House",
            ["Mélanie Joly"], ["Foreign Minister"], "interview",
        ),
        (
            "Transcript of Remarks by Ned Price, Department Spokesperson",
            ["Ned Price"], ["Department Spokesperson"], "remarks",
        ),
        (
            "Minister Simon Coveney at a Town Hall with the Irish Community in Boston",
            ["Simon Coveney"], ["Minister"], "remarks",
        ),
        (
            "Secretary Antony J. Blinken and German Foreign Minister Annalena Baerbock at a Joint Press Availability",
            ["Antony J. Blinken", "Annalena Baerbock"], ["Secretary", "German Foreign Minister"], "remarks",
        ),
        (
            "Comment of the Spokesman of the Ministry of Foreign Affairs of Russia A. K. Lukashevich in connection with the meeting",
            ["A. K. Lukashevich"], ["Spokesman of the Ministry of Foreign Affairs of Russia"], "comment",
        ),
    ],
)
def test_speaker_title_shapes(title, names, posts, doc_type):
    found = speakers_from_title(title)
    assert (found.names, found.posts) == (names, posts)
    assert type_from_text(title) == doc_type


def test_a_post_that_would_hold_a_person_is_refused():
    # The second "and" part runs on into a topic: its would-be post holds a name with an initial.
    found = speakers_from_title(
        "Joint Statement by Minister Jane K. Doe and Finance Minister John Q. Roe Welcoming the Union's Tariff Regime"
    )
    assert found.names == ["Jane K. Doe"]


def test_a_name_written_with_a_connector_in_title_case_stops_there():
    assert speakers_from_title("Secretary Blinken To Deliver Remarks at the Youth Exchange Event").names == []


@pytest.mark.parametrize(
    "title,doc_type",
    [
        ("Denmark's Constitution Day", "message"),
        ("On the Occasion of Ghana's Republic Day", "message"),
        ("Minister Joly With a Correspondent of BBC News", "interview"),
        ("Ambassador Smith and Foreign Minister Díaz Before Their Meeting", "remarks"),
        ("Secretary Blinken at a Meet and Greet with Embassy Staff and Families", "remarks"),
        ("Deputy Secretary Sherman's Meeting with the Foreign Minister of Chile", "readout"),
        ("Secretary Blinken's Call with Foreign Minister Kuleba", "readout"),
    ],
)
def test_type_shapes(title, doc_type):
    assert type_from_text(title) == doc_type


def test_one_word_name_is_the_same_person_as_a_full_name_with_that_surname():
    found = Speakers()
    found.add("Wendy R. Sherman", "Deputy Secretary of State")
    found.add("Sherman", "Deputy Secretary")
    assert found.names == ["Wendy R. Sherman"]
