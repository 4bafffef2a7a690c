"""Speakers, posts and document type from titles, bylines and metadata values.

All knowledge of wording lives in :mod:`searchtool.reading.rules`; this module only applies the tables.
The one idea it encodes is how a post and a name sit together in official English: the name is
the run of capitalised words at the end of a speaker phrase ("Foreign Minister | Sergey Lavrov",
"Spokesman of the Ministry of Foreign Affairs of Russia | A. K. Lukashevich"), after the last word
that belongs to a post or an organisation, and before the first connector word ("... in connection
with ...", "... at the ...") that ends the phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from searchtool.dates import split_trailing_date
from searchtool.doctypes import doc_type
from searchtool.reading.russian_titles import is_russian_title, russian_speakers
from searchtool.reading.rules import (
    CONNECTORS,
    HONORIFICS,
    TOPIC_WORDS,
    RuleSet,
    default_rules,
)

#: Lowercase words allowed inside a post ("Minister of Foreign Affairs of the Russian Federation").
_POST_GLUE = frozenset("of the for and to on in at de du des la le el y e di da del".split())
#: Lowercase particles allowed inside a name ("Alexandra de Hoop Scheffer", "Mohammed bin Zayed").
_NAME_PARTICLES = frozenset("de da del della der den van von bin ibn al el la le du dos das ter".split())
_NAME_SUFFIXES = frozenset("jr. jr sr. sr ii iii iv".split())
_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁ]\.){1,3}$")
# A capitalised word with at least one lowercase letter ("McKeon", "Al-Thani"; not "USAID").
_WORD = re.compile(r"^[A-ZА-ЯЁ](?=[^,]*[a-zа-яё])[A-Za-zА-Яа-яЁёÀ-ÿĀ-ž'’`-]+,?$")
_SPACES = re.compile(r"\s+")
#: Only this much of a title is examined: speakers and types are named at the start, and the
#: phrase splitting is quadratic in the number of words.
MAX_SCAN = 600
#: "The below is attributable to Spokesperson Ned Price:" names the speaker of a release.
ATTRIBUTION = re.compile(
    r"^(?:the\s+)?(?:below|following)(?:\s+statement)?\s+is\s+attributable\s+to\s+(?P<who>[^:]{3,120}):?\s*$",
    re.IGNORECASE,
)


@dataclass
class Speakers:
    """Names and their posts, kept in step: ``posts[i]`` is the post of ``names[i]`` ("" if none)."""

    names: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)

    def add(self, name: str, post: str = "") -> None:
        name, post = clean(name), re.sub(r"^(?:and|the)\s+", "", clean(post), flags=re.IGNORECASE)
        if not name or self.has(name):
            return
        self.names.append(name)
        self.posts.append(post)

    def extend(self, other: "Speakers") -> None:
        for name, post in zip(other.names, other.posts):
            self.add(name, post)

    def has(self, name: str) -> bool:
        """Whether ``name`` (or someone with the same surname) is already listed."""
        last = _surname(name) or (name.lower().strip(".,") if " " not in name.strip() else "")
        return any(n.lower() == name.lower() or (last and (_surname(n) or n.lower()) == last) for n in self.names)

    def post_list(self) -> list[str]:
        """The record's ``posts`` field: aligned with the names ("" for a name without a post),
        or empty when no post is known at all."""
        return list(self.posts) if any(self.posts) else []

    def __bool__(self) -> bool:
        return bool(self.names)


def clean(text: str) -> str:
    """Collapse whitespace (including no-break spaces) and strip stray punctuation."""
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip(" ,;:")


def _surname(name: str) -> str:
    words = [w for w in name.lower().split() if w.strip(".,") not in _NAME_SUFFIXES]
    return words[-1].strip(".,") if len(words) > 1 else ""


def _bare(token: str) -> str:
    return token.lower().strip(".,;:()[]\"'’")


def _is_name_token(token: str, rules: RuleSet) -> bool:
    if _INITIAL.match(token.rstrip(",")):
        return True
    if not _WORD.match(token):
        return False
    bare = _bare(token)
    # Title case capitalises connectors too: "Secretary Blinken To Deliver Remarks".
    return bare not in rules.post_words and bare not in rules.org_words and bare not in CONNECTORS


def split_post_name(phrase: str, rules: RuleSet | None = None) -> tuple[str, str]:
    """``(name, post)`` from a phrase like "Foreign Minister Sergey Lavrov"; name "" when none.

    The name is the run of name-like words at the end. A run that follows a lowercase word
    ("... of Russia A. K. Lukashevich") begins with that word's complement, which is dropped when
    the run is long enough to hold both; a name needs two words unless a post word precedes it
    ("Secretary Blinken").
    """
    rules = rules or default_rules()
    tokens = clean(phrase).split()
    if tokens and _bare(tokens[0]) in ("a", "an"):
        return "", " ".join(tokens)  # "a Humanitarian Truce": people are not "a ..."
    while tokens and _bare(tokens[0]) == "the":
        tokens = tokens[1:]
    if not tokens:
        return "", ""
    i = len(tokens)
    while i > 0:
        tok = tokens[i - 1]
        bare = _bare(tok)
        if _is_name_token(tok, rules) or bare in _NAME_SUFFIXES:
            i -= 1
        elif bare in _NAME_PARTICLES and i < len(tokens) and i - 1 > 0 and _is_name_token(tokens[i - 2], rules):
            i -= 1
        elif bare in HONORIFICS and i < len(tokens):
            i -= 1
        else:
            break
    run = tokens[i:]
    # A comma inside the run ends a list item, not a name ("France, Germany"); "Whipps, Jr." is a name.
    for k in range(len(run) - 2, -1, -1):
        if run[k].endswith(",") and not all(_bare(t) in _NAME_SUFFIXES for t in run[k + 1 :]):
            i += k + 1
            run = run[k + 1 :]
            break
    before = tokens[i - 1] if i > 0 else ""
    while run and _bare(run[0]) in _NAME_PARTICLES:
        run = run[1:]
    if not run:
        return "", " ".join(tokens)
    if before and before[:1].islower() and _bare(before) not in rules.post_words:
        # "... of Russia Sergey Lavrov": the first word completes "of"; keep it in the post.
        # (After a lowercase post word, "ministre Jean-Yves Le Drian", the run is the name.)
        if len(run) >= 3 and not _INITIAL.match(run[0]):
            keep = 1
            # Initials start the name: "... of Russia A. K. Lukashevich".
            for k in range(1, len(run)):
                if _INITIAL.match(run[k]):
                    keep = k
                    break
            run = run[keep:]
            i += keep
        elif len(run) < 3:
            return "", " ".join(tokens)
    elif i > 0 and _bare(before) in rules.post_words:
        pass  # "Secretary Blinken": one word will do after a post
    elif len(run) < 2:
        return "", " ".join(tokens)
    if len(run) >= 4 and not any(_INITIAL.match(t) or _bare(t) in _NAME_PARTICLES for t in run):
        # Four capitalised words with no particle or initial: a place or body, then a name.
        i += len(run) - 2
        run = run[-2:]
    if all(_bare(t) in _NAME_SUFFIXES or _bare(t) in HONORIFICS for t in run):
        return "", " ".join(tokens)
    post_tokens = tokens[:i]
    post = " ".join(post_tokens)
    # A post holds only post words, capitalised words and glue; "will travel to" is a sentence, and
    # "Regarding ..." (a connector in title case) is not part of a post.
    for tok in post_tokens:
        bare = _bare(tok)
        if (tok[:1].islower() or bare in CONNECTORS) and bare not in _POST_GLUE and bare not in rules.post_words:
            return "", " ".join(tokens)
    if _holds_a_person(post_tokens, rules):
        return "", " ".join(tokens)
    return " ".join(run).strip(","), post


def _holds_a_person(post_tokens: list[str], rules: RuleSet) -> bool:
    """Whether a would-be post names a person itself: a one-letter initial ("Janet L. Yellen
    Commending the ...") or a post word followed by two name words ("Assistant Secretary Lee
    Satterfield Travels to ..."); the name was then taken from further along the title."""
    if any(re.fullmatch(r"[A-ZА-ЯЁ]\.", t) for t in post_tokens):
        return True
    for k in range(len(post_tokens) - 2):
        if (
            _bare(post_tokens[k]) in rules.post_words
            and _is_name_token(post_tokens[k + 1], rules)
            and _is_name_token(post_tokens[k + 2], rules)
        ):
            return True
    return False


def _has_post_word(text: str, rules: RuleSet) -> bool:
    return any(_bare(t) in rules.post_words for t in text.split())


def match_office(text: str, rules: RuleSet | None = None) -> str:
    """The office named by ``text`` ("Office of the Spokesperson"), or ""."""
    rules = rules or default_rules()
    value = clean(text)
    if len(value) > 140:
        return ""
    for pattern in rules.offices:
        if pattern.match(value):
            return re.sub(r"^the\s+", "", value, flags=re.IGNORECASE)
    return ""


def parse_people(text: str, rules: RuleSet | None = None, *, strict: bool = False) -> Speakers:
    """Name/post pairs from a byline or a creator value.

    "Ned Price, Department Spokesperson" -> Ned Price (Department Spokesperson); "Antony J. Blinken,
    Secretary of State, Mute Egede, Greenlandic Premier" -> two pairs; "German Chancellor Angela
    Merkel" -> one pair with the post first. With ``strict`` (bylines inside a text) every pair must
    have a post, so that a place line such as "Kangerlussuaq, Greenland" is not taken for a person.
    """
    rules = rules or default_rules()
    text = text[:MAX_SCAN * 4]
    found = Speakers()
    office = match_office(text, rules)
    if office:
        found.add(office)
        return found
    segments = [clean(s) for s in text.replace(";", ",").split(",")]
    segments = [s for s in segments if s]
    people: list[list[str]] = []  # [name, post]
    k = 0
    while k < len(segments):
        seg = segments[k]
        nxt = segments[k + 1] if k + 1 < len(segments) else ""
        if _bare(seg) in _NAME_SUFFIXES and people:
            people[-1][0] += ", " + seg
            k += 1
            continue
        has_post = _has_post_word(seg, rules)
        name, post = split_post_name(seg, rules)
        if has_post and name and post:
            people.append([name, post])  # "German Chancellor Angela Merkel"
        elif not has_post and name and not post and (_has_post_word(nxt, rules) or _bare(nxt) in _NAME_SUFFIXES or not nxt):
            if _bare(nxt) in _NAME_SUFFIXES:
                name += ", " + nxt
                k += 1
                nxt = segments[k + 1] if k + 1 < len(segments) else ""
            if nxt and _has_post_word(nxt, rules) and not split_post_name(nxt, rules)[0]:
                people.append([name, nxt])
                k += 2
                continue
            people.append([name, ""])
        elif people:  # more of the previous post ("Bureau of Democracy, Human Rights, and Labor")
            people[-1][1] = f"{people[-1][1]}, {seg}" if people[-1][1] else seg
        elif not people and has_post and match_office(seg, rules):
            people.append([match_office(seg, rules), ""])
        elif strict or not name:
            return Speakers()  # a post with nobody to hold it, or text that is not a name list
        else:
            people.append([name, post])
        k += 1
    if strict and (not people or any(not p[1] for p in people)):
        return Speakers()
    for name, post in people:
        found.add(name, post)
    return found


def parse_byline(line: str, rules: RuleSet | None = None) -> Speakers:
    """The speakers a byline line names, or nothing when the line is not a byline."""
    rules = rules or default_rules()
    text = clean(line)
    if not text or len(text) > 300 or ":" in text:
        return Speakers()
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]\.|Jr\.|Sr\.|Inc\.)$", text):
        return Speakers()
    return parse_people(text, rules, strict=True)


def parse_attribution(line: str, rules: RuleSet | None = None) -> Speakers:
    """The speaker named by "The below is attributable to Spokesperson Ned Price:"."""
    m = ATTRIBUTION.match(clean(line)) if len(line) < 200 else None
    if not m:
        return Speakers()
    found = Speakers()
    name, post = split_post_name(m.group("who"), rules)
    if name:
        found.add(name, post)
    return found


def _who_candidates(who: str) -> list[str]:
    """Prefixes of a speaker phrase that end before a comma, a connector word or "of", shortest first.

    Ending before "of" lets "Prime Minister Kishida of Japan" yield the name before its country;
    phrases whose name follows "of" ("Spokesman of the Ministry ... A. K. Lukashevich") are longer
    prefixes and are reached when the shorter ones hold no name.
    """
    tokens = who.split()
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if i and (_bare(tok) in CONNECTORS or tok == "of"):
            out.append(" ".join(tokens[:i]))
        if tok.endswith((",", ";", ":")) or tok in ("-", "–", "—"):
            out.append(" ".join(tokens[: i + 1]).rstrip(",;:-–— "))
    out.append(who)
    return out


def _is_post_phrase(text: str, rules: RuleSet) -> bool:
    """Whether ``text`` is only a post ("Department Spokesperson", "Spokesperson of the Federal
    Foreign Office"): post, organisation and glue words and capitalised words, with a post word."""
    tokens = [t for t in clean(text).split() if t]
    if not tokens or len(tokens) > 14 or "," in text:
        return False
    for tok in tokens:
        bare = _bare(tok)
        if bare in TOPIC_WORDS and bare not in rules.post_words:
            return False  # "Syria Special Envoy Meeting" is an event
        if not (bare in rules.post_words or bare in rules.org_words or bare in _POST_GLUE or tok[:1].isupper()):
            return False
    return _has_post_word(text, rules) and _bare(tokens[-1]) not in _POST_GLUE


def _place_after(rest: str) -> str:
    """A country or body completing a post after the name: "of Japan" in "Kishida of Japan in ..."."""
    m = re.match(r"of\s+((?:the\s+)?[A-ZА-ЯЁ][\w.'’-]*(?:\s+(?:of\s+|and\s+|the\s+)?[A-ZА-ЯЁ][\w.'’-]*){0,5})", rest)
    if not m:
        return ""
    words = m.group(1).split()
    # Stop before a connector-led tail ("of Japan in Joint ..." stops at "in": not matched above).
    return " ".join(words)


def _post_after(rest: str, rules: RuleSet) -> str:
    """A post written after the name: "Ned Price, Department Spokesperson"."""
    head = re.split(r"[,;:(]|\s[-–—]\s", rest, maxsplit=1)[0]
    words = head.split()
    for i, tok in enumerate(words):
        if i and _bare(tok) in CONNECTORS:
            words = words[:i]
            break
    phrase = " ".join(words)
    return phrase if _is_post_phrase(phrase, rules) else ""


def _personal_post(post: str, after: str, rules: RuleSet) -> bool:
    """For rules without "by"/"of": the name must follow a post that ends in a word for a person
    ("Foreign Secretary", "Spokesperson"), not an organisation ("Department of State Partners
    with ..."), and end the phrase or be followed by another speaker ("... and Foreign Minister X")."""
    words = post.split()
    if not words:
        return False
    last = _bare(words[-1])
    if last not in rules.post_words or last in rules.org_words:
        return False
    after = after.strip()
    return not after or after.startswith((",", "and ", "And "))


def _post_only(who: str, rules: RuleSet) -> str:
    """The longest leading post phrase of ``who``, for titles that name a post and no person
    ("Comment by the Spokesperson of the Federal Foreign Office on ...")."""
    best = ""
    for cand in _who_candidates(who):
        bare = re.sub(r"^(?:the|a|an)\s+", "", clean(cand), flags=re.IGNORECASE)
        if len(bare.split()) >= 2 and _is_post_phrase(bare, rules) and len(bare) > len(best):
            best = bare
    return best


def speakers_from_title(title: str, rules: RuleSet | None = None) -> Speakers:
    """Speakers named by a ministry-style title ("Speech by Foreign Minister Sergey Lavrov at ...").

    Only titles that say someone spoke (a speech-act word with "of"/"by", or "X's remarks") yield a
    speaker: in "Press release on Deputy Foreign Minister Sergey Ryabkov's meeting with ..." the
    minister is the subject, not the speaker. Rules marked :data:`~searchtool.reading.rules.NEEDS_POST`
    take only a name that follows a post, so an event ("the Second U.S.-Bahrain Strategic
    Dialogue") is never taken for a person. A title that names a post and no person ("Comment by
    the Spokesperson of the Federal Foreign Office") gives the post itself as the speaker.
    """
    rules = rules or default_rules()
    head, _ = split_trailing_date(clean(title[:MAX_SCAN]))
    found = Speakers()
    if is_russian_title(head):  # the genitive goes back to the nominative (russian_titles)
        for name, post in russian_speakers(head):
            found.add(name, post)
        return found
    for pattern in rules.speakers:
        m = pattern.match(head)
        if not m:
            continue
        needs_post = "needs_post" in pattern.groupindex
        who = m.group("who")
        if m.start("who") == 0 and any(_bare(t) in CONNECTORS - {"to", "and"} for t in who.split()):
            # "Comment on Foreign Minister Lavrov's statement": the title starts with something
            # else, and the possessive names the subject, not the speaker.
            continue
        while who:
            name = post = ""
            used = ""
            for cand in _who_candidates(who):
                lead = cand.split()
                if any(_bare(t) in CONNECTORS for t in lead[:1]):
                    break
                # "the Spokesman of the Ministry" | "of Foreign Affairs ...": a post cut short, not an office.
                office = "" if who[len(cand) :].lstrip().startswith("of ") else match_office(cand, rules)
                if office:
                    name, post, used = office, "", cand
                    break
                name, post = split_post_name(cand, rules)
                if name and needs_post and not _personal_post(post, who[len(cand) :], rules):
                    name = ""
                if name:
                    used = cand
                    break
            if not name:
                break
            rest = who[len(used) :].lstrip(" ,")
            if not post and who[len(used) : len(used) + 1] == ",":
                post = _post_after(rest, rules)
                rest = rest[len(post) :].lstrip(" ,") if post else rest
            elif post and rest.startswith("of "):
                place = _place_after(rest)
                if place:
                    post = f"{post} of {place}"
                    rest = rest[3 + len(place) :].lstrip(" ,")
            found.add(name, post)
            # "... Sergey Lavrov and Foreign Minister of Belarus Vladimir Makei at ...": a second one.
            if rest.lower().startswith("and "):
                who = rest[4:]
                continue
            break
        if not found and not needs_post and m.start("who") > 0:
            office = _post_only(who, rules)
            if office:
                found.add(office)
        if found:
            break
    return found


def type_from_text(text: str, rules: RuleSet | None = None) -> str:
    """The document type a title (or a metadata value) names; "other" when none does."""
    rules = rules or default_rules()
    value = clean(text[:MAX_SCAN])
    for pattern, named in rules.types:
        if pattern.search(value):
            return named
    return "other"


def normalize_type(value: str, rules: RuleSet | None = None) -> str:
    """A metadata type value mapped onto :data:`searchtool.doctypes.DOC_TYPES`: a type's own name
    (any case, plural, hyphenated), else what the type patterns find in it."""
    low = clean(value).lower()
    return doc_type(low) or type_from_text(low, rules)
