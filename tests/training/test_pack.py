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
from assistant.training.pack import Pack, draft_pack, pack_yaml, read_pack
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


def filled(pack: Pack) -> Pack:
    """A drafted pack with what only a trainer can write filled in."""
    pack.case_study = pack.case_study.replace("[Fill in: ", "").replace("]", "")
    pack.definition = pack.definition.replace("[Fill in: ", "").replace("]", "")
    return pack


@pytest.mark.parametrize("theme", ["disguised compliance", "toxic trio"])
def test_every_output_renders_with_sources_and_dates(bundled: Assistant, theme: str) -> None:
    pack = filled(draft_pack(gather(bundled, theme), minutes=90))
    assert pack.evidence, theme
    for output in OUTPUTS:
        rendered, warnings = render_pack(pack, output, bundled)
        assert warnings == []
        text = rendered_text(rendered.content, output)
        assert pack.title in text, output
        if output.startswith(("plan", "handout")):
            # Every quoted passage shows its source and date (the sources close the document).
            for choice in pack.evidence:
                if choice.role != "case example":
                    assert choice.quote.split(" … ")[0][:60] in " ".join(text.split()), output
                assert choice.source.split(" — ")[0] in text, output
            assert "Southampton Children's Services · audit · 2024" in text or theme != (
                "disguised compliance"
            )
        if output == "plan.docx":
            assert "Timings" in text and "Facilitator notes" in text
        if output == "handout.docx":
            assert "Facilitator notes" not in text and "minutes" not in text


def test_the_definition_reaches_plan_handout_and_slides_labelled_as_ours(
    bundled: Assistant,
) -> None:
    evidence = gather(bundled, "disguised compliance")
    assert evidence.term is not None
    pack = draft_pack(evidence, minutes=90)
    definition = " ".join(evidence.term.definition.split())
    assert pack.definition == definition
    assert "Reder, Duncan and Gray (1993)" in pack.definition_source  # the origin, cited
    assert "NSPCC Learning (2025)" in pack.definition_source  # and the critique
    assert "1993" in definition and "blaming" in definition
    for output in ("plan.md", "plan.html", "plan.docx", "handout.html", "handout.docx"):
        content = render_pack(pack, output, bundled)[0].content
        text = " ".join(rendered_text(content, output).split())
        assert definition in text, output
        assert "Our definition, in our own words (not a quotation)." in text, output
        assert "Sources: Briefing Assistant glossary" in text, output


def handout_headings(output: str, content: str | bytes) -> list[str]:
    if output.endswith("docx"):
        from docx import Document

        document = Document(io.BytesIO(content))  # type: ignore[arg-type]
        return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    return re.findall(r"<h2[^>]*>([^<]*)</h2>", html.unescape(str(content)))


@pytest.mark.parametrize("output", ["handout.html", "handout.docx"])
def test_the_handout_reads_as_a_handout(bundled: Assistant, output: str) -> None:
    pack = draft_pack(gather(bundled, "disguised compliance"), minutes=90)
    content = render_pack(pack, output, bundled)[0].content
    headings = handout_headings(output, content)
    expected = [
        "What disguised compliance means",
        "What the audits found",
        "A case to think about",
        "What to do",
        "Questions to take away",
        "Sources",
    ]
    assert [h for h in headings if h in expected] == expected
    text = rendered_text(content, output)
    assert "in 6 there was evidence" in text  # the audits' figures
    if output.endswith("docx"):
        from docx import Document

        document = Document(io.BytesIO(content))  # type: ignore[arg-type]
        # A quote and its citation are one paragraph: no citation stands alone like a heading.
        alone = [p.text for p in document.paragraphs if re.fullmatch(r"\[\d+\] .*", p.text)]
        before_sources = [p.text for p in document.paragraphs][
            : [p.text for p in document.paragraphs].index("Sources")
        ]
        assert not set(alone) & set(before_sources)
        assert document.core_properties.language == "en-GB"


def test_slides_are_presentable(bundled: Assistant) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    evidence = gather(bundled, "disguised compliance")
    pack = draft_pack(evidence, minutes=90)
    rendered, _ = render_pack(pack, "slides.pptx", bundled)
    deck = Presentation(io.BytesIO(rendered.content))  # type: ignore[arg-type]
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    assert deck.slide_width == Inches(13.333)
    slides = list(deck.slides)
    titles = [slide.shapes.title.text for slide in slides]
    assert not any(re.search(r"\(\d+ ?min", title) for title in titles), titles
    assert titles[-1] == "Sources" and "Exercise: Spot the signs" in titles
    definition = slides[titles.index("What disguised compliance means")]
    texts = [shape.text_frame.text for shape in definition.shapes if shape.has_text_frame]
    assert any(evidence.term.definition.split(".")[0] in " ".join(t.split()) for t in texts)  # type: ignore[union-attr]
    assert any("Our definition, in our own words" in t for t in texts)
    assert any("Sources: Briefing Assistant glossary" in t for t in texts)
    assert any(t.startswith("About the term") for t in titles)
    quotes = {" ".join(choice.quote.split()) for choice in pack.evidence}
    for slide in slides[1:]:
        assert slide.background.fill.fore_color.rgb is not None  # the partnership's colours
        boxes = [s for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
        foot = boxes[-1].text_frame.text
        assert foot, slide.shapes.title.text  # a short source line (or the partnership)
        for box in boxes[:-1]:
            body = " ".join(box.text_frame.text.split())
            if body.startswith("“"):
                # A quote whole, or cut after a sentence with "…", never inside a word.
                said = body.strip("“”").removesuffix(" …")
                assert any(said in quote for quote in quotes), body
                assert body.endswith(("”", "…”", ".”", "?”", "!”")), body
                assert re.match(r"\[\d+\] ", foot), foot
    closing = [s.text_frame.text for s in slides[-1].shapes if s.has_text_frame]
    assert any("Southampton Children's Services · audit · 2024" in t for t in closing)
    case = [slide for slide, title in zip(slides, titles, strict=True) if "Case study" in title]
    told = " ".join(
        " ".join(s.text_frame.text.split())
        for slide in case
        for s in slide.shapes
        if s.has_text_frame and s != slide.shapes.title and not s.text_frame.text.startswith("From")
    )
    assert told.strip().startswith(pack.case_study.split(".")[0])  # the case study, in order
    notes = " ".join(slide.notes_slide.notes_text_frame.text for slide in slides)
    for number in range(1, len(pack.evidence) + 1):
        assert f"[{number}] " in notes  # full citations stay in the notes


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
