"""Turning plain-text documents (text taken from PDFs and Word files) into knowledge Markdown."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.corpus.documents import KINDS, normalise_date, read_text
from assistant.errors import AlreadyExists
from assistant.storage.atomic import write_text_atomic

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"\b((?:[A-Z][\w'’&-]*[ \t]+){1,4}"
    r"Safeguarding[ \t]+(?:Children[ \t]+|Adults[ \t]+|Childrens[ \t]+)?"
    r"(?:Partnership|Board|Partnership[ \t]+Board)s?)"
    r"(?:[ \t]*\(([A-Z]{2,8})\))?"
)
_COUNCIL = re.compile(
    r"\b((?:[A-Z][\w'’-]*[ \t]+){1,3}(?:City|County|Borough|District)[ \t]+Council)\b"
)
_GENERIC_LEADS = {"Local", "The", "Each", "A", "An", "All", "Our", "Their", "This", "That", "Every"}

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
_TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")", "’")


@dataclass
class ImportOptions:
    """What the user said about a document; anything left empty is inferred from the text."""

    title: str = ""
    kind: str = ""
    organisation: str = ""
    published: str = ""
    topics: list[str] = field(default_factory=list)


@dataclass
class Conversion:
    """A converted document: its front matter, its Markdown body and what was inferred."""

    metadata: dict[str, object]
    body: str
    inferred: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The knowledge file: front matter, then the body."""
        lines = []
        for key, value in self.metadata.items():
            if isinstance(value, list):
                # Lists on one line ("topics: [a, b]") read better in front matter.
                flow = yaml.safe_dump(
                    value, default_flow_style=True, allow_unicode=True, width=10**6
                )
                lines.append(f"{key}: {flow.strip()}")
            else:
                lines.append(yaml.safe_dump({key: value}, allow_unicode=True, width=10**6).strip())
        front = "\n".join(lines)
        return f"---\n{front}\n---\n\n{self.body.rstrip()}\n"


@dataclass
class _Line:
    kind: str  # "heading", "para", "bullet", "table"
    text: str
    level: int = 0
    rows: list[tuple[str, str]] = field(default_factory=list)


def _clean(line: str) -> str:
    line = _LATEX_SUPERSCRIPT.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), line)
    return line.replace("\xa0", " ").replace("\u200b", "").rstrip()


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


def infer_title(lines: list[str]) -> tuple[str, int]:
    """The title a document states and the index of its line (``Title:`` or the first line)."""
    for index, line in enumerate(lines[:15]):
        match = re.match(r"^\s*title\s*:\s*(.+)$", line, re.IGNORECASE)
        if match:
            return _clean_title(match.group(1)), index
    for index, line in enumerate(lines):
        if line.strip():
            return _clean_title(line), index
    return "", -1


def _clean_title(text: str) -> str:
    text = re.sub(r"^\(\d+\)\s*", "", text.strip())
    text = re.sub(r"\s*\((?:[A-Za-z]+\.?\s+)?(?:19|20)\d\d\)\s*$", "", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".")


def infer_published(lines: list[str]) -> str:
    """A month and year stated near the top of the document, as YYYY-MM."""
    for line in lines[:15]:
        match = _MONTH_YEAR.search(line)
        if match:
            return f"{int(match.group(2)):04d}-{MONTHS[match.group(1).lower()]:02d}"
    return ""


def infer_organisation(text: str) -> str:
    """The partnership, board or council that the text names as its author, if it names one."""
    counts: Counter[str] = Counter()
    acronyms: dict[str, str] = {}
    for match in _ORGANISATION.finditer(text):
        name = re.sub(r"\s+", " ", match.group(1)).strip()
        words = name.split()
        while words and words[0] in _GENERIC_LEADS:
            words = words[1:]
        if len(words) < 3 or words[0] == "Safeguarding":
            continue
        name = " ".join(words)
        if name.endswith("s") and not name.endswith("ss"):
            continue  # "Local Safeguarding Children Boards" is a kind of body, not a publisher
        counts[name] += 1
        if match.group(2):
            acronyms[name] = match.group(2)
    if not counts:
        council = _COUNCIL.search(text)
        return re.sub(r"\s+", " ", council.group(1)) if council else ""
    first = next(iter(counts))
    best = max(counts, key=lambda name: (counts[name] + acronyms.__contains__(name), name == first))
    return f"{best} ({acronyms[best]})" if best in acronyms else best


def infer_kind(title: str, head: str) -> str:
    """The kind of document, judged from its title and first lines."""
    lowered = f"{title}\n{head}".lower()
    if re.search(r"\b(7|seven)[ -]minute briefing", lowered):
        return "briefing"
    if "audit" in title.lower():
        return "audit"
    if re.search(r"\b(practice|case|serious case|rapid) review\b", lowered):
        return "review"
    if re.search(r"\bprocedures?\b", lowered):
        return "procedure"
    if "audit" in lowered:
        return "audit"
    return "guidance"


def _classify(lines: list[str]) -> list[_Line]:
    """Headings, paragraphs, bullets and tables of the body lines, in order."""
    numbers = [int(m.group(1)) for m in map(_BARE_NUMBER.match, lines) if m]
    points = numbers[:3] == [1, 2, 3][: len(numbers[:3])] and len(numbers) >= 3

    def next_text(index: int) -> str:
        for line in lines[index + 1 :]:
            if line.strip():
                return line.strip()
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
        if numbered and not _BULLET.match(text):
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


def _escape(text: str) -> str:
    # Lines that Markdown would read as a heading, quote, table or rule stay plain text.
    if re.match(r"^(#|>|\||\+\s|=+\s*$|-{3,}\s*$)", text):
        return "\\" + text
    return text


def _render(title: str, preamble: list[str], items: list[_Line]) -> str:
    out = [f"# {title}", ""]
    if preamble:
        out += [_escape(" · ".join(preamble)), ""]
    previous = ""
    for item in items:
        if item.kind == "heading":
            if out and out[-1] != "":
                out.append("")
            out += ["#" * item.level + " " + item.text, ""]
        elif item.kind == "bullet":
            if previous != "bullet" and out and out[-1] != "":
                out.append("")
            out.append(f"- {item.text}")
        elif item.kind == "table":
            if out and out[-1] != "":
                out.append("")
            out += ["| Item | Figure |", "| --- | ---: |"]
            out += [f"| {label.replace('|', '/')} | {value} |" for label, value in item.rows]
            out.append("")
        else:
            if out and out[-1] != "":
                out.append("")
            out += [_escape(item.text), ""]
        previous = item.kind
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def convert_text(
    text: str,
    source: str,
    options: ImportOptions | None = None,
    topic_finder: Callable[[str], list[str]] | None = None,
) -> Conversion:
    """Markdown with front matter for a plain-text document; ``options`` override inference."""
    options = options or ImportOptions()
    lines = [_clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _drop_contents(lines)
    inferred: list[str] = []

    stated_title, title_index = infer_title(lines)
    title = options.title.strip()
    if title:
        matching = [i for i, line in enumerate(lines[:20]) if _key(line) == _key(title)]
        if matching:
            title_index = matching[0]
        elif title_index >= 0 and not re.match(r"^\s*title\s*:", lines[title_index], re.I):
            title_index = -1  # the first line is not a title after all: keep it as text
    else:
        title = stated_title
        inferred.append(f"title: {title}")
    if not title:
        raise ValueError("the document has no text to take a title from")

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
            is_date = bool(_MONTH_YEAR.fullmatch(line.strip("()")))
            heading_like = (
                _NUMBERED.match(line) or _SECTION.match(line) or _words(follower) > 12
            ) and not is_date
            credit = re.match(r"^(author|by|published|date|written by)\b", line, re.IGNORECASE)
            # Series names, authors and dates sit under a title; sentences and numbers do not.
            preamble_like = (
                credit
                or (_words(line) <= 12 and not line.endswith(".") and not _BARE_NUMBER.match(line))
            ) and not heading_like
            if (preamble_like or is_date) and not _BULLET.match(line):
                if not is_date:
                    preamble.append(line)
                body_start += 1
                continue
            break

    published = options.published.strip()
    if published:
        published = normalise_date(published)
    else:
        published = infer_published(lines)
        if published:
            inferred.append(f"published: {published}")
    organisation = options.organisation.strip() or infer_organisation(text)
    if organisation and not options.organisation:
        inferred.append(f"organisation: {organisation}")
    kind = options.kind.strip().lower()
    if kind and kind not in KINDS:
        raise ValueError(f"the kind must be one of {', '.join(KINDS)}")
    if not kind:
        kind = infer_kind(title, "\n".join(lines[:20]))
        inferred.append(f"kind: {kind}")

    items = _classify(lines[body_start:])
    body = _render(title, preamble, items)
    topics = list(options.topics)
    if not topics and topic_finder is not None:
        topics = topic_finder(text)
        if topics:
            inferred.append(f"topics: {', '.join(topics)}")

    metadata: dict[str, object] = {"title": title, "kind": kind}
    if organisation:
        metadata["organisation"] = organisation
    if published:
        metadata["published"] = published
    metadata["source"] = source
    if topics:
        metadata["topics"] = topics
    metadata["imported"] = dt.date.today().isoformat()
    return Conversion(metadata=metadata, body=body, inferred=inferred)


def import_file(
    path: Path,
    destination: Path,
    options: ImportOptions | None = None,
    topic_finder: Callable[[str], list[str]] | None = None,
    overwrite: bool = False,
) -> tuple[Path, Conversion]:
    """Convert one text file into ``destination``; returns the new file and the conversion."""
    text, _data, _warnings = read_text(path)
    conversion = convert_text(text, path.name, options, topic_finder)
    target = destination / f"{path.stem}.md"
    if target.exists() and not overwrite:
        raise AlreadyExists("already exists", target)
    if target.exists():
        write_text_atomic(target.with_suffix(".md.bak"), target.read_text(encoding="utf-8"))
    write_text_atomic(target, conversion.markdown())
    return target, conversion
