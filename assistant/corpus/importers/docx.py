"""Word documents: the body walked in order, heading and list numbers resolved, tables kept."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
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

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _tag(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _R, _T = (_tag(n) for n in ("p", "tbl", "tr", "tc", "r", "t"))
_SDT, _SDT_CONTENT = _tag("sdt"), _tag("sdtContent")
# Text that is not the document's: tracked deletions, moved-away text, field codes, and the
# fallback copy of a drawing Word writes for old readers.
_SKIP = {
    _tag("del"),
    _tag("moveFrom"),
    _tag("instrText"),
    _tag("delText"),
    _tag("txbxContent"),
    _tag("footnoteReference"),
    _tag("endnoteReference"),
    f"{{{_MC}}}Fallback",
}
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _val(element: Any, name: str) -> str | None:
    if element is None:
        return None
    found = element.find(_tag(name))
    return None if found is None else found.get(_tag("val"))


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def _letters(number: int) -> str:
    # Word counts a, b … z, aa, bb …
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _format(number: int, kind: str) -> str:
    formats = {
        "decimal": str(number),
        "decimalZero": f"{number:02d}",
        "lowerLetter": _letters(number),
        "upperLetter": _letters(number).upper(),
        "lowerRoman": _roman(number),
        "upperRoman": _roman(number).upper(),
        "ordinal": f"{number}{_ordinal(number)}",
    }
    return formats.get(kind, str(number))


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


@dataclass
class _Level:
    kind: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False
    """``isLgl``: every level shown in decimal, as in "1.1.1"."""


@dataclass
class Numbering:
    """numbering.xml resolved: the format of each list level, and the counters as they run."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    """numId → level → format (overrides applied)."""
    abstract_of: dict[str, str] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)
    """Counters per abstract list: Word continues a list across numIds of one abstract list."""

    @classmethod
    def read(cls, part: Any) -> Numbering:
        numbering = cls()
        if part is None:
            return numbering
        root = part.element
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.findall(_tag("abstractNum")):
            levels = {}
            for lvl in node.findall(_tag("lvl")):
                levels[int(lvl.get(_tag("ilvl"), "0"))] = _level(lvl)
            abstract[node.get(_tag("abstractNumId"), "")] = levels
        for num in root.findall(_tag("num")):
            num_id = num.get(_tag("numId"), "")
            abstract_id = _val(num, "abstractNumId") or ""
            levels = {
                k: _Level(v.kind, v.text, v.start, v.legal)
                for k, v in abstract.get(abstract_id, {}).items()
            }
            for override in num.findall(_tag("lvlOverride")):
                ilvl = int(override.get(_tag("ilvl"), "0"))
                lvl = override.find(_tag("lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = _val(override, "startOverride")
                if start is not None:
                    levels.setdefault(ilvl, _Level()).start = int(start)
            numbering.levels[num_id] = levels
            # A numId with its own start restarts the list rather than continuing it.
            restarts = any(
                o.find(_tag("startOverride")) is not None for o in num.findall(_tag("lvlOverride"))
            )
            numbering.abstract_of[num_id] = num_id if restarts else abstract_id
        return numbering

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """The next label of list ``num_id`` at level ``ilvl``, and whether it is a bullet."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return "", False
        level = levels.get(ilvl, _Level())
        if level.kind == "bullet":
            return "", True
        if level.kind == "none":
            return clean_text(re.sub(r"%\d", "", level.text)), False
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, [])
        while len(counters) <= ilvl:
            depth = len(counters)
            counters.append(levels.get(depth, _Level()).start - 1)
        counters[ilvl] += 1
        # A deeper level starts again under each new item above it.
        for depth in range(ilvl + 1, len(counters)):
            counters[depth] = levels.get(depth, _Level()).start - 1
        del counters[ilvl + 1 :]

        def value(match: re.Match[str]) -> str:
            depth = int(match.group(1)) - 1
            if depth >= len(counters):
                return ""
            number = max(counters[depth], levels.get(depth, _Level()).start)
            kind = levels.get(depth, _Level()).kind
            if level.legal or (kind == "bullet"):
                kind = "decimal"
            return _format(number, kind)

        return re.sub(r"%(\d)", value, level.text).strip(), False


def _level(lvl: Any) -> _Level:
    start = _val(lvl, "start")
    return _Level(
        kind=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else "%1.",  # type: ignore[arg-type]
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        legal=lvl.find(_tag("isLgl")) is not None,
    )


@dataclass
class _Style:
    heading: int | None
    num_id: str | None
    ilvl: int
    title: bool
    contents: bool = False
    """A table of contents entry ("TOC 1"): it repeats the headings, with page numbers."""


class _Styles:
    """Paragraph styles with what they inherit: a heading level, a list, "Title"."""

    def __init__(self, document: Any) -> None:
        self._by_id: dict[str, Any] = {}
        self._cache: dict[str, _Style] = {}
        try:
            styles = document.styles.element
        except (KeyError, AttributeError):
            return
        for style in styles.findall(_tag("style")):
            self._by_id[style.get(_tag("styleId"), "")] = style

    def get(self, style_id: str | None) -> _Style:
        style_id = style_id or ""
        if style_id not in self._cache:
            self._cache[style_id] = self._resolve(style_id, 0)
        return self._cache[style_id]

    def _resolve(self, style_id: str, depth: int) -> _Style:
        node = self._by_id.get(style_id)
        if node is None or depth > 10:
            return _Style(None, None, 0, False)
        name = _val(node, "name") or style_id
        parent = (
            self._resolve(_val(node, "basedOn") or "", depth + 1)
            if _val(node, "basedOn")
            else _Style(None, None, 0, False)
        )
        heading = parent.heading
        match = _HEADING_STYLE.match(name)
        if match:
            heading = int(match.group(1))
        ppr = node.find(_tag("pPr"))
        outline = _val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            heading = int(outline) + 1
        num_id, ilvl = parent.num_id, parent.ilvl
        numpr = ppr.find(_tag("numPr")) if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = int(_val(numpr, "ilvl") or 0)
        title = parent.title or name.lower() == "title"
        contents = parent.contents or bool(re.match(r"^toc\b", name, re.IGNORECASE))
        if contents:
            heading = None  # "TOC Heading" is outlined like a heading but heads no section
        return _Style(heading, num_id, ilvl, title, contents)


def _text(element: Any) -> str:
    """The visible text of a paragraph or cell: insertions in, deletions and field codes out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _T:
                parts.append(child.text or "")
            elif tag in (_tag("tab"), _tag("br"), _tag("cr")):
                parts.append(" ")
            elif tag == _tag("noBreakHyphen"):
                parts.append("-")
            elif tag == _tag("sym"):
                parts.append("•")
            else:
                walk(child)

    walk(element)
    return clean_text("".join(parts))


def _text_boxes(paragraph: Any) -> list[str]:
    """Paragraphs of text boxes drawn in a paragraph (call-outs), once each."""
    found = []
    for box in paragraph.iter(_tag("txbxContent")):
        if any(ancestor.tag == f"{{{_MC}}}Fallback" for ancestor in box.iterancestors()):
            continue
        for inner in box.iter(_P):
            text = _text(inner)
            if text:
                found.append(text)
    return found


class _Reader:
    def __init__(self, document: Any) -> None:
        self.styles = _Styles(document)
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            part = None
        self.numbering = Numbering.read(part)
        self.blocks: list[Block] = []
        self.title = ""

    def body(self, element: Any) -> None:
        for child in element:
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.body(content)

    def paragraph(self, element: Any) -> None:
        ppr = element.find(_tag("pPr"))
        style = self.styles.get(_val(ppr, "pStyle"))
        if style.contents:
            return
        heading = style.heading
        outline = _val(ppr, "outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            heading = int(outline) + 1
        num_id, ilvl = style.num_id, style.ilvl
        numpr = ppr.find(_tag("numPr")) if ppr is not None else None
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = int(_val(numpr, "ilvl") or ilvl)
        text = _text(element)
        boxes = _text_boxes(element)
        if not text:
            self.blocks.extend(Paragraph(box) for box in boxes)
            return
        label, bullet = self.numbering.label(num_id, ilvl) if num_id else ("", False)
        if style.title and not self.title:
            self.title = text
            self.blocks.append(Heading(text, 0))
        elif heading is not None:
            self.blocks.append(Heading(f"{label} {text}".strip(), heading))
        elif label or bullet:
            self.blocks.append(ListItem(text, label, ilvl))
        else:
            self.blocks.append(Paragraph(text))
        self.blocks.extend(Paragraph(box) for box in boxes)

    def table(self, element: Any) -> None:
        grid: list[list[str]] = []
        header_rows = 0
        above: dict[int, str] = {}
        for tr in element.findall(_TR):
            row: list[str] = []
            column = 0
            for tc in tr.findall(_TC):
                tcpr = tc.find(_tag("tcPr"))
                span = int(_val(tcpr, "gridSpan") or 1)
                merge = tcpr.find(_tag("vMerge")) if tcpr is not None else None
                if merge is not None and merge.get(_tag("val"), "continue") == "continue":
                    # A cell merged with the one above says the same thing on this row.
                    text = above.get(column, "")
                else:
                    text = " ".join(t for t in (_text(p) for p in tc.iter(_P)) if t)
                above[column] = text
                row.append(text)
                row.extend([""] * (span - 1))
                column += span
            trpr = tr.find(_tag("trPr"))
            if (
                trpr is not None
                and trpr.find(_tag("tblHeader")) is not None
                and len(grid) == header_rows
            ):
                header_rows += 1
            if any(row):
                grid.append(row)
        if not grid:
            return
        columns = sum(
            1 for i in range(max(map(len, grid))) if any(i < len(r) and r[i] for r in grid)
        )
        if len(grid) < 2 or columns < 2:
            # A one-cell box (a call-out, a layout table): its text is paragraphs.
            self.blocks.extend(Paragraph(cell) for row in grid for cell in row if cell)
            return
        first = grid[0]
        if header_rows == 0 and all(first) and all(len(c.split()) <= 12 for c in first):
            header_rows = 1
        header = tuple(first) if header_rows else ()
        for row in grid[header_rows or 0 :] if header_rows else grid:
            self.blocks.append(TableRow(tuple(row), header))


def read_docx(path: Path, data: bytes) -> Extracted:
    """Blocks of a Word document in body order, and the title its properties state."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportFailure(
            "this Word file is damaged or is not really a .docx: open it in Word, save it "
            "again as .docx and import that"
        ) from None
    except Exception:  # lxml raises its own errors for broken XML inside the package
        raise ImportFailure(
            "this Word file is damaged: open it in Word, save it again and import that"
        ) from None
    reader = _Reader(document)
    reader.body(document.element.body)
    if not reader.blocks:
        raise ImportFailure("the document has no text")
    # The title printed in the Title style is what readers see; the properties' title is
    # often left over from a template, so it comes second.
    stated = reader.title or clean_text(document.core_properties.title or "")
    source = "the Title style" if reader.title else "the Word file's properties"
    return Extracted(reader.blocks, title=stated, title_source=source)
