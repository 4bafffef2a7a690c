"""Russian, French and Spanish titles: types, speakers back in the nominative, dates, labels, language.

All titles are written for the test in the ministries' usual patterns, with invented wording.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchtool.dates import parse_date_text
from searchtool.reading.extract import speakers_from_title, type_from_text
from searchtool.reading.rules import build_rules
from searchtool.reading.turns import find_turns, label_speakers
from searchtool.reading.reader import read_paths
from searchtool.reading.russian_titles import nominative_post, nominative_surname, russian_speakers


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Комментарий официального представителя МИД России по поводу учений", "comment"),
        ("Брифинг официального представителя МИД России, Москва", "briefing"),
        ("Интервью заместителя Министра иностранных дел России агентству", "interview"),
        ("Выступление Министра иностранных дел России на конференции", "speech"),
        ("Заявление МИД России в связи с годовщиной", "statement"),
        ("Ответ официального представителя МИД России на вопрос СМИ о поставках", "answer"),
        ("Ответы Министра на вопросы СМИ по итогам переговоров", "answer"),
        ("Статья Министра иностранных дел России для журнала", "article"),
        ("Послание Министра участникам конференции", "message"),
        ("Сообщение для СМИ о консультациях по вопросам безопасности", "press release"),
        ("О встрече заместителя Министра с Послом Франции", "readout"),
        ("О телефонном разговоре Министра иностранных дел России с коллегой", "readout"),
        ("Вступительное слово Министра в ходе переговоров", "remarks"),
        ("Déclaration du porte-parole sur la situation régionale", "statement"),
        ("Communiqué de presse relatif à la visite du ministre", "press release"),
        ("Entretien du ministre avec un quotidien régional", "interview"),
        ("Discours de la ministre à l'ouverture de la session", "speech"),
        ("Point de presse du porte-parole", "briefing"),
        ("Declaración del Ministerio sobre la situación en la región", "statement"),
        ("Comunicado de prensa sobre la visita oficial", "press release"),
        ("Entrevista al ministro en una emisora de radio", "interview"),
        ("Rueda de prensa del portavoz", "briefing"),
        ("Conversación telefónica del ministro con su homólogo", "readout"),
    ],
)
def test_titles_name_their_type(title, kind):
    assert type_from_text(title) == kind


@pytest.mark.parametrize(
    "title, people",
    [
        ("Комментарий официального представителя МИД России М.В.Захаровой о новых санкциях",
         [("М. В. Захарова", "официальный представитель МИД России")]),
        ("Выступление Министра иностранных дел Российской Федерации С.В.Лаврова на форуме",
         [("С. В. Лавров", "Министр иностранных дел Российской Федерации")]),
        ("Заявление заместителя Министра иностранных дел России С. А. Рябкова",
         [("С. А. Рябков", "заместитель Министра иностранных дел России")]),
        ("Статья Посла России в Канаде О.В.Степанова для местной газеты",
         [("О. В. Степанов", "Посол России в Канаде")]),
        ("Комментарий Директора Департамента А.А.Полищука по итогам встречи",
         [("А. А. Полищук", "Директор Департамента")]),
        ("Интервью Постоянного представителя России при ООН В.А.Лебединского телеканалу",
         [("В. А. Лебединский", "Постоянный представитель России при ООН")]),
        ("Выступление и ответы на вопросы СМИ Министра иностранных дел России Сергея Лаврова",
         [("Сергей Лавров", "Министр иностранных дел России")]),
        ("Совместное заявление Министра России С.В.Лаврова и Министра Беларуси В.В.Макея",
         [("С. В. Лавров", "Министр России"), ("В. В. Макей", "Министр Беларуси")]),
    ],
)
def test_russian_speakers_and_posts_return_to_the_nominative(title, people):
    assert russian_speakers(title) == people
    found = speakers_from_title(title)
    assert list(zip(found.names, found.posts)) == people


@pytest.mark.parametrize(
    "title",
    [
        "О телефонном разговоре Министра иностранных дел России С.В.Лаврова с коллегой",
        "О встрече заместителя Министра иностранных дел России С.А.Рябкова с Послом",
        "Выступление на форуме с участием С.В.Лаврова",  # the minister is mentioned, not speaking
    ],
)
def test_a_readout_or_a_mention_names_no_speaker(title):
    assert russian_speakers(title) == []


@pytest.mark.parametrize(
    "genitive, nominative",
    [("Лаврова", "Лавров"), ("Захаровой", "Захарова"), ("Лукашевича", "Лукашевич"), ("Зеленского", "Зеленский"),
     ("Грушко", "Грушко"), ("Шойгу", "Шойгу"), ("Римского-Корсакова", "Римский-Корсаков")],
)
def test_surnames_in_the_genitive(genitive, nominative):
    assert nominative_surname(genitive) == nominative


def test_posts_in_the_genitive():
    assert nominative_post("Чрезвычайного и Полномочного Посла России") == "Чрезвычайный и Полномочный Посол России"
    assert nominative_post("первого заместителя Министра") == "первый заместитель Министра"
    assert nominative_post("внешнего советника") == "внешний советник"


@pytest.mark.parametrize(
    "title, name, post",
    [
        ("Déclaration du ministre Jean-Marc Dupont sur la situation au Sahel", "Jean-Marc Dupont", "ministre"),
        ("Entretien de M. Paul Martin avec un quotidien", "Paul Martin", ""),
        ("Declaración del Ministro Luis García Pérez sobre la cumbre", "Luis García Pérez", "Ministro"),
        ("Entrevista al ministro Carlos Ruiz en una emisora", "Carlos Ruiz", "ministro"),
    ],
)
def test_french_and_spanish_titles_name_their_speaker(title, name, post):
    found = speakers_from_title(title)
    assert (found.names[:1], found.posts[:1] or [""]) == ([name], [post])


@pytest.mark.parametrize(
    "line, iso",
    [
        ("3 декабря 2012 года", "2012-12-03"), ("03.12.2012", "2012-12-03"), ("5 декабря 2018 г.", "2018-12-05"),
        ("Москва, 8 мая 2019 г.", "2019-05-08"), ("4 березня 2020 року", "2020-03-04"),
        ("Paris, le 1er mars 2020", "2020-03-01"), ("Madrid, 3 de marzo de 2020", "2020-03-03"),
        ("Berlin, 3. März 2020", "2020-03-03"), ("3 декабря 2012 года 14:05", "2012-12-03"),
    ],
)
def test_date_lines_in_each_language(line, iso):
    assert str(parse_date_text(line)) == iso


def test_transcript_labels_name_speakers_but_questions_do_not():
    body = "Вопрос: Как вы оцениваете итоги?\nС.В.Лавров: Спокойно.\nВопрос: А дальше?\nМ. В. Захарова: Увидим.\n"
    assert label_speakers(body) == ["С. В. Лавров", "М. В. Захарова"]
    assert label_speakers("Question: Why?\nS.V.Lavrov: Because.") == ["S. V. Lavrov"]


@given(st.text(max_size=200))
def test_russian_title_rules_accept_any_text(title):
    for name, post in russian_speakers(title):
        assert name and isinstance(post, str)
    label_speakers(title)


def test_language_from_metadata_else_detected(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in [
            {"title": "Note", "text": "Le ministre a déclaré que la paix est une priorité.", "language": "French"},
            {"title": "Заява", "text": "Міністр заявив, що переговори тривають.", "lang": "not given"},
            {"title": "Note", "text": "The minister said that peace is the priority."},
        ]),
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text("Заявление МИД России\n\nМинистр заявил, что переговоры идут.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Statement\n\nThe minister said that talks go on.\n", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,language\nc.txt,de\n", encoding="utf-8")
    langs = {(r.path.rsplit("/", 1)[-1], r.recno): r.lang for r in read_paths([tmp_path])}
    assert langs == {("a.jsonl", 1): "fr", ("a.jsonl", 2): "uk", ("a.jsonl", 3): "en", ("b.txt", None): "ru",
                     ("c.txt", None): "de"}


def test_labelled_speakers_and_turns_come_from_one_label_reading():
    body = (
        "Вступительное слово.\nС.В.Лавров: Добрый день.\nКорреспондент: Что дальше?\n"
        "С.В.Лавров: Переговоры продолжатся.\nPregunta: ¿Y luego?\n"
    )
    rules = build_rules()
    assert label_speakers(body, rules) == ["С. В. Лавров"]
    turns = find_turns(body, ["С. В. Лавров"], [""], rules)
    assert [(t.label, t.role, t.person) for t in turns[1:]] == [
        ("С.В.Лавров", "official", "С. В. Лавров"), ("Корреспондент", "question", ""),
        ("С.В.Лавров", "official", "С. В. Лавров"), ("Pregunta", "question", ""),
    ]


def test_a_rules_file_adds_speaker_label_patterns():
    body = "Вопрос: Итоги?\nЛавров Сергей: Хорошие.\n"
    assert label_speakers(body, build_rules()) == []
    rules = build_rules({"speaker_labels": [r"^(?-i:[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+)$"]})
    assert label_speakers(body, rules) == ["Лавров Сергей"]
