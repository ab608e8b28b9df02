"""Saved web pages: the main text found by trafilatura, the site's furniture left out."""

from __future__ import annotations

import re
from typing import Any

from assistant.corpus.importers.blocks import (
    Block,
    Extracted,
    Heading,
    ImportFailure,
    ListItem,
    Paragraph,
    TableRow,
    clean_text,
)
from assistant.corpus.importers.web_text import is_chrome

_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|·|:)\s+")
# Dates a page states about itself in its head; a date guessed from the text of the page
# (a copyright line in the footer) is not one.
_DATE_META = (
    "dcterms.modified",
    "dc.date.modified",
    "article:modified_time",
    "dcterms.issued",
    "dc.date.issued",
    "article:published_time",
    "dc.date",
    "dcterms.date",
)


def _text(node: Any, skip: str = "") -> str:
    """The text of an element as the page shows it: inline parts (code, links, emphasis)
    joined as written, so "rustdoc." is not quoted as "rustdoc ."; a line break a space."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        parts.append(element.text or "")
        for child in element:
            if child.tag == "lb":
                parts.append(" ")
            elif child.tag != skip:
                walk(child)
            parts.append(child.tail or "")

    walk(node)
    return clean_text("".join(parts))


def _own_text(item: Any) -> str:
    """An item's text without the lists nested in it."""
    return _text(item, skip="list")


def _blocks(main: Any) -> list[Block]:
    blocks: list[Block] = []

    def walk_list(node: Any, depth: int) -> None:
        ordered = node.get("rend", "") == "ol"
        number = 0
        for item in node.iter("item"):
            if item.getparent() is not node:
                continue
            number += 1
            text = _own_text(item)
            if text:
                blocks.append(ListItem(text, f"{number}." if ordered else "", depth))
            for inner in item.findall("list"):
                walk_list(inner, depth + 1)

    def walk_table(node: Any) -> None:
        rows: list[list[str]] = []
        head_rows = 0
        for row in node.iter("row"):
            cells = [c for c in row if c.tag == "cell"]
            if not cells:
                continue
            if all(c.get("role") == "head" for c in cells) and len(rows) == head_rows:
                head_rows += 1
            rows.append([_text(c) for c in cells])
        rows = [row for row in rows if any(row)]
        width = max(map(len, rows), default=0)
        if len(rows) < 2 or width < 2:
            blocks.extend(Paragraph(cell) for row in rows for cell in row if cell)
            return
        header = tuple(rows[0]) if head_rows else ()
        blocks.extend(TableRow(tuple(row), header) for row in rows[1 if head_rows else 0 :])

    for node in main:
        tag = node.tag
        if tag == "head":
            match = re.match(r"h(\d)", node.get("rend", ""))
            text = _text(node)
            if text:
                blocks.append(Heading(text, int(match.group(1)) if match else 2))
        elif tag == "list":
            walk_list(node, 0)
        elif tag == "table":
            walk_table(node)
        elif tag in ("p", "quote", "code"):
            text = _text(node)
            if text and not is_chrome(text):
                blocks.append(Paragraph(text))
        elif tag == "div":
            blocks.extend(_blocks(node))
    return blocks


_CONTENTS = {
    "contents",
    "table of contents",
    "on this page",
    "in this chapter",
    "in this section",
    "page contents",
    "jump to",
}


def _drop_contents(blocks: list[Block]) -> list[Block]:
    """A contents box inside the article (a heading, then links to the headings below)."""
    out = list(blocks)
    for index, block in enumerate(blocks):
        if not (isinstance(block, Heading) and block.text.lower().strip(" :") in _CONTENTS):
            continue
        end = index + 1
        while end < len(blocks) and isinstance(blocks[end], ListItem):
            end += 1
        entries = [b.text.lower() for b in blocks[index + 1 : end] if isinstance(b, ListItem)]
        later = {b.text.lower() for b in blocks[end:] if isinstance(b, Heading)}
        if entries and sum(entry in later for entry in entries) * 2 >= len(entries):
            return out[:index] + out[end:]
        if not entries and end < len(blocks) and isinstance(blocks[end], Heading):
            return out[:index] + out[end:]  # its links were dropped as navigation
    return out


def _page_head(data: bytes) -> tuple[str, str, str]:
    """The page's <title>, its site name and the date its head states (YYYY-MM-DD)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return "", "", ""
    title = clean_text(root.findtext(".//title") or "")
    site = ""
    date = ""
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        value = clean_text(meta.get("content") or "")
        if key == "og:site_name":
            site = value
        elif key == "og:title" and not title:
            title = value
        elif key in _DATE_META and not date:
            match = re.match(r"((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?", value)
            if match:
                date = "-".join(part for part in match.groups() if part)
    return title, site, date


def _title_from_head(title: str, site: str, headings: list[str]) -> str:
    """The part of a page's <title> that names the page, not the site ("Page | Site")."""
    parts = [clean_text(part) for part in _SEPARATORS.split(title) if clean_text(part)]
    if not parts:
        return ""
    keys = {re.sub(r"\W+", "", heading.lower()) for heading in headings}
    for part in parts:
        if re.sub(r"\W+", "", part.lower()) in keys:
            return part  # the part the page repeats as a heading
    site_key = re.sub(r"\W+", "", site.lower())
    for part in parts:
        if re.sub(r"\W+", "", part.lower()) != site_key and not is_chrome(part):
            return part
    return ""


def read_html(data: bytes) -> Extracted:
    """Blocks of a saved web page's main text, and its title from its heading or <title>."""
    import trafilatura
    from lxml import etree

    options: dict[str, Any] = {
        "output_format": "xml",
        "include_tables": True,
        "include_comments": False,
        "include_links": False,
        "include_images": False,
        "include_formatting": False,
        "with_metadata": False,
        "deduplicate": False,
    }
    xml = trafilatura.extract(data, **options)
    if not xml:
        # A short page can fall below trafilatura's threshold; ask for everything it finds.
        xml = trafilatura.extract(data, favor_recall=True, **options)
    if not xml:
        raise ImportFailure(
            "no main text was found on this web page (is it a menu page, or a page that "
            "loads its text with scripts?): open it in a browser, copy the text into a .txt "
            "file and import that"
        )
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks = _drop_contents(_blocks(main if main is not None else root))
    if not blocks:
        raise ImportFailure("the document has no text")
    page_title, site, date = _page_head(data)
    headings = [block.text for block in blocks if isinstance(block, Heading)]
    first_h1 = next(
        (block.text for block in blocks[:8] if isinstance(block, Heading) and block.level == 1),
        "",
    )
    if first_h1 and not is_chrome(first_h1):
        title, source = first_h1, "the page's main heading"
    else:
        title, source = _title_from_head(page_title, site, headings), "the page's <title>"
    return Extracted(
        blocks,
        title=title,
        title_source=source,
        published=date,
        published_source="the page's properties" if date else "",
        organisation_hint=site,
    )
