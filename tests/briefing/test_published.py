"""What a partnership publishes: the Word briefing read back and printed, PDF, the action plan,
the check's verdict and the one reading time (issue 12, items 3–7)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from assistant.briefing.findings import read_findings
from assistant.briefing.render import default_output, render
from assistant.cli import main
from assistant.config import Partnership
from assistant.publishing import pdf
from assistant.publishing.rendered import RenderError
from tests.briefing.test_briefing import EXAMPLES, SETTINGS, settings_for, word_paragraphs

LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = pdf.find_browser()


def word(path: Path, partnership: Partnership | None = None, template: str = "default") -> Any:
    from docx import Document

    report = read_findings(path.read_text(encoding="utf-8"))
    settings = settings_for(partnership) if partnership else SETTINGS
    content = render(report, "docx", settings, template=template).content
    assert isinstance(content, bytes)
    return Document(io.BytesIO(content))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_word_briefing_reads_back_like_the_html(path: Path, tmp_path: Path) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    partnership = Partnership(
        name="Westshire SCP", logo=logo, primary_colour="#7a1f5c", accent_colour="#f6e9f1"
    )
    document = word(path, partnership)
    findings = read_findings(path.read_text(encoding="utf-8")).findings
    assert findings is not None
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    paragraphs = word_paragraphs(document)
    styles = [(p.style.name, p.text) for p in paragraphs if p.style.name.startswith("Heading")]
    assert styles[0] == ("Heading 1", findings.title)
    numbered = [text.split()[0] for name, text in styles if name == "Heading 2"]
    assert numbered == list("1234567")
    text = "\n".join(p.text for p in paragraphs)
    assert f"Audience: {findings.audience}" in text and "to read aloud" in text
    properties = document.core_properties
    assert properties.language == "en-GB" and properties.author == findings.partnership
    today = dt.datetime.now(dt.UTC).date()
    for stamp in (properties.created, properties.modified):
        assert stamp is not None and abs((stamp.date() - today).days) <= 1
    langs = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert langs == {"en-GB"}
    (picture,) = document.inline_shapes
    assert picture._inline.docPr.get("descr") == f"{findings.partnership} logo"
    xml = document.element.xml
    assert 'w:fill="F6E9F1"' in xml and 'w:color="7A1F5C"' in xml  # the partnership's colours
    assert xml.count("<w:cantSplit/>") >= 5  # no box is split by a page break
    assert document.styles["Heading 2"].font.color.rgb == partnership_rgb("7A1F5C")


def partnership_rgb(hex_digits: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(hex_digits)


def is_a4(content: bytes) -> bool:
    """Whether a PDF's pages are A4 (595 × 842 points, give or take a point)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", content)
    return bool(boxes) and all(
        abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes
    )


def pages_of(pdf_file: Path) -> int:
    return pdf.page_count(pdf_file.read_bytes())


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("template", ["default", "action-plan"])
def test_word_prints_on_one_a4_page(template: str, tmp_path: Path) -> None:
    for path in EXAMPLES:
        document = word(path, template=template)
        target = tmp_path / f"{path.stem}.docx"
        document.save(str(target))
    subprocess.run(
        [str(SOFFICE), "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"]
        + ["--convert-to", "pdf", "--outdir", str(tmp_path / "pdf")]
        + [str(tmp_path / f"{path.stem}.docx") for path in EXAMPLES],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for path in EXAMPLES:
        printed = tmp_path / "pdf" / f"{path.stem}.pdf"
        assert pages_of(printed) == 1, path.stem
        assert is_a4(printed.read_bytes())


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("template", ["default", "action-plan"])
def test_pdf_is_one_a4_page(template: str, tmp_path: Path) -> None:
    for path in EXAMPLES:
        report = read_findings(path.read_text(encoding="utf-8"))
        content = render(report, "pdf", SETTINGS, template=template).content
        assert isinstance(content, bytes) and content.startswith(b"%PDF")
        assert pdf.page_count(content) == 1 and is_a4(content), path.stem


def test_pdf_says_plainly_when_the_machine_cannot_print(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    report = read_findings(EXAMPLES[0].read_text(encoding="utf-8"))
    with pytest.raises(RenderError, match="PDF needs a Chromium browser"):
        render(report, "pdf", SETTINGS)


def test_pdf_of_identifying_findings_is_refused_before_printing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never() -> None:
        raise AssertionError("printed")

    monkeypatch.setattr(pdf, "find_browser", never)
    report = read_findings("title: T\nbackground: Call 07700 900123.\n")
    with pytest.raises(RenderError, match="could identify"):
        render(report, "pdf", SETTINGS)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_action_plan_from_the_same_findings(path: Path) -> None:
    report = read_findings(path.read_text(encoding="utf-8"))
    assert report.findings is not None
    html = unescape(str(render(report, "html", SETTINGS, template="action-plan").content))
    for heading in ("How we used the briefing", "What we will do", "How the learning will be"):
        assert heading in html
    assert html.count('<th scope="col">') == 4 and 'lang="en-GB"' in html
    for action in report.findings.actions:
        assert action.action in html
    markdown = str(render(report, "md", SETTINGS, template="action-plan").content)
    assert "| Action | Who | By when | How we will know it has worked |" in markdown
    document = word(path, template="action-plan")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "What we will do" in headings
    assert document.core_properties.subject == "7 minute briefing action plan"


def test_outputs_have_names_of_their_own(tmp_path: Path) -> None:
    findings = tmp_path / "repeat.yaml"
    assert default_output(findings, "html") == tmp_path / "repeat.html"
    assert default_output(findings, "pdf", "action-plan") == tmp_path / "repeat.action-plan.pdf"
    findings.write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    args = ["briefing", "render", str(findings), "--format", "md"]
    assert main(args) == 0 and main([*args, "--template", "action-plan"]) == 0
    assert "Action plan:" in (tmp_path / "repeat.action-plan.md").read_text(encoding="utf-8")
    assert "## 1. Background" in (tmp_path / "repeat.md").read_text(encoding="utf-8")


def test_check_fails_while_a_privacy_finding_stands_and_drafts_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = tmp_path / "f.yaml"
    findings.write_text("title: T\nbackground: Call 07700 900123.\n", encoding="utf-8")
    assert main(["briefing", "check", str(findings)]) == 1
    assert "1 privacy finding to resolve" in capsys.readouterr().out
    draft = str(render(read_findings(findings.read_text(encoding="utf-8")), "md", SETTINGS).content)
    assert draft.startswith("> **DRAFT, not for publishing:**") and "could identify" in draft
    text = str(render(read_findings(findings.read_text(encoding="utf-8")), "txt", SETTINGS).content)
    assert text.startswith("DRAFT, NOT FOR PUBLISHING")
    findings.write_text(
        findings.read_text(encoding="utf-8")
        + "acknowledged: [{text: 07700 900123, reason: the partnership's duty line}]\n",
        encoding="utf-8",
    )
    assert main(["briefing", "check", str(findings)]) == 0
    clean = read_findings(findings.read_text(encoding="utf-8"))
    assert "DRAFT" not in str(render(clean, "md", SETTINGS).content)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_one_reading_time_everywhere(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["briefing", "check", str(path)]) == 0
    minutes = re.search(r"about ([\d.]+) minutes to read aloud", capsys.readouterr().out)
    assert minutes is not None
    shown = f"About {minutes.group(1)} minutes to read aloud"
    report = read_findings(path.read_text(encoding="utf-8"))
    for fmt in ("html", "md", "txt"):
        text = " ".join(str(render(report, fmt, SETTINGS).content).split())
        assert shown.lower() in text.lower(), fmt
    assert shown in "\n".join(p.text for p in word_paragraphs(word(path)))
