#!/usr/bin/env python3
"""Build the report archive: raw files in seeds/ -> content/ -> site/. See README.md."""

import sys

from archive.cli import main

if __name__ == "__main__":
    sys.exit(main())
