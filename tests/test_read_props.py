"""Property tests: no bytes or text make the reader raise."""

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from searchtool.decode import BinaryContent, decode_bytes
from searchtool.reader import ReadReport, discover, read_source
from searchtool.textlayout import parse_layout

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
