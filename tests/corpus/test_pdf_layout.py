"""The PDF reader's layout rules on pages made by hand: what real PDFs vary in."""

from __future__ import annotations

from typing import Any

from assistant.corpus.importers.blocks import Heading, ListItem, Paragraph
from assistant.corpus.importers.pdf import Page, _blocks_from_pages, _lines_from_words

BODY = 10.0


def words(text: str, top: float, *, x0: float = 72, size: float = BODY, font: str = "Arial"):  # type: ignore[no-untyped-def]
    """Words of one printed line, laid out left to right."""
    out: list[dict[str, Any]] = []
    x = x0
    for word in text.split():
        width = len(word) * size * 0.5
        out.append(
            {
                "text": word,
                "x0": x,
                "x1": x + width,
                "top": top,
                "bottom": top + size,
                "size": size,
                "fontname": font,
            }
        )
        x += width + size * 0.3
    return out


def page(number: int, *lines: list[dict[str, Any]]) -> Page:
    found, _unreadable = _lines_from_words([w for line in lines for w in line], number)
    return Page(number, 595, 842, list(found))


def test_fonts_without_a_size_use_the_height_of_their_glyphs() -> None:
    heading = words("Repeat plans", 100, size=18)
    for word in heading:
        word["size"] = 0  # a Type 3 font scaled by the text matrix reports no size
    body = words("The audit looked at twelve conferences held over a year in the area.", 130)
    blocks = _blocks_from_pages([page(1, heading, body)])
    assert blocks[0] == Heading("Repeat plans", 1)
    assert isinstance(blocks[1], Paragraph)


def test_bullets_drawn_from_symbol_fonts_start_list_items() -> None:
    first = words("\uf0b7 Speak to the child alone.", 100, font="Symbol")
    second = words("(cid:127) Record what the child said.", 114)
    blocks = _blocks_from_pages([page(1, first, second)])
    assert blocks == [
        ListItem("Speak to the child alone."),
        ListItem("Record what the child said."),
    ]


def test_ligatures_are_spelt_out_and_hyphens_at_line_ends_kept() -> None:
    first = words("The ﬁrst review found that multi-", 100)
    second = words("agency meetings were well attended.", 113)
    blocks = _blocks_from_pages([page(1, first, second)])
    assert blocks == [
        Paragraph("The first review found that multi-agency meetings were well attended.")
    ]


def test_a_numbered_line_standing_alone_is_a_heading_even_in_the_body_font() -> None:
    heading = words("3.4 Repeat Child Protection Plan", 100)
    body = [
        words("In at least a third of cases the issues leading to a repeat plan were", top)
        for top in (125, 138, 151, 164)
    ]
    item = words("1. The name of the child;", 190)
    blocks = _blocks_from_pages([page(1, heading, *body, item)])
    assert blocks[0] == Heading("3.4 Repeat Child Protection Plan", 1)
    assert blocks[2] == ListItem("The name of the child;", "1.")


def test_running_heads_and_page_numbers_go_and_a_sentence_carries_over_the_page() -> None:
    pages = []
    for number in range(1, 4):
        head = words("Westshire SCP · Audit of repeat plans", 20, size=8)
        foot = words(f"Page {number} of 3", 815, size=8)
        text = {
            1: words("The audit found that plans were often ended before the changes were", 700),
            2: words("sustained by the family over time.", 60),
            3: words("Records were complete in most of the cases audited.", 60),
        }[number]
        pages.append(page(number, head, text, foot))
    blocks = _blocks_from_pages(pages)
    texts = [block.text for block in blocks if isinstance(block, Paragraph)]
    assert texts[0] == (
        "The audit found that plans were often ended before the changes were sustained by "
        "the family over time."
    )
    assert not any("Westshire SCP" in text or "Page" in text for text in texts)


def test_a_table_row_broken_by_a_page_is_one_row_again() -> None:
    from assistant.corpus.importers.blocks import TableRow
    from assistant.corpus.importers.pdf import Table

    first = Page(
        1,
        595,
        842,
        [
            Table(
                [
                    ["Criterion", "Review needed?", "Who decides"],
                    ["First Child Protection", "No", "The Initial Child"],
                ],
                True,
                700,
                80,
                500,
                1,
            )
        ],
    )
    second = Page(
        2,
        595,
        842,
        [
            Table(
                [
                    ["Plan", "", "Protection Conference"],
                    ["Second Child Protection Plan", "Yes", "The Service Manager"],
                ],
                False,
                80,
                80,
                500,
                2,
            )
        ],
    )
    rows = [b for b in _blocks_from_pages([first, second]) if isinstance(b, TableRow)]
    assert [row.cells for row in rows] == [
        ("First Child Protection Plan", "No", "The Initial Child Protection Conference"),
        ("Second Child Protection Plan", "Yes", "The Service Manager"),
    ]
    assert all(row.header == ("Criterion", "Review needed?", "Who decides") for row in rows)
