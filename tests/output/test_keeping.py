"""Saved-search reports, duplicate clusters and citations as text: control characters in a
statement's title reach the terminal only as visible characters."""

from __future__ import annotations

import datetime as dt
import io

from searchtool.output.citation import write_citations
from searchtool.output.duplicates import write_clusters
from searchtool.output.watches import pending_line, write_watch_reports
from searchtool.searching.citation import Citation
from searchtool.searching.duplicates import Cluster
from searchtool.searching.request import Duplicate, Hit, SearchRequest
from searchtool.searching.watches import Watch, WatchReport

EVIL = "Readout\x1b]52;c;cm0gLXJmIH4=\x07 \x1b[2J"


def test_watch_reports_list_new_then_changed_and_neutralise_titles():
    hit = Hit(1, "a1", 1.0, EVIL, dt.date(2022, 6, 1), ["Ned Price"], "readout", "x.txt", None, "", [], 0, label=EVIL)
    report = WatchReport(Watch("w", SearchRequest("grain"), 1, 0.0, None), 1, 2, [hit], [hit])
    out = io.StringIO()
    write_watch_reports([report], out, as_json=False)
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "␛]52" in text
    assert text.index("w: 1 new, 1 changed since run 1") < text.index("changed (same id, new content):")
    assert pending_line([("w", 3), ("x", 1)]) == "2 saved searches have new statements: w (3), x (1) → searchtool watch run"


def test_clusters_and_citations_neutralise_titles():
    dup = Duplicate("b2", EVIL, dt.date(2022, 6, 2), "identical", 1.0)
    out = io.StringIO()
    write_clusters([Cluster(Duplicate("a1", "Original", dt.date(2022, 6, 1), "original", 1.0), [dup])], 0.8, out, as_json=False)
    assert "\x1b" not in out.getvalue() and "1 clusters of duplicates, 2 statements (1 exact only" in out.getvalue()
    c = Citation("price-2022-06-01-readout", "a1", None, "document", "readout", EVIL, [{"family": "Price", "given": "Ned"}],
                 dt.date(2022, 6, 1), "", "", "", "", "", "", dt.date(2026, 1, 2), "x.txt", "0.1.0", "gen-1", 1, None)
    for fmt in ("bibtex", "ris", "md", "text"):
        cited = io.StringIO()
        write_citations([c], fmt, cited)
        assert "\x1b" not in cited.getvalue(), fmt
