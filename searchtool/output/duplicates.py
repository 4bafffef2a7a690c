"""Duplicate clusters (``searchtool dups``) and reuse reports (``searchtool reuse``) as text or JSON."""

from __future__ import annotations

from searchtool.controls import neutralise
from searchtool.output.text import write_json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for annotations only: importing typing costs ~2.5 ms of every search
    from typing import Any, TextIO

    from searchtool.searching.duplicates import Cluster
    from searchtool.searching.request import Duplicate
    from searchtool.searching.reuse import Reuse, Use


def duplicate_json(d: Duplicate) -> dict[str, Any]:
    return {"id": d.id, "title": d.title, "date": d.date.isoformat() if d.date else None, "kind": d.kind,
            "similarity": round(d.similarity, 4)}


def _line(d: Duplicate) -> str:
    date = d.date.isoformat() if d.date else "undated"
    how = "" if d.kind in ("original", "identical") else f" ({d.similarity:.2f})"
    return f"{date}  {d.title or '(untitled)'}  [{d.id}]  {d.kind}{how}"


def write_clusters(clusters: list[Cluster], threshold: float, out: TextIO, as_json: bool) -> None:
    if as_json:
        write_json({"threshold": threshold, "clusters": [
            {"original": duplicate_json(c.original), "duplicates": [duplicate_json(m) for m in c.members]} for c in clusters
        ]}, out)
        return
    statements = sum(1 + len(c.members) for c in clusters)
    exact = sum(1 for c in clusters if all(m.kind == "identical" for m in c.members))
    lines = [f"{len(clusters)} clusters of duplicates, {statements} statements ({exact} exact only; near duplicates "
             f"from an estimated similarity of {threshold:.2f})"]
    for c in clusters:
        lines.append("")
        lines.append(_line(c.original))
        lines.extend("  " + _line(m) for m in c.members)
    out.write(neutralise("\n".join(lines)) + "\n")


def _use_json(u: Use) -> dict[str, Any]:
    return {"id": u.id, "title": u.title, "date": u.date.isoformat() if u.date else None, "speakers": list(u.speakers),
            "words": u.words, "shared": u.shared, "boilerplate": u.boilerplate, "source": u.source}


def _use_line(u: Use) -> str:
    date = u.date.isoformat() if u.date else "undated"
    who = ", ".join(u.speakers[:2]) or "no speaker"
    flags = (" · the cited statement" if u.source else "") + (" · boilerplate" if u.boilerplate else "")
    return f"{date} · {who} · {u.title or '(untitled)'} [{u.id}] · {u.words} words shared{flags}"


def write_reuse(reuse: Reuse, out: TextIO, as_json: bool) -> None:
    """The first use, then the later ones (the cited statement marked), each with what it shares."""
    if as_json:
        write_json({"ref": reuse.ref, "passage": reuse.passage, "min_words": reuse.min_words,
                    "uses": [_use_json(u) for u in reuse.uses]}, out)
        return
    others = [u for u in reuse.uses if not u.source]
    if not others:
        out.write(f"No other statement shares a run of {reuse.min_words} words with this passage\n")
        return
    first, later = reuse.uses[0], reuse.uses[1:]
    lines = [f"First use: {_use_line(first)}", f"  “{first.shared}”"]
    if later:
        lines.append(f"Later uses ({len(later)}):")
        for u in later:
            lines.append(f"  {_use_line(u)}")
            lines.append(f"    “{u.shared}”")
    out.write(neutralise("\n".join(lines)) + "\n")
