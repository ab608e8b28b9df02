#!/usr/bin/env python3
"""Check the held-out evaluation sets in this folder.

For every question file it checks that:
- each line is JSON with id, question, kind, gold, answer_facts and audience;
- ids are unique and kind is one of the known kinds;
- every gold quote is an exact substring of the document it names, with the
  document's first line (the SOURCE note) dropped, as the runners import it;
- every answer fact is an exact substring of one of that question's gold quotes;
- unanswerable questions have no gold quotes and no answer facts, and answerable
  ones have both.

Usage (from the project root):
    python3 tests/data/eval/validate.py [--real-docs DIR]

new-docs-questions.jsonl is checked against tests/data/eval/docs/.
real-docs-extra-questions.jsonl is checked against the shared real-document
set (shared/eval/real-docs); give its folder with --real-docs if it is not at
one of the usual places. Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {
    "fact",
    "definition",
    "procedure",
    "finding",
    "recommendation",
    "paraphrase",
    "cross",
    "unanswerable",
}
AUDIENCES = {"practitioner", "trainer", "subgroup"}
FIELDS = ("id", "question", "kind", "gold", "answer_facts", "audience")


def find_real_docs(given: str | None) -> Path | None:
    if given:
        return Path(given)
    root = HERE.parents[2]  # tests/data/eval -> project root
    for candidate in (
        root.parent / "shared" / "eval" / "real-docs",  # a clone beside shared/
        root.parent.parent / "shared" / "eval" / "real-docs",  # a worktree one level deeper
        Path("/work/shared/eval/real-docs"),
    ):
        if candidate.is_dir():
            return candidate
    return None


def load_bodies(folder: Path) -> dict[str, str]:
    """Each document's text as imported: everything after the SOURCE line."""
    bodies = {}
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not lines or not lines[0].startswith("SOURCE: "):
            raise SystemExit(f"{path}: line 1 is not a SOURCE note")
        bodies[path.name] = "".join(lines[1:])
    return bodies


def check_file(path: Path, bodies: dict[str, str]) -> tuple[list[str], collections.Counter[str]]:
    problems: list[str] = []
    kinds: collections.Counter[str] = collections.Counter()
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: not JSON ({error})")
            continue
        missing = [field for field in FIELDS if field not in item]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        qid, kind = item["id"], item["kind"]
        where = f"{where} ({qid})"
        if qid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(qid)
        kinds[kind] += 1
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind {kind!r}")
        if item["audience"] not in AUDIENCES:
            problems.append(f"{where}: unknown audience {item['audience']!r}")
        gold, facts = item["gold"], item["answer_facts"]
        if kind == "unanswerable":
            if gold or facts:
                problems.append(f"{where}: unanswerable but has gold quotes or facts")
            continue
        if not gold or not facts:
            problems.append(f"{where}: answerable but has no gold quotes or no facts")
        quotes = []
        for entry in gold:
            quote, source = entry.get("quote", ""), entry.get("source", "")
            quotes.append(quote)
            if source not in bodies:
                problems.append(f"{where}: source {source!r} is not a document of this set")
            elif quote not in bodies[source]:
                problems.append(f"{where}: quote not found in {source}: {quote[:70]!r}")
        if kind == "cross" and len({entry.get("source") for entry in gold}) < 2:
            problems.append(f"{where}: cross question with gold from fewer than two documents")
        for fact in facts:
            if not any(fact in quote for quote in quotes):
                problems.append(f"{where}: answer fact not in any gold quote: {fact!r}")
    return problems, kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real-docs", help="folder of the shared real documents")
    args = parser.parse_args()

    checks = [(HERE / "new-docs-questions.jsonl", HERE / "docs")]
    real_docs = find_real_docs(args.real_docs)
    if real_docs is None:
        print("real-docs folder not found: pass --real-docs DIR", file=sys.stderr)
        return 2
    checks.append((HERE / "real-docs-extra-questions.jsonl", real_docs))

    failed = False
    for questions, folder in checks:
        bodies = load_bodies(folder)
        problems, kinds = check_file(questions, bodies)
        total = sum(kinds.values())
        summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        status = "OK" if not problems else f"{len(problems)} PROBLEM(S)"
        counted = f"{total} questions over {len(bodies)} documents"
        print(f"{questions.name}: {counted} ({summary}): {status}")
        for problem in problems:
            print("  " + problem)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
