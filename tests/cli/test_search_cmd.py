"""``searchtool search`` end to end through Typer (CliRunner) on the hand-made fixture
collection: every syntax form and option, the JSON schema, exit codes, highlighting, error
messages. (The fast entry path is held to the same output in ``test_fastpath.py``.)"""

import json
import os
import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from searchtool.cli import app
from searchtool.cli.fastpath import run_fast

MATCH_ON = "\x1b[1;30;43m"


def cli(index, *args, env=None):
    result = CliRunner().invoke(app, ["search", "--index", str(index), *args], env=env)
    return result


def ids(index, *args):
    result = cli(index, "--json", *args)
    assert result.exit_code in (0, 1), result.output
    return [h["id"] for h in json.loads(result.stdout)["hits"]]


def test_json_schema_is_exact(index):
    result = cli(index, "--json", "missile defence")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert list(doc) == ["query", "total", "page", "limit", "hits"]
    assert doc["query"] == "missile defence" and doc["total"] == 3 and doc["page"] == 1 and doc["limit"] == 10
    hit = doc["hits"][0]
    assert list(hit) == ["rank", "id", "score", "title", "date", "speakers", "type", "lang", "path", "url", "snippet", "duplicates"]
    assert hit["rank"] == 1 and isinstance(hit["score"], float)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", hit["date"])
    assert "missile defence" in hit["snippet"] and "\x1b" not in hit["snippet"]
    assert [h["rank"] for h in doc["hits"]] == [1, 2, 3]


def test_exit_codes_like_grep(index):
    assert cli(index, "missile").exit_code == 0
    none = cli(index, "zzyzx")
    assert none.exit_code == 1 and "No statements match" in none.stdout
    bad = cli(index, "date:2012-13")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("searchtool: error: month 13") and bad.stderr.count("\n") == 1
    missing = CliRunner().invoke(app, ["search", "--index", "/nonexistent/ix", "x"])
    assert missing.exit_code == 2 and "no index at" in missing.stderr


@pytest.mark.parametrize(
    "query, expected",
    [
        ("missile defence", {"fx01-comment", "fx03-remarks", "fx06-interview"}),
        ('"missile defence system"', {"fx03-remarks"}),
        ('"defence missile"~3', set()),  # proximity is ordered, like Whoosh phrases
        ('"missile discussed"~4', {"fx06-interview"}),
        ("missile OR climate", {"fx01-comment", "fx03-remarks", "fx06-interview", "fx08-comment"}),
        ("missile NOT interview", {"fx01-comment", "fx03-remarks"}),
        ("missile -lavrov", {"fx01-comment"}),  # fx06 names him only as its speaker: excluded too
        ("(climate OR humanitarian) conference", {"fx08-comment"}),
        ("negotiat*", {"fx01-comment", "fx02-briefing", "fx03-remarks", "fx08-comment"}),
        ("cons?lar", {"fx07-undated"}),
        ("negotation~", {"fx01-comment", "fx08-comment"}),
        ("title:comment", {"fx01-comment", "fx08-comment"}),
        ("body:Valletta", {"fx05-statement"}),
        ("speaker:lavrov", {"fx03-remarks", "fx05-statement", "fx06-interview"}),
        ('speaker:"maria zakharova"', {"fx02-briefing", "fx08-comment"}),
        ("type:press-release", {"fx04-press"}),
        ('type:"press release"', {"fx04-press"}),
        ("country:USA", {"fx04-press"}),
        ("x_country:usa", {"fx04-press"}),
        ("date:2012", {"fx01-comment", "fx05-statement", "fx06-interview"}),
        ("date:2012-12", {"fx01-comment"}),
        ("date:2012-12-03", {"fx01-comment"}),
        ("date:[2012-01-01 TO 2012-06-30]", {"fx06-interview"}),
        ("date:>=2016", {"fx02-briefing", "fx04-press"}),
        ("date:<2012-07", {"fx06-interview"}),
        ("year:2014", {"fx08-comment"}),
        ("missile year:2013", {"fx03-remarks"}),
        ("U.S.-Russia", {"fx02-briefing"}),
        ("multi-agent", {"fx02-briefing"}),
        ("CSTO's", {"fx02-briefing"}),
        ("5+5 Dialogue", {"fx05-statement", "fx01-comment"}),
        ('missile "defence', {"fx01-comment", "fx03-remarks", "fx06-interview"}),
        ("cafe", {"fx05-statement"}),
        ("missile^3 OR climate", {"fx01-comment", "fx03-remarks", "fx06-interview", "fx08-comment"}),
    ],
)
def test_every_syntax_form(index, query, expected):
    assert set(ids(index, query)) == expected


def test_relative_dates_are_relative_to_today(index):
    # the fixture's newest statement is from 2021: nothing in the last 30 days, all in the last 100 years
    assert ids(index, "date:-30d") == []
    assert len(ids(index, "date:last 100 years", "--limit", "50")) == 7  # the undated one is not in any span
    assert ids(index, "date:last year") == []


def test_options_filter_sort_and_page(index):
    assert set(ids(index, "missile", "--speaker", "lavrov")) == {"fx03-remarks", "fx06-interview"}
    assert set(ids(index, "missile", "--speaker", "S. V. Lavrov")) == set()  # all name words must match
    assert ids(index, "--type", "comment", "--sort", "date") == ["fx01-comment", "fx08-comment"]
    assert ids(index, "missile", "--since", "2012-07", "--until", "2013") == ["fx03-remarks", "fx01-comment"] or set(
        ids(index, "missile", "--since", "2012-07", "--until", "2013")
    ) == {"fx03-remarks", "fx01-comment"}
    assert ids(index, "missile", "--sort", "date") == ["fx06-interview", "fx01-comment", "fx03-remarks"]
    assert ids(index, "missile", "--sort", "-date") == ["fx03-remarks", "fx01-comment", "fx06-interview"]
    all_ranked = ids(index, "missile")
    assert ids(index, "missile", "--limit", "2") == all_ranked[:2]
    page2 = json.loads(cli(index, "--json", "missile", "--limit", "2", "--page", "2").stdout)
    assert [h["id"] for h in page2["hits"]] == all_ranked[2:] and page2["hits"][0]["rank"] == 3 and page2["total"] == 3


def test_date_filters_do_not_change_scores(index):
    full = {h["id"]: h["score"] for h in json.loads(cli(index, "--json", "missile").stdout)["hits"]}
    narrowed_doc = json.loads(cli(index, "--json", "missile date:2012").stdout)
    narrowed = narrowed_doc["hits"]
    assert narrowed_doc["total"] == 2 == len(narrowed)
    assert narrowed and all(full[h["id"]] == h["score"] for h in narrowed)
    since = json.loads(cli(index, "--json", "missile", "--since", "2013").stdout)["hits"]
    assert since and all(full[h["id"]] == h["score"] for h in since)


def test_any_and_automatic_fallback(index):
    # which extra statements any-word ranking adds (feedback expansion) is the ranking's business:
    # here only that the fallback happens, says so, and finds the statements with some of the words
    strict = json.loads(cli(index, "--json", "strategic stability nuclear weapons").stdout)
    assert {"fx03-remarks", "fx06-interview"} <= {h["id"] for h in strict["hits"]}
    result = cli(index, "strategic stability nuclear weapons")
    assert result.exit_code == 0 and "any of them" in result.stdout
    assert {"fx04-press", "fx05-statement"} <= set(ids(index, "--any", "valletta refugees"))
    # two words and no statement with both: any-word fallback; with operators: never
    assert {"fx04-press", "fx05-statement"} <= set(ids(index, "valletta refugees"))
    assert ids(index, "+valletta +refugees") == []
    assert ids(index, "(climate OR humanitarian) conference") == ["fx08-comment"]

def test_no_hits_offers_did_you_mean(index):
    result = cli(index, "missle defense")
    assert result.exit_code == 1
    assert 'Did you mean: "missile defence"' in result.stdout


def test_facets(index):
    doc = json.loads(cli(index, "--json", "missile", "--facet", "speaker", "--facet", "year,type").stdout)
    assert doc["facets"]["speaker"] == [{"value": "Sergey Lavrov", "count": 2}, {"value": "A. K. Lukashevich", "count": 1}]
    assert doc["facets"]["year"] == [{"value": "2012", "count": 2}, {"value": "2013", "count": 1}]
    assert {f["value"] for f in doc["facets"]["type"]} == {"comment", "speech", "interview"}
    text = cli(index, "missile", "--facet", "year").stdout
    assert "By year:" in text and "2  2012" in text
    assert cli(index, "missile", "--facet", "colour").exit_code == 2


def test_text_output_plain_when_piped(index):
    out = cli(index, "missile defence").stdout
    assert "\x1b" not in out
    assert out.splitlines()[0].startswith("3 of 3 statements (")
    assert "Sergey Lavrov" in out and "speech" in out and "score" in out
    assert "searchtool show fx03-remarks" in out and "statements/03.txt" in out


def test_color_always_highlights_stems_as_written(index):
    out = cli(index, "--color", "always", "negotiations").stdout
    assert MATCH_ON + "negotiations" in out
    out = cli(index, "--color", "always", "negotiate").stdout
    assert MATCH_ON + "negotiations" in out  # stem match, highlighted as written


def test_phrase_queries_highlight_the_phrase_not_stray_words(index):
    out = cli(index, "--color", "always", '"missile defence"', "--limit", "1").stdout
    assert MATCH_ON + "missile defence" in out
    out = cli(index, "--color", "always", '"strategic stability"').stdout
    plain_hl = re.findall(re.escape(MATCH_ON) + r"([^\x1b]*)", out)
    assert plain_hl and all(h.lower() == "strategic stability" for h in plain_hl)
    # "strategic offensive arms" in the interview: "Strategic" alone must not be marked
    assert MATCH_ON + "strategic offensive" not in out


def test_no_color_and_never(index):
    assert "\x1b" not in cli(index, "--color", "never", "missile").stdout
    assert "\x1b" not in cli(index, "missile", env={"NO_COLOR": "1"}).stdout
    assert "\x1b" in cli(index, "--color", "always", "missile", env={"NO_COLOR": "1"}).stdout
    assert cli(index, "--color", "sometimes", "missile").exit_code == 2


def test_filters_alone_list_newest_first(index):
    assert ids(index, "--speaker", "zakharova") == ["fx02-briefing", "fx08-comment"]


def test_empty_query_is_an_error(index):
    result = cli(index, "")
    assert result.exit_code == 2 and "empty query" in result.stderr
    for query in ("-", "((((", "AND OR NOT", '"', "+"):
        result = cli(index, query)
        assert result.exit_code == 2 and "has no words to search for" in result.stderr, query
    stop = cli(index, "the")  # a real word, just not indexed: no hits, and why
    assert stop.exit_code == 1 and "too common or too short" in stop.stdout


def test_bad_options_are_one_line_errors(index):
    for args in (["x", "--limit", "0"], ["x", "--page", "0"], ["x", "--sort", "size"], ["x", "--since", "someday"]):
        result = cli(index, *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("searchtool: error:") and result.stderr.count("\n") == 1, args


def test_installed_script_exit_codes_and_errors(index):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-c", "from searchtool.cli import main; main()", "search", "--index", str(index), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )

    ok = run("missile")
    assert ok.returncode == 0 and "3 of 3 statements" in ok.stdout and not ok.stderr
    assert run("zzyzx").returncode == 1
    bad = run("speakr:lavrov")
    assert bad.returncode == 2
    assert bad.stderr == (
        "searchtool: error: unknown field 'speakr' at column 1 of the query (did you mean speaker:? Fields: "
        "title, body, speaker, post, type, lang, date, year, url, path, id, said, asked, country, session, year)\n"
    )


# -- found in the QA round ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Blinken", {"fx04-press"}),  # named only in the byline (speakers), not in the body
        ('"Antony Blinken"', {"fx04-press"}),  # a quoted name: all its words within the name
        ('"secretary of state"', {"fx04-press"}),  # the post lifted out of the byline
        ("+Blinken +refugees", {"fx04-press"}),  # AND across words, each in any default field
        ("+Blinken +Valletta", set()),
    ],
)
def test_unfielded_words_also_match_speakers_and_posts(index, query, expected):
    assert set(ids(index, query)) == expected


def test_name_matches_do_not_drive_the_ranking(index):
    # fx03 says "Sergey Lavrov said" in its body; fx05/fx06 only have him as speaker
    ranked = ids(index, "lavrov")
    assert ranked[0] == "fx03-remarks" and set(ranked) == {"fx03-remarks", "fx05-statement", "fx06-interview"}
    # a phrase still highlights only the phrase in the body
    out = cli(index, "--color", "always", '"missile defence"', "Lavrov").stdout
    marked = re.findall(re.escape(MATCH_ON) + r"([^\x1b]*)", out)
    assert marked and {m.lower() for m in marked} <= {"missile defence", "lavrov"}


def test_quoted_speaker_names_allow_middle_initials(index):
    assert ids(index, 'speaker:"antony blinken"') == ["fx04-press"]
    assert ids(index, "--speaker", "Antony Blinken") == ["fx04-press"]
    assert ids(index, 'speaker:"blinken antony"') == ["fx04-press"]


def test_year_uses_the_year_column_of_undated_records(index):
    assert ids(index, "year:1950") == ["fx09-un"]
    assert set(ids(index, "delegation year:[1950 TO 1960]")) == {"fx09-un", "fx10-un"}
    assert set(ids(index, "delegation OR year:1957")) == {"fx09-un", "fx10-un"}
    doc = json.loads(cli(index, "--json", "delegation", "--facet", "year").stdout)
    assert doc["facets"]["year"] == [{"value": "1950", "count": 1}, {"value": "1957", "count": 1}]
    assert ids(index, "year:2014") == ["fx08-comment"]  # dated records: the year of the date


@pytest.mark.parametrize("query", ["securty~", "securiy~", "secuirty~2", "SECURTY~", "secrity~"])
def test_fuzzy_words_reach_stemmed_terms(index, query):
    # the index holds the stem "secur"; the typo is one edit from the word "security"
    assert set(ids(index, query)) == {"fx03-remarks", "fx05-statement"}


def test_fuzzy_stays_close(index):
    assert ids(index, "securty~") and not set(ids(index, "securty~")) & {"fx07-undated", "fx08-comment"}
    assert ids(index, "zzzzzz~") == []


def test_deep_nesting_is_a_one_line_error(index):
    for query in ("(" * 300 + "nato" + ")" * 300, "NOT " * 400 + "nato"):
        result = cli(index, query)
        assert result.exit_code == 2, query[:20]
        assert result.stderr.startswith("searchtool: error: groups or operators are nested more than")
        assert result.stderr.count("\n") == 1
    # long flat queries are fine: "a AND b AND ..." and many stray ')' are not nested
    assert cli(index, " AND ".join(["missile"] * 800)).exit_code == 0
    assert cli(index, "missile" + ")" * 3000).exit_code == 0


def test_minus_word_on_the_command_line_is_an_exclusion(index, capsys):
    assert set(ids(index, "missile", "-lavrov")) == {"fx01-comment"}
    assert set(ids(index, "-lavrov", "missile")) == {"fx01-comment"}
    assert set(ids(index, "-n", "20", "-lavrov", "-missile")) == {"fx02-briefing", "fx04-press", "fx07-undated", "fx08-comment", "fx09-un", "fx10-un"}
    code = run_fast(["search", "--index", str(index), "--json", "missile", "-lavrov"])
    assert code == 0 and [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]] == ["fx01-comment"]
    # a mistyped long option is still an error, not query text
    assert run_fast(["search", "--index", str(index), "missile", "--limt", "2"]) is None
    assert cli(index, "missile", "--limt", "2").exit_code == 2


@pytest.mark.parametrize(
    "query",
    ["\u201cmissile defence system\u201d", "\u201emissile defence system\u201c", "\u00abmissile defence system\u00bb",
     "\u2018missile defence system\u2019", "\u2039missile defence system\u203a"],
)
def test_typographic_quotes_are_phrase_quotes(index, query):
    assert ids(index, query) == ["fx03-remarks"]


def test_query_is_nfkc_normalised_without_zero_width_characters(index):
    assert ids(index, "\ufb01nance") == ["fx08-comment"]  # the PDF ligature fi
    assert ids(index, "cli\u200bmate") == ["fx08-comment"]
    assert ids(index, "\uff43\uff4c\uff49\uff4d\uff41\uff54\uff45") == ["fx08-comment"]  # full-width
    assert ids(index, "Russia\u2019s") == ids(index, "Russia\u2019s")  # an apostrophe is not a quote


@pytest.mark.parametrize(
    "query, expected",
    [
        ("session:[5 TO 12]", {"fx09-un", "fx10-un"}),  # numeric, not alphabetical ("12" < "5")
        ("session:{5 TO 12]", {"fx10-un"}),
        ("session:[5 TO 12}", {"fx09-un"}),
        ("session:[6 TO *]", {"fx10-un"}),
        ("session:[13 TO 20]", set()),
        ("country:[a TO d]", {"fx09-un", "fx10-un"}),  # argentina, canada: alphabetical
        ("country:[b TO d]", {"fx09-un"}),
        ("date:{2012-06-01 TO 2012-12-03}", {"fx05-statement"}),  # braces leave both days out
        ("date:[2012-06-01 TO 2012-12-03}", {"fx05-statement", "fx06-interview"}),
    ],
)
def test_ranges_on_metadata_fields_and_exclusive_brackets(index, query, expected):
    assert set(ids(index, query)) == expected


@pytest.mark.parametrize("query", ["title:[a TO b]", "session:[1 2]", "session:[1 TO 2", "speaker:{a TO b}"])
def test_ranges_that_cannot_work_are_one_line_errors(index, query):
    result = cli(index, query)
    assert result.exit_code == 2 and result.stderr.startswith("searchtool: error:") and result.stderr.count("\n") == 1


def test_option_values_that_can_find_nothing_are_errors(index):
    wrong_type = cli(index, "missile", "--type", "nonsense")
    assert wrong_type.exit_code == 2 and "unknown --type 'nonsense'" in wrong_type.stderr and "press release" in wrong_type.stderr
    assert set(ids(index, "--type", "press-releases")) == {"fx04-press"}
    crossed = cli(index, "missile", "--since", "2022", "--until", "2021")
    assert crossed.exit_code == 2 and "--since 2022 is after --until 2021" in crossed.stderr
    assert crossed.stderr.count("\n") == 1


@pytest.mark.parametrize("args, fragment", [(["x", "--limit", "abc"], "'--limit'"), (["x", "--limt", "2"], "No such option: --limt"), (["x", "--limit"], "requires an argument")])
def test_bad_option_values_are_one_line_on_the_typer_path_too(index, args, fragment):
    assert run_fast(["search", "--index", str(index), *args]) is None  # left to Typer, which now says it in one line
    result = cli(index, *args)
    assert result.exit_code == 2 and result.stderr.startswith("searchtool: error:") and fragment in result.stderr
    assert result.stderr.count("\n") == 1
