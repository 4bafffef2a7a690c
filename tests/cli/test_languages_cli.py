"""The real CLI on statements in several languages: parse shows the language, search filters,
counts and highlights by it, and right-to-left text comes out whole."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.cli import run
from tests.support.multilingual import write_multilingual


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("langcli")
    write_multilingual(root / "docs")
    (root / "docs" / "brief.txt").write_text(
        "Брифинг официального представителя МИД России М.В.Захаровой\n\n"
        "Вопрос: Что вы скажете о переговорах?\nМ.В.Захарова: Переговоры продолжаются.\n\n3 декабря 2012 года\n",
        encoding="utf-8",
    )
    done = run("index", str(root / "docs"), "--index", str(root / "ix"), "--quiet", "--jobs", "1")
    assert done.exit_code == 0, done.output
    return root


def _cli(*args: str):
    return run(*args)


def test_parse_shows_language_type_speaker_and_date_of_a_russian_briefing(built):
    done = _cli("parse", str(built / "docs" / "brief.txt"), "--json")
    row = json.loads(done.stdout)
    assert (row["lang"], row["type"], row["date"]) == ("ru", "briefing", "2012-12-03")
    assert row["speakers"] == ["М. В. Захарова"] and row["posts"] == ["официальный представитель МИД России"]
    text = _cli("parse", str(built / "docs" / "brief.txt")).stdout
    assert re.search(r"lang:\s+ru", text)


def test_search_by_language_with_a_facet(built):
    done = _cli("search", "переговоры", "--lang", "ru", "--facet", "lang", "--json", "--index", str(built / "ix"))
    result = json.loads(done.stdout)
    assert result["total"] >= 6 and result["facets"]["lang"] == [{"value": "ru", "count": result["total"]}]
    assert _cli("search", "x", "--lang", "1", "--index", str(built / "ix")).exit_code == 2


def test_speaker_in_either_script(built):
    latin = json.loads(_cli("search", "speaker:zakharova", "--json", "--index", str(built / "ix")).stdout)
    cyrillic = json.loads(_cli("search", "speaker:Захаровой", "--json", "--index", str(built / "ix")).stdout)
    assert latin["total"] == cyrillic["total"] == 1
    assert latin["hits"][0]["speakers"] == ["М. В. Захарова"]


def test_arabic_snippet_keeps_its_words_and_order(built):
    done = _cli("search", "المفاوضات", "--color", "never", "--index", str(built / "ix"))
    assert done.exit_code == 0, done.output
    assert "قال الوزير إن المفاوضات مستمرة" in done.stdout


def test_stats_count_languages_and_name_the_stemmer(built):
    stats = json.loads(_cli("stats", "--json", "--index", str(built / "ix")).stdout)
    assert stats["by_lang"]["ru"] >= 40 and stats["by_lang"]["zh"] == 1
    assert stats["stemmer"].startswith("PyStemmer")


def test_kwic_and_collocates_work_on_russian_with_the_language_filter(built):
    done = _cli("kwic", "переговоры", "--lang", "ru", "--json", "--index", str(built / "ix"))
    assert done.exit_code == 0, done.output
    lines = json.loads(done.stdout)["lines"]
    matched = {line["match"] for line in lines}
    assert {"переговоры", "переговоров", "переговорах"} <= matched
    assert _cli("kwic", "переговоры", "--lang", "fr", "--index", str(built / "ix")).exit_code == 1  # none in French
    done = _cli("collocates", "переговоры", "--lang", "ru", "--min", "1", "--json", "--index", str(built / "ix"))
    assert done.exit_code == 0, done.output
    words = [c["word"] for c in json.loads(done.stdout)["groups"][0]["collocates"]]
    assert "москве" in words  # every statement with a form of переговоры says "в Москве"


def test_hits_and_show_carry_the_statements_language(built):
    ix = str(built / "ix")
    result = json.loads(_cli("search", "speaker:lavrov", "--json", "--index", ix).stdout)
    by_title = {h["title"]: h for h in result["hits"]}
    assert by_title["Remarks at the forum"]["lang"] == "en" and by_title["Выступление на форуме"]["lang"] == "ru"
    passages = json.loads(_cli("search", "переговоры", "--passages", "--json", "--index", ix).stdout)
    assert passages["hits"] and {h["lang"] for h in passages["hits"]} == {"ru"}
    ru_id, en_id = by_title["Выступление на форуме"]["id"], by_title["Remarks at the forum"]["id"]
    shown = json.loads(_cli("show", ru_id, "--json", "--index", ix).stdout)
    assert shown["lang"] == "ru"
    text = _cli("show", en_id, "--color", "never", "--index", ix).stdout
    assert re.search(r"^lang:\s+en$", text, re.MULTILINE)


def test_said_finds_a_russian_turn_by_the_stem_of_its_word(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "press.txt").write_text(
        "Пресс-конференция Министра иностранных дел России С.В.Лаврова по итогам визита\n\n"
        "5 марта 2021 года\n\n"
        "С.В.Лавров: Добрый день. Мы провели насыщенный день.\n\n"
        "Вопрос: Что известно о переговорах по безопасности?\n\n"
        "С.В.Лавров: На переговорах мы обсудили безопасность в регионе и договорились продолжить работу.\n\n"
        "Вопрос: Когда следующая встреча?\n\n"
        "С.В.Лавров: В апреле, в Женеве.\n",
        encoding="utf-8",
    )
    (docs / "other.txt").write_text(
        "Брифинг официального представителя МИД России М.В.Захаровой\n\n3 марта 2021 года\n\n"
        "М.В.Захарова: Переговоры по безопасности продолжаются.\n\n"
        "Вопрос: А что говорит С.В.Лавров о визите?\n\n"
        "М.В.Захарова: Министр выступит позже.\n",
        encoding="utf-8",
    )
    ix = str(tmp_path / "ix")
    assert run("index", str(docs), "--index", ix, "--quiet", "--jobs", "1").exit_code == 0

    def titles(query: str) -> list[str]:
        done = run("search", query, "--json", "--index", ix)
        assert done.exit_code in (0, 1), done.output
        return [h["title"] for h in json.loads(done.stdout)["hits"]]

    lavrov = "Пресс-конференция Министра иностранных дел России С.В.Лаврова по итогам визита"
    assert titles("said:лавров переговоры") == [lavrov]  # "переговорах" in his turn, not Захарова's
    assert titles("said:lavrov переговоры") == [lavrov]  # the speaker key in either script
    assert titles('said:лавров "обсудили безопасность"') == [lavrov]
    assert titles("said:лавров женева") == [lavrov]  # "в Женеве": a capitalised word's stem and base
    assert titles("said:захарова визит") == []  # the word is in a question turn of her briefing
    assert set(titles("asked:переговоры")) == {lavrov}
    passages = json.loads(run("search", "said:лавров переговоры", "--passages", "--json", "--index", ix).stdout)
    assert [h["turn"]["n"] for h in passages["hits"]] == [3]
