"""Details of the Word and web page readers: contents lists, titles, merged cells."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE

from assistant.corpus.importers.blocks import Heading, ListItem, Paragraph, TableRow, convert
from assistant.corpus.importers.docx import read_docx
from assistant.corpus.importers.html import read_html

ARTICLE = (
    "The Core Group is responsible for the implementation and ongoing development of the "
    "Child Protection Plan as outlined at the Child Protection Conference."
)


def test_a_page_without_a_heading_takes_its_title_from_the_title_tag() -> None:
    page = f"""<html><head><title>Core Groups | Buckinghamshire Children's Procedures</title>
<meta property="og:site_name" content="Buckinghamshire Children's Procedures"></head>
<body><header><div class="logo">Company Logo</div><nav><a href="/">Home</a></nav></header>
<main><article>
<h2>Contents</h2><ul><li><a href="#p">Purpose and Responsibilities</a></li>
<li><a href="#m">Membership</a></li></ul>
<h2 id="p">Purpose and Responsibilities</h2><p>{ARTICLE}</p>
<h2 id="m">Membership</h2><p>{ARTICLE.replace("implementation", "membership")}</p>
</article></main><footer>Copyright 2021</footer></body></html>"""
    extracted = read_html(page.encode("utf-8"))
    assert extracted.title == "Core Groups"
    headings = [b.text for b in extracted.blocks if isinstance(b, Heading)]
    assert headings == ["Purpose and Responsibilities", "Membership"]
    assert not [b for b in extracted.blocks if isinstance(b, ListItem)]
    conversion = convert(extracted, "core-groups.html")
    assert "published" not in conversion.metadata  # the footer's copyright is no date


def test_word_contents_entries_merged_cells_and_a_title_from_the_first_heading(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    toc = document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Purpose\t3", style=toc)
    document.add_heading("Core Groups", level=1)
    document.add_heading("Purpose", level=2)
    document.add_paragraph(ARTICLE)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Meeting", "When"
    table.cell(1, 0).text, table.cell(1, 1).text = "First core group", "Within 10 working days"
    table.cell(2, 1).text = "Then at least every 6 weeks"
    table.cell(1, 0).merge(table.cell(2, 0))
    path = tmp_path / "core.docx"
    document.save(str(path))
    extracted = read_docx(path, path.read_bytes())
    texts = [getattr(b, "text", "") for b in extracted.blocks]
    assert "Purpose 3" not in texts and "Purpose\t3" not in texts
    rows = [b for b in extracted.blocks if isinstance(b, TableRow)]
    assert [row.cells for row in rows] == [
        ("First core group", "Within 10 working days"),
        ("First core group", "Then at least every 6 weeks"),
    ]
    assert rows[0].header == ("Meeting", "When")
    conversion = convert(extracted, "core.docx")
    assert conversion.metadata["title"] == "Core Groups"
    assert "## Purpose" in conversion.body
    assert isinstance(extracted.blocks[-1], TableRow)
    assert any(isinstance(b, Paragraph) for b in extracted.blocks)
