"""What every test runs under.

Resident search processes (docs/search.md, "A search process that stays") are off for the
whole suite: a search run by a test, in process or in a subprocess, must not leave a process
behind that answers the next test's search. ``tests/cli/test_resident.py`` turns them on for
its own searches, in a folder of its own, and stops them.
"""

from __future__ import annotations

import os

os.environ["SEARCHTOOL_RESIDENT"] = "off"
