"""Turning extracted text into knowledge Markdown: headings, lists, tables and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.documents import load_document
from assistant.corpus.importers.blocks import (
    Extracted,
    ImportOptions,
    Paragraph,
    choose_title,
    title_sized,
)
from assistant.corpus.importers.text import convert_text
from assistant.corpus.importing import import_one
from assistant.corpus.passages import split_into_passages
from tests.conftest import REPO

REPORT = """

Multi-Agency Case Audit Report Into Repeat Plans.

Author: A. Person, Independent Audit Lead. February 2014.

CONTENTS

SECTION\t
\tPAGE
Section 1: Introduction.\t3
 1.1 Terms of reference. \t3
Section 2: Findings.\t5

Section 1: INTRODUCTION

1.1 Terms of reference

- 1.1.1 This audit was undertaken by Example East Safeguarding Children Board (EESCB) as part of a rolling programme of audits.
- 1.1.2 The views of families were obtained during the process.

Section 2: FINDINGS

2.1 Comparison with neighbours

The average for this group of statistical neighbours is 16.1 per cent:

Northtown\t11.5
Southville\t20.4
Westford\t9.6
Average\t16.1

Case file audits were conducted by leads in each of the partner agencies working with a Social Work Practice

Consultant. Agencies involved covered a wide spectrum.

Appendix 1 – Case example from the audit sample.

Child A was made subject to a plan in November 2010.
"""

BRIEFING = """Learning from Audits Series
7 Minute Briefings
Title: (2)Learning from repeat plans within 2 years (June 2018)
\t1
\tWe have looked at how many plans were made a second time.

\t2
\tThe audit was of 12 conferences.

\t3
\tFindings indicated practitioners are identifying children at risk.
"""

PROCEDURE = """

Child Protection Conferences

Repeat Child Protection Plans

It is critical that good practice is evidenced when there are requests for conferences when there has been a previous plan.

- **The length of time since the previous CP plan ended**

It is essential to consider the length of time between plans as it can be indicative of whether change has been sustained.

Third Child Protection Plan

Where considering the third period of planning, the decision needs to be agreed by the Head of Service.

Useful links

NYSCP Standards and Criteria

NYSCP Procedures for Child Protection Enquiries

NYSCP Guidance on Professional Curiosity
"""


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def test_report_structure_and_metadata() -> None:
    conversion = convert_text(REPORT, "report.txt")
    meta = conversion.metadata
    assert meta["title"] == "Multi-Agency Case Audit Report Into Repeat Plans"
    assert meta["published"] == "2014-02"
    assert meta["organisation"] == "Example East Safeguarding Children Board (EESCB)"
    assert meta["kind"] == "audit"
    assert meta["source"] == "report.txt"
    assert headings(conversion.body) == [
        "# Multi-Agency Case Audit Report Into Repeat Plans",
        "## Section 1: Introduction",
        "### 1.1 Terms of reference",
        "## Section 2: Findings",
        "### 2.1 Comparison with neighbours",
        "## Appendix 1: Case example from the audit sample",
    ]
    # The contents list is dropped: its entries would otherwise appear twice.
    assert "PAGE" not in conversion.body
    # Numbered paragraphs stay paragraphs, not bullets.
    assert "\n1.1.1 This audit" in conversion.body
    # A table of figures keeps each row on its own line, cells in order.
    assert "- Southville | 20.4" in conversion.body
    # A paragraph cut by a page break is joined again.
    assert "Social Work Practice Consultant. Agencies involved" in conversion.body


def test_briefing_points_title_and_date() -> None:
    conversion = convert_text(BRIEFING, "briefing.txt")
    assert conversion.metadata["title"] == "Learning from repeat plans within 2 years"
    assert conversion.metadata["published"] == "2018-06"
    assert conversion.metadata["kind"] == "briefing"
    assert headings(conversion.body)[1:] == ["## Point 1", "## Point 2", "## Point 3"]
    assert "Learning from Audits Series · 7 Minute Briefings" in conversion.body


def test_procedure_title_lines_bold_items_and_link_lists() -> None:
    options = ImportOptions(title="Repeat Child Protection Plans", kind="procedure")
    conversion = convert_text(PROCEDURE, "procedure.txt", options)
    assert conversion.metadata["title"] == "Repeat Child Protection Plans"
    assert "organisation" not in conversion.metadata  # the text names none: nothing invented
    assert headings(conversion.body) == [
        "# Repeat Child Protection Plans",
        "## The length of time since the previous CP plan ended",
        "## Third Child Protection Plan",
    ]
    # Several short lines in a row are a list, not a run of headings.
    assert "- NYSCP Standards and Criteria" in conversion.body


def test_options_override_inference_and_bad_values_are_refused() -> None:
    options = ImportOptions(organisation="Someone Else", published="2020-05-01", kind="review")
    meta = convert_text(REPORT, "r.txt", options).metadata
    assert (meta["organisation"], meta["published"], meta["kind"]) == (
        "Someone Else",
        "2020-05-01",
        "review",
    )
    with pytest.raises(ValueError, match="kind"):
        convert_text(REPORT, "r.txt", ImportOptions(kind="memo"))
    with pytest.raises(ValueError, match="real date"):
        convert_text(REPORT, "r.txt", ImportOptions(published="2020-02-30"))


def test_imported_file_parses_into_passages(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(REPORT, encoding="utf-8")
    result = import_one(source, tmp_path / "knowledge")
    assert result.target is not None
    document, tokens = load_document(result.target, "report")
    passages = split_into_passages(document, tokens)
    assert result.passages == len(passages)
    sections = {passage.section for passage in passages}
    assert "Section 2: Findings › 2.1 Comparison with neighbours" in sections
    assert any("Southville | 20.4" in passage.text for passage in passages)


def test_numbered_headings_stay_headings_and_lists_stay_lists() -> None:
    text = (
        "Core Groups\n\n1. Purpose and Responsibilities\n\nThe Core Group is responsible for "
        "the implementation and ongoing development of the Child Protection Plan.\n\n"
        "The notice must give:\n\n1. The name of the child;\n2. The address of the child;\n"
    )
    body = convert_text(text, "core.txt").body
    assert "## 1 Purpose and Responsibilities" in body
    assert "- 1\\. The name of the child;" in body


def test_bundled_seeds_keep_their_source_names() -> None:
    folder = REPO / "knowledge"
    sources = sorted(
        line.split(":", 1)[1].strip()
        for path in folder.glob("*.md")
        for line in path.read_text(encoding="utf-8").splitlines()[:12]
        if line.startswith("source:")
    )
    assert len(sources) == 5
    assert all(source.endswith(".txt") for source in sources)


def test_a_stated_title_that_is_a_sentence_gives_way_to_the_file_name() -> None:
    sentence = (
        "People who look after a child for someone else may not know that the law asks them to "
        "tell the council, and nobody else may know either"
    )
    extracted = Extracted(
        [Paragraph(sentence)], title=sentence, title_source="the PDF's properties"
    )
    assert not title_sized(sentence)
    assert choose_title(extracted, "Westmoor private fostering") == (
        "Westmoor private fostering",
        -1,
        "the file name",
    )
    short = Extracted([Paragraph(sentence)], title="Private fostering", title_source="the PDF")
    assert choose_title(short, "Westmoor private fostering")[0] == "Private fostering"
