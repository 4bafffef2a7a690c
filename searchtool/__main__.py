"""Allow ``python -m searchtool``."""

from searchtool.cli import main

main()
