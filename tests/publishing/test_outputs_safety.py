"""Outputs never replace their inputs, keep what they replace, never carry a live unsafe link, and
fail whole: the cases of issue 9 (4, 8, 9, 15) that concern briefings and packs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.briefing.findings import read_findings
from assistant.briefing.render import render
from assistant.cli import main
from assistant.config import Partnership
from assistant.facade import Assistant
from assistant.publishing.rendered import PrivacyBlocked, RenderError
from assistant.training.evidence import gather
from assistant.training.export import export_pack, targets_in
from assistant.training.pack import Pack, draft_pack, pack_yaml, read_pack
from assistant.training.render import OUTPUTS, render_pack
from tests.briefing.test_briefing import EXAMPLES, settings_for

FINDINGS = "title: Learning from repeat plans\nbackground: Plans ended too soon.\n"


# -- 4: never write an output over an input; keep a backup of a replaced output -------------


def test_txt_render_of_a_txt_findings_file_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    findings = tmp_path / "findings.txt"
    findings.write_text(FINDINGS, encoding="utf-8")
    assert main(["briefing", "render", str(findings), "--format", "txt"]) == 1
    assert findings.read_text(encoding="utf-8") == FINDINGS
    assert "never written over an input" in capsys.readouterr().err


def test_output_naming_the_findings_file_is_refused(tmp_path: Path) -> None:
    findings = tmp_path / "findings.yaml"
    findings.write_text(FINDINGS, encoding="utf-8")
    for fmt in ("html", "md"):
        code = main(["briefing", "render", str(findings), "--format", fmt, "-o", str(findings)])
        assert code == 1
    # The same file by another name is the same file.
    (tmp_path / "link.yaml").symlink_to(findings)
    code = main(
        ["briefing", "render", str(findings), "--format", "md", "-o", str(tmp_path / "link.yaml")]
    )
    assert code == 1 and findings.read_text(encoding="utf-8") == FINDINGS


def test_output_naming_the_pack_file_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "dc.yaml"
    text = "title: T\nminutes: 10\nsegments:\n  - {title: A, minutes: 10}\n"
    pack.write_text(text, encoding="utf-8")
    assert main(["pack", "render", str(pack), "--format", "plan.md", "-o", str(pack)]) == 1
    assert pack.read_text(encoding="utf-8") == text


def test_a_replaced_output_is_kept_as_a_backup(tmp_path: Path) -> None:
    findings = tmp_path / "findings.yaml"
    findings.write_text(FINDINGS, encoding="utf-8")
    out = tmp_path / "briefing.md"
    out.write_text("my hand edits", encoding="utf-8")
    assert main(["briefing", "render", str(findings), "--format", "md", "-o", str(out)]) == 0
    assert (tmp_path / "briefing.md.bak").read_text(encoding="utf-8") == "my hand edits"
    assert "Plans ended too soon" in out.read_text(encoding="utf-8")
    # Rendering the same again replaces nothing worth keeping: the hand edits stay in the backup.
    assert main(["briefing", "render", str(findings), "--format", "md", "-o", str(out)]) == 0
    assert (tmp_path / "briefing.md.bak").read_text(encoding="utf-8") == "my hand edits"


# -- 8: only http(s) and mailto links -------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        " JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "java\tscript:alert(1)",
    ],
)
def test_unsafe_links_are_problems_with_line_and_field(link: str) -> None:
    quoted = link.replace("\t", "\\t")
    text = f'title: T\nbackground: b\nresources:\n  - title: Read more\n    link: "{quoted}"\n'
    report = read_findings(text)
    problems = [str(p) for p in report.problems]
    assert any(p.startswith("line 5 (resources)") and "link" in p for p in problems), problems
    with pytest.raises(RenderError):
        render(report, "html", settings_for())


def test_safe_links_render_as_links() -> None:
    text = (
        "title: T\nbackground: b\nresources:\n"
        "  - {title: Procedures, link: 'https://procedures.example.org/repeat-plans'}\n"
        "  - {title: Ask us, link: 'mailto:learning@partnership.example.org'}\n"
        "acknowledged: [{text: learning@partnership.example.org, reason: our own mailbox}]\n"
    )
    report = read_findings(text)
    assert report.ok, report.problems
    html = str(render(report, "html", settings_for()).content)
    assert 'href="https://procedures.example.org/repeat-plans"' in html
    assert 'href="mailto:learning@partnership.example.org"' in html


# -- 9: the privacy gate sees links, and packs are gated as briefings are --------------------


def test_privacy_gate_reads_links() -> None:
    text = (
        "title: T\nbackground: b\nresources:\n  - title: Contact\n"
        "    link: 'mailto:jane.smith@gmail.com?subject=Jayden%20Smith%20DOB%2003/04/2016'\n"
    )
    report = read_findings(text)
    assert any(note.field == "resources[1].link" for note in report.unacknowledged), report.privacy
    with pytest.raises(PrivacyBlocked):
        render(report, "html", settings_for())


IDENTIFYING_PACK = """\
title: Disguised compliance
minutes: 30
learning_outcomes:
  - Understand why Mrs Patel missed visits.
evidence:
  - {id: "gone#nowhere", quote: "Mr Jones of 14 Acacia Avenue cancelled every visit."}
exercises:
  - {title: Role play, minutes: 10, instructions: "Play Jayden Smith, DOB 03/04/2016."}
segments:
  - {title: Welcome, minutes: 10, content: "Ring 07700 900123 to book."}
  - {title: Case, minutes: 20, content: "The case of Chloe Brown.", evidence: [1]}
"""


def test_pack_privacy_findings_cover_every_field_and_block_publishing(bundled: Assistant) -> None:
    report = read_pack(IDENTIFYING_PACK)
    assert report.pack is not None
    fields = {note.field for note in report.unacknowledged}
    assert {"learning_outcomes[1]", "evidence[1].quote", "exercises[1].instructions"} <= fields
    assert {"segments[1].content", "segments[2].content"} <= fields
    for output in OUTPUTS:
        if output == "plan.md":
            draft, _ = render_pack(report.pack, output, bundled)
            assert "DRAFT" in str(draft.content)
            continue
        with pytest.raises(PrivacyBlocked):
            render_pack(report.pack, output, bundled)


def test_pack_acknowledgements_allow_what_was_checked(bundled: Assistant) -> None:
    report = read_pack(IDENTIFYING_PACK)
    texts = sorted({note.finding.text for note in report.unacknowledged})
    acknowledged = "acknowledged:\n" + "".join(
        f"  - {{text: '{text}', reason: made up for the exercise}}\n" for text in texts
    )
    report = read_pack(IDENTIFYING_PACK + acknowledged)
    assert report.pack is not None and not report.unacknowledged
    rendered, _ = render_pack(report.pack, "handout.html", bundled)
    assert "Acacia Avenue" in str(rendered.content)


def test_cli_pack_render_refuses_identifying_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "dc.yaml"
    pack.write_text(IDENTIFYING_PACK, encoding="utf-8")
    assert main(["pack", "check", str(pack)]) == 1
    assert main(["pack", "render", str(pack)]) == 1
    assert "could identify" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["dc.yaml"]


# -- 15: Word and PowerPoint never crash on what check accepts; packs fail whole -------------


@pytest.mark.parametrize(
    "text",
    [
        'title: "Repeat plans\\x07"\nbackground: b\n',
        'title: T\nbackground: "Plans ended\\x1b[31m too soon\\x0b"\n',
        'title: T\nworking_well: ["Joint visits\\x00"]\n',
    ],
)
def test_control_characters_are_problems_not_crashes(text: str) -> None:
    report = read_findings(text)
    problems = [str(p) for p in report.problems]
    assert any("control character" in p and p.startswith("line ") for p in problems), problems
    with pytest.raises(RenderError):
        render(report, "docx", settings_for())


def test_a_long_title_renders_in_word() -> None:
    from docx import Document

    title = "Learning from repeat child protection plans " * 8
    report = read_findings(f"title: {title}\nbackground: b\n")
    assert report.ok
    content = render(report, "docx", settings_for()).content
    document = Document(io.BytesIO(content))  # type: ignore[arg-type]
    assert len(document.core_properties.title) <= 255
    assert title.strip() in "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("colour", ["blue-ish", "#12", "#zzzzzz", "red; } body { display: none"])
@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_a_bad_colour_is_a_clear_error(colour: str, fmt: str) -> None:
    report = read_findings(EXAMPLES[0].read_text(encoding="utf-8"))
    settings = settings_for(Partnership(name="Westshire SCP", primary_colour=colour))
    with pytest.raises(RenderError, match="primary_colour"):
        render(report, fmt, settings)


def test_pack_with_a_bad_colour_writes_nothing(
    bundled: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = draft_pack(gather(bundled, "disguised compliance"), minutes=60)
    monkeypatch.setattr(bundled.settings, "partnership", Partnership(accent_colour="pale"))
    with pytest.raises(RenderError, match="accent_colour"):
        export_pack(pack, bundled, targets_in(tmp_path, "dc"))
    assert list(tmp_path.iterdir()) == []


def test_pack_with_control_characters_is_a_problem_not_a_crash(bundled: Assistant) -> None:
    pack = Pack(title="Disguised\x0bcompliance", minutes=10)
    report = read_pack(pack_yaml(pack))
    assert any("control character" in str(p) for p in report.problems), report.problems
    pack.title = "Disguised compliance"
    pack.case_study = "Child A\x07 was seen at home."
    for output in ("slides.pptx", "handout.docx"):
        # Rendered directly, bypassing the check: the text is made safe, never a crash.
        rendered, _ = render_pack(pack, output, bundled)
        assert isinstance(rendered.content, bytes)


def test_an_output_that_cannot_be_written_is_a_clear_error_and_undoes_the_rest(
    tmp_path: Path,
) -> None:
    from assistant.publishing.rendered import Rendered, write_outputs

    first, blocked = tmp_path / "a.md", tmp_path / "folder"
    blocked.mkdir()
    with pytest.raises(RenderError, match="cannot be written"):
        write_outputs([(Rendered("md", "one"), first), (Rendered("md", "two"), blocked)])
    assert not first.exists()
