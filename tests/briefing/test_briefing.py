"""Findings files: checks in plain words, seven points, templates, privacy gate, publishing."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.briefing.findings import read_findings, starter
from assistant.briefing.render import render
from assistant.cli import main
from assistant.config import Partnership, Settings
from assistant.publishing.rendered import RenderError
from tests.conftest import REPO

EXAMPLES = sorted((REPO / "examples" / "briefings").glob("*.yaml"))
PARTNERSHIP = Partnership(name="Example Safeguarding Children Partnership")


def settings_for(partnership: Partnership = PARTNERSHIP, data: Path | None = None) -> Settings:
    """Settings for rendering: a partnership, and a data folder whose templates/ may hold ours."""
    root = data or Path("/nonexistent-briefing-assistant-home")
    return Settings(
        knowledge_dirs=[],
        user_knowledge_dir=root / "knowledge",
        index_dir=root / "index",
        config_path=root / "config.toml",
        data_dir=root,
        partnership=partnership,
    )


SETTINGS = settings_for()


def check(text: str) -> list[str]:
    return [str(issue) for issue in read_findings(text).problems]


def test_examples_check_cleanly_in_both_forms() -> None:
    forms = set()
    for path in EXAMPLES:
        report = read_findings(path.read_text(encoding="utf-8"))
        assert report.ok and not report.warnings and not report.privacy, path
        assert report.findings is not None
        forms.add(report.findings.free_text)
        assert len(report.findings.seven_points()) == 7
    assert forms == {True, False}


def test_an_untouched_starter_is_flagged_and_never_published() -> None:
    text = starter("x.yaml", "Example: SCP")
    report = read_findings(text)
    assert report.findings is not None and report.findings.partnership == "Example: SCP"
    assert not report.ok and report.problems == report.placeholders
    flagged = {issue.field for issue in report.placeholders}
    assert {"title", "background", "working_well[1]", "audit.sample", "actions[1].owner"} <= flagged
    assert all(issue.line for issue in report.placeholders)
    assert not re.search(r"\d+ children|Something that went well", text)  # nothing invented
    for fmt in ("html", "docx", "pdf"):
        with pytest.raises(RenderError, match="placeholder"):
            render(report, fmt, SETTINGS)
    draft = str(render(report, "md", SETTINGS).content)
    assert draft.startswith("> **DRAFT, not for publishing:** 14 placeholders still to fill in")
    # Filled in, it is a briefing like any other.
    filled = re.sub(r"\[Fill in: ([^\]]*)\]", lambda m: m.group(1).capitalize(), text)
    assert read_findings(filled).ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: T\nworking_wel: [a]\n", "line 2 (working_wel): 'working_wel' is not a field"),
        ("title: T\nworking_wel: [a]\n", "did you mean 'working_well'?"),
        ("background: text\n", "the briefing's title is missing: add a 'title:' line"),
        (
            "title: T\nworking_well: {a: 1}\n",
            "line 2 (working_well): what worked well should be a list",
        ),
        (
            "title: T\npublished: 2022-13\nbackground: b\n",
            "line 2 (published): the date has no month 13",
        ),
        (
            "title: T\nbackground: b\nactions:\n  - action: Do it\n    by: 2023-02-30\n",
            "line 5 (actions): action 1: 'by:' is not a real date",
        ),
        ("title: T\npoints: [a, b]\n", "a briefing has seven points; this one has 2"),
        ("title: T\n", "there is nothing to brief"),
        ("title: [oops\n", "line 2: not valid YAML"),
        ("title: T\nbackground: b\nactions:\n  - owner: Me\n", "item 1 of the actions"),
    ],
)
def test_problems_are_named_with_line_and_field(text: str, expected: str) -> None:
    assert any(expected in problem for problem in check(text)), check(text)


def test_both_forms_at_once_is_a_problem() -> None:
    text = "title: T\nbackground: b\npoints: [1, 2, 3, 4, 5, 6, 7]\n"
    assert any("not both" in problem for problem in check(text))


def test_length_warnings() -> None:
    long_point = " ".join(["word"] * 220)
    report = read_findings(f"title: T\nbackground: {long_point}\n")
    assert report.ok
    assert any("point 1 takes about 1.7 minutes" in str(w) for w in report.warnings)
    huge = "\n".join(f"  - {' '.join(['word'] * 150)}" for _ in range(7))
    report = read_findings(f"title: T\npoints:\n{huge}\n")
    assert any("whole briefing takes about 8.1 minutes" in str(w) for w in report.warnings)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["md", "html", "txt", "docx"])
def test_every_format_renders_from_both_examples(path: Path, fmt: str) -> None:
    report = read_findings(path.read_text(encoding="utf-8"))
    rendered = render(report, fmt, SETTINGS)
    if fmt == "docx":
        from docx import Document

        assert isinstance(rendered.content, bytes)
        document = Document(io.BytesIO(rendered.content))
        headings = [p.text for p in word_paragraphs(document) if p.style.name == "Heading 2"]
        assert [h.split()[0] for h in headings] == list("1234567")
        assert document.core_properties.title == report.findings.title  # type: ignore[union-attr]
        return
    assert isinstance(rendered.content, str)
    text = rendered.content
    assert report.findings is not None and report.findings.title.lower() in text.lower()
    if fmt == "html":
        assert text.count("<section ") == 7
        assert 'lang="en-GB"' in text and "@page { size: A4" in text
        # Self-contained: no stylesheet, script or image fetched from elsewhere.
        assert not re.search(r"<(link|script)\b|src=\"http", text)
    if fmt == "md":
        assert re.findall(r"^## (\d)", text, re.MULTILINE) == list("1234567")


def word_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of a Word document, those in table cells (the boxes) included."""
    paragraphs = list(document.paragraphs)
    seen = {id(p._p) for p in paragraphs}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:  # a merged cell is listed once for each column it spans
                fresh = [p for p in cell.paragraphs if id(p._p) not in seen]
                seen |= {id(p._p) for p in fresh}
                paragraphs += fresh
    return paragraphs


def test_html_is_escaped() -> None:
    report = read_findings("title: T <script>alert(1)</script>\nbackground: a & b\n")
    html = render(report, "html", SETTINGS).content
    assert isinstance(html, str)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_privacy_gate() -> None:
    text = "title: T\nbackground: Mrs Patel moved to 14 Acacia Avenue.\n"
    report = read_findings(text)
    assert {note.finding.kind for note in report.unacknowledged} == {"name", "address"}
    with pytest.raises(RenderError, match="could identify a child or family"):
        render(report, "html", SETTINGS)
    with pytest.raises(RenderError):
        render(report, "docx", SETTINGS)
    assert render(report, "md", SETTINGS).content  # drafts are not published
    allowed = render(report, "html", SETTINGS, allow_identifying="consent given").content
    assert '<meta name="privacy-override" content="consent given">' in str(allowed)
    acknowledged = read_findings(
        text + "acknowledged:\n  - text: Mrs Patel\n    reason: author\n"
        "  - text: 14 Acacia Avenue\n    reason: a public office\n"
    )
    assert not acknowledged.unacknowledged
    assert render(acknowledged, "html", SETTINGS).content


def test_user_templates_come_first_extend_ours_and_are_sandboxed(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "briefing"
    folder.mkdir(parents=True)
    (folder / "default.html.j2").write_text(
        '{% extends "default:briefing/default.html.j2" %}'
        "{% block footer %}<footer>Our own footer</footer>{% endblock %}",
        encoding="utf-8",
    )
    (folder / "sneaky.md.j2").write_text("{{ briefing.__class__.__mro__ }}", encoding="utf-8")
    report = read_findings(EXAMPLES[0].read_text(encoding="utf-8"))
    settings = settings_for(data=tmp_path)
    html = render(report, "html", settings).content
    assert "Our own footer" in str(html) and str(html).count("<section ") == 7
    with pytest.raises(RenderError, match="failed"):
        render(report, "md", settings, template="sneaky")


def test_cli_new_check_render_and_publish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    findings = tmp_path / "findings.yaml"
    assert main(["briefing", "new", str(findings)]) == 0
    assert main(["briefing", "new", str(findings)]) == 1  # nothing overwritten
    example = REPO / "examples" / "briefings" / "repeat-plans-within-two-years.yaml"
    findings.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["briefing", "check", str(findings)]) == 0
    assert "ok: seven points" in capsys.readouterr().out
    out = tmp_path / "briefing.docx"
    assert main(["briefing", "render", str(findings), "--format", "docx", "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert main(["briefing", "render", str(findings), "--format", "md", "--publish"]) == 0
    published = isolated_home / "knowledge" / "briefing-findings.md"
    assert "kind: briefing" in published.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["ask", "--json", "how much did repeat plans increase between 2017 and 2018?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert any(c["doc_id"] == "briefing-findings" for c in answer["citations"])


def test_cli_refuses_identifying_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    findings = tmp_path / "f.yaml"
    findings.write_text("title: T\nbackground: Call 07700 900123.\n", encoding="utf-8")
    assert main(["briefing", "render", str(findings), "--format", "html"]) == 1
    captured = capsys.readouterr()
    assert "not rendered" in captured.err and "phone number" in captured.err
    assert not findings.with_suffix(".html").exists()


def test_partnership_logo_and_colours_from_configuration(tmp_path: Path) -> None:
    import base64

    logo = tmp_path / "logo.png"
    logo.write_bytes(
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        )
    )
    partnership = Partnership(name="Westshire SCP", logo=logo, primary_colour="#7a1f5c")
    report = read_findings(EXAMPLES[1].read_text(encoding="utf-8"))
    html = str(render(report, "html", settings_for(partnership)).content)
    assert 'src="data:image/png;base64,' in html and "--primary: #7a1f5c" in html
    from docx import Document

    content = render(report, "docx", settings_for(partnership)).content
    assert isinstance(content, bytes)
    assert len(Document(io.BytesIO(content)).inline_shapes) == 1
