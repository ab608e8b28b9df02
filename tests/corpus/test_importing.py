"""The import workflow: folders, clear messages for files that cannot be read, new versions
with what changed, dry runs, backups that are never lost."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml

from assistant.cli import main
from assistant.corpus.importers.blocks import ImportOptions
from assistant.corpus.importing import check_options, compare, import_one, import_paths
from tests.fixtures.build_fixtures import SEEDS, build_audit_pdf, build_bad, build_mixed_pdf

PROCEDURE = """Repeat Child Protection Plans

1. Second Child Protection Plan

The rationale for requesting a second period of CP planning should be clearly recorded on the child's file by the Service Manager.

2. Third Child Protection Plan

Where considering the third period of CP planning, the decision needs to be agreed by the Head of Service.

3. Challenge and Resolution

The Child Protection Co-ordinator will issue the challenge and resolution process to the agencies concerned.
"""


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("folder")
    good = folder / "good" / "audit.pdf"
    good.parent.mkdir()
    build_audit_pdf(good, (SEEDS / "001.txt").read_text(encoding="utf-8"))
    build_bad(folder / "bad", good)
    (folder / "bad" / "notes.txt").write_text(PROCEDURE, encoding="utf-8")
    (folder / "bad" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


def test_a_folder_imports_what_it_can_and_says_why_not_for_the_rest(
    bad_folder: Path, tmp_path: Path
) -> None:
    results = {r.path.name: r for r in import_paths([bad_folder], tmp_path / "out")}
    assert results["audit.pdf"].status == "imported"
    assert results["notes.txt"].status == "imported"
    assert results["picture.png"].status == "skipped"
    messages = {name: r.message() for name, r in results.items() if r.failed}
    assert set(messages) == {
        "scanned.pdf",
        "encrypted.pdf",
        "damaged.pdf",
        "old-minutes.doc",
        "empty.txt",
    }
    assert (
        "(page 1): this page has no text layer — is it a scan? Run OCR first"
        in messages["scanned.pdf"]
    )
    assert "password" in messages["encrypted.pdf"]
    assert "damaged" in messages["damaged.pdf"]
    assert "save it as .docx" in messages["old-minutes.doc"]
    assert "empty" in messages["empty.txt"]
    # One line each, the path once, and nothing about Markdown.
    for message in messages.values():
        assert "\n" not in message and message.count(str(bad_folder)) == 1
        assert "Markdown" not in message
    assert sorted(p.name for p in (tmp_path / "out").glob("*.md")) == ["audit.md", "notes.md"]


def test_the_command_prints_a_summary_and_fails_when_a_file_failed(
    bad_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["import", str(bad_folder), "--to", str(tmp_path / "out"), "--no-index"])
    out, err = capsys.readouterr()
    assert status == 1
    header = next(line for line in out.splitlines() if line.startswith("file "))
    assert header.split() == [
        "file",
        "title",
        "kind",
        "organisation",
        "date",
        "passages",
        "problems",
    ]
    assert "Multi-Agency Case Audit Report" in out
    assert "not imported:" in err and "encrypted.pdf" in err
    assert "5 of 8 files not imported" in err


def test_a_page_without_text_is_reported_and_the_rest_imported(tmp_path: Path) -> None:
    source = tmp_path / "mixed.pdf"
    build_mixed_pdf(source)
    result = import_one(source, tmp_path / "out")
    assert result.status == "imported"
    assert any("page 2" in problem and "no text layer" in problem for problem in result.problems)
    body = result.conversion.body if result.conversion else ""
    # The sideways third page is read the right way up.
    assert "must be notified in writing at least six weeks" in body


def test_ocr_is_used_when_tesseract_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = tmp_path / "bin"
    tools.mkdir()
    fake = tools / "tesseract"
    fake.write_text("#!/bin/sh\necho 'Text read from the scanned page of the procedure.'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ.get('PATH', '')}")
    folder = tmp_path / "in"
    build_bad(folder, _a_pdf(tmp_path))
    result = import_one(folder / "scanned.pdf", tmp_path / "out", ImportOptions(title="Scan"))
    assert result.status == "imported", result.lines()
    assert result.conversion is not None
    assert "Text read from the scanned page of the procedure." in result.conversion.body
    assert any("OCR" in problem for problem in result.problems)


def _a_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "good.pdf"
    build_mixed_pdf(path)
    return path


def test_a_new_version_lists_what_changed_and_keeps_the_old_one(tmp_path: Path) -> None:
    source = tmp_path / "chapter.txt"
    source.write_text(PROCEDURE, encoding="utf-8")
    knowledge = tmp_path / "knowledge"
    first = import_one(source, knowledge)
    assert first.status == "imported" and first.target is not None
    original = first.target.read_text(encoding="utf-8")

    again = import_one(source, knowledge)
    assert again.status == "unchanged"

    changed = PROCEDURE.replace("Head of Service.", "Head of Service and the Director.")
    changed = changed.replace(
        "3. Challenge and Resolution\n\nThe Child Protection Co-ordinator will issue the challenge and resolution process to the agencies concerned.\n",
        "4. Escalation\n\nDisagreements between agencies about a repeat plan are escalated to the partnership under the resolution protocol.\n",
    )
    source.write_text(changed, encoding="utf-8")
    dry = import_one(source, knowledge, dry_run=True)
    assert dry.status == "updated" and dry.dry_run
    assert first.target.read_text(encoding="utf-8") == original  # a dry run writes nothing
    assert not (knowledge / ".versions").exists()
    assert any(line.startswith("would update") for line in dry.lines())

    update = import_one(source, knowledge)
    assert update.changes is not None
    assert update.changes.changed == ["2 Third Child Protection Plan"]
    assert update.changes.added == ["4 Escalation"]
    assert update.changes.removed == ["3 Challenge and Resolution"]
    assert update.kept is not None and update.kept.read_text(encoding="utf-8") == original
    assert ".versions" in update.kept.parts  # hidden from the index
    text = update.target.read_text(encoding="utf-8") if update.target else ""
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["amended"] == front["amendments"][0]["date"]
    assert front["amendments"][0]["changed"] == ["2 Third Child Protection Plan"]
    assert front["amendments"][0]["previous"] == update.kept.relative_to(knowledge).as_posix()
    lines = update.lines()
    assert "changed: 2 Third Child Protection Plan" in " ".join(lines)


def test_force_keeps_every_backup(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    target = knowledge / "chapter.md"
    target.write_text("---\ntitle: Other\nkind: guidance\nsource: other.pdf\n---\n\nMine.\n")
    source = tmp_path / "chapter.txt"
    source.write_text(PROCEDURE, encoding="utf-8")
    refused = import_one(source, knowledge)
    assert refused.failed and refused.needs_force and "other.pdf" in refused.error
    first = import_one(source, knowledge, overwrite=True)
    target.write_text("---\ntitle: Again\nkind: guidance\nsource: third.pdf\n---\n\nMine too.\n")
    second = import_one(source, knowledge, overwrite=True)
    assert first.kept is not None and second.kept is not None
    assert first.kept != second.kept
    assert "Mine." in first.kept.read_text() and "Mine too." in second.kept.read_text()


def test_a_file_that_cannot_be_read_is_never_written_over(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "chapter.md").write_bytes(b"\x00\x01binary")
    source = tmp_path / "chapter.txt"
    source.write_text(PROCEDURE, encoding="utf-8")
    result = import_one(source, knowledge, overwrite=True)
    assert result.failed and "left alone" in result.error
    assert (knowledge / "chapter.md").read_bytes() == b"\x00\x01binary"


def test_bad_options_are_refused_before_reading() -> None:
    with pytest.raises(ValueError, match="kind"):
        check_options(ImportOptions(kind="memo"))
    with pytest.raises(ValueError, match="real date"):
        check_options(ImportOptions(published="2020-02-30"))


def test_compare_reports_sections_by_heading_path() -> None:
    old = "# T\n\n## A\n\none\n\n### A1\n\ntwo\n"
    new = "# T\n\n## A\n\none\n\n### A1\n\ntwo, amended\n\n## B\n\nthree\n"
    changes = compare(old, new)
    assert (changes.changed, changes.added, changes.removed) == (["A › A1"], ["B"], [])


def test_an_unexpected_error_in_a_reader_fails_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.corpus.importing as importing

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PROCEDURE, encoding="utf-8")
    (folder / "b.txt").write_text(PROCEDURE, encoding="utf-8")
    real = importing.read_document

    def flaky(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "a.txt":
            raise KeyError("word/styles.xml")
        return real(path)

    monkeypatch.setattr(importing, "read_document", flaky)
    results = {r.path.name: r for r in import_paths([folder], tmp_path / "out")}
    assert results["a.txt"].failed and "KeyError" in results["a.txt"].error
    assert results["b.txt"].status == "imported"


def test_two_new_versions_in_one_second_keep_both(tmp_path: Path) -> None:
    source = tmp_path / "chapter.txt"
    knowledge = tmp_path / "knowledge"
    kept = []
    for number in range(3):
        source.write_text(PROCEDURE.replace("Service Manager", f"Service Manager {number}"))
        result = import_one(source, knowledge)
        if result.kept is not None:
            kept.append(result.kept)
    assert len(kept) == 2 and kept[0] != kept[1] and all(path.exists() for path in kept)
