"""A timeline as a picture for a report: an SVG line chart written by hand, and a PNG of it.

SVG by hand (the standard library's XML escaping, about a hundred lines) rather than a plotting
library: matplotlib is a 9.9 MB wheel with numpy and more, and the chart needs only axes, labels,
a legend and one line per series. Periods with nothing published break a line (no data is not
zero); each point is a dot so that a lone period between two gaps still shows. A PNG is the SVG
rendered by ``rsvg-convert`` (librsvg, packaged by every Linux distribution and Homebrew), run
only when asked for.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from searchtool.errors import SearchtoolError, UsageError
from searchtool.output.timeline import PER_WORDS, series_name, value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from searchtool.searching.timeline import Timeline

WIDTH, HEIGHT = 960, 480
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 48, 64
#: Line colours (Okabe-Ito, readable by colour-blind readers), one per series in turn.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
#: Most period labels written under the x axis (the others get a tick only).
MAX_X_LABELS = 12
FONT = "font-family=\"DejaVu Sans, Arial, sans-serif\""


def _nice_top(top: float) -> float:
    """A round axis maximum at or above ``top`` (1, 2, 4, 6 or 8 times a power of ten: its
    quarters, where the grid lines go, are round too)."""
    if top <= 0:
        return 1.0
    power = 10 ** (len(str(int(top))) - 1) if top >= 1 else 10 ** -len(str(int(1 / top)))
    for step in (1, 2, 4, 6, 8, 10):
        if step * power >= top:
            return step * power
    return 10 * power


def _axis_text(v: float, per: str) -> str:
    if per == "none":
        return f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"
    if per == "words":
        return f"{v * PER_WORDS:.3g}"
    return f"{v * 100:.3g}%"


def svg(tl: Timeline, title: str | None = None) -> str:
    """The chart as one SVG document: a ``<g class="series">`` per series (its ``data-query``
    the query), axes with ticks and labels, a legend, a title."""
    labels = tl.labels
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [[value(p, tl.per) for p in s.periods] for s in tl.series]
    top = _nice_top(max((v for vs in values for v in vs if v is not None), default=0.0))
    count = max(len(labels), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / count)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    unit = {"statements": "share of statements published", "words": "occurrences per 10,000 words",
            "none": "matching statements"}[tl.per]
    heading = title or ", ".join(series_name(s) for s in tl.series) + f" by {tl.by}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="28" font-size="16" font-weight="bold" {FONT}>{escape(heading)}</text>',
        '<g class="axes" stroke="#444444" stroke-width="1">',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
        "</g>",
        f'<g class="y-ticks" font-size="11" {FONT} fill="#444444">',
    ]
    for k in range(5):
        v = top * k / 4
        out.append(f'<line x1="{LEFT}" y1="{y(v):.1f}" x2="{LEFT + plot_w}" y2="{y(v):.1f}" stroke="#dddddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{escape(_axis_text(v, tl.per))}</text>')
    out.append("</g>")
    out.append(f'<g class="x-ticks" font-size="11" {FONT} fill="#444444">')
    every = max(1, -(-len(labels) // MAX_X_LABELS))
    for i, label in enumerate(labels):
        out.append(f'<line x1="{x(i):.1f}" y1="{TOP + plot_h}" x2="{x(i):.1f}" y2="{TOP + plot_h + 4}" stroke="#444444"/>')
        if i % every == 0:
            out.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{escape(label)}</text>')
    out.append("</g>")
    nodata = [i for i in range(len(labels)) if all(s.periods[i].N == 0 for s in tl.series)]
    if nodata:
        out.append('<g class="no-data" fill="#eeeeee">')
        step = plot_w / count
        for i in nodata:
            out.append(f'<rect x="{x(i) - step / 2:.1f}" y="{TOP}" width="{step:.1f}" height="{plot_h}"/>')
        out.append("</g>")
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 18}" text-anchor="middle" font-size="12" {FONT}>'
               f'{escape(tl.by)} (grey: nothing published; hollow dot: fewer than {tl.low_n} published)</text>')
    out.append(f'<text x="16" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" font-size="12" {FONT} '
               f'transform="rotate(-90 16 {TOP + plot_h / 2:.1f})">{escape(unit)}</text>')
    for k, (s, vs) in enumerate(zip(tl.series, values)):
        colour = COLOURS[k % len(COLOURS)]
        out.append(f'<g class="series" data-query={quoteattr(series_name(s))} stroke={quoteattr(colour)} '
                   f'fill={quoteattr(colour)} stroke-width="2">')
        run: list[str] = []
        for i, v in enumerate(vs + [None]):
            if v is None:
                if len(run) > 1:
                    out.append(f'<polyline fill="none" points="{" ".join(run)}"/>')
                run = []
                continue
            run.append(f"{x(i):.1f},{y(v):.1f}")
            if 0 < s.periods[i].N < tl.low_n and tl.per != "words":  # a share of a handful: hollow
                out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="#ffffff" stroke-width="1.5"/>')
            else:
                out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" stroke="none"/>')
        out.append("</g>")
    out.append(f'<g class="legend" font-size="12" {FONT}>')
    for k, s in enumerate(tl.series):
        ly = TOP + 8 + 18 * k
        colour = COLOURS[k % len(COLOURS)]
        out.append(f'<rect x="{LEFT + plot_w - 220}" y="{ly - 9}" width="12" height="12" fill={quoteattr(colour)}/>')
        out.append(f'<text x="{LEFT + plot_w - 202}" y="{ly + 1}">{escape(series_name(s)[:32])}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_svg(tl: Timeline, path: Path) -> None:
    try:
        Path(path).write_text(svg(tl), encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from None


#: The program that turns the SVG into a PNG.
RENDERER = "rsvg-convert"


def png_renderer() -> str:
    """The path of ``rsvg-convert``, or a one-line error saying how to get it."""
    program = shutil.which(RENDERER)
    if program is None:
        raise UsageError(
            f"--png needs {RENDERER}, which is not installed",
            hint="install librsvg (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg), or use --svg",
        )
    return program


def write_png(tl: Timeline, path: Path) -> None:
    """The chart as a PNG at ``path``, drawn by ``rsvg-convert`` from the SVG."""
    program = png_renderer()
    try:
        done = subprocess.run([program, "--format", "png", "--output", str(path)], input=svg(tl).encode("utf-8"),
                              capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchtoolError(f"{RENDERER} failed: {err}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SearchtoolError(f"{RENDERER} could not write {path}: {detail[0] if detail else 'exit ' + str(done.returncode)}")
