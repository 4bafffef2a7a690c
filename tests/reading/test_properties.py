"""Property tests: no bytes or text make the reader raise."""

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchtool.reading.decode import BinaryContent, decode_bytes
from searchtool.reading.reader import ReadReport, discover, read_source
from searchtool.reading.textfiles import one_line, parse_layout

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LINES = st.lists(
    st.one_of(
        st.text(max_size=120),
        st.sampled_from(["", "December 3, 2012", "Office of the Spokesperson", "Ned Price, Department Spokesperson",
                         "Comment of the Spokesman A. K. Lukashevich on", "Moscow, 8 May 2019", "\r", "\ufeff"]),
    ),
    max_size=12,
)


def _read_all(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    report = ReadReport()
    records = [r for src in discover([path]) for r in read_source(src, report)]
    assert len(records) + len(report.skipped) >= 1 or report.warnings
    for rec in records:
        rec.to_json()
    return records


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_as_text_file(tmp_path, data):
    _read_all(tmp_path, "x.txt", data)


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_as_jsonl_and_json(tmp_path, data):
    _read_all(tmp_path, "x.jsonl", data)
    _read_all(tmp_path, "x.json", data)
    _read_all(tmp_path, "x.jsonl.gz", data)


@SETTINGS
@given(LINES)
def test_any_lines_in_statement_layout(tmp_path, lines):
    text = "\n".join(lines)
    layout = parse_layout(text)
    assert "\r" not in layout.body
    records = _read_all(tmp_path, "x.txt", text.encode("utf-8", "surrogatepass"))
    for rec in records:
        assert rec.type


@SETTINGS
@given(st.dictionaries(st.text(max_size=12), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8), max_size=8))
def test_any_json_object(tmp_path, obj):
    _read_all(tmp_path, "x.jsonl", (json.dumps(obj) + "\n").encode())


@given(st.binary(max_size=3000))
def test_decode_returns_text_or_refuses(data):
    try:
        text, enc = decode_bytes(data)
    except BinaryContent:
        return
    assert isinstance(text, str) and enc


_FORMATS = (
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{d:%d}.{d:%m}.{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"Moscow, {d.day} {d:%B} {d.year}",
)
_SENTENCE = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Zs"), max_codepoint=0x24F), min_size=1, max_size=80)


@SETTINGS
@given(
    title=st.text(alphabet=st.characters(whitelist_categories=("L", "Zs"), max_codepoint=0x24F), min_size=1, max_size=120).filter(str.strip),
    paragraphs=st.lists(_SENTENCE.filter(str.strip), min_size=1, max_size=6),
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    fmt=st.sampled_from(_FORMATS),
    crlf=st.booleans(),
    blank=st.booleans(),
)
def test_layout_round_trip(tmp_path, title, paragraphs, date, fmt, crlf, blank):
    """Any title, lowercase paragraphs and date line in the layout come back exactly."""
    date_line = fmt(date)
    sep = ("\r\n" if crlf else "\n") * (2 if blank else 1)
    text = sep.join([title] + paragraphs + [date_line]) + sep
    records = _read_all(tmp_path, "x.txt", text.encode("utf-8"))
    assert len(records) == 1
    rec = records[0]
    assert rec.title == one_line(title)
    assert rec.date == date
    assert rec.body == "\n".join(p.strip() for p in paragraphs)
