"""A small hand-written collection with transcripts, for the turn and people tests (no ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

BRIEFING_1 = """Department Press Briefing - March 1, 2022
Ned Price, Department Spokesperson
Washington, D.C.
MR PRICE: Good afternoon. We remain focused on Ukraine and the grain corridor.
QUESTION: On North Korea, do you expect a missile test?
MR PRICE: We have seen the reports. North Korea must stop its provocations.
QUESTION: And Iran?
MR. PRICE: Talks on Iran continue in Vienna.
March 1, 2022
"""

BRIEFING_2 = """Department Press Briefing - March 2, 2022
Ned Price, Department Spokesperson
Washington, D.C.
MR PRICE: Good afternoon. Two items at the top, on Ukraine.
QUESTION: What about North Korea and its missile launch?
MR PRICE: I do not have anything on that today.
QUESTION: Thank you.
March 2, 2022
"""

PRESS_AVAILABILITY = """Secretary Antony J. Blinken at a Press Availability
Antony J. Blinken, Secretary of State
Brussels, Belgium
SECRETAR BLINKEN: Thank you all. The alliance is united on Ukraine.
MODERATOR: First question, from Reuters.
QUESTION: Mr. Secretary, on North Korea?
SECRETARY BLINKEN: We are in close touch with our allies on North Korea.
March 4, 2022
"""

STATEMENT = """North Korea's Missile Launch
Ned Price, Department Spokesperson
The United States condemns North Korea's missile launch, a clear violation of resolutions.
March 5, 2022
"""

VESSELS = """Sanctions on Vessels
Office of the Spokesperson
The following vessels are designated today.
VESSEL NAME: OCEAN STAR
VESSEL FLAG: Panama
IMO: 1234567
March 6, 2022
"""

#: UN-style speeches: one person, many written forms (the people registry tests).
SPEECHES = [
    {"title": f"General Debate {year}", "speaker": who, "country": "USSR", "date": f"{year}-09-2{i}",
     "text": f"Speech {i} on disarmament and peace."}
    for i, (year, who) in enumerate(
        [(1957, "Mr. GROMYKO"), (1958, "Mr. Gromyko"), (1959, "GROMYKO"), (1960, "Gromyko"), (1961, "Mir. GROMYKO"),
         (1962, "Mr. GROMYKO"), (2005, "Sergey Lavrov"), (2006, "Mr. Sergey Lavrov"), (2007, "Sergei Lavrov"),
         (2008, "Mr. Khrushchev")]
    )
]


#: A release issued by an office, which the registry's role gives to Ned Price on its date.
OFFICE_RELEASE = "Sanctions on Grain Smugglers\nOffice of the Spokesperson\nThe United States designates two vessels.\nMarch 7, 2022\n"

#: A people registry for this collection (docs/people.md): Gromyko's forms, Price by name and by role.
REGISTRY = {
    "persons": [
        {"id": "gromyko", "name": "Andrei Gromyko", "aliases": ["A. A. Gromyko", "Андрей Громыко", "Andrey Gromiko"]},
        {"id": "price", "name": "Ned Price", "aliases": ["MR PRICE"]},
        {"id": "blinken", "name": "Antony J. Blinken"},
    ],
    "roles": [
        {"role": "Spokesperson", "patterns": ["^office of the spokesperson$"],
         "holders": [{"person": "price", "from": "2021-01-20", "to": "2022-12-31"}]},
    ],
}


def write_transcripts(root: Path, office: bool = False) -> Path:
    """The briefings, the statement, the vessel list and the speeches under ``root`` (``office``:
    and :data:`OFFICE_RELEASE` as office.txt)."""
    root.mkdir(parents=True, exist_ok=True)
    if office:
        (root / "office.txt").write_text(OFFICE_RELEASE, encoding="utf-8")
    for name, text in (("b1", BRIEFING_1), ("b2", BRIEFING_2), ("pa", PRESS_AVAILABILITY), ("st", STATEMENT), ("vs", VESSELS)):
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "speeches.jsonl").write_text("\n".join(json.dumps(s) for s in SPEECHES) + "\n", encoding="utf-8")
    return root
