#!/usr/bin/env python3
"""Check the further questions on the 20 shared real documents and write their 70/30 split.

The checks are the held-out sets' (tests/data/eval/validate.py) and the split is the tuning
set's (tests/data/tuning/validate.py: a fixed hash of each id), both used as libraries; the
documents are the shared ones (shared/eval/real-docs beside the project, or one level further
up for a worktree; REAL_DOCS=DIR or --real-docs DIR names the folder).

Usage (from the project root):
    python3 tests/data/tuning/real-more/validate.py [--real-docs DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _tuning():  # type: ignore[no-untyped-def]
    """tests/data/tuning/validate.py as a library (its split rule and the held-out checks)."""
    path = HERE.parent / "validate.py"
    spec = importlib.util.spec_from_file_location("tuning_validate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-docs", default=os.environ.get("REAL_DOCS") or None)
    args = parser.parse_args()
    tuning = _tuning()
    checks = tuning._held_out_checks()
    folder = checks.find_real_docs(args.real_docs)
    if folder is None or not folder.is_dir():
        print("real-docs folder not found: set REAL_DOCS=DIR or --real-docs DIR", file=sys.stderr)
        return 2
    return int(tuning.check_and_split(HERE / "questions.jsonl", checks.load_bodies(folder)))


if __name__ == "__main__":
    sys.exit(main())
