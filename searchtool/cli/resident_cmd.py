"""``searchtool resident``: the resident search processes that are running, and ``--stop``."""

from __future__ import annotations

import typer

import searchtool.cli.resident_protocol as resident_protocol
from searchtool.cli.common import command
from searchtool.controls import neutralise


@command("resident")
def resident_command(
    stop: bool = typer.Option(False, "--stop", help="End them (the next search starts one again, unless SEARCHTOOL_RESIDENT=off)."),
) -> None:
    """List the resident search processes that keep your indexes open between searches, or stop them."""
    found = resident_protocol.stop_all() if stop else resident_protocol.running()
    if not found:
        typer.echo("no resident search process is running")
        return
    verb = "stopped" if stop else "running"
    for pid, index in found:
        typer.echo(f"{verb}  pid {pid}  {neutralise(index)}")
