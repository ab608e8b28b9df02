"""What Word and PowerPoint outputs share: text their XML can hold, and document properties
(title, author, language, today's dates)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

LANGUAGE = "en-GB"
"""The language of everything we publish: spelling checkers and screen readers follow it."""
PROPERTY_LIMIT = 255
"""Office stores document properties in at most 255 characters."""

# XML 1.0 cannot hold C0 controls other than tab, newline and carriage return, nor U+FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters an Office file cannot hold taken out (the checks refuse them
    in findings and packs; text from the knowledge base may still carry one)."""
    return _NOT_XML.sub("", text)


def property_text(text: str) -> str:
    """Text short and safe enough for a document property."""
    text = " ".join(xml_safe(text).split())
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1].rstrip() + "…"


def fill_properties(
    properties: Any, title: str, subject: str, author: str, keywords: str = "", comments: str = ""
) -> None:
    """Fill a Word or PowerPoint file's core properties: safe text, our language, and today as
    created and modified (the libraries' blank files carry their own old dates otherwise)."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    properties.title = property_text(title)
    properties.subject = property_text(subject)
    properties.author = property_text(author)
    properties.last_modified_by = property_text(author)
    properties.keywords = property_text(keywords)
    properties.comments = property_text(comments)
    properties.language = LANGUAGE
    properties.created = now
    properties.modified = now
    properties.revision = 1


# -- Word ----------------------------------------------------------------------------------
# python-docx covers text, styles and tables; what it leaves out (shading, borders, rows that
# stay whole, the document's language, alt text) is a few attributes of Office XML set here.


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


# Office XML wants a property's children in a set order; each list is what may come after.
_AFTER = {
    "w:shd@tcPr": "noWrap tcMar textDirection tcFitText vAlign hideMark headers",
    "w:tcBorders": "shd noWrap tcMar textDirection tcFitText vAlign hideMark headers",
    "w:tblCellSpacing": "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption",
    "w:tblBorders": "shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "w:pBdr": "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct "
    "autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing "
    "mirrorIndents suppressOverlap jc textDirection textAlignment outlineLvl rPr sectPr",
    "w:shd@rPr": "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
}


def _replace_child(parent: Any, child: Any, order: str = "") -> None:
    """Put ``child`` in ``parent`` in place of any of its kind, where the schema wants it."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    after = _AFTER.get(order, "")
    if after:
        parent.insert_element_before(child, *(f"w:{tag}" for tag in after.split()))
    else:
        parent.append(child)


def word_a4(document: Any, margin_mm: float) -> None:
    """Every section on A4 portrait with even margins."""
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(margin_mm))
        section.header_distance = section.footer_distance = Mm(margin_mm / 2)


def word_language(document: Any) -> None:
    """British English for the whole document: its default and every style that names one."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None and not list(defaults.iter(qn("w:lang"))):
        run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if run is not None:
            run.append(_element("w:lang", val=LANGUAGE, eastAsia=LANGUAGE))


def shade(cell: Any, fill: str) -> None:
    """A table cell's background (``fill`` as RRGGBB)."""
    _replace_child(
        cell._tc.get_or_add_tcPr(), _element("w:shd", val="clear", color="auto", fill=fill)
    )


def box_borders(cell: Any, colour: str, eighths_of_a_point: int = 8) -> None:
    """A solid border round a table cell."""
    borders = _element("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        borders.append(
            _element(f"w:{side}", val="single", sz=str(eighths_of_a_point), space="0", color=colour)
        )
    _replace_child(cell._tc.get_or_add_tcPr(), borders, "w:tcBorders")


def no_borders(table: Any) -> None:
    """A table drawn without lines (for layout)."""
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", val="nil"))
    _replace_child(table._tbl.tblPr, borders, "w:tblBorders")


def cell_spacing(table: Any, twentieths_of_a_point: int) -> None:
    """Space between a table's cells, so each cell reads as a box of its own."""
    _replace_child(
        table._tbl.tblPr,
        _element("w:tblCellSpacing", w=str(twentieths_of_a_point), type="dxa"),
        "w:tblCellSpacing",
    )


def keep_row_whole(row: Any, header: bool = False) -> None:
    """A row that a page break never splits (and, for a header row, repeats on each page)."""
    properties = row._tr.get_or_add_trPr()
    _replace_child(properties, _element("w:cantSplit"))
    if header:
        _replace_child(properties, _element("w:tblHeader"))


def rule_below(paragraph: Any, colour: str, eighths_of_a_point: int = 12) -> None:
    """A coloured line under a paragraph."""
    borders = _element("w:pBdr")
    borders.append(
        _element("w:bottom", val="single", sz=str(eighths_of_a_point), space="2", color=colour)
    )
    _replace_child(paragraph._p.get_or_add_pPr(), borders, "w:pBdr")


def run_shading(run: Any, fill: str) -> None:
    """A coloured background behind a run of text (the number badge of a point)."""
    shading = _element("w:shd", val="clear", color="auto", fill=fill)
    _replace_child(run._r.get_or_add_rPr(), shading, "w:shd@rPr")


def alt_text(shape: Any, text: str) -> None:
    """Alternative text for a picture, which screen readers read out."""
    properties = shape._inline.docPr
    properties.set("descr", property_text(text))
    properties.set("title", property_text(text))
