"""Title rules for statements in Russian, French and Spanish, as data beside the English ones.

:mod:`searchtool.reading.rules` reads these tables into the same :class:`RuleSet` as the English
rules (types and French/Spanish speaker patterns, post words, connectors); Russian speakers need
one more step, the genitive of the title turned back to the nominative, which
:mod:`searchtool.reading.russian_titles` applies with the tables below. Patterns are matched
case-insensitively; keep them free of nested repetition, like the English ones.
"""

from __future__ import annotations

#: ``(pattern, type)``, tried after the English rules (whose words do not occur in these titles).
TYPE_RULES_INTL: list[tuple[str, str]] = [
    # Russian. A readout says what happened ("О телефонном разговоре ..."): checked first, so that
    # "О встрече ... и заявлении ..." is a readout.
    (r"^о\s+(?:телефонном\s+разговоре|встрече|встречах|переговорах|беседе|контактах|визите|консультациях|"
     r"заседании|участии|видеоконференции)\b", "readout"),
    (r"^(?:вступительное|заключительное|приветственное)\s+слово\b", "remarks"),
    (r"^(?:совместная\s+)?пресс-конференци[яи]\b|^стенограмма\b", "remarks"),
    (r"^(?:совместный\s+)?комментари[йя]\b", "comment"),
    (r"^брифинг\b", "briefing"),
    (r"^интервью\b", "interview"),
    (r"^(?:видео)?выступлени[ея]\b|^тезисы\s+выступления\b|^обращение\b", "speech"),
    (r"^(?:совместное\s+)?заявлени[ея]\b", "statement"),
    (r"^ответы?\b", "answer"),
    (r"^стать[яи]\b", "article"),
    (r"^(?:послание|поздравлени[ея]|приветствие|соболезновани[ея]|телеграмма)\b", "message"),
    (r"^сообщение\s+для\s+(?:сми|прессы)\b|^пресс-релиз\b|^информационное\s+сообщение\b", "press release"),
    (r"\bинтервью\b", "interview"),
    (r"\bбрифинг\b", "briefing"),
    (r"\bответы?\s+(?:\w+\s+){0,8}?на\s+вопрос", "answer"),
    (r"\bзаявлени[ея]\b", "statement"),
    # French
    (r"^(?:compte\s+rendu|entretien\s+t[ée]l[ée]phonique|appel\s+t[ée]l[ée]phonique)\b", "readout"),
    (r"^(?:d[ée]claration(?:\s+conjointe)?)\b", "statement"),
    (r"^communiqu[ée]\s+de\s+presse\b|^communiqu[ée]\b", "press release"),
    (r"^commentaires?\b", "comment"),
    (r"^point\s+de\s+presse\b|^(?:briefing|conf[ée]rence\s+de\s+presse)\s+(?:du|de\s+la|des)\s+porte-parole\b",
     "briefing"),
    (r"^(?:entretien|interview)\b", "interview"),
    (r"^(?:discours|allocution|intervention)\b", "speech"),
    (r"^conf[ée]rence\s+de\s+presse\b", "remarks"),
    (r"^r[ée]ponses?\b", "answer"),
    (r"^(?:message|f[ée]licitations|condol[ée]ances)\b", "message"),
    (r"^(?:article|tribune)\b", "article"),
    # Spanish
    (r"^(?:conversaci[óo]n\s+telef[óo]nica|llamada\s+telef[óo]nica|reuni[óo]n\s+(?:del|de\s+la)\b)", "readout"),
    (r"^declaraci[óo]n\b", "statement"),
    (r"^comunicado(?:\s+de\s+prensa)?\b|^nota\s+de\s+prensa\b", "press release"),
    (r"^comentarios?\b", "comment"),
    (r"^(?:rueda\s+de\s+prensa|sesi[óo]n\s+informativa)\b", "briefing"),
    (r"^entrevista\b", "interview"),
    (r"^(?:discurso|intervenci[óo]n)\b", "speech"),
    (r"^palabras\b", "remarks"),
    (r"^respuestas?\b", "answer"),
    (r"^(?:mensaje|felicitaci[óo]n|condolencias)\b", "message"),
    (r"^(?:art[íi]culo|tribuna)\b", "article"),
]

# -- Russian speakers ---------------------------------------------------------------------------

#: What a Russian title starts with when the person after it speaks (the type words and their
#: usual companions); the speaker phrase (``who``) follows in the genitive.
RU_SPEECH_ACTS = (
    r"(?:совместн\w+\s+)?"
    r"(?:комментарий|брифинг|интервью|(?:видео)?выступление|заявление|ответы?|статья|послание|поздравление|"
    r"приветствие|обращение|соболезнования|вступительное\s+слово|заключительное\s+слово|"
    r"приветственное\s+слово|тезисы\s+выступления|стенограмма\s+выступления|пресс-конференция)"
    r"(?:\s+и\s+ответы?)?(?:\s+на\s+вопросы?\s+(?:сми|журналистов|прессы))?"
)
RU_SPEAKER_RULES: list[str] = [r"^" + RU_SPEECH_ACTS + r"\s+(?P<who>.+)"]

#: A readout names its subject, not a speaker: "О телефонном разговоре Министра ... С.В.Лаврова с ...".
RU_NO_SPEAKER = [r"^о\s+\w+"]

#: Words a Russian post never starts with: a phrase after the type that starts with one of
#: these ("на форуме с участием ...") is no post, and the name in it no speaker.
RU_CONNECTORS = frozenset("в во на с со о об по к для при за из от до у перед после между и".split())

#: A person in a Russian title: initials glued or spaced before a surname ("С.В.Лаврова",
#: "М. В. Захаровой"), or a first name and a surname with a surname's genitive ending.
RU_NAME = (
    r"(?P<initials>(?:[А-ЯЁ]\.\s?){1,2})(?P<surname>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
    r"|(?P<first>[А-ЯЁ][а-яё]+)\s+(?P<surname2>[А-ЯЁ][а-яё]+(?:овой|евой|иной|ыной|ова|ева|ёва|ина|ына|ского|ской|"
    r"цкого|цкой|ича|енко|ко|ук|юк|ян|швили|дзе))(?![а-яё])"
)

#: Surname endings in the genitive -> the nominative, first match wins. After a title's type
#: word the person is in the genitive: "Лаврова" is Лавров's, "Захаровой" Захарова's.
RU_SURNAME_NOMINATIVE: list[tuple[str, str]] = [
    ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"),
    ("ской", "ская"), ("цкой", "цкая"), ("ского", "ский"), ("цкого", "цкий"),
    ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын"), ("ича", "ич"),
    ("ея", "ей"), ("ая", "ая"),
]
#: First names in the genitive -> the nominative (a consonant + "а" loses the "а": Антона).
RU_FIRST_NAME_NOMINATIVE: list[tuple[str, str]] = [
    ("ея", "ей"), ("ии", "ия"), ("ия", "ий"), ("ьи", "ья"), ("ьга", "ьга"), ("ги", "га"), ("ки", "ка"),
    ("хи", "ха"), ("ны", "на"), ("ры", "ра"), ("ды", "да"), ("ты", "та"), ("лы", "ла"), ("вы", "ва"),
]

#: Post words in the genitive whose nominative is irregular.
RU_POST_IRREGULAR: dict[str, str] = {"посла": "посол", "главы": "глава", "судьи": "судья", "послов": "послы"}
#: Genitive endings of the first noun of a post -> the nominative.
RU_POST_NOUN_NOMINATIVE: list[tuple[str, str]] = [("теля", "тель"), ("ря", "рь"), ("ля", "ль")]

# -- French and Spanish speakers ------------------------------------------------------------------

#: Patterns with a ``who`` group, tried with the English ones ("Déclaration du ministre X",
#: "Entretien de M. X avec ...", "Declaración del Ministro X", "Entrevista al ministro X").
INTL_SPEAKER_RULES: list[str] = [
    r"^(?:d[ée]claration|communiqu[ée]|commentaire|entretien|interview|discours|allocution|intervention|message|"
    r"tribune|article|r[ée]ponses?|point\s+de\s+presse|conf[ée]rence\s+de\s+presse)(?:\s+conjointe)?"
    r"\s+(?:de\s+la|du|des|de|d['’])\s*(?:M\.\s+|Mme\s+)?(?P<who>.+)",
    r"^(?:declaraci[óo]n|comunicado|comentario|entrevista|discurso|intervenci[óo]n|mensaje|palabras|"
    r"art[íi]culo|tribuna|respuestas?|rueda\s+de\s+prensa)\s+(?:de\s+la|del|de|al|a\s+la)\s+(?P<who>.+)",
]

#: French and Spanish post words (lower case), as POST_WORDS has the English ones.
INTL_POST_WORDS: set[str] = set(
    """
    ministre porte-parole secrétaire secretaire ambassadeur ambassadrice président présidente directeur
    directrice représentant représentante envoyé chef délégué conseiller premier première adjoint ministère
    ministro ministra portavoz secretario secretaria embajador embajadora presidente presidenta director
    directora representante enviado jefe delegado asesor vicepresidente canciller subsecretario ministerio
    """.split()
)
#: Words of French and Spanish organisations and portfolios, never part of a name.
INTL_ORG_WORDS: set[str] = set(
    """
    affaires étrangères etrangeres europe l'europe république republique gouvernement état etat nations unies
    asuntos exteriores relaciones unión union europea cooperación cooperacion gobierno reino españa espana
    france francia
    """.split()
)
#: Words that end a French or Spanish speaker phrase ("... Le Drian sur ...", "... Albares con ...").
INTL_CONNECTORS: frozenset[str] = frozenset(
    "sur à au aux avec lors pour en dans après avant concernant devant auprès con sobre en durante para tras "
    "ante acerca".split()
)
