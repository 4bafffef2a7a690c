"""The timeline chart: the SVG is XML with one series per query, and drawn to PNG it shows the
axes' white ground, the grey band of a period with no data and the series' colours."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from searchtool.output import chart
from searchtool.searching.request import SearchRequest
from searchtool.searching.timeline import timeline
from tests.support.cli import run
from tests.support.png import pixel, read_png

NS = {"svg": "http://www.w3.org/2000/svg"}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_the_svg_is_xml_with_one_series_per_query(generated, tmp_path):
    out = tmp_path / "t.svg"
    done = run("timeline", "--index", str(generated), "peace", '"arms control"', "treaty", "--by", "year",
               "--svg", str(out), "--color", "never")
    assert done.exit_code == 0
    root = ET.parse(out).getroot()
    series = root.findall(".//svg:g[@class='series']", NS)
    assert [g.get("data-query") for g in series] == ["peace", '"arms control"', "treaty"]
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "2015" in texts and "2022" in texts  # x axis: the first and last years
    assert "0%" in texts and "share of statements published" in texts  # y axis and its unit
    assert {"peace", '"arms control"', "treaty"} <= set(texts)  # the legend
    for g in series:
        assert g.findall("svg:circle", NS) and g.findall("svg:polyline", NS)


def test_a_period_with_no_data_breaks_the_line(state_slice):
    tl = timeline(state_slice, ["afghanistan"], SearchRequest(query=""), by="month")
    root = ET.fromstring(chart.svg(tl))
    (series,) = root.findall(".//svg:g[@class='series']", NS)
    assert len(series.findall("svg:circle", NS)) == 2  # August 2021 and February 2022 only
    assert not series.findall("svg:polyline", NS)  # nothing to join across the hole
    assert len(root.findall(".//svg:g[@class='no-data']/svg:rect", NS)) == 5


@pytest.mark.skipif(shutil.which("rsvg-convert") is None,
                    reason="rsvg-convert is absent (Debian: apt-get install librsvg2-bin; .ci/run installs it where it can)")
def test_the_png_shows_the_chart(state_slice, tmp_path):
    out = tmp_path / "t.png"
    done = run("timeline", "--index", str(state_slice), "ukraine", "afghanistan", "--by", "week", "--png", str(out),
               "--color", "never")
    assert done.exit_code == 0, done.output
    width, height, rows, bpp = read_png(out)
    assert (width, height) == (chart.WIDTH, chart.HEIGHT)
    assert pixel(rows, bpp, 3, 3) == (255, 255, 255)  # the ground
    tl = timeline(state_slice, ["ukraine"], SearchRequest(query=""), by="week")
    middle = len(tl.labels) // 2  # deep inside the hole between August and February
    plot_w = chart.WIDTH - chart.LEFT - chart.RIGHT
    x = int(chart.LEFT + plot_w * (middle + 0.5) / len(tl.labels))
    assert tl.series[0].periods[middle].N == 0
    assert pixel(rows, bpp, x, chart.TOP + 20) == (238, 238, 238)  # the grey no-data band
    plot = [pixel(rows, bpp, px, py) for py in range(chart.TOP, chart.HEIGHT - chart.BOTTOM, 2)
            for px in range(chart.LEFT + 1, chart.WIDTH - chart.RIGHT, 2)]
    for colour in chart.COLOURS[:2]:  # both series are drawn, in their own colours
        assert plot.count(_rgb(colour)) > 20, colour
    assert not any(p == _rgb(chart.COLOURS[2]) for p in plot)  # and no third one


def test_png_without_the_renderer_is_a_clear_error(generated, tmp_path, monkeypatch):
    monkeypatch.setattr(chart.shutil, "which", lambda name: None)
    done = run("timeline", "--index", str(generated), "peace", "--png", str(tmp_path / "t.png"))
    assert done.exit_code == 2
    assert done.stderr.startswith("searchtool: error: --png needs rsvg-convert, which is not installed")
    assert not (tmp_path / "t.png").exists()


def test_an_unwritable_svg_path_is_a_clear_error(generated, tmp_path):
    done = run("timeline", "--index", str(generated), "peace", "--svg", str(tmp_path / "no" / "such" / "t.svg"))
    assert done.exit_code == 2 and done.stderr.startswith("searchtool: error: cannot write ")
