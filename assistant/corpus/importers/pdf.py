"""PDF documents: headings from font size, tables, running heads dropped, pages joined."""

from __future__ import annotations

import io
import re
import shutil
import statistics
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
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
from assistant.wording import counted

_NO_TEXT = "this page has no text layer — is it a scan? Run OCR first, or install tesseract"
_ENCRYPTED = (
    "this PDF is protected by a password: open it, print or save it as a PDF without the "
    "password, and import that"
)
_DAMAGED = (
    "this PDF is damaged and cannot be read: open it in a PDF reader and save (or print) it "
    "as a new PDF, then import that"
)
# Glyphs printed as bullets; Symbol and Wingdings bullets arrive as private-use characters.
_BULLETS = "•●▪■◦○◾◽▸►➢➤✓✔❖⁃∙·"
_DASH_BULLETS = "-–—*"
_LIST_NUMBER = re.compile(r"^(\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+(\S.*)$")
_HEADING_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3}\.?)\s+(\S.*)$")
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:page\s*)?(?:\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[ivxlc]{1,7})[\W_]*$",
    re.IGNORECASE,
)
_CONTENTS_LINE = re.compile(r"(?:\.{4,}|(?:\.\s){4,}|…{2,}|\s{3,})\s*\d{1,4}$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_TERMINAL = (".", "!", "?", ":", ";", "”", '"', "’")
_MARGIN = 0.09
"""Share of the page height at its top and bottom where running heads and feet sit."""


@dataclass
class Line:
    """One line of text on a page, in reading order."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int


@dataclass
class Table:
    """A table found on a page, placed in the reading order before ``before`` (a line index)."""

    rows: list[list[str]]
    bold_header: bool
    top: float
    x0: float
    x1: float
    page: int


@dataclass
class Page:
    """What one page holds: its lines and tables in reading order, and its size."""

    number: int
    width: float
    height: float
    items: list[Line | Table] = field(default_factory=list)
    unreadable: int = 0
    """Words whose font has no character map ("(cid:12)"): not text anyone can quote."""
    sideways: bool = False
    """Text set sideways (a landscape page, a rotated table): read by PDFium instead."""


def _is_bullet(word: str) -> bool:
    return len(word) == 1 and (word in _BULLETS or "\ue000" <= word <= "\uf8ff")


_UNMAPPED = re.compile(r"\(cid:\d+\)")


def _lines_from_words(words: Sequence[dict[str, Any]], number: int) -> tuple[list[Line], int]:
    """Words in the order the page draws them, grouped into lines; and the count of words
    whose font has no character map (left out: nobody could quote them)."""
    lines: list[Line] = []
    current: list[dict[str, Any]] = []
    unreadable = 0

    def flush() -> None:
        nonlocal unreadable
        if not current:
            return
        # A glyph with no character map at the start of a line is a bullet drawn from a
        # symbol font; anywhere else it is a word we cannot read.
        if _UNMAPPED.fullmatch(str(current[0]["text"])):
            current[0] = {**current[0], "text": "•"}
        kept = [word for word in current if not _UNMAPPED.search(str(word["text"]))]
        unreadable += len(current) - len(kept)
        current[:] = kept
        if not current:
            return
        sizes = [_size(word) for word in current]
        text = clean_text(" ".join(str(word["text"]) for word in current))
        if text:
            lines.append(
                Line(
                    text=text,
                    x0=min(float(w["x0"]) for w in current),
                    x1=max(float(w["x1"]) for w in current),
                    top=min(float(w["top"]) for w in current),
                    bottom=max(float(w["bottom"]) for w in current),
                    size=statistics.median(sizes),
                    bold=all(_BOLD.search(str(w.get("fontname", ""))) for w in current),
                    page=number,
                )
            )
        current.clear()

    for word in words:
        if current:
            last = current[-1]
            tolerance = max(2.0, 0.5 * _size(last))
            same_row = abs(float(word["top"]) - float(last["top"])) <= tolerance
            # Text flow that jumps back left on the same row is another column.
            if not same_row or float(word["x0"]) < float(last["x1"]) - 1:
                flush()
        current.append(word)
    flush()
    return lines, unreadable


def _size(word: dict[str, Any]) -> float:
    # Some fonts carry no usable size (Type 3, scaled by the text matrix): the glyphs' height
    # on the page is the size a reader sees.
    size = float(word.get("size") or 0)
    height = float(word["bottom"]) - float(word["top"])
    return round(size if size > 1 else max(height, 1.0), 1)


def _cell(text: str | None) -> str:
    return _join_lines((text or "").split("\n"))


def _join_lines(parts: Sequence[str]) -> str:
    """Lines of one paragraph or cell joined; a hyphen at a line end is kept as printed."""
    out = ""
    for part in parts:
        part = clean_text(part)
        if not part:
            continue
        if not out:
            out = part
        elif re.search(r"[A-Za-z]-$", out) and part[:1].isalpha():
            out += part  # "multi-" + "agency": the hyphen is the writer's, never removed
        else:
            out += " " + part
    return out


def _read_pages(pdf: Any) -> list[Page]:
    pages: list[Page] = []
    for number, page in enumerate(pdf.pages, start=1):
        chars = page.chars
        if chars and sum(1 for char in chars if not char.get("upright", True)) > len(chars) / 2:
            pages.append(Page(number, float(page.width), float(page.height), sideways=True))
            continue
        # Many PDFs draw no space characters: a gap wider than 15% of the type size is a
        # space (pdfplumber's fixed 3 points runs small type's words together).
        words = page.extract_words(
            use_text_flow=True,
            extra_attrs=["size", "fontname"],
            keep_blank_chars=False,
            x_tolerance_ratio=0.15,
        )
        tables: list[Table] = []
        for found in page.find_tables():
            rows = [[_cell(cell) for cell in row] for row in found.extract()]
            rows = [row for row in rows if any(row)]
            columns = sum(
                1
                for index in range(max(map(len, rows), default=0))
                if any(index < len(row) and row[index] for row in rows)
            )
            # A box drawn round a paragraph is no table: a real one has 2+ columns and rows.
            if len(rows) < 2 or columns < 2:
                continue
            x0, top, x1, bottom = found.bbox
            header_chars = [
                char
                for char in page.chars
                if top <= char["top"] <= (found.rows[0].bbox[3] if found.rows else bottom)
                and x0 <= char["x0"] <= x1
            ]
            bold = bool(header_chars) and all(
                _BOLD.search(str(char.get("fontname", ""))) for char in header_chars
            )
            tables.append(Table(rows, bold, top, x0, x1, number))

            def inside(word: dict[str, Any], box: tuple[float, ...] = found.bbox) -> bool:
                middle_x = (float(word["x0"]) + float(word["x1"])) / 2
                middle_y = (float(word["top"]) + float(word["bottom"])) / 2
                return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]

            words = [word for word in words if not inside(word)]
        lines, unreadable = _lines_from_words(words, number)
        items: list[Line | Table] = list(lines)
        for table in tables:
            # The table goes before the first line below it in its own column.
            position = next(
                (
                    i
                    for i, item in enumerate(items)
                    if isinstance(item, Line)
                    and item.top >= table.top
                    and item.x0 < table.x1
                    and item.x1 > table.x0
                ),
                len(items),
            )
            items.insert(position, table)
        pages.append(
            Page(number, float(page.width), float(page.height), items, unreadable=unreadable)
        )
    return pages


def _running_keys(pages: Sequence[Page]) -> set[str]:
    """Texts printed at the top or foot of most pages: running heads, feet and page numbers."""
    seen: dict[str, set[int]] = defaultdict(set)
    places: dict[str, list[float]] = defaultdict(list)
    for page in pages:
        for item in page.items:
            if isinstance(item, Line) and _in_margin(item, page):
                key = _margin_key(item.text)
                seen[key].add(page.number)
                places[key].append(item.top)
    needed = max(2, -(-len(pages) * 2 // 5))  # 40% of the pages, and never a single page
    running = set()
    for key, numbers in seen.items():
        spread = max(places[key]) - min(places[key])
        # "At the same place": the top of a running head moves by a point or two, not more.
        if len(numbers) >= needed and spread <= 12:
            running.add(key)
    return running


def _in_margin(line: Line, page: Page) -> bool:
    return line.top < page.height * _MARGIN or line.bottom > page.height * (1 - _MARGIN)


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.lower())).strip()


def _body_size(lines: Sequence[Line]) -> float:
    counts: Counter[float] = Counter()
    for line in lines:
        counts[round(line.size * 2) / 2] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 10.0


@dataclass
class _Run:
    """A block being built from lines."""

    kind: str  # "heading", "para", "item", "table"
    lines: list[Line] = field(default_factory=list)
    number: str = ""
    table: Table | None = None
    style: tuple[float, bool, int] = (0.0, False, 0)

    @property
    def text(self) -> str:
        return _join_lines([line.text for line in self.lines])


def _heading_style(line: Line, body: float, alone: bool) -> tuple[float, bool, int] | None:
    """The style key of a heading line (size, bold, numbering depth), or None for body text."""
    text = line.text
    words = len(text.split())
    if words == 0 or _PAGE_NUMBER.match(text):
        return None
    numbered = _HEADING_NUMBER.match(text)
    depth = numbered.group(1).rstrip(".").count(".") + 1 if numbered else 0
    size = round(line.size * 2) / 2
    ends_sentence = text.endswith((".", ",", ";")) and not text.endswith("..")
    if size >= body * 1.15 and words <= 25 and not (ends_sentence and words > 12):
        return (size, line.bold, depth)
    if line.bold and alone and words <= 15 and not ends_sentence:
        return (size, True, depth)
    # A numbered line standing alone ("3.4 Repeat Child Protection Plan") is a heading even
    # where the writer's font did not say so.
    if (
        numbered
        and alone
        and words <= 12
        and not text.endswith(_TERMINAL)
        and numbered.group(2)[:1].isupper()
        and ("." in numbered.group(1).rstrip(".") or size > body)
    ):
        return (size, line.bold, depth)
    return None


def _blocks_from_pages(pages: Sequence[Page]) -> list[Block]:
    """Blocks in reading order from every page's lines and tables."""
    running = _running_keys(pages)
    flow: list[Line | Table] = []
    for page in pages:
        for item in page.items:
            if isinstance(item, Line):
                if _in_margin(item, page) and (
                    _margin_key(item.text) in running or _PAGE_NUMBER.match(item.text)
                ):
                    continue
                if _CONTENTS_LINE.search(item.text):
                    continue  # a contents entry: the headings themselves follow
            flow.append(item)
    lines = [item for item in flow if isinstance(item, Line)]
    body = _body_size(lines)
    gaps = [
        b.top - a.bottom
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 <= b.top - a.bottom < body * 2 and abs(a.size - body) < 0.6
    ]
    leading = statistics.median(gaps) if gaps else body * 0.3
    right_edges: dict[tuple[int, int], float] = defaultdict(float)
    for line in lines:
        key = (line.page, int(line.x0 // 40))
        right_edges[key] = max(right_edges[key], line.x1)

    def gap_before(index: int) -> float | None:
        """The space above flow[index] when it follows on from the line before, else None."""
        previous, item = flow[index - 1] if index else None, flow[index]
        if not isinstance(previous, Line) or not isinstance(item, Line):
            return None
        if previous.page != item.page or item.top < previous.top:
            return None  # a new page or a new column
        return item.top - previous.bottom

    def alone(index: int) -> bool:
        line = flow[index]
        assert isinstance(line, Line)
        above = gap_before(index)
        below = gap_before(index + 1) if index + 1 < len(flow) else None
        following = flow[index + 1] if index + 1 < len(flow) else None
        different_below = isinstance(following, Line) and (
            following.bold != line.bold or abs(following.size - line.size) > 0.6
        )
        return (above is None or above > leading * 1.5 + 0.5) and (
            below is None or below > leading * 1.5 + 0.5 or different_below
        )

    runs: list[_Run] = []
    for index, item in enumerate(flow):
        if isinstance(item, Table):
            runs.append(_Run("table", table=item))
            continue
        gap = gap_before(index)
        previous = runs[-1] if runs else None
        style = _heading_style(item, body, alone(index))
        first = item.text.split(" ", 1)
        if style is not None:
            if (
                previous is not None
                and previous.kind == "heading"
                and previous.style[:2] == style[:2]
                and gap is not None
                and gap <= leading * 1.5 + 1
                and not _HEADING_NUMBER.match(item.text)
            ):
                previous.lines.append(item)  # a heading wrapped over two lines
            else:
                runs.append(_Run("heading", [item], style=style))
            continue
        bullet = _is_bullet(first[0]) or (
            first[0] in _DASH_BULLETS
            and len(first) > 1
            and (previous is None or previous.kind != "para" or previous.text.endswith(_TERMINAL))
        )
        if bullet and len(first) > 1:
            runs.append(_Run("item", [_with_text(item, first[1])]))
            continue
        if bullet:
            runs.append(_Run("item", []))  # the glyph stands alone; its text follows
            continue
        numbered = _LIST_NUMBER.match(item.text)
        starts_list = numbered is not None and (
            previous is None
            or previous.kind in ("item", "heading", "table")
            or previous.text.endswith(_TERMINAL)
            or gap is None
            or gap > leading * 1.5 + 0.5
        )
        if numbered and starts_list:
            runs.append(
                _Run("item", [_with_text(item, numbered.group(2))], number=numbered.group(1))
            )
            continue
        if previous is not None and previous.kind in ("para", "item") and previous.lines:
            last = previous.lines[-1]
            edge = right_edges[(last.page, int(last.x0 // 40))]
            short = last.x1 < edge - max(30.0, (edge - last.x0) * 0.15)
            if gap is None:
                # A new page or column: the paragraph carries on if its sentence does and
                # its last line ran to the margin.
                carries_on = (
                    not previous.text.endswith(_TERMINAL)
                    and abs(item.size - last.size) < 1
                    and (not short or len(previous.lines) == 1 and _words(last.text) > 8)
                )
            else:
                carries_on = gap <= leading * 1.5 + 0.5 and not (
                    short and last.text.endswith(_TERMINAL)
                )
            if carries_on:
                previous.lines.append(item)
                continue
        elif previous is not None and previous.kind == "item" and not previous.lines:
            previous.lines.append(item)
            continue
        runs.append(_Run("para", [item]))
    return _runs_to_blocks(runs)


def _words(text: str) -> int:
    return len(text.split())


def _with_text(line: Line, text: str) -> Line:
    return Line(text, line.x0, line.x1, line.top, line.bottom, line.size, line.bold, line.page)


def _runs_to_blocks(runs: Sequence[_Run]) -> list[Block]:
    # Levels come from the font (bigger, then bold, first); within one font, deeper
    # numbering ("2.1" under "2") goes one level down, and an unnumbered heading sits
    # with the shallowest numbered ones.
    depths: dict[tuple[float, bool], list[int]] = defaultdict(list)
    for run in runs:
        if run.kind == "heading" and run.style[2] and run.style[2] not in depths[run.style[:2]]:
            depths[run.style[:2]].append(run.style[2])

    def order(style: tuple[float, bool, int]) -> tuple[float, bool, int]:
        found = sorted(depths.get(style[:2], []))
        sub = found.index(style[2]) if style[2] in found else 0
        return (-style[0], not style[1], sub)

    keys = sorted({order(run.style) for run in runs if run.kind == "heading"})
    rank = {key: index + 1 for index, key in enumerate(keys)}
    level = {run.style: rank[order(run.style)] for run in runs if run.kind == "heading"}
    blocks: list[Block] = []
    header: tuple[str, ...] = ()
    columns = 0
    for run in runs:
        if run.kind == "table" and run.table is not None:
            rows = run.table.rows
            width = max(map(len, rows))
            first = tuple(rows[0])
            looks_like_header = run.table.bold_header or (
                all(first)
                and all(len(cell.split()) <= 12 for cell in first)
                and not any(re.fullmatch(r"[\d.,%£\s-]+", cell) for cell in first)
            )
            if blocks and isinstance(blocks[-1], TableRow) and width == columns and header:
                # A table carried over from the page before, perhaps with its header repeated.
                if first == header:
                    rows = rows[1:]
                last = blocks[-1]
                if rows and all(last.cells) and not all(rows[0]):
                    # A row broken by the page: some of its cells ended before the break,
                    # so their part on this page is empty. The two halves are one row.
                    joined = tuple(
                        _join_lines([a, b]) for a, b in zip(last.cells, rows[0], strict=False)
                    )
                    blocks[-1] = TableRow(joined, last.header)
                    rows = rows[1:]
            elif looks_like_header:
                header, columns, rows = first, width, rows[1:]
            else:
                header, columns = (), width
            blocks.extend(TableRow(tuple(row), header) for row in rows)
        elif run.kind == "heading":
            blocks.append(Heading(run.text, level[run.style]))
        elif run.kind == "item":
            if run.text:
                blocks.append(ListItem(run.text, run.number))
        elif run.text:
            blocks.append(Paragraph(run.text))
    return blocks


def _plausible_title(title: str, path: Path) -> str:
    """A title from the PDF's properties, unless it is a file name or a tool's placeholder."""
    title = clean_text(title)
    lowered = title.lower()
    if (
        len(title) < 3
        or not re.search(r"[A-Za-z]{2}", title)
        or re.search(r"\.(docx?|pdf|indd|pub|pptx?|rtf|odt|xlsx?)\b", lowered)
        or lowered.startswith(("microsoft word", "untitled", "document", "powerpoint"))
        or lowered in {"title", "report", "template", path.stem.lower()}
    ):
        return ""
    return title


def _decode(value: Any) -> str:
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "latin-1"):
            try:
                return value.decode(encoding)
            except UnicodeDecodeError:
                continue
    return str(value) if value is not None else ""


def _ocr_page(data: bytes, index: int) -> str:
    """The text of one page read by tesseract, when it is installed; empty otherwise."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return ""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        image = document[index].render(scale=300 / 72).to_pil()
    finally:
        document.close()
    with tempfile.TemporaryDirectory() as folder:
        picture = Path(folder) / "page.png"
        image.save(picture)
        try:
            done = subprocess.run(
                [tesseract, str(picture), "stdout"],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return ""
    return done.stdout if done.returncode == 0 else ""


def _pdfium_texts(data: bytes, numbers: Sequence[int]) -> dict[int, str]:
    """The text of some pages as PDFium reads it, which turns sideways pages upright."""
    import pypdfium2

    texts = {}
    document = pypdfium2.PdfDocument(data)
    try:
        for number in numbers:
            text = document[number - 1].get_textpage().get_text_range()
            if text.strip():
                texts[number] = text.replace("\r\n", "\n")
    finally:
        document.close()
    return texts


def _text_blocks(text: str) -> list[Block]:
    from assistant.corpus.importers.text import blocks_of_text

    return blocks_of_text(text)


def _open_error(error: BaseException) -> ImportFailure:
    names = {type(error).__name__}
    for arg in getattr(error, "args", ()):
        if isinstance(arg, BaseException):
            names.add(type(arg).__name__)
    text = str(error).lower()
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError"} or "password" in text:
        return ImportFailure(_ENCRYPTED)
    return ImportFailure(_DAMAGED)


def _read_plainly(data: bytes) -> tuple[list[Block], int, list[str]]:
    """Text from a PDF that pdfplumber cannot parse, through PDFium, which forgives more."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise ImportFailure(_ENCRYPTED) from None
        raise ImportFailure(_DAMAGED) from None
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
    finally:
        document.close()
    text = "\n".join(texts).replace("\r\n", "\n")
    note = "the PDF is damaged: read without its layout, so check headings and tables"
    return _text_blocks(text), len(texts), [note]


def read_pdf(path: Path, data: bytes) -> Extracted:
    """Blocks of a PDF, its title from its properties, and notes on pages it could not read."""
    import pdfplumber

    notes: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            info = {str(k): _decode(v) for k, v in (pdf.metadata or {}).items()}
            pages = _read_pages(pdf)
    except ImportFailure:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        failure = _open_error(error)
        if failure.message == _ENCRYPTED:
            raise failure from None
        plain, count, notes = _read_plainly(data)
        if not plain:
            raise failure from None
        return Extracted(plain, pages=count, notes=notes)

    ocr_texts: dict[int, str] = {}
    missing: list[int] = []
    sideways = [page.number for page in pages if page.sideways]
    if sideways:
        ocr_texts.update(_pdfium_texts(data, sideways))
    for page in pages:
        if page.items or page.number in ocr_texts:
            continue
        text = _ocr_page(data, page.number - 1)
        if text.strip():
            ocr_texts[page.number] = text
            notes.append(
                f"page {page.number} was read by OCR (tesseract): check its quotes "
                "against the original"
            )
        else:
            missing.append(page.number)
    if len(missing) == len(pages):
        more = " (and no other page has text)" if len(pages) > 1 else ""
        raise ImportFailure(_NO_TEXT + more, page=missing[0])
    notes.extend(f"page {number}: {_NO_TEXT}; its text is missing" for number in missing)
    blocks: list[Block] = []
    # Pages read by OCR go in at their place; the others are laid out together so that
    # running heads repeat and paragraphs carry over the page breaks.
    group: list[Page] = []
    for page in pages:
        if page.number in ocr_texts:
            blocks.extend(_blocks_from_pages(group) if group else [])
            group = []
            blocks.extend(_text_blocks(ocr_texts[page.number]))
        else:
            group.append(page)
    if group:
        blocks.extend(_blocks_from_pages(group))
    for page in pages:
        if page.unreadable:
            notes.append(
                f"page {page.number}: {counted(page.unreadable, 'word')} use a font with no "
                "character map and were left out — OCR the page to read them"
            )
    if not any(isinstance(b, Paragraph | ListItem | TableRow | Heading) for b in blocks):
        raise ImportFailure("the document has no text")
    return Extracted(
        blocks,
        title=_plausible_title(info.get("Title", ""), path),
        title_source="the PDF's properties",
        pages=len(pages),
        notes=notes,
    )
