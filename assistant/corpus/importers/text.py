"""Turning plain-text documents (text taken from PDFs and Word files) into knowledge Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.corpus.importers.blocks import (
    Block,
    Conversion,
    Extracted,
    Heading,
    ImportOptions,
    ListItem,
    Paragraph,
    TableRow,
    convert,
    title_sized,
)
from assistant.corpus.importers.metadata import MONTH_YEAR
from assistant.corpus.importers.web_text import drop_web_chrome
from assistant.wording import counted

_SECTION = re.compile(r"^section\s+(\d+)\s*[:.–—-]\s*(.+)$", re.IGNORECASE)
_APPENDIX = re.compile(r"^(appendix|annex)\s+(\d+|[A-Z])\b\s*[:.–—-]?\s*(.+)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*–·▪◦●]|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s+")
_TABLE_ROW = re.compile(r"^(\S.*?)\t+\s*(-?\d[\d,]*(?:\.\d+)?\s*%?)\s*$")
_BOLD_ONLY = re.compile(r"^\*\*(.+?)\*\*:?$")
_LATEX_SUPERSCRIPT = re.compile(r"\$\^\{[^$\d]*(\d+)\}\$")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_CONTENTS = ("contents", "table of contents")
_DATED_LINE = re.compile(
    r"^(?:last\s+)?(?:updated|amended|revised|reviewed|published|date\s+revised)\b.{0,40}$",
    re.IGNORECASE,
)
_STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")", "’")


@dataclass
class _Line:
    kind: str  # "heading", "para", "bullet", "table"
    text: str
    level: int = 0
    rows: list[tuple[str, str]] = field(default_factory=list)


def _clean(line: str) -> str:
    line = _LATEX_SUPERSCRIPT.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), line)
    return line.replace("\xa0", " ").replace("\u200b", "").rstrip()


def _unflatten(lines: list[str]) -> list[str]:
    """Lines of a page copied as one long line: split where the copy left runs of spaces."""
    out: list[str] = []
    for line in lines:
        if _words(line) > 150 and len(re.findall(r"\S {2,}\S", line)) >= 2:
            out.extend(part.strip() for part in re.split(r" {2,}", line) if part.strip())
        else:
            out.append(line)
    return out


def _words(text: str) -> int:
    return len(text.split())


def _sentence_case(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        lowered = text.lower()
        index = next((i for i, c in enumerate(lowered) if c.isalpha()), 0)
        return lowered[:index] + lowered[index:].capitalize()
    return text


def _heading_text(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\t", " ")).strip()
    return _sentence_case(text.rstrip(".:").strip())


def _drop_contents(lines: list[str]) -> list[str]:
    """Remove a table of contents: it repeats the headings, and its page numbers mean nothing."""
    starts = [i for i, line in enumerate(lines[:80]) if line.strip().lower() in _CONTENTS]
    if not starts:
        return lines
    start = starts[0]
    entries: list[str] = []
    end = start + 1
    while end < len(lines):
        text = lines[end].strip()
        if entries and _key(text) and _key(text).startswith(_key(entries[0])[:25]):
            return lines[:start] + lines[end:]
        cleaned = re.sub(r"[\t ]+\d+$", "", text).strip(" •\t")
        if cleaned and not re.fullmatch(r"(section|page|section\s+page)", cleaned, re.IGNORECASE):
            entries.append(cleaned)
        end += 1
    return lines  # the contents never ended where expected: keep everything


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


_TITLE_LABEL = re.compile(r"^\s*title\s*:\s*", re.IGNORECASE)
"""A line stating the title ("Title: Repeat plans")."""


def infer_title(lines: list[str]) -> tuple[str, int]:
    """The title a document states and the index of its line (``Title:`` or the first line)."""
    for index, line in enumerate(lines[:15]):
        label = _TITLE_LABEL.match(line)
        if label and line[label.end() :].strip():
            return _clean_title(line[label.end() :]), index
    for index, line in enumerate(lines):
        if line.strip():
            return _clean_title(line), index
    return "", -1


def _clean_title(text: str) -> str:
    text = re.sub(r"^\(\d+\)\s*", "", text.strip())
    text = re.sub(r"\s*\((?:[A-Za-z]+\.?\s+)?(?:19|20)\d\d\)\s*$", "", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def _classify(lines: list[str]) -> list[_Line]:
    """Headings, paragraphs, bullets and tables of the body lines, in order."""
    numbers = [int(m.group(1)) for m in map(_BARE_NUMBER.match, lines) if m]
    points = numbers[:3] == [1, 2, 3][: len(numbers[:3])] and len(numbers) >= 3

    def next_text(index: int) -> str:
        # By position, not a slice: a slice copies the rest of the file at every line.
        for following in range(index + 1, len(lines)):
            if lines[following].strip():
                return lines[following].strip()
        return ""

    def prev_blank(index: int) -> bool:
        return index == 0 or not lines[index - 1].strip()

    def is_short_line(text: str, lead_in: bool = False) -> bool:
        # A line ending in ":" may head what follows, but is never an item of a run.
        endings = (".", ",", ";", "-") if lead_in else (".", ",", ";", "-", ":")
        return (
            bool(text)
            and _words(text) <= 14
            and not text.endswith(endings)
            and not _BULLET.match(text)
            and not _TABLE_ROW.match(text)
            and text[0].isupper()
        )

    def title_like(text: str) -> bool:
        # Headings capitalise most of their long words; lead-in sentences ("These would
        # include ensuring that:") do not.
        long_words = [word for word in re.findall(r"[A-Za-z][\w'’-]*", text) if len(word) > 3]
        if len(long_words) <= 2:
            return True
        capitals = sum(1 for word in long_words if word[0].isupper())
        return capitals / len(long_words) >= 0.5

    items: list[_Line] = []
    level = 1
    structural_level = 1  # level of the last numbered, "Section" or "Appendix" heading
    numbered_depth = 0
    in_appendices = False
    index = 0
    while index < len(lines):
        raw = lines[index]
        text = raw.strip()
        if not text:
            index += 1
            continue
        following = next_text(index)

        # A run of rows "label<TAB>figure" is a table of figures.
        rows = []
        scan = index
        while scan < len(lines):
            match = _TABLE_ROW.match(lines[scan].strip(" "))
            if not match:
                break
            rows.append((match.group(1).strip(), match.group(2).strip()))
            scan += 1
        if len(rows) >= 3:
            items.append(_Line("table", "", rows=rows))
            index = scan
            continue

        bare = _BARE_NUMBER.match(text)
        if bare and points:
            items.append(_Line("heading", f"Point {bare.group(1)}", 2))
            level, numbered_depth = 2, 0
            index += 1
            continue
        if bare:
            index += 1  # a page number left by the PDF extraction
            continue

        section = _SECTION.match(text)
        if section and _words(text) <= 16:
            heading = f"Section {section.group(1)}: {_heading_text(section.group(2))}"
            in_appendices = "appendi" in section.group(2).lower()
            items.append(_Line("heading", heading, 2))
            level = structural_level = 2
            numbered_depth = 0
            index += 1
            continue

        appendix = _APPENDIX.match(text)
        if appendix and _words(text) <= 16 and prev_blank(index):
            label = appendix.group(1).capitalize()
            heading = (
                f"{label} {appendix.group(2)}: {_heading_text(appendix.group(3).lstrip('–—- '))}"
            )
            depth = 3 if in_appendices else 2
            items.append(_Line("heading", heading, depth))
            level = structural_level = depth
            numbered_depth = 0
            index += 1
            continue

        numbered = _NUMBERED.match(text)
        # "1. Purpose" standing alone above a paragraph heads it; "1. The name…" in a run of
        # numbered lines is an item of a list.
        lone_number = (
            re.match(r"^\d{1,2}\.\s", text) is not None
            and prev_blank(index)
            and index + 1 < len(lines)
            and not lines[index + 1].strip()
            and _words(following) > 12
            and not _BULLET.match(following)
            and not text.rstrip().endswith(_TERMINAL)
        )
        if numbered and (not _BULLET.match(text) or lone_number):
            number, rest = numbered.groups()
            depth = number.count(".") + 1
            first_number = int(number.split(".")[0])
            looks_like_heading = (
                rest[0].isupper()
                and _words(rest) <= 14
                and not (rest.endswith(".") and _words(rest) >= 8)
                and not rest.endswith((",", ";"))
                and ". " not in rest
                and 1 <= first_number <= 30
            )
            if looks_like_heading:
                heading_level = min(6, depth + 1)
                items.append(_Line("heading", f"{number} {_heading_text(rest)}", heading_level))
                level = structural_level = heading_level
                numbered_depth = depth
                index += 1
                continue

        # A survey question standing alone inside a numbered section heads what follows.
        if (
            text.endswith("?")
            and _words(text) <= 35
            and numbered_depth >= 2
            and prev_blank(index)
            and not _BULLET.match(text)
        ):
            items.append(_Line("heading", _heading_text(text), min(6, level + 1)))
            index += 1
            continue

        bullet = _BULLET.match(text)
        if bullet:
            content = text[bullet.end() :].strip()
            bold = _BOLD_ONLY.match(content)
            if bold and _words(bold.group(1)) <= 30 and following and not _BULLET.match(following):
                sub_level = min(6, max(level, 1) + 1)
                items.append(_Line("heading", _heading_text(bold.group(1)), sub_level))
                index += 1
                continue
            if re.match(r"^\d+(?:\.\d+){2,}\s", content):
                items.append(_Line("para", content))  # a numbered paragraph, not a bullet point
            else:
                marker = text[: bullet.end()].strip()
                keep = marker if re.fullmatch(r"[a-z][.)]|\d{1,2}[.)]", marker) else ""
                items.append(_Line("bullet", f"{keep} {content}".strip()))
            index += 1
            continue

        # Several short lines in a row are a list (of resources, say), not headings.
        if is_short_line(text, lead_in=True) and prev_blank(index):
            run = [index]
            scan = index + 1
            while scan < len(lines):
                candidate = lines[scan].strip()
                if not candidate:
                    scan += 1
                    continue
                if is_short_line(candidate) and not _NUMBERED.match(candidate):
                    run.append(scan)
                    scan += 1
                    continue
                break
            if len(run) >= 3 and all(
                _words(lines[i]) >= 2 and is_short_line(lines[i]) for i in run
            ):
                items.extend(_Line("bullet", lines[i].strip()) for i in run)
                index = run[-1] + 1
                continue
            previous = items[-1].kind if items else "heading"
            if title_like(text) and (
                _words(text) <= 10
                and (_words(following) > 12 or _BULLET.match(following))
                and previous != "heading"
                or (not items and _words(following) > 12)
            ):
                heading_level = min(6, structural_level + 1)
                items.append(_Line("heading", _heading_text(text), heading_level))
                level = heading_level
                index += 1
                continue

        items.append(_Line("para", re.sub(r"[ \t]+", " ", text)))
        index += 1
    return _join_broken_paragraphs(items)


def _is_footnote(item: _Line) -> bool:
    return item.kind == "para" and item.text[:1] in "¹²³⁴⁵⁶⁷⁸⁹⁰"


def _join_broken_paragraphs(items: list[_Line]) -> list[_Line]:
    """Join a paragraph that a page break (and the footnotes printed there) cut mid-sentence."""
    joined: list[_Line] = []
    for item in items:
        back = len(joined) - 1
        while back >= 0 and _is_footnote(joined[back]):
            back -= 1
        previous = joined[back] if back >= 0 else None
        if (
            previous is not None
            and item.kind == "para"
            and not _is_footnote(item)
            and previous.kind in ("para", "bullet")
            and not previous.text.endswith(_TERMINAL)
            and (
                item.text[:1].islower()
                # A long unfinished paragraph carries on even after a capital (a name, "I").
                or (
                    previous.kind == "para"
                    and _words(previous.text) >= 12
                    and item.text[:1].isalpha()
                )
            )
        ):
            previous.text = f"{previous.text} {item.text}"
        else:
            joined.append(item)
    return joined


def _blocks(items: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    for item in items:
        # Text exported as Markdown marks bold with "**": the words stay, the marks go.
        item.text = _STRONG.sub(r"\1", item.text)
        if item.kind == "heading":
            blocks.append(Heading(item.text, item.level))
        elif item.kind == "bullet":
            marker = re.match(r"^([a-z][.)]|\d{1,2}[.)])\s+(.*)$", item.text)
            if marker:
                blocks.append(ListItem(marker.group(2), marker.group(1)))
            else:
                blocks.append(ListItem(item.text))
        elif item.kind == "table":
            blocks.extend(TableRow((label, value)) for label, value in item.rows)
        else:
            blocks.append(Paragraph(item.text))
    return blocks


def blocks_of_text(text: str) -> list[Block]:
    """Blocks of a piece of text with no title of its own (a page read by OCR, say)."""
    lines = [_clean(line) for line in text.replace("\r\n", "\n").split("\n")]
    return _blocks(_classify(lines))


def extract_text(text: str, title: str = "") -> Extracted:
    """Blocks of a plain-text document, with the title line it states (or ``title``'s line)."""
    lines = [_clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _unflatten(lines)
    lines, dropped, sites = drop_web_chrome(lines)
    lines = _drop_contents(lines)

    stated_title, title_index = infer_title(lines)
    if title_index >= 0 and not (
        _TITLE_LABEL.match(lines[title_index]) or title_sized(lines[title_index])
    ):
        stated_title, title_index = "", -1  # a sentence or flattened text, not a title
    if title.strip():
        matching = [i for i, line in enumerate(lines[:20]) if _key(line) == _key(title)]
        if matching:
            title_index = matching[0]
        elif title_index >= 0 and not _TITLE_LABEL.match(lines[title_index]):
            title_index = -1  # the first line is not a title after all: keep it as text

    # Short lines around the title (series name, author, date) form the preamble.
    preamble: list[str] = []
    body_start = 0
    if title_index >= 0:
        head_lines = [i for i, line in enumerate(lines[: title_index + 1]) if line.strip()]
        preamble = [lines[i].strip() for i in head_lines if i != title_index]
        body_start = title_index + 1
        while body_start < len(lines):
            line = lines[body_start].strip()
            if not line:
                body_start += 1
                continue
            follower = next((x.strip() for x in lines[body_start + 1 :] if x.strip()), "")
            is_date = bool(MONTH_YEAR.fullmatch(line.strip("()")))
            heading_like = (
                _NUMBERED.match(line) or _SECTION.match(line) or _words(follower) > 12
            ) and not is_date
            credit = re.match(r"^(author|by|published|date|written by)\b", line, re.IGNORECASE)
            # Series names, authors and dates sit under a title; sentences and numbers do not.
            preamble_like = (
                (
                    credit
                    or (
                        _words(line) <= 12
                        and not line.endswith(".")
                        and not _BARE_NUMBER.match(line)
                    )
                )
                and not heading_like
                or bool(_DATED_LINE.match(line))
            )
            if (preamble_like or is_date) and not _BULLET.match(line):
                if not is_date:
                    preamble.append(line)
                body_start += 1
                continue
            break

    preamble = sites + [line for line in preamble if line not in sites]
    notes = []
    if dropped:
        shown = "; ".join(f"“{line[:40]}”" for line in dropped[:3])
        notes.append(
            f"left out {counted(len(dropped), 'line')} of web page furniture, such as {shown}"
        )
    return Extracted(
        blocks=_blocks(_classify(lines[body_start:])),
        title=stated_title if title_index >= 0 else "",
        title_from_text=title_index >= 0 or bool(title.strip()),
        preamble=preamble,
        # Dropped banners may name the publisher: kept for inferring it, not as text.
        lines=[*sites, *lines, *dropped],
        notes=notes,
    )


def convert_text(
    text: str,
    source: str,
    options: ImportOptions | None = None,
    topic_finder: Callable[[str], list[str]] | None = None,
) -> Conversion:
    """Markdown with front matter for a plain-text document; ``options`` override inference."""
    options = options or ImportOptions()
    extracted = extract_text(text, options.title)
    return convert(extracted, source, options, topic_finder)
