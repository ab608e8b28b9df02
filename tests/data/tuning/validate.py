#!/usr/bin/env python3
"""Check the tuning set in this folder and write its fixed 70/30 split.

The checks are the held-out sets' (tests/data/eval/validate.py): JSON fields, unique ids,
known kinds and audiences, every gold quote an exact substring of its document after line 1,
every answer fact inside one of that question's gold quotes, unanswerable questions without
gold, cross questions with gold from two or more documents.

The split puts each question in ``tune.jsonl`` or ``heldback.jsonl`` by a hash of its id
alone, so it never depends on results: tune on the first, only report the second.

Usage (from the project root):
    python3 tests/data/tuning/validate.py
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TUNE_SHARE = 70
"""Per cent of the questions tuned on."""


def _held_out_checks():  # type: ignore[no-untyped-def]
    """The held-out sets' validator, used as a library (one home for the checks)."""
    path = HERE.parent / "eval" / "validate.py"
    spec = importlib.util.spec_from_file_location("eval_validate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tuned_on(question_id: str) -> bool:
    """Whether a question is in the tuning share: a fixed hash of its id."""
    digest = hashlib.sha256(f"tuning-split:{question_id}".encode()).hexdigest()
    return int(digest, 16) % 100 < TUNE_SHARE


def write_split(questions: Path) -> tuple[int, int]:
    lines = [line for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    tune = [line for line in lines if tuned_on(json.loads(line)["id"])]
    held = [line for line in lines if not tuned_on(json.loads(line)["id"])]
    folder = questions.parent
    (folder / "tune.jsonl").write_text("".join(f"{line}\n" for line in tune), encoding="utf-8")
    (folder / "heldback.jsonl").write_text("".join(f"{line}\n" for line in held), encoding="utf-8")
    return len(tune), len(held)


def main() -> int:
    checks = _held_out_checks()
    return check_and_split(HERE / "questions.jsonl", checks.load_bodies(HERE / "docs"))


def check_and_split(questions: Path, bodies: dict[str, str]) -> int:
    """Check a question file against its documents, report, and write its split beside it."""
    checks = _held_out_checks()
    problems, kinds = checks.check_file(questions, bodies)
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    status = "OK" if not problems else f"{len(problems)} PROBLEM(S)"
    print(
        f"{questions.name}: {sum(kinds.values())} questions over {len(bodies)} documents "
        f"({summary}): {status}"
    )
    for problem in problems:
        print("  " + problem)
    if problems:
        return 1
    tune, held = write_split(questions)
    print(f"split: tune.jsonl {tune}, heldback.jsonl {held}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
