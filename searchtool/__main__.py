"""Allow ``python -m searchtool``."""

from searchtool.cli import main

if __name__ == "__main__":
    main()
