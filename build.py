#!/usr/bin/env python3
"""Build the CRPS patient-information site. Run `python build.py --help`."""

import sys

from crpsgen.cli import main

if __name__ == "__main__":
    sys.exit(main())
