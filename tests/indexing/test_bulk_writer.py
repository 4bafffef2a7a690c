"""The bulk writer's own add_document and term-at-a-time posting write leave exactly what
Whoosh's ``SegmentWriter`` leaves: the same bytes when nothing spills, the same postings and
term statistics when the pool spills runs to disk (Whoosh's own bytes then depend on where the
runs were cut: a value pickled once and referenced, or pickled twice)."""

from __future__ import annotations

import os
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.index import create_in, open_dir

from searchtool.index.multilang import Tagged
from searchtool.index.schema import build_schema
from searchtool.indexing.segments import BulkSegmentWriter, SegmentWriter  # (Whoosh's, imported after the boot)
from tests.support.collection import SPEAKERS, WORDS

WORDS_OR_TEXT = st.one_of(st.sampled_from(WORDS + ["Лавров", "переговоры", "négociations", "U.S.", "2024"]),
                          st.text(max_size=8))


def _documents(bodies: list[str], langs: list[str | None]) -> list[dict]:
    docs = []
    for i, (body, lang) in enumerate(zip(bodies, langs)):
        doc = {"id": f"d{i}", "path": f"/c/{i}.txt", "srcfile": f"/c/{i}.txt", "recno": i or None,
               "title": Tagged(f"Statement {i} {body[:20]}", lang), "_stored_title": f"Statement {i}",
               "body": Tagged(body, lang), "_stored_body": body,
               "speaker": SPEAKERS[i % len(SPEAKERS)], "speakers": [SPEAKERS[i % len(SPEAKERS)]],
               "speaker_names": [SPEAKERS[i % len(SPEAKERS)]], "type": "comment", "fields": {"n": i},
               "x_country": "RUS" if i % 2 else "FRA"}
        if i % 3:
            doc["date"], doc["year"] = 20200101 + i % 28, 2020
        if i % 4 == 1:
            doc["_body_boost"] = 1.5  # a field boost: weights are multiplied as Whoosh does
        if not body.strip():
            del doc["body"]  # a document without the field
        docs.append(doc)
    return docs


def _build(cls, folder: Path, docs: list[dict], limitmb: float) -> Path:
    folder.mkdir(parents=True)
    ix = create_in(str(folder), build_schema())
    writer = cls(ix, limitmb=limitmb, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return folder


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The segment's files by extension (their names carry a random segment id)."""
    return {name.split(".", 1)[1]: (folder / name).read_bytes() for name in os.listdir(folder)
            if name.startswith("_") and not name.endswith(".toc")}


def _postings_and_statistics(folder: Path) -> dict:
    with open_dir(str(folder)).reader() as reader:
        return _read_all(reader)


def _read_all(reader) -> dict:
    out = {}
    for fieldname, term in reader.all_terms():
        info = reader.term_info(fieldname, term)
        m = reader.postings(fieldname, term)
        items = []
        while m.is_active():
            items.append((m.id(), m.weight(), m.value()))
            m.next()
        out[fieldname, term] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                info.max_weight(), info.min_id(), info.max_id(), items)
    out["stored"] = list(reader.iter_docs())
    out["lengths"] = {f: [reader.doc_field_length(d, f) for d in range(reader.doc_count_all())]
                      for f in reader.indexed_field_names()}
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(WORDS_OR_TEXT, max_size=40).map(" ".join), min_size=1, max_size=12),
       st.sampled_from([None, "en", "ru", "fr"]))
def test_the_bulk_writer_writes_the_bytes_whoosh_writes(tmp_path_factory, bodies, lang):
    docs = _documents(bodies, [lang] * len(bodies))
    tmp = tmp_path_factory.mktemp("bulk")
    ours = _build(BulkSegmentWriter, tmp / "ours", docs, 64)
    whoosh = _build(SegmentWriter, tmp / "whoosh", docs, 64)
    assert _segment_files(ours) == _segment_files(whoosh)


def test_terms_of_several_blocks_and_spilled_runs_match_whoosh(tmp_path):
    rng = random.Random(5)
    # 300 documents: the commonest words have postings over several 128-posting blocks
    bodies = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60))) for _ in range(300)]
    docs = _documents(bodies, [None if i % 5 else "en" for i in range(300)])
    big = _build(BulkSegmentWriter, tmp_path / "in-memory", docs, 64)
    assert _segment_files(big) == _segment_files(_build(SegmentWriter, tmp_path / "whoosh", docs, 64))
    spilled = _build(BulkSegmentWriter, tmp_path / "spilled", docs, 0.05)  # ~50 KB pool: runs on disk
    whoosh_spilled = _build(SegmentWriter, tmp_path / "whoosh-spilled", docs, 0.05)
    expected = _postings_and_statistics(whoosh_spilled)
    assert max(len(v[-1]) for k, v in expected.items() if k not in ("stored", "lengths")) > 2 * 128
    assert _postings_and_statistics(spilled) == expected
    assert _postings_and_statistics(big) == expected
