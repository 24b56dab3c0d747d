#!/usr/bin/env python3
"""Build the CRPS patient-information site. Run `python build.py --help`."""

import sys

if __name__ == "__main__":
    try:
        from crpsgen.cli import main
    except KeyboardInterrupt:  # Ctrl+C while Python was still starting: one line, as ever
        print("interrupted; output/ unchanged", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())
