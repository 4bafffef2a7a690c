"""Sortable numeric columns (``date`` as YYYYMMDD, ``year``) read whole, for filters and sorts.

A date filter or a date sort touches every document's value: reading the column in one go as an
array and comparing raw values (Whoosh's sortable encoding) is what keeps ``--since`` and
``--sort date`` cheap on large indexes.
"""

from __future__ import annotations

from array import array

from searchtool.index.bulkread import numeric_column

TYPE_CHECKING = False
if TYPE_CHECKING:
    from searchtool.dates import DateSpan


class DateColumn:
    """A sortable numeric column (``date``: YYYYMMDD, ``year``) as one array of raw values.

    Raw column values are Whoosh's sortable encoding of the integer; documents without a value
    hold the column default, which sorts after every real value and lies in no span.
    """

    def __init__(self, searcher, fieldname: str = "date"):
        fieldobj = searcher.schema[fieldname]
        self._to_raw = fieldobj.to_column_value
        self._from_raw = fieldobj.from_column_value
        values = None
        for sub, _offset in searcher.leaf_searchers():
            part = _column_values(sub.reader(), fieldname)
            values = part if values is None else values + part
        self.values = values if values is not None else array("L")
        self.missing = fieldobj.default_column()._default if hasattr(fieldobj, "default_column") else None

    def docs_in(self, span: DateSpan) -> set[int]:
        lo = self._to_raw(span.start) if span.start is not None else None
        hi = self._to_raw(span.end) if span.end is not None else None
        missing = self.missing
        vals = self.values
        if lo is None and hi is None:
            return {i for i, v in enumerate(vals) if v != missing}
        if lo is None:
            return {i for i, v in enumerate(vals) if v <= hi and v != missing}
        if hi is None:
            return {i for i, v in enumerate(vals) if v >= lo and v != missing}
        return {i for i, v in enumerate(vals) if lo <= v <= hi}

    def value(self, docnum: int) -> int | None:
        """The column's value for one document, ``None`` when it has none."""
        raw = self.values[docnum]
        return None if raw == self.missing else self._from_raw(raw)

    def known(self) -> dict[int, int]:
        """Every document that has a value, with its value (``timeline`` buckets them)."""
        missing, convert = self.missing, self._from_raw
        return {d: convert(raw) for d, raw in enumerate(self.values) if raw != missing}

    def sort_key(self, newest_first: bool):
        vals, missing = self.values, self.missing
        if newest_first:
            return lambda d: (vals[d] == missing, -vals[d])
        return lambda d: (vals[d] == missing, vals[d])


def _column_values(reader, fieldname: str) -> array:
    """All raw values of a fixed-width numeric column of one segment, read in one go."""
    n = reader.doc_count_all()
    default = reader.schema[fieldname].default_column()._default
    if not reader.has_column(fieldname):
        return array("L", [default]) * n
    values = numeric_column(reader.column_reader(fieldname, translate=False), n, default)
    return values if values.typecode == "L" else array("L", values)
