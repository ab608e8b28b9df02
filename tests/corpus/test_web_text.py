"""Text copied from web pages: menus, logos and banners left out, the real heading as title."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.corpus.documents import load_document
from assistant.corpus.importers.blocks import Conversion
from assistant.corpus.importers.text import convert_text
from assistant.corpus.importers.web_text import _logo_name, drop_web_chrome, is_chrome
from assistant.corpus.passages import split_into_passages

REPO = Path(__file__).resolve().parents[2]

# The right title of each page opening in ../shared/eval/real-docs (read by a person), and
# the site furniture printed above its text. An empty title list: the page's title is not
# in the copied text at all, so no importer can get it right.
REAL_DOCS: dict[str, tuple[list[str], list[str]]] = {
    "01": (["Bruising in Non-Mobile Babies and Children"], ["Toggle Contrast"]),
    "02": (
        ["22.3 Notifications to the Local Authority", "Notifications to the Local Authority"],
        ["Skip to"],
    ),
    "03": (["Allegations Against Professionals and LADO"], ["(DOCX, 74.43 KB)"]),
    "04": (
        ["Fabricated or Induced Illness/Perplexing Presentations"],
        ["Skip to content", "Company Logo"],
    ),
    "05": (
        ["Strategy Meetings and Child Protection Enquiries (Section 47)"],
        ["Bexley Logo"],
    ),
    "06": (
        ["Child Protection Conferences"],
        ["Quick Exit", "RSS feeds", "Tel: 020 8314 6660", "If you are worried about the welfare"],
    ),
    "07": (["Domestic violence risk assessment and MARAC"], []),
    "08": (["Harm Outside the Home"], []),
    "09": (["Multi-Agency Case Audit Report"], []),
    "10": (["Multi-agency involvement in safeguarding audit"], []),
    "11": (["Learning from national serious case reviews"], []),
    "12": (["Learning from reviews"], []),
    "13": (["Missed Appointments"], []),
    "14": (
        [
            "Wirral Safeguarding Children Board – Neglect of Children and Young People",
            "Neglect of Children and Young People",
        ],
        ["Accessibility: A A A"],
    ),
    "15": ([], []),
    "16": (["Multi Agency Safeguarding Hub (MASH)"], []),
    "17": ([], []),
    "18": (["Role of the Designated Safeguarding Lead"], []),
    "19": (
        ["Safeguarding Children as they Become Adults Guidance"],
        ["Skip to content", "Company Logo"],
    ),
    "20": (["Public Law Outline Proceedings & Legal Aid"], ["Return to Pepptalk"]),
}


def real_docs_folder() -> Path | None:
    """../shared/eval/real-docs beside the checkout (or a worktree's main checkout)."""
    for base in (REPO.parent, REPO.parent.parent, Path(os.environ.get("SHARED_DIR", "/nowhere"))):
        folder = base / "shared" / "eval" / "real-docs"
        if folder.is_dir():
            return folder
    return None


def measure(
    folder: Path, convert: Callable[[str, str], Conversion], scratch: Path
) -> dict[str, tuple[bool, bool, str]]:
    """Per page: the title right, the first passage free of furniture, and the title."""
    results = {}
    for path in sorted(folder.glob("*.txt")):
        key = path.name[:2]
        titles, chrome = REAL_DOCS[key]
        text = path.read_text(encoding="utf-8").split("\n", 1)[1]  # line 1 is a source note
        conversion = convert(text, path.name)
        target = scratch / f"{path.stem}.md"
        target.write_text(conversion.markdown(), encoding="utf-8")
        document, tokens = load_document(target, path.stem)
        passages = split_into_passages(document, tokens)
        title = str(conversion.metadata["title"])
        first = passages[0].text if passages else ""
        clean = bool(passages) and not any(line in first for line in chrome)
        results[key] = (title in titles, clean, title)
    return results


@pytest.mark.skipif(real_docs_folder() is None, reason="the shared evaluation pages are not here")
def test_real_web_pages_get_their_title_and_no_menu_lines(tmp_path: Path) -> None:
    folder = real_docs_folder()
    assert folder is not None
    results = measure(folder, convert_text, tmp_path)
    right = [key for key, (ok, _clean, _t) in results.items() if ok]
    clean = [key for key, (_ok, ok, _t) in results.items() if ok]
    knowable = [key for key, (titles, _c) in REAL_DOCS.items() if titles and key in results]
    assert len(right) == len(knowable), {k: v[2] for k, v in results.items() if not v[0]}
    assert len(clean) == len(results), [k for k, v in results.items() if not v[1]]
    # Where the title is not in the text, the importer says so rather than using a sentence.
    for key in set(results) - set(knowable):
        assert len(results[key][2].split()) <= 12


def test_furniture_lines_are_recognised() -> None:
    for line in [
        "Skip to content",
        "Toggle Contrast",
        "Company Logo",
        "Quick Exit",
        "Accessibility: A A A Colour Black and White",
        "Return to Pepptalk",
        "We use cookies on this website. Accept all cookies or manage your preferences.",
        "Home > Procedures > Core groups",
        "Select your partnership:",
        "Referral form (PDF, 120 KB)",
        "Leave this page",
        "Download this page as a PDF",
        "Share Cymraeg English",
        "St Helens Safeguarding Children Partnership logo",
        "Click here to open SAB website",
    ]:
        assert is_chrome(line), line
    assert _logo_name("Bexley Logo") == "Bexley" and _logo_name("Company Logo") == ""
    for line in [
        "Child Protection Conferences",
        "Core Groups",
        "Home visits must be unannounced where there are concerns.",
        "The Core Group is responsible for the implementation of the plan.",
        "Cookies are not mentioned in this procedure.",
        "Click here to read the full procedure, which sets out what each agency must do.",
        "English as an additional language",
        "Share information",
    ]:
        assert not is_chrome(line), line


def test_the_first_real_heading_beats_a_logo_and_a_site_name() -> None:
    text = (
        "Skip to content\nExample Logo\nWestshire Safeguarding Children Partnership\n"
        "Email: help@westshire.example\n\nHome Visits\n\nHome visits must be unannounced "
        "where there are concerns about the safety of a child in the household.\n"
    )
    lines, dropped, sites = drop_web_chrome(text.split("\n"))
    assert "Skip to content" in dropped and "Email: help@westshire.example" in dropped
    # The site's own name (on its logo, above the page) is kept under the title, as text.
    assert sites == ["Example", "Westshire Safeguarding Children Partnership"]
    conversion = convert_text(text, "visits.txt")
    assert conversion.metadata["title"] == "Home Visits"
    # The banner names the publisher: it is used for that, not kept as text.
    assert conversion.metadata["organisation"] == "Westshire Safeguarding Children Partnership"
    assert "Skip to content" not in conversion.body and "Logo" not in conversion.body
    assert any("furniture" in note for note in conversion.notes)


def test_flattened_text_gets_a_short_title_and_passages(tmp_path: Path) -> None:
    text = "  ".join(
        f"Practitioners must record reason {n} for a repeat plan on the child's file. " * 3
        for n in range(80)
    )
    conversion = convert_text(text, "flattened-page.txt")
    assert conversion.metadata["title"] == "Flattened page"
    target = tmp_path / "flat.md"
    target.write_text(conversion.markdown(), encoding="utf-8")
    document, tokens = load_document(target, "flat")
    assert len(split_into_passages(document, tokens)) > 5


def test_a_logo_names_the_publisher_and_a_label_printed_twice_is_kept_once() -> None:
    text = (
        "Quick Exit\nEastshire Safeguarding Children Partnership logo\n"
        "Quality Assurance\n\nView Working Together View Working Together\n\n"
        "The Partnership commissions multi-agency audits of child protection and child in "
        "need cases every quarter of the year.\n"
    )
    conversion = convert_text(text, "quality.txt")
    assert conversion.metadata["title"] == "Quality Assurance"
    assert conversion.metadata["organisation"] == "Eastshire Safeguarding Children Partnership"
    assert "View Working Together" in conversion.body
    assert "View Working Together View" not in conversion.body
    assert "Quick Exit" not in conversion.body and "logo" not in conversion.body
