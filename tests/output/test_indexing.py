"""What ``searchtool index`` shows: the progress bar the indexer reports to, the final line."""

import io

from searchtool.indexing.update import IndexSummary, update_index
from searchtool.output.indexing import RichProgress, final_line, print_summary
from tests.support.collection import write_collection


def test_progress_bar_shows_files_statements_rate(tmp_path):
    corpus = write_collection(tmp_path / "corpus", n=12)
    out = io.StringIO()
    bar = RichProgress(out, force_terminal=True)
    s = update_index([corpus], tmp_path / "ix", jobs=1, progress=bar)
    text = out.getvalue()
    assert s.records_total == 15
    assert "13/13" in text and "15 statements" in text and "MB/s" in text and "ETA" in text


def test_piped_end_of_run_is_the_final_line_and_notes_go_to_stderr():
    summary = IndexSummary("ix", added=3, records_total=4, index_bytes=105_200, seconds=0.25,
                           notes=["the index was rebuilt"])
    out, err = io.StringIO(), io.StringIO()
    print_summary(summary, out, err, quiet=False, as_json=False)
    assert out.getvalue() == final_line(summary) + "\n"
    assert final_line(summary) == (
        "ix updated: 3 added, 0 updated, 0 removed, 0 unchanged, 0 skipped; 4 statements, 105.2 KB, 0.2 s"
    )
    assert err.getvalue() == "note: the index was rebuilt\n"


def test_a_run_that_changed_nothing_says_so():
    summary = IndexSummary("ix", unchanged=1, records_total=1, seconds=0.01)
    assert final_line(summary) == "ix is up to date: 1 file unchanged, 1 statement (0.01 s)"


def test_a_bar_is_redrawn_at_most_every_tenth_of_a_second(monkeypatch):
    from searchtool.output import progress

    clock = iter([10.0, 10.05, 10.09, 10.11, 10.5])
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    throttle = progress.Throttle()
    assert [throttle.due() for _ in range(5)] == [True, False, False, True, True]
