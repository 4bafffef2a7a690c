"""Running code in a fresh interpreter: start-up checks need one, since the test process has
long imported everything."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def run_python(code: str, *args: str) -> dict:
    """Run ``code`` in a new interpreter with ``args`` as ``sys.argv[1:]``; it prints one JSON
    document as its last line, which is returned."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])
