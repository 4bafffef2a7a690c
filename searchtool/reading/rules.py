"""The metadata-extraction rules, as data: read them, extend them, without touching the code.

Three tables drive :mod:`searchtool.reading.extract` (with their Russian, French and Spanish
counterparts in :mod:`searchtool.reading.intl_rules`, read into the same rule set):

* :data:`TYPE_RULES` - ``(pattern, type)``: the first pattern that matches a title gives its type.
* :data:`SPEAKER_RULES` - patterns that find who speaks in a title. Each has a named group ``who``
  (the speaker phrase, post and name together); the phrase is cut at the first connector word
  that follows the name ("... A. K. Lukashevich in connection with ...").
* :data:`OFFICE_PATTERNS` - lines and metadata values that name an issuing office rather than a
  person ("Office of the Spokesperson"), which then stands as the speaker.

Word lists (:data:`POST_WORDS`, :data:`ORG_WORDS`, :data:`TOPIC_WORDS`, :data:`CONNECTORS`) tell a post
from a name; topic words (events, speech acts, headline verbs) are never part of a person's name, so an
event ("Strategic Dialogue") is not taken for a speaker. A speaker rule holding the empty group
:data:`NEEDS_POST` only takes a name that follows a post (for titles that start with the speaker and
have no "by"/"of").

Users add rules without editing this file: a JSON file named ``searchtool-rules.json`` in the
collection root, and/or one named by ``$SEARCHTOOL_RULES`` (see docs/reading.md), may hold ``types``
(``[[pattern, type], ...]``, tried before the built-in ones), ``speakers`` (patterns with ``who``),
``offices``, ``post_words`` and ``org_words``, and for the turns of transcripts
(:mod:`searchtool.reading.turns`) ``question_labels``, ``moderator_labels``, ``answer_labels``,
``other_labels``, ``speaker_labels`` (label patterns) and ``field_label_words``. Patterns are Python regular expressions, matched
case-insensitively; keep them free of nested repetition so that no title can make them slow.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from searchtool.doctypes import DOC_TYPES
from searchtool.errors import SearchtoolError
from searchtool.reading.regex_safety import backtracking_shape
from searchtool.reading.intl_rules import (
    INTL_CONNECTORS,
    INTL_ORG_WORDS,
    INTL_POST_WORDS,
    INTL_SPEAKER_RULES,
    TYPE_RULES_INTL,
)

#: Environment variable naming a JSON file of extra rules.
RULES_ENV = "SEARCHTOOL_RULES"
#: A rules file with this name in a collection root applies to that collection.
RULES_FILENAME = "searchtool-rules.json"

# Nouns that name a speech act: a title "<act> of/by <who>" or "<who>'s <act>" names the speaker.
SPEECH_ACTS = (
    r"(?:regular\s+|daily\s+|weekly\s+|special\s+|online\s+|virtual\s+|exclusive\s+)?"
    r"(?:joint\s+|opening\s+|closing\s+|introductory\s+|concluding\s+|welcoming\s+|keynote\s+|video\s+|"
    r"written\s+|press\s+|official\s+|congratulatory\s+|condolence\s+)?"
    r"(?:comments?|statements?|speech|address|remarks|interview|article|op-ed|answers?|responses?|"
    r"message\s+of\s+(?:greetings|condolences?|congratulations?)|message|greetings|briefing|news\s+conference|press\s+conference|press\s+statement|"
    r"transcript\s+of\s+remarks|words|toast|lecture|declaration)"
)

TYPE_RULES: list[tuple[str, str]] = [
    # Anchored forms first: the title's first words say what the text is.
    (r"^press\s+release\b", "press release"),
    (r"^readout\b|\breadout\s+of\b", "readout"),
    (r"^(?:joint\s+)?(?:press\s+)?statement\b", "statement"),
    (r"^comments?\b", "comment"),
    (r"^(?:answers?|responses?)\b", "answer"),
    (r"^(?:opening\s+|closing\s+|introductory\s+|concluding\s+|welcoming\s+|keynote\s+)?remarks\b", "remarks"),
    (r"^transcript\s+of\s+(?:the\s+)?remarks\b", "remarks"),
    (r"^(?:keynote\s+)?(?:speech|address)\b", "speech"),
    (r"^interview\b", "interview"),
    (r"^(?:article|op-ed)\b", "article"),
    (r"^(?:message|greetings|congratulations|condolences|congratulatory\s+message)\b", "message"),
    (r"^(?:press\s+)?briefing\b|^department\s+press\s+briefing\b", "briefing"),
    # Then the act named anywhere: "Foreign Minister Sergey Lavrov's remarks and answers ...".
    (r"['’]s\s+(?:opening\s+|closing\s+|introductory\s+)?remarks\b", "remarks"),
    (r"['’]s\s+(?:speech|address)\b", "speech"),
    (r"['’]s\s+interview\b", "interview"),
    (r"['’]s\s+(?:article|op-ed)\b", "article"),
    (r"['’]s\s+(?:comment|comments)\b", "comment"),
    (r"['’]s\s+(?:answers?|responses?)\s+to\b", "answer"),
    (r"['’]s\s+(?:message|greetings)\b", "message"),
    (r"['’]s\s+statement\b", "statement"),
    (r"\banswers?\s+to\s+(?:a\s+|the\s+)?(?:media\s+|journalists['’]?\s+|press\s+)?questions?\b", "answer"),
    (r"\bjoint\s+statement\b|\bstatement\s+(?:by|of|on)\b", "statement"),
    (r"\bpress\s+briefing\b|\bbriefing\s+(?:by|with|on)\b", "briefing"),
    # A spokesperson's routine press conference is a briefing ("... Spokesperson X's Regular Press Conference").
    (r"\b(?:regular|daily|weekly)\s+(?:press\s+|news\s+|media\s+)?(?:conference|briefing)\b", "briefing"),
    (r"\binterview\b", "interview"),
    (r"\b(?:remarks|press\s+availability|press\s+conference|news\s+conference|statements\s+to\s+the\s+press)\b", "remarks"),
    (r"\b(?:speech|address)\s+(?:by|of|at|to)\b", "speech"),
    # A country's day is marked by a message of congratulations ("Denmark's Constitution Day").
    (r"\bmessage\s+(?:of|by|from|to)\b|\b(?:national|independence|constitution|republic|liberation|"
     r"unification|unity|freedom|victory|statehood|revolution|founding|foundation)\s+day\b", "message"),
    # "<Post Name> With <Journalist> of <Outlet>", "<Post Name> on <Outlet> with <Journalist>": a
    # speaker on a broadcast or in a paper is interviewed. Outlets are named by a media word or a
    # broadcaster's well-known initials.
    (r"^[^:'’]{3,160}?\b(?:with|on|to|for)\s+(?:[\w.&'’-]+\s+){0,6}?(?:of\s+|on\s+)?(?:the\s+)?"
     r"(?:[\w.&-]+\s+){0,3}?(?:news|tv|television|radio|podcast|channel|newspaper|magazine|broadcasting|"
     r"nbc|cbs|abc|cnn|msnbc|cnbc|pbs|npr|bbc|fox|itv|sky|al\s+jazeera|al\s+arabiya|euronews|france\s+24|dw|"
     r"rt|tass|ria\s+novosti|interfax|xinhua|nhk|reuters|bloomberg|afp|ap)\b", "interview"),
    # "<Post Name> at a Press Availability / Town Hall / ... Ceremony / Roundtable": a transcript.
    (r"^[^:'’]{3,160}?\b(?:at|during)\s+(?:an?\s+|the\s+)?(?:[\w.&-]+\s+){0,6}?(?:press\s+availability|"
     r"media\s+availability|town\s+hall|ceremony|roundtable|round\s+table|reception|luncheon|dinner|breakfast|"
     r"meet\s+and\s+greet|celebration|commemoration|signing|event|forum|summit|conference|symposium|panel|"
     r"ministerial|meeting|session|dialogue)\b", "remarks"),
    # Words spoken to a mission's staff, or by two principals before their meeting (a press spray).
    (r"\bmeet\s+and\s+greet\b|\b(?:to|with)\s+(?:the\s+)?(?:embassy|mission|consulate)\b[^:]{0,60}?\b(?:staff|"
     r"personnel|employees|community|families)\b", "remarks"),
    (r"\b(?:before|after|following|ahead\s+of)\s+their\s+(?:meeting|talks|bilateral|discussion)\b", "remarks"),
    (r"\b(?:call|calls|meeting|meetings|talks)\s+with\b", "readout"),
    (r"\bpress\s+release\b", "press release"),
    (r"\bstatement\b", "statement"),
]

#: Speaker rules whose pattern holds this empty group only take a name that follows a post
#: ("Foreign Secretary Liz Truss statement on ..."): their phrase is not introduced by "by"/"of".
NEEDS_POST = "(?P<needs_post>)"

SPEAKER_RULES: list[str] = [
    # "Comment of the Spokesman ... A. K. Lukashevich in connection with ...",
    # "Speech by Foreign Minister Sergey Lavrov at ...", "Briefing by ... Maria Zakharova, Moscow, ...",
    # "Remarks to the press by Foreign Minister Sergey Lavrov following talks with ..."
    r"^" + SPEECH_ACTS + r"(?:\s+and\s+" + SPEECH_ACTS + r")?"
    r"(?:\s+(?:to|for|with)\s+(?:the\s+)?(?:press|media|journalists|reporters))?\s+(?:of|by|from)\s+(?P<who>.+)",
    # "Answers to media questions by Foreign Minister Sergey Lavrov following the talks"
    r"^(?:remarks\s+and\s+)?answers?\s+to\s+(?:the\s+)?(?:media\s+|journalists['’]?\s+|press\s+)?questions?\s+"
    r"(?:by|from|of)\s+(?P<who>.+)",
    # "Interview of/with Foreign Minister Sergey Lavrov to/with ..." (the interviewee speaks)
    r"^interview\s+(?:of|with|given\s+by)\s+(?P<who>.+)",
    # "Foreign Minister Sergey Lavrov's remarks and answers to media questions ..."
    r"^(?P<who>[^'’]{3,160}?)['’]s?\s+" + SPEECH_ACTS + r"\b",
    # "Foreign Secretary Liz Truss statement on Russian sanctions"
    r"^" + NEEDS_POST + r"(?P<who>[^'’:]{3,160}?)\s+" + SPEECH_ACTS + r"(?:\s+(?:on|at|to|about|regarding|following|after|in)\b|$)",
    # "Secretary Antony J. Blinken With Chuck Todd of NBC ...", "... at a Press Availability": the
    # person the title starts with speaks.
    r"^" + NEEDS_POST + r"(?P<who>[^'’:]{3,160}?)\s+(?:with|on|at|during)\s+\S",
]

#: Connector words that end a speaker phrase once a name has been read ("... Lavrov at the ...").
CONNECTORS: frozenset[str] = frozenset(
    "in at on to with regarding concerning about for during before after upon following ahead over "
    "under from as into via amid against between within without toward towards by and following "
    "while when who which that".split()
) | INTL_CONNECTORS

#: Words that make a phrase a post ("Secretary of State") rather than a name.
POST_WORDS: set[str] = set(
    """
    minister ministers secretary spokesman spokeswoman spokesperson spokespersons ambassador president
    vice premier chancellor director envoy representative coordinator advisor adviser administrator
    chairperson chairman chairwoman chair counselor counsellor deputy head chief commissioner king queen
    prince princess emir governor senator official officer consul consul-general charge chargé attaché
    general leader mayor delegate undersecretary under assistant acting principal senior special
    permanent foreign ministry department office bureau spokesperson's press secretary-general
    high state affairs prime first lady emperor sultan pope speaker member ombudsman commissioner-general
    """.split()
)

#: Words of organisations and portfolios, never part of a person's name.
ORG_WORDS: set[str] = set(
    """
    ministry department office bureau agency federation council commission embassy mission government
    republic kingdom union nations affairs state states service services committee cabinet parliament
    assembly administration organization organisation coalition force task policy security defense
    defence rights labor labour migration refugees population development growth energy environment
    health response hemisphere affairs operations stabilization international global national
    foreign european united russian american u.s. us usa un eu nato osce asean
    fund foundation institute center centre university company bank group association forum program
    programme initiative partnership alliance corporation party court academy school
    """.split()
)

#: Words of events, topics, speech acts and headline verbs: capitalised in titles ("Strategic
#: Dialogue", "Information Science", "Blinken Meets With"), never part of a person's name.
TOPIC_WORDS: set[str] = set(
    """
    dialogue dialogues meeting meetings summit conference conferences forum session sessions consultations
    talks round ministerial negotiations visit visits travel trip call calls statement statements remarks
    comment comments speech address interview briefing message readout release declaration communique
    availability roundtable panel discussion discussions report reports convention program programs
    science technology information cooperation strategy strategic framework agreement treaty partnership
    relations economic trade investment climate ceremony event day anniversary week year
    first second third fourth fifth sixth seventh eighth ninth tenth annual inaugural joint
    meets meet travels speaks talk holds hosts welcomes visits attends participates delivers joins launches
    announces signs calls condemns congratulates releases marks
    """.split()
)

#: Lines or values that name an issuing office, which then stands as the speaker.
OFFICE_PATTERNS: list[str] = [
    r"^(?:the\s+)?office\s+of\s+(?:the\s+)?[\w .,'’&-]{3,80}$",
    r"^(?:the\s+)?(?:u\.s\.\s+|us\s+)?department\s+of\s+state$",
    r"^(?:the\s+)?(?:press\s+service|press\s+office|information\s+and\s+press\s+department)\b[\w .,'’&-]{0,80}$",
    r"^(?:the\s+)?(?:foreign\s+)?(?:ministry|embassy|permanent\s+mission|mission|consulate(?:\s+general)?)\s+of\s+[\w .,'’&()-]{3,100}$",
    r"^(?:the\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,4}\s+(?:ministry\s+of\s+foreign\s+affairs|foreign\s+ministry|embassy)$",
]

# --- turns of a transcript (searchtool.reading.turns) ------------------------------------------
# A label is the text before ":" at the start of a paragraph ("MR PRICE:", "QUESTION:", "Q:",
# "Sergey Lavrov:"). These tables say what a label's words mean; all are matched against the whole
# label, case-insensitively, after a parenthesis ("QUESTION (via interpreter)") is dropped.

#: Labels of a question from the floor: reporters, the audience.
QUESTION_LABELS: list[str] = [
    r"^(?:question|questions|q|reporter|journalist|correspondent|audience(?:\s+member)?|"
    r"participant\s+question|вопрос|вопросы|журналист|корреспондент|pregunta|periodista|"
    r"question\s+from\s+the\s+floor)(?:\s+\d+)?$",
]
#: Labels of whoever runs the event.
MODERATOR_LABELS: list[str] = [
    r"^(?:the\s+)?(?:moderator|operator|host|mc|master\s+of\s+ceremonies|announcer|facilitator|ведущий|ведущая|модератор|"
    r"moderador|moderadora)$",
]
#: Labels of an answer by the statement's (first) credited speaker ("A:" in a Q&A interview).
ANSWER_LABELS: list[str] = [r"^(?:a|answer|ответ)$"]
#: Labels of other voices that name no one (a guest, staff, an interpreter).
OTHER_LABELS: list[str] = [
    r"^(?:guest|staff|interpreter|participant|audience|student|panelist|panellist|speaker|voice|unidentified(?:\s+\w+)?|реплика)$",
]
#: Labels that name a speaker of the whole statement, matched against the label as written: initials
#: and a surname ("С.В.Лавров:", "М. В. Захарова:", "S. V. Lavrov:"). A briefing's labelled turns say
#: who spoke even when its title does not ("Пресс-конференция по итогам переговоров"); a bare surname
#: or a post is left to the turns, since "LAVROV:" alone could be a reporter quoting him.
SPEAKER_LABELS: list[str] = [
    r"^(?-i:(?:[A-ZА-ЯЁ]\.\s?){1,2}[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?)$",
]
#: Words that make a label a field name of a list or a form ("VESSEL NAME:", "DOB:", "Note:"),
#: never a speaker: any of them in a label refuses it.
FIELD_LABEL_WORDS: set[str] = set(
    """
    vessel flag imo mmsi fka aka nka dob pob nationality citizenship gender sex passport address
    name names tonnage callsign call-sign registration identification id number no tel phone fax
    email e-mail website web url date dates time location venue place when where subject re note
    notes nb ps update updated background source sources contact contacts media editor editors
    link links attachment attachments category categories tags keywords headline title summary
    program programme price cost total type status priority tier level
    """.split()
) - {"price"}

#: Where the sites analysts read most keep a statement's parts: CSS selectors, tried in order, for
#: the ``title``, the visible ``date``, the ``body`` (every match of the first selector that
#: matches, in page order), the ``byline`` (read by the byline rules before the body) and what to
#: ``drop`` inside the body. A profile applies to a page whose URL's host is one of ``hosts`` (or
#: under one), or that holds an element matching ``detect``. Any other page goes to the generic
#: extraction (structured data, then ``<article>``/``<main>``, then text density). Users add
#: profiles with the ``html`` key of a rules file (tried first). Selectors written from the sites'
#: markup as of 2022-2024; a profile whose selectors match nothing falls back to the generic rules.
HTML_PROFILES: list[dict] = [
    {
        "name": "mid.ru",  # Russian MFA, every language version (/ru/, /en/, /fr/, /es/, /de/...)
        "hosts": ["mid.ru", "archive.mid.ru"],
        "title": ["h1.title", ".announce__title", ".page-title h1", "h1"],
        "date": [".announce__date", ".news-date", ".date", "time"],
        "body": [".announce__text", ".text.article-content", ".article-content", ".announce-text", "#content .text", ".text"],
        "byline": [],
        "drop": [".tags", ".share", ".social", ".breadcrumbs", ".print", ".related", ".photo-gallery", ".announce__links"],
    },
    {
        "name": "state.gov",
        "hosts": ["state.gov"],
        "title": ["h1.featured-content__headline", ".featured-content__copy h1", "h1"],
        "date": [".article-meta__publish-date", ".article-meta .date", "time"],
        "body": [".entry-content", "article .content", "main article"],
        "byline": [".article-meta__author-bureau", ".article-meta__author"],
        "drop": [".related-tags", ".tags", ".share-links", ".social-share", ".related-content", ".entry-content__footer"],
    },
    {
        "name": "gov.uk",
        "hosts": ["gov.uk"],
        "title": ["h1.gem-c-title__text", "h1.govuk-heading-xl", "h1"],
        "date": [".gem-c-metadata__definition", ".app-c-published-dates", ".gem-c-published-dates", "time"],
        "body": [".govspeak", ".gem-c-govspeak", ".govuk-govspeak"],
        "byline": [".gem-c-metadata__definition a[href*='/government/people/']"],
        "drop": [".gem-c-contextual-sidebar", ".gem-c-related-navigation", ".gem-c-print-link", ".gem-c-share-links",
                 ".gem-c-single-page-notification-button", "#global-cookie-message", ".govuk-cookie-banner"],
    },
    {
        "name": "press.un.org",
        "hosts": ["press.un.org", "un.org"],
        "title": ["h1.page-header", "h1.title", "h1"],
        "date": [".field--name-field-dated", ".date-display-single", ".field--name-field-date", "time"],
        "body": [".field--name-body", ".field-name-body", "article .content"],
        "byline": [],
        "drop": [".field--name-field-symbol", ".field--name-field-document-symbol", ".social-share", ".sharethis-wrapper"],
    },
]

#: Honorifics that may precede a name without making it a post.
HONORIFICS: frozenset[str] = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame h.e. hon. sheikh".split())


@dataclass
class RuleSet:
    """The compiled tables, built-in rules plus any a user file adds."""

    types: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    speakers: list[re.Pattern[str]] = field(default_factory=list)
    offices: list[re.Pattern[str]] = field(default_factory=list)
    post_words: set[str] = field(default_factory=set)
    org_words: set[str] = field(default_factory=set)
    question_labels: list[re.Pattern[str]] = field(default_factory=list)
    moderator_labels: list[re.Pattern[str]] = field(default_factory=list)
    answer_labels: list[re.Pattern[str]] = field(default_factory=list)
    other_labels: list[re.Pattern[str]] = field(default_factory=list)
    speaker_labels: list[re.Pattern[str]] = field(default_factory=list)
    field_label_words: set[str] = field(default_factory=set)
    html_profiles: list[dict] = field(default_factory=list)
    source: str = "built-in"


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise SearchtoolError(f"bad pattern in {where}: {pattern!r}: {err}") from None
    if where != "built-in rules":  # a user's or a collection's pattern (the built-in ones pass: tested)
        shape = backtracking_shape(pattern, re.IGNORECASE)
        if shape:
            raise SearchtoolError(
                f"pattern in {where} could run for ever ({shape}): {pattern[:200]!r}",
                hint="write it without nested repetition, e.g. (a+)+ as a+",
            )
    return compiled


def build_rules(extra: dict | None = None, source: str = "built-in") -> RuleSet:
    """Compile the built-in tables, with a user's ``extra`` rules tried first."""
    extra = extra or {}
    types: list[tuple[re.Pattern[str], str]] = []
    for item in list(extra.get("types", [])):
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise SearchtoolError(f"bad type rule in {source}: {item!r} (want [pattern, type])")
        if item[1] not in DOC_TYPES:
            raise SearchtoolError(f"bad type in {source}: {item[1]!r} (one of: {', '.join(DOC_TYPES)})")
        types.append((_compile(item[0], source), item[1]))
    types.extend((_compile(p, "built-in rules"), t) for p, t in TYPE_RULES + TYPE_RULES_INTL)
    speakers = [_compile(p, source) for p in extra.get("speakers", [])]
    for pat in speakers:
        if "who" not in pat.groupindex:
            raise SearchtoolError(f"speaker rule in {source} lacks a (?P<who>...) group: {pat.pattern!r}")
    speakers.extend(_compile(p, "built-in rules") for p in SPEAKER_RULES + INTL_SPEAKER_RULES)
    offices = [_compile(p, source) for p in extra.get("offices", [])]
    offices.extend(_compile(p, "built-in rules") for p in OFFICE_PATTERNS)
    profiles = [_checked_profile(p, source) for p in extra.get("html", [])]
    profiles.extend(HTML_PROFILES)
    return RuleSet(
        html_profiles=profiles,
        types=types,
        speakers=speakers,
        offices=offices,
        post_words=POST_WORDS | INTL_POST_WORDS | {w.lower() for w in extra.get("post_words", [])},
        org_words=ORG_WORDS | TOPIC_WORDS | INTL_ORG_WORDS | {w.lower() for w in extra.get("org_words", [])},
        question_labels=_patterns(extra, "question_labels", QUESTION_LABELS, source),
        moderator_labels=_patterns(extra, "moderator_labels", MODERATOR_LABELS, source),
        answer_labels=_patterns(extra, "answer_labels", ANSWER_LABELS, source),
        other_labels=_patterns(extra, "other_labels", OTHER_LABELS, source),
        speaker_labels=_patterns(extra, "speaker_labels", SPEAKER_LABELS, source),
        field_label_words=FIELD_LABEL_WORDS | {w.lower() for w in extra.get("field_label_words", [])},
        source=source,
    )


def _patterns(extra: dict, key: str, built_in: list[str], source: str) -> list[re.Pattern[str]]:
    """A user's patterns for ``key`` (tried first), then the built-in ones."""
    return [_compile(p, source) for p in extra.get(key, [])] + [_compile(p, "built-in rules") for p in built_in]


#: Keys a rules file may hold, each a list.
LIST_KEYS = ("types", "speakers", "offices", "post_words", "org_words", "html", "question_labels", "moderator_labels",
             "answer_labels", "other_labels", "speaker_labels", "field_label_words")

#: The keys of an HTML site profile (see :data:`HTML_PROFILES`); all but ``name`` are optional.
PROFILE_KEYS = ("name", "hosts", "detect", "title", "date", "body", "byline", "drop")


def _checked_profile(item: object, source: str) -> dict:
    """A user's site profile, its selectors as lists of strings."""
    if not isinstance(item, dict) or not isinstance(item.get("name", ""), str):
        raise SearchtoolError(f"bad html profile in {source}: {item!r} (want an object with name, hosts, body...)")
    unknown = set(item) - set(PROFILE_KEYS) - {"comment"}
    if unknown:
        raise SearchtoolError(f"html profile {item.get('name', '?')!r} in {source}: unknown keys {', '.join(sorted(unknown))}")
    out: dict = {"name": item.get("name") or "user profile"}
    for key in PROFILE_KEYS[1:]:
        value = item.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise SearchtoolError(f"html profile {out['name']!r} in {source}: {key!r} must be a list of strings")
        out[key] = value
    return out


def read_rules_data(path: Path) -> dict:
    """The checked contents of a user's rules file (see the module docstring for its keys)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise SearchtoolError(f"cannot read rules file {path}: {err}") from None
    if not isinstance(data, dict):
        raise SearchtoolError(f"rules file {path} must hold a JSON object")
    unknown = set(data) - set(LIST_KEYS) - {"comment"}
    if unknown:
        raise SearchtoolError(f"rules file {path}: unknown keys {', '.join(sorted(unknown))}")
    for key in LIST_KEYS:
        if not isinstance(data.get(key, []), list):
            raise SearchtoolError(f"rules file {path}: {key!r} must be a list")
    return data


def load_rules_file(*paths: Path) -> RuleSet:
    """Built-in rules plus those of the given files (earlier files are tried first)."""
    merged: dict[str, list] = {}
    for path in paths:
        for key, value in read_rules_data(path).items():
            if key != "comment":
                merged.setdefault(key, []).extend(value)
    return build_rules(merged, source=", ".join(str(p) for p in paths))


_DEFAULT: RuleSet | None = None


def env_rules_path() -> Path | None:
    """The rules file named by ``$SEARCHTOOL_RULES``, if set."""
    env = os.environ.get(RULES_ENV)
    return Path(env) if env else None


def default_rules() -> RuleSet:
    """The rules in force: built-in, plus ``$SEARCHTOOL_RULES`` when set (compiled once)."""
    global _DEFAULT
    if _DEFAULT is None:
        env = env_rules_path()
        _DEFAULT = load_rules_file(env) if env else build_rules()
    return _DEFAULT
