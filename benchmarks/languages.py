"""Languages: indexing speed per character, Russian against English, and searching a mixed index
against an English one, measured in the same run.

    benchmarks/languages.py [--docs N] [--words W] [--queries Q] [--repeat R]

The statements are generated (no Russian corpus is shared): each language's words are drawn
from a Zipf distribution over a large vocabulary of word forms, built from that language's own
stems and endings (Russian case and verb endings, English suffixes), so that the analyzer meets
a realistic number of distinct forms rather than a few cached ones. Both collections have the
same number of statements and words per statement.

1. ``build_index`` (one job, in-process) on N Russian, then N English statements: microseconds
   per character of text, and the ratio Russian / English (target: <= 1).
2. An English-only index (the N English statements) and a mixed one of the same size (a third
   each English, Russian, French): the same English queries (from the titles of the English
   statements both hold) on both, best of R runs each with the postings cache emptied, and
   Russian queries on the mixed one; ratio mixed / English (target: <= 1 within noise). The
   machine's load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchtool.record import Record  # noqa: E402

# Stems and endings per language (written for the benchmark); words are stem + ending.
STEMS = {
    "ru": ("переговор министр соглашени безопасност сотрудничеств заявлен государств развити "
           "отношени вопрос решени сторон регион мир договор систем политик экономик торговл санкци "
           "встреч визит делегаци посольств правительств парламент границ оборон стабильност "
           "партнер интерес позици ситуаци процесс программ проект инициатив обсужден консультаци").split(),
    "en": ("negotiat minist agree secur cooperat state develop relat question decis part region peace "
           "treat system polic econom trade sanction meet visit delegat embass govern parliament "
           "border defen stabil partner interest posit situat process program project initiat "
           "discuss consult").split(),
    "fr": ("négoci ministr accord sécurit coopér état développ relat question décis parti région paix "
           "trait systèm politiqu économ commerc sanction rencontr visit délégat ambassad gouvern "
           "parlement frontièr défens stabilit partenair intérêt position situat processus programm").split(),
}
ENDINGS = {
    "ru": "ы ов ам ами ах а у ом е ой ою ей ям ях ий ого ому ым их ыми ется ются ил ила или ать ение ения".split(),
    "en": "e es ed ing ion ions al y ies ity ment ments ive er ers ly ation ations ence ent".split(),
    "fr": "e es er é ée és ées ant ation ations ement ements ique iques eur eurs".split(),
}
FUNCTION = {
    "ru": "и в не что на с по это как из за от для о к но".split(),
    "en": "the of and to in is that for on with as by it this are".split(),
    "fr": "le la les des du de et est une un pour dans que qui sur par".split(),
}


def vocabulary(lang: str, size: int, rng: random.Random) -> list[str]:
    """``size`` distinct word forms: stems joined with endings and with each other (compounds)."""
    stems, endings = STEMS[lang], ENDINGS[lang]
    forms: list[str] = []
    seen = set()
    while len(forms) < size:
        stem = rng.choice(stems)
        if rng.random() < 0.6:
            stem = stem + rng.choice(stems)[: rng.randint(2, 5)]
        word = stem + rng.choice(endings)
        if word not in seen:
            seen.add(word)
            forms.append(word)
    return forms


def statements(lang: str, n: int, words: int, seed: int = 11) -> list[Record]:
    rng = random.Random(seed)
    vocab = vocabulary(lang, 20000, rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    out = []
    for i in range(n):
        body_words = rng.choices(vocab, weights, k=words)
        for k in range(0, words, 4):  # every fourth word a function word, as in running text
            body_words[k] = rng.choice(FUNCTION[lang])
        sentences = [" ".join(body_words[k : k + 15]).capitalize() + "." for k in range(0, words, 15)]
        title = " ".join(rng.choices(vocab, weights, k=8)).capitalize()
        out.append(Record(id=f"{lang}{i}", path=f"{lang}/{i}.txt", title=title, body=" ".join(sentences), lang=lang))
    return out


def build(records: list[Record], index_dir: Path) -> float:
    from searchtool.indexing.update import build_index

    started = time.perf_counter()
    build_index(records, index_dir)
    return time.perf_counter() - started


def queries_for(records: list[Record], n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [w for w in rng.choice(records).title.lower().split() if len(w) > 3]
        out.append(" ".join(words[:2]))
    return out


def time_queries(engine, queries: list[str], repeat: int) -> list[float]:
    from searchtool.searching.request import SearchRequest

    times = []
    for text in queries:
        best = float("inf")
        for _ in range(repeat):
            engine.clear_cache()
            started = time.perf_counter()
            engine.search(SearchRequest(query=text))
            best = min(best, time.perf_counter() - started)
        times.append(best * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="statements per language")
    parser.add_argument("--words", type=int, default=400, help="words per statement")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from searchtool.searching.engine import Engine

    ru = statements("ru", args.docs, args.words)
    en = statements("en", args.docs, args.words)
    fr = statements("fr", args.docs, args.words)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.docs} statements x {args.words} words per language")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        rows = []
        for lang, recs in (("ru", ru), ("en", en)):
            chars = sum(len(r.title) + len(r.body) for r in recs)
            seconds = build(recs, tmp_path / f"ix-{lang}")
            rows.append((lang, chars, seconds, seconds / chars * 1e6))
        print("\nindexing           chars      seconds   us/char")
        for lang, chars, seconds, per in rows:
            print(f"  {lang:<14} {chars:>10,} {seconds:>10.2f} {per:>9.3f}")
        print(f"  ratio ru / en: {rows[0][3] / rows[1][3]:.2f}  (target <= 1)")

        third = max(1, args.docs // 3)
        build(en[:third] + ru[:third] + fr[: args.docs - 2 * third], tmp_path / "ix-mixed")
        english = queries_for(en[:third], args.queries)
        russian = queries_for(ru, args.queries)
        with Engine(tmp_path / "ix-en") as only_en, Engine(tmp_path / "ix-mixed") as mixed:
            t_en = time_queries(only_en, english, args.repeat)
            t_mixed = time_queries(mixed, english, args.repeat)
            t_ru = time_queries(mixed, russian, args.repeat)
        print("\nsearch (median ms, best of %d)          " % args.repeat)
        print(f"  English queries, English index   {statistics.median(t_en):8.2f}")
        print(f"  English queries, mixed index     {statistics.median(t_mixed):8.2f}")
        print(f"  Russian queries, mixed index     {statistics.median(t_ru):8.2f}")
        print(f"  ratio mixed / English: {statistics.median(t_mixed) / statistics.median(t_en):.2f}  (target <= 1;"
              f" both indexes hold {args.docs} statements)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
