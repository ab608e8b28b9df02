"""Training packs: evidence gathered for a theme, a pack file, and its plan, handout and slides."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.facade import Assistant
from assistant.training.evidence import gather
from assistant.training.pack import draft_pack, pack_yaml, read_pack
from assistant.training.render import OUTPUTS, render_pack

DC_WORDS = re.compile(r"disguised (non-)?compliance|knowing the system|just enough", re.I)


def test_disguised_compliance_evidence_is_complete_and_on_topic(bundled: Assistant) -> None:
    evidence = gather(bundled, "disguised compliance")
    gathered = {item.hit.pid for item in evidence.items}
    naming = {
        hit.pid
        for hit in bundled.index.all_passages()
        if hit.kind != "glossary" and DC_WORDS.search(" ".join(hit.text.split()))
    }
    assert naming and naming <= gathered  # every passage naming or describing it
    top = evidence.items[:10]
    assert all(item.terms for item in top)
    assert [item.tier for item in top] == sorted(item.tier for item in top)
    on_topic = {t.name.lower() for t in evidence.terms}
    assert all({term.lower() for term in item.terms} <= on_topic for item in top)
    assert evidence.definition is not None and "co-operate" in evidence.definition.text
    figures = [item for item in evidence.items if "in 6 there was evidence" in item.quote]
    assert figures and figures[0].figures and figures[0].role == "finding"
    roles = evidence.by_role()
    assert {"finding", "recommendation", "procedure"} <= set(roles)


def test_unknown_theme_gathers_nothing(bundled: Assistant) -> None:
    assert gather(bundled, "cryptocurrency regulation").items == []


def test_draft_pack_is_a_valid_pack_whose_timings_add_up(bundled: Assistant) -> None:
    pack = draft_pack(gather(bundled, "disguised compliance"), minutes=75)
    report = read_pack(pack_yaml(pack))
    assert report.ok and report.pack is not None
    assert sum(segment.minutes for segment in report.pack.segments) == 75
    assert report.pack.evidence[0].quote in pack.evidence[0].quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: T\nminutes: 60\nsegments:\n  - {title: A, minutes: 50}\n", "add up to 50 minutes"),
        ("title: T\nminutes: 60\nsegemnts: []\n", "did you mean 'segments'?"),
        ("minutes: 60\n", "title is missing"),
        ("title: T\nminutes: an hour\n", "whole number of minutes"),
        (
            "title: T\nminutes: 10\nsegments:\n  - {title: A, minutes: 10, evidence: [3]}\n",
            "uses evidence 3, but there are 0 items",
        ),
        ("title: T\nminutes: 10\nevidence:\n  - {id: x}\n", "needs 'quote:'"),
    ],
)
def test_pack_problems_are_named(text: str, expected: str) -> None:
    problems = [str(problem) for problem in read_pack(text).problems]
    assert any(expected in problem for problem in problems), problems


def rendered_text(content: str | bytes, output: str) -> str:
    if output.endswith("docx"):
        from docx import Document

        document = Document(io.BytesIO(content))  # type: ignore[arg-type]
        return "\n".join(p.text for p in document.paragraphs)
    if output.endswith("pptx"):
        from pptx import Presentation

        deck = Presentation(io.BytesIO(content))  # type: ignore[arg-type]
        parts = []
        for slide in deck.slides:
            parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
            parts.append("NOTES: " + slide.notes_slide.notes_text_frame.text)
        return "\n".join(parts)
    return html.unescape(str(content))


@pytest.mark.parametrize("theme", ["disguised compliance", "toxic trio"])
def test_every_output_renders_with_sources_and_dates(bundled: Assistant, theme: str) -> None:
    pack = draft_pack(gather(bundled, theme), minutes=90)
    assert pack.evidence, theme
    for output in OUTPUTS:
        rendered, warnings = render_pack(pack, output, bundled)
        assert warnings == []
        text = rendered_text(rendered.content, output)
        assert pack.title in text, output
        if output.startswith(("plan", "handout")):
            # Every quoted passage shows its source and date.
            for choice in pack.evidence:
                assert choice.quote.split(" … ")[0][:60] in " ".join(text.split()), output
            assert "Southampton Children's Services · audit · 2024" in text or theme != (
                "disguised compliance"
            )
        if output == "plan.docx":
            assert "Timings" in text and "Facilitator notes" in text
        if output == "handout.docx":
            assert "Facilitator notes" not in text and "What the evidence says" in text


def test_slides_have_one_slide_a_segment_and_citations_in_the_notes(bundled: Assistant) -> None:
    from pptx import Presentation

    pack = draft_pack(gather(bundled, "disguised compliance"), minutes=90)
    rendered, _ = render_pack(pack, "slides.pptx", bundled)
    deck = Presentation(io.BytesIO(rendered.content))  # type: ignore[arg-type]
    slides = list(deck.slides)
    assert len(slides) == 1 + len(pack.segments)
    for slide, segment in zip(slides[1:], pack.segments, strict=True):
        assert slide.shapes.title.text.startswith(segment.title)
        notes = slide.notes_slide.notes_text_frame.text
        for number in segment.evidence:
            assert f"[{number}] " in notes


def test_evidence_that_changed_or_went_is_reported(bundled: Assistant) -> None:
    pack = draft_pack(gather(bundled, "disguised compliance"), minutes=60)
    pack.evidence[0].quote = "Words that were never in the passage."
    pack.evidence[1].id = "gone#nowhere"
    _rendered, warnings = render_pack(pack, "plan.md", bundled)
    assert any("changed since it was quoted" in w for w in warnings)
    assert any("no longer in the knowledge base" in w for w in warnings)


def test_cli_pack_new_check_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "dc.yaml"
    assert (
        main(["pack", "new", str(pack), "--theme", "disguised compliance", "--minutes", "60"]) == 0
    )
    assert main(["pack", "check", str(pack)]) == 0
    assert main(["pack", "render", str(pack)]) == 0
    out = capsys.readouterr().out
    for output in OUTPUTS:
        assert (tmp_path / f"dc.{output}").exists(), output
    assert "wrote" in out
    assert main(["pack", "gather", "toxic", "trio", "--limit", "3"]) == 0
    assert "domestic abuse" in capsys.readouterr().out.lower()
