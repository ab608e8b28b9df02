"""Measuring answers against gold questions, beside plain BM25 over passages and documents."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answering.question import NUMBER_WORDS
from assistant.corpus.knowledge_files import discover
from assistant.search.baseline import DocumentBaseline
from assistant.storage.atomic import write_text_atomic

if TYPE_CHECKING:
    from assistant.facade import Assistant

UNANSWERABLE = "unanswerable"


@dataclass
class GoldQuestion:
    """A question with the quotes that answer it and the facts an answer must contain."""

    id: str
    question: str
    kind: str
    quotes: list[tuple[str, str]]
    """(quote, source file name) pairs."""
    facts: list[str]

    @property
    def answerable(self) -> bool:
        """False for questions the knowledge base is not meant to answer."""
        return self.kind != UNANSWERABLE


@dataclass
class Outcome:
    """How one system did on one question."""

    id: str
    kind: str
    recall: float | None
    facts: float | None
    declined: bool
    answerable: bool
    found_quotes: list[bool] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    answer: str = ""


@dataclass
class Figures:
    """Averages over a set of outcomes."""

    n: int
    recall: float | None
    facts: float | None
    decline_precision: float | None
    decline_recall: float | None
    false_declines: int


SYSTEMS = ("assistant", "passages", "baseline")
"""The assistant; plain BM25 over the same passages (what its re-ranking must beat); plain
BM25 over whole documents, as a keyword search page shows them."""


@dataclass
class EvalReport:
    """Results for the assistant and the two baselines."""

    k: int
    assistant: list[Outcome]
    baseline: list[Outcome]
    passages: list[Outcome] = field(default_factory=list)

    def outcomes(self, system: str) -> list[Outcome]:
        """One system's outcomes."""
        return {"assistant": self.assistant, "passages": self.passages}.get(system, self.baseline)

    def figures(self, system: str, kind: str | None = None) -> Figures:
        """Averages for one system, overall or for one kind of question."""
        outcomes = self.outcomes(system)
        if kind:
            outcomes = [o for o in outcomes if o.kind == kind]
        return summarise(outcomes)

    @property
    def systems(self) -> tuple[str, ...]:
        """The systems measured (the passage baseline only when it was run)."""
        return SYSTEMS if self.passages else ("assistant", "baseline")

    def as_json(self) -> dict[str, Any]:
        """Everything, for keeping beside a change."""
        kinds = sorted({o.kind for o in self.assistant})
        return {
            "k": self.k,
            "overall": {s: vars(self.figures(s)) for s in self.systems},
            "by_kind": {
                kind: {s: vars(self.figures(s, kind)) for s in self.systems} for kind in kinds
            },
            "questions": [vars(o) for o in self.assistant],
            "passages_questions": [vars(o) for o in self.passages],
            "baseline_questions": [vars(o) for o in self.baseline],
        }


def normalise(text: str) -> str:
    """Lower case, punctuation gone, whitespace single, number words as digits."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"[^\w%]+", " ", text)
    words = [str(NUMBER_WORDS[w]) if w in NUMBER_WORDS else w for w in text.split()]
    return " ".join(words)


def load_gold(path: Path) -> list[GoldQuestion]:
    """Read a gold file; ValueError names the line of any problem."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(
                GoldQuestion(
                    id=str(data.get("id", f"line{number}")),
                    question=str(data["question"]),
                    kind=str(data.get("kind", "")),
                    quotes=[
                        (str(g["quote"]), str(g.get("source", ""))) for g in data.get("gold", [])
                    ],
                    facts=[str(fact) for fact in data.get("answer_facts", [])],
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"line {number}: {error}") from None
    return questions


def score_answer(
    question: GoldQuestion,
    passages: list[tuple[str, str]],
    answer: str,
    declined: bool,
    k: int,
) -> Outcome:
    """One outcome from the first passages cited (source name, text) and the answer text."""
    found: list[bool] = []
    for quote, source in question.quotes:
        wanted = normalise(quote)
        found.append(
            any(
                wanted in normalise(text)
                for name, text in passages[:k]
                if not source or name == source
            )
        )
    answer_text = normalise(answer)
    missing = [fact for fact in question.facts if normalise(fact) not in answer_text]
    return Outcome(
        id=question.id,
        kind=question.kind,
        recall=sum(found) / len(found) if found else None,
        facts=1 - len(missing) / len(question.facts) if question.facts else None,
        declined=declined,
        answerable=question.answerable,
        found_quotes=found,
        missing_facts=missing,
        answer=answer,
    )


def summarise(outcomes: list[Outcome]) -> Figures:
    """Mean recall and fact coverage over answerable questions; decline precision and recall."""
    recalls = [o.recall for o in outcomes if o.answerable and o.recall is not None]
    facts = [o.facts for o in outcomes if o.answerable and o.facts is not None]
    declined = [o for o in outcomes if o.declined]
    unanswerable = [o for o in outcomes if not o.answerable]
    right = sum(1 for o in declined if not o.answerable)
    return Figures(
        n=len(outcomes),
        recall=sum(recalls) / len(recalls) if recalls else None,
        facts=sum(facts) / len(facts) if facts else None,
        decline_precision=right / len(declined) if declined else None,
        decline_recall=right / len(unanswerable) if unanswerable else None,
        false_declines=sum(1 for o in declined if o.answerable),
    )


def evaluate(
    assistant: Assistant,
    questions: list[GoldQuestion],
    k: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> EvalReport:
    """Ask every question of the assistant and of the baselines; score all three."""
    sources = source_names(assistant)
    baseline = DocumentBaseline(assistant.settings.knowledge_dirs, sources)
    ours: list[Outcome] = []
    theirs: list[Outcome] = []
    plain: list[Outcome] = []
    for number, question in enumerate(questions, start=1):
        answer = assistant.ask(question.question)
        passages = [(sources.get(c.hit.doc_id, ""), c.hit.text) for c in answer.citations]
        ours.append(score_answer(question, passages, answer.body_markdown(), answer.declined, k))
        hits = assistant.plain_search(question.question, k)
        found = [(sources.get(hit.doc_id, ""), hit.text) for hit in hits]
        # What a reader of the passages themselves would see: their whole text.
        shown = "\n".join(text for _source, text in found)
        plain.append(score_answer(question, found, shown, not found, k))
        text, fragments, declined = baseline.answer(question.question, k)
        theirs.append(score_answer(question, fragments, text, declined, k))
        if progress:
            progress(number, len(questions))
    return EvalReport(k, ours, theirs, plain)


def source_names(assistant: Assistant) -> dict[str, str]:
    """Each document id's ``source:`` (the file it was imported from), for matching gold quotes."""
    names: dict[str, str] = {}
    for path, doc_id in discover(assistant.settings.knowledge_dirs):
        if path.suffix != ".md":
            continue
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        match = re.search(r"^source:\s*['\"]?([^'\"\n]+)", head, re.MULTILINE)
        names[doc_id] = Path(match.group(1).strip()).name if match else path.name
    return names


def save_results(report: EvalReport, path: Path) -> None:
    """Every figure and every question's outcome, as JSON, for keeping beside a change."""
    write_text_atomic(path, json.dumps(report.as_json(), indent=2, ensure_ascii=False))


def format_table(report: EvalReport) -> str:
    """Overall and per-kind figures for the assistant and the baseline, side by side."""

    def cell(value: float | None) -> str:
        return "   -" if value is None else f"{value:4.2f}"

    kinds = sorted({o.kind for o in report.assistant})
    header = (
        f"{'kind':<15}{'system':<11}{'n':>3}  recall@{report.k}  facts  declined  false declines"
    )
    lines = [header, "-" * len(header)]
    for kind in [*kinds, None]:
        for system in report.systems:
            f = report.figures(system, kind)
            unanswerable = [
                o
                for o in report.outcomes(system)
                if (kind is None or o.kind == kind) and not o.answerable
            ]
            declined = (
                f"{sum(o.declined for o in unanswerable)}/{len(unanswerable)}"
                if unanswerable
                else "-"
            )
            label = (kind or "OVERALL") if system == "assistant" else ""
            lines.append(
                f"{label:<15}{system:<11}{f.n:>3}  {cell(f.recall):>8}  {cell(f.facts):>5}  "
                f"{declined:>8}  {f.false_declines:>14}"
            )
        if kind is None:
            continue
    overall = report.figures("assistant")
    base = report.figures("baseline")
    lines.append("")
    if report.passages:
        lines.append(
            "passages: plain BM25 over the same passages, the top k shown whole; "
            "baseline: plain BM25 over whole documents, as a search page shows them"
        )
    lines.append(
        f"decline precision/recall: assistant {cell(overall.decline_precision)}/"
        f"{cell(overall.decline_recall)}, baseline {cell(base.decline_precision)}/"
        f"{cell(base.decline_recall)}"
    )
    misses = [
        o
        for o in report.assistant
        if (o.recall is not None and o.recall < 1)
        or o.missing_facts
        or o.declined != (not o.answerable)
    ]
    if misses:
        lines.append("")
        lines.append("questions to look at:")
        for o in misses:
            parts = []
            if o.recall is not None and o.recall < 1:
                parts.append(f"recall {o.recall:.2f}")
            if o.missing_facts:
                parts.append("missing " + ", ".join(repr(f) for f in o.missing_facts))
            if o.declined and o.answerable:
                parts.append("declined")
            if not o.declined and not o.answerable:
                parts.append("answered an unanswerable question")
            lines.append(f"  {o.id} ({o.kind}): {'; '.join(parts)}")
    return "\n".join(lines)
