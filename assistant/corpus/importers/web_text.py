"""Text copied from a web page: the site's menus and banners found and left out."""

from __future__ import annotations

import re

# Lines a website prints around every page: skip links, accessibility and exit buttons,
# cookie and sharing controls, search boxes. Compared whole, in lower case, without
# punctuation. Data, not code: add what a new site prints, never a page's own words.
CHROME_LINES = frozenset(
    {
        "skip to content",
        "skip to main content",
        "skip to navigation",
        "skip navigation",
        "skip to footer",
        "jump to content",
        "toggle contrast",
        "toggle navigation",
        "toggle menu",
        "high contrast",
        "change contrast",
        "text size",
        "text only",
        "a a a",
        "accessibility",
        "accessibility tools",
        "quick exit",
        "exit this site",
        "exit site",
        "leave this site",
        "leave this site now",
        "hide this page",
        "hide page",
        "leave this page",
        "leave this website",
        "exit this page",
        "exit this website",
        "download this page",
        "download this page as a pdf",
        "download as pdf",
        "save as pdf",
        "rss",
        "rss feeds",
        "rss feed",
        "menu",
        "main menu",
        "open menu",
        "close menu",
        "close",
        "navigation",
        "main navigation",
        "breadcrumb",
        "breadcrumbs",
        "you are here",
        "home",
        "search",
        "search this site",
        "search the site",
        "search site",
        "site search",
        "submit search",
        "print",
        "print this page",
        "print page",
        "share",
        "share this page",
        "share this",
        "back to top",
        "top of page",
        "sign in",
        "log in",
        "login",
        "translate",
        "select language",
        "read aloud",
        "site map",
        "sitemap",
        "contact us",
        "cookie settings",
        "cookie policy",
        "cookies",
        "accept all",
        "accept cookies",
        "accept all cookies",
        "reject all",
        "reject cookies",
        "reject all cookies",
        "manage cookies",
        "manage preferences",
        "i agree",
        "got it",
        "in this section",
        "on this page",
        "related pages",
        "related links",
        "select your partnership",
        "choose your partnership",
        "select a partnership",
        "select area",
        "select your area",
        "choose a manual",
    }
)
"""Whole lines that are site furniture, lower case, punctuation removed."""

# Beginnings and shapes of furniture lines ("Accessibility: A A A", "Bexley Logo").
_CHROME_PATTERNS = [
    re.compile(r"^accessibility\b.{0,60}$", re.IGNORECASE),
    re.compile(r"^(?:\S+\s+){0,7}logo$", re.IGNORECASE),
    re.compile(r"^click here\b(?:\s+\S+){0,8}$", re.IGNORECASE),
    re.compile(r"^(?:return|back|go back) to\b(?:\s+\S+){1,4}$", re.IGNORECASE),
    re.compile(r"^(?:home|you are here)\s*(?:[>»›/|]|\s-\s).{0,150}$", re.IGNORECASE),
    re.compile(r"^.{0,80}\((?:pdf|docx?|xlsx?|pptx?|odt|rtf|csv)[,\s]+[\d.,]+\s*[kmg]b\)$", re.I),
    re.compile(r"^(?:select|choose)\s+(?:your|a|the)\s+\w+(?:\s+\w+)?\s*:?$", re.IGNORECASE),
]
# A bar of buttons and language choices ("Share Cymraeg English", "Print Email Facebook"):
# a line of only these words is furniture.
_BUTTON_WORDS = frozenset(
    """
    share print email e-mail download facebook twitter x linkedin whatsapp instagram youtube
    cymraeg english gaeilge gàidhlig listen translate menu search close
    """.split()
)
# Cookie notices run to a sentence or two; they name cookies and ask for a choice.
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONTACT = re.compile(r"^(?:e-?mail|tel|telephone|phone|fax|call)\s*[:.]\s*\S.{0,60}$", re.I)
# A site's own name printed above every page ("… Procedures Manual", "… Online Manual").
_MASTHEAD = re.compile(
    r"\b(?:procedures?\s+manual|online\s+manual|policies\s+and\s+procedures|"
    r"procedures\s+online|practice\s+manual)\b",
    re.IGNORECASE,
)
_PUBLISHER = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w'’&-]*\s+){1,5}(?:safeguarding\s+(?:children\s+|adults\s+)?"
    r"(?:partnership|board)s?|council)(?:\s*\([A-Z]{2,8}\))?$",
    re.IGNORECASE,
)
_TOP_LINES = 40
"""How far down a page its banner can reach, in non-blank lines."""


def _plain(line: str) -> str:
    return " ".join(re.sub(r"[^\w\s]+", " ", line.lower()).split())


def is_chrome(line: str) -> bool:
    """True for a line that only a website prints (a menu, a skip link, a cookie notice)."""
    text = line.strip()
    if not text:
        return False
    if _plain(text) in CHROME_LINES:
        return True
    if any(pattern.match(text) for pattern in _CHROME_PATTERNS):
        return True
    buttons = _plain(text).split()
    if 2 <= len(buttons) <= 6 and all(word in _BUTTON_WORDS for word in buttons):
        return True
    words = len(text.split())
    return bool(_COOKIE.search(text)) and words <= 60 and _asks_a_choice(text)


def _asks_a_choice(text: str) -> bool:
    lowered = text.lower()
    return any(
        phrase in lowered
        for phrase in ("accept", "we use", "this site uses", "this website uses", "preferences")
    )


def _is_sentence(line: str) -> bool:
    text = line.strip()
    return len(text.split()) >= 6 and text.endswith((".", "!", "?", ".”", '."'))


def _once(line: str) -> str:
    """A line printing one label twice ("View Working Together View Working Together", a link's
    text and its title run together) with the label once."""
    words = line.split()
    half = len(words) // 2
    if (
        half >= 2
        and len(words) == 2 * half
        and _plain(" ".join(words[:half])) == _plain(" ".join(words[half:]))
    ):
        return " ".join(words[:half])
    return line


def _is_masthead(line: str) -> bool:
    text = line.strip()
    if len(text.split()) > 14 or text.endswith("."):
        return False
    return bool(_MASTHEAD.search(text) or _PUBLISHER.match(text))


def _is_heading_like(line: str) -> bool:
    text = line.strip()
    words = text.split()
    if not 1 <= len(words) <= 20 or text.endswith((".", ",", ";", ":")):
        return False
    long_words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    capitals = sum(1 for w in long_words if w[0].isupper())
    return text[0].isupper() or text[0].isdigit() and (not long_words or capitals >= 1)


def drop_web_chrome(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """``lines`` without the furniture of a web page, the lines left out, and the site's name
    as printed above the page (kept by the caller under the title, never as the title).

    Only the top of the text is searched for banners (a site's name, contact lines, a
    menu), and only when the text shows it came from a web page (a furniture line there);
    known furniture lines are dropped anywhere. A line repeated at once is kept once.
    """
    kept: list[str] = []
    dropped: list[str] = []
    sites: list[str] = []
    for line in lines:
        line = _once(line)
        if is_chrome(line):
            dropped.append(line.strip())
            name = _logo_name(line)
            if name and name not in sites:
                sites.append(name)
            continue
        if (
            kept
            and line.strip()
            and len(line.split()) <= 12
            and _plain(line) == _plain(_last_text(kept))
        ):
            dropped.append(line.strip())  # a heading echoed by breadcrumbs or a page title
            continue
        kept.append(line)

    # Above the first real paragraph, a web page shows its site: names, contact lines,
    # a banner that is no sentence. Dropped only when furniture was found up there.
    first_text = _first_paragraph(kept)
    top = [i for i in range(first_text) if kept[i].strip()]
    furniture_on_top = any(is_chrome(line) for line in lines[: _top_end(lines)])
    if top and (furniture_on_top or any(_is_masthead(kept[i]) for i in top[:1])):
        title = _title_line(kept, top)
        remove: set[int] = set()
        mastheads: list[str] = []
        for i in top:
            if i == title:
                break
            text = kept[i].strip()
            if _is_masthead(text):
                # The site's name says who published the page and where: kept, under the
                # title, once; never the title itself.
                if text not in mastheads:
                    mastheads.append(text)
                remove.add(i)
            elif _CONTACT.match(text) or not _is_sentence(text):
                remove.add(i)
                dropped.append(text)
        for i in top:
            if i > (title if title is not None else -1) and _CONTACT.match(kept[i].strip()):
                remove.add(i)
                dropped.append(kept[i].strip())
        kept = [line for i, line in enumerate(kept) if i not in remove]
        sites.extend(mastheads)
    return kept, dropped, sites


# Words that a logo's label uses when it names no one ("Company Logo", "Site logo").
_GENERIC_LOGO = frozenset(
    {
        "company",
        "site",
        "website",
        "home",
        "main",
        "header",
        "footer",
        "our",
        "the",
        "a",
        "logo",
        "homepage",
        "page",
        "brand",
        "council",
    }
)


def _logo_name(line: str) -> str:
    """The name on a logo line ("Bexley Logo" → "Bexley"): the site's own name, kept as text."""
    match = re.match(r"^(.*?)\s*logo$", line.strip(), re.IGNORECASE)
    if not match:
        return ""
    name = match.group(1).strip(" -–|:")
    words = name.split()
    if not words or all(word.lower() in _GENERIC_LOGO for word in words):
        return ""
    return name if all(word[:1].isupper() or not word[:1].isalpha() for word in words) else ""


def _last_text(lines: list[str]) -> str:
    for line in reversed(lines):
        if line.strip():
            return line
    return ""


def _top_end(lines: list[str]) -> int:
    seen = 0
    for index, line in enumerate(lines):
        if line.strip():
            seen += 1
            if seen > _TOP_LINES:
                return index
    return len(lines)


def _first_paragraph(lines: list[str]) -> int:
    """The index of the first line of running text (a sentence of a dozen words or more)."""
    for index, line in enumerate(lines[: _top_end(lines)]):
        text = line.strip()
        words = len(text.split())
        if (words >= 12 and _is_sentence(text) or words >= 25) and not _CONTACT.match(text):
            return index
    return 0


def _title_line(lines: list[str], top: list[int]) -> int | None:
    """Of the lines above the first paragraph, the one that titles the page."""
    for i in top:
        text = lines[i].strip()
        if _is_masthead(text) or _CONTACT.match(text) or _is_sentence(text):
            continue
        if _is_heading_like(text) and _title_case(text):
            return i
    return None


def _title_case(text: str) -> bool:
    # "If you are worried about a child" is a banner; "Harm Outside the Home" is a title.
    long_words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    if len(long_words) <= 3:
        return True
    return sum(1 for w in long_words if w[0].isupper()) / len(long_words) >= 0.4
