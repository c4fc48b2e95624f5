"""Entry point: `.venv/bin/python bench/run.py --help`.

A thin shim so the bench runs as a script from the repo root: it puts the repo (not
bench/) first on sys.path and hands over to bench.runner.
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _main() -> int:
    sys.path[0] = str(REPO)
    from bench.runner import main

    return main()


if __name__ == "__main__":
    raise SystemExit(_main())
