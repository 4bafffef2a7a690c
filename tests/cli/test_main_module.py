"""``python -m searchtool`` runs the CLI; importing ``searchtool.__main__`` does not."""

from __future__ import annotations

import subprocess
import sys


def test_importing_main_module_does_not_run_the_cli():
    code = "import searchtool.__main__; print('imported')"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "imported", r.stdout + r.stderr


def test_python_dash_m_runs_the_cli():
    r = subprocess.run([sys.executable, "-m", "searchtool", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "index" in r.stdout
