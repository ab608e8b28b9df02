#!/usr/bin/env python3
"""Write question files reworded as practitioners also type them, to measure robustness.

Each variant changes only how a question is put, never what it asks, so its gold quotes and
facts still hold: every word of four letters or more capitalised after the first ("title"),
a role before and a purpose after ("context"), a greeting and thanks around it ("polite"), a
request to be told before it ("request"), a hedge before it ("hedge"). Run one with
``run.sh``'s ``assistant eval`` options on the written file; compare with the file as typed.

Usage (from the project root):
    python3 tests/data/tuning/variants.py QUESTIONS.jsonl OUT_FOLDER
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path


def _title(question: str, _number: int) -> str:
    words = question.split(" ")
    return " ".join(
        w if n == 0 or len(w) < 4 or not w[:1].isalpha() else w[:1].upper() + w[1:]
        for n, w in enumerate(words)
    )


def _lowered(question: str) -> str:
    return question[:1].lower() + question[1:]


def _context(question: str, number: int) -> str:
    role = ["I'm a social worker. ", "I work in a school. ", "I'm a health visitor. "][number % 3]
    purpose = [" Need it for a team meeting.", " It's for supervision.", ""][number % 3]
    return role + question + purpose


def _polite(question: str, _number: int) -> str:
    return f"Hi - quick one, could you tell me {_lowered(question.rstrip('?'))}? Many thanks"


def _request(question: str, number: int) -> str:
    return ["Can you explain ", "Please summarise ", "Briefly, "][number % 3] + _lowered(question)


def _hedge(question: str, number: int) -> str:
    opening = ["I was wondering ", "Just checking - ", "Sorry if this is a silly question but "]
    return opening[number % 3] + _lowered(question)


VARIANTS: dict[str, Callable[[str, int], str]] = {
    "title": _title,
    "context": _context,
    "polite": _polite,
    "request": _request,
    "hedge": _hedge,
}


def main(source: Path, folder: Path) -> None:
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    for name, reword in VARIANTS.items():
        written = []
        for number, line in enumerate(lines):
            entry = json.loads(line)
            entry["question"] = reword(entry["question"], number)
            written.append(json.dumps(entry, ensure_ascii=False))
        target = folder / f"{source.stem}-{name}.jsonl"
        if target.resolve() == source.resolve():
            raise SystemExit(f"{target} is the questions file itself")
        target.write_text("\n".join(written) + "\n", encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
