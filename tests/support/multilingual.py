"""A small collection of statements in eight languages, written for the tests (no copied text).

Russian statements name 25 officials, each in one case form of the surname; common nouns appear
in different cases in different statements; English and French statements share the letters
``pour``; names appear in Latin and Cyrillic letters, with glued initials.
"""

from __future__ import annotations

import json
from pathlib import Path

#: Nominative surnames and the case forms a Russian text may use (nominative first).
def _ov(base: str) -> list[str]:  # masculine -ов/-ев/-ин
    return [base, base + "а", base + "у", base + "ым", base + "е"]


def _ova(base: str) -> list[str]:  # feminine -ова/-ева/-ина
    return [base + "а", base + "ой", base + "у"]


def _sky(stem: str) -> list[str]:  # -ский
    return [stem + "ий", stem + "ого", stem + "ому", stem + "им", stem + "ом"]


def _ich(base: str) -> list[str]:  # -ич
    return [base, base + "а", base + "у", base + "ем", base + "е"]


def _same(word: str) -> list[str]:  # not declined
    return [word]


OFFICIALS: list[list[str]] = [
    _ov("Лавров"), _ova("Захаров"), _ov("Рябков"), _ov("Песков"), _ov("Медведев"), _ov("Володин"),
    _ov("Алексеев"), _ov("Кузнецов"), _ova("Смирнов"), _ov("Морозов"), _ova("Новиков"), _ov("Лебедев"),
    _ov("Волков"), _ova("Соколов"), _ov("Полянин"), _sky("Полянск"), _sky("Зеленск"), _ich("Лукашевич"),
    _ich("Ходасевич"), _same("Шойгу"), _same("Грушко"), _same("Матвиенко"), _ov("Сорокин"), _ova("Белов"),
    _ov("Голубев"),
]

#: Common nouns in several cases: each statement of a group uses another form.
NOUNS: list[list[str]] = [
    ["переговоры", "переговоров", "переговорам", "переговорами", "переговорах"],
    ["соглашение", "соглашения", "соглашению", "соглашением", "соглашении"],
    ["безопасность", "безопасности", "безопасностью"],
    ["министр", "министра", "министру", "министром", "министре"],
]


def write_multilingual(root: Path) -> dict[str, list[str]]:
    """Write the collection under ``root``; returns the record ids by group name."""
    root.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[str]] = {}
    rows = []
    for i, forms in enumerate(OFFICIALS):
        form = forms[i % len(forms)]
        rows.append({"id": f"off{i}", "title": f"Сообщение о заседании комиссии номер {i + 1}",
                     "text": f"На заседании выступил {form}. Обсуждались вопросы номер {i + 1} и планы работы.",
                     "date": f"2021-03-{i + 1:02d}"})
        groups[f"off{i}"] = [f"off{i}"]
    for g, forms in enumerate(NOUNS):
        for j, form in enumerate(forms):
            rid = f"noun{g}_{j}"
            rows.append({"id": rid, "title": f"Сообщение для СМИ номер {g}{j}",
                         "text": f"Сегодня {form} обсуждались в Москве. Стороны подтвердили намерения.",
                         "date": f"2022-04-{j + 1:02d}"})
            groups.setdefault(f"noun{g}", []).append(rid)
    rows += [
        {"id": "yo1", "title": "Заявление о развёртывании", "text": "Развёртывание систем в регионе продолжается."},
        {"id": "yo2", "title": "Заявление о системах", "text": "Развертывания новых систем не ожидается."},
        {"id": "glued", "title": "Интервью Министра иностранных дел С.В.Лаврова газете",
         "text": "Вопрос: Как вы оцениваете итоги года? С.В.Лавров: Итоги года мы оцениваем спокойно."},
        {"id": "sp_ru", "title": "Выступление на форуме", "speakers": ["Сергей Лавров"],
         "text": "Уважаемые коллеги, благодарю за приглашение на форум."},
        {"id": "sp_en", "title": "Remarks at the forum", "speakers": ["Sergey Lavrov"],
         "text": "Dear colleagues, thank you for the invitation to the forum."},
        {"id": "en_pour", "title": "Statement on water projects",
         "text": "The authorities will pour new funds into water projects in the region."},
        {"id": "en_lavrov", "title": "Readout of the call",
         "text": "The Secretary spoke with S.V.Lavrov about the situation in the region."},
        {"id": "fr_pour", "lang": "fr", "title": "Déclaration du porte-parole",
         "text": "La France agira pour la paix et pour le dialogue entre les États de la région."},
        {"id": "fr_elect", "title": "Communiqué sur les élections",
         "text": "Le ministre salue le déroulement des élections et appelle au dialogue."},
        {"id": "uk1", "title": "Коментар речника МЗС України",
         "text": "Міністр закордонних справ України провів переговори з колегами щодо безпеки."},
        {"id": "es1", "title": "Comunicado de prensa sobre las negociaciones",
         "text": "El ministro dijo que las negociaciones continuarán la próxima semana en la capital."},
        {"id": "de1", "title": "Erklärung des Sprechers",
         "text": "Der Minister sagte, dass die Verhandlungen in der nächsten Woche fortgesetzt werden."},
        {"id": "ar1", "title": "بيان المتحدث الرسمي",
         "text": "قال الوزير إن المفاوضات مستمرة وإن الأَمْن في المنطقة أولوية."},
        {"id": "ar2", "title": "بيان عن الامن", "text": "اكد الوزير ان امن المنطقة مسؤولية مشتركة."},
        {"id": "zh1", "title": "外交部发言人答记者问", "text": "中国外交部发言人表示，双方将继续保持沟通。"},
    ]
    for key in ("yo1", "yo2", "glued", "sp_ru", "sp_en", "en_pour", "en_lavrov", "fr_pour", "fr_elect", "uk1",
                "es1", "de1", "ar1", "ar2", "zh1"):
        groups[key] = [key]
    with open(root / "statements.jsonl", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return groups
