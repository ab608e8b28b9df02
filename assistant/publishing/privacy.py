"""The privacy check: what in a briefing could identify a child or family before it is published."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Common given names in England and Wales, compiled by us from the names that recur at the top
# of the ONS baby-name tables over the decades. Words that are also ordinary English or months
# (May, June, Will, Mark, Grace, Hope, Faith, Joy, Summer) are left out: they would flag too
# much. A name not listed is still caught after a title (Mr, Mrs, Ms, Miss, Dr) or before a
# surname-like word only when it is listed; the check is a safety net, not a guarantee.
GIVEN_NAMES = frozenset(
    """
    Aaron Abigail Adam Aiden Alan Albert Alex Alexander Alfie Alice Alison Amelia Amy Andrew
    Angela Ann Anna Anne Anthony Archie Arthur Ava Barbara Ben Benjamin Beth Bethany Brian
    Callum Carl Caroline Carol Catherine Charlie Charlotte Chloe Chris Christine Christopher
    Claire Clare Colin Connor Craig Daisy Daniel Danielle Darren David Dean Deborah Denise
    Diane Dylan Edward Eleanor Elizabeth Ella Ellie Elliot Emily Emma Eric Erin Ethan Eve
    Evie Finley Florence Freddie Freya Gary Gemma George Georgia Gillian Graham Hannah Harry
    Harriet Harrison Harvey Hayley Heather Helen Henry Holly Ian Imogen Isabella Isabelle
    Isla Isaac Ivy Jack Jackson Jacob Jake James Jamie Jane Janet Jasmine Jason Jayden Jennifer
    Jessica Jill Joan Joanne John Jonathan Joseph Josh Joshua Julie Karen Katie Kayleigh Keith
    Kelly Kevin Kieran Kyle Laura Lauren Layla Leah Lee Leo Lewis Liam Lily Lisa Logan Lola
    Louis Louise Lucy Luke Lydia Maisie Margaret Maria Martin Mary Matilda Matthew Megan
    Melissa Mia Michael Michelle Millie Mohammed Mohammad Muhammad Molly Natalie Nathan Neil
    Nicholas Nicola Noah Oliver Olivia Oscar Patricia Paul Peter Phoebe Poppy Rachel Rebecca
    Reece Richard Riley Robert Ryan Samantha Samuel Sandra Sarah Scarlett Scott Sean Shane
    Sharon Sienna Simon Sophia Sophie Stacey Stephen Steven Stuart Susan Teddy Theo Thomas
    Tina Toby Tom Tommy Tracey Tyler Valerie Victoria William Zara Zoe
    """.split()
)
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_EXACT_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+(?:19|20)\d\d"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d\d|(?:19|20)\d\d-\d\d-\d\d)"
)
_AGE = (
    r"(?:\baged?\s+\d{1,2}\b|\b\d{1,2}[- ](?:years?|yrs?|months?)[- ]old\b"
    r"|\b\d{1,2}\s*(?:yo|y/o)\b|\b\d{1,2}-year-old\b)"
)
_STREET = (
    "Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|Grove|Rd|St|"
    "Ave|Row|Walk|Mews|Square|Parade|View|Rise"
)
_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), "an email address"),
    (
        "postcode",
        re.compile(
            r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE
        ),
        "a UK postcode",
    ),
    (
        "address",
        re.compile(
            rf"\b(?:Flat\s+\d+\w?,?\s+)?\d{{1,4}}[a-zA-Z]?,?\s+(?:[A-Z][a-z']+\s+){{1,3}}"
            rf"(?:{_STREET})\b"
        ),
        "a street address",
    ),
    (
        "date of birth",
        re.compile(
            rf"\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)\s*:?\s*{_EXACT_DATE}", re.IGNORECASE
        ),
        "a date of birth",
    ),
    ("name", re.compile(rf"\b{_TITLES}\s+[A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+)?"), "a name"),
]
_PHONE = re.compile(r"(?<![\w/])(?:\+44\s?\(?0?\)?\s?|\(?0)\d[\d\s()-]{8,13}\d(?![\w/])")
_NHS = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
# A given name, and the capitalised word after it when there is one (a surname, perhaps).
_GIVEN = re.compile(r"\b([A-Z][a-z]+)\b(?=(?:\s+([A-Z][a-zA-Z'-]+))?)")
# Schemes and laws named after people identify nobody: "Clare's Law", "Sarah's Law".
_NAMED_SCHEME = re.compile(r"^['’]s\s+(?:Law|Act|Principle|Rule|Syndrome)\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass
class PrivacyFinding:
    """Something that could identify a child or family."""

    kind: str
    text: str
    start: int
    end: int
    message: str

    def __str__(self) -> str:
        return f"{self.message}: “{self.text}”"


def nhs_number_is_valid(digits: str) -> bool:
    """Whether ten digits carry a valid NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_identifying(text: str) -> list[PrivacyFinding]:
    """Everything in ``text`` that looks like it could identify someone, in reading order."""
    found: list[PrivacyFinding] = []

    def add(kind: str, start: int, end: int, message: str) -> None:
        if not any(f.start <= start < f.end or start <= f.start < end for f in found):
            found.append(PrivacyFinding(kind, text[start:end].strip(), start, end, message))

    for kind, pattern, message in _PATTERNS:
        for match in pattern.finditer(text):
            add(kind, match.start(), match.end(), message)
    for match in _NHS.finditer(text):
        if nhs_number_is_valid("".join(match.groups())):
            add("NHS number", match.start(), match.end(), "an NHS number")
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 10 <= len(digits) <= 13:
            add("phone", match.start(), match.end(), "a phone number")
    for sentence in _SENTENCE.finditer(text):
        # An exact date in the same sentence as an age pins down a birthday.
        if re.search(_AGE, sentence.group(0), re.IGNORECASE):
            for date in re.finditer(_EXACT_DATE, sentence.group(0)):
                start = sentence.start() + date.start()
                add(
                    "date beside an age",
                    start,
                    start + len(date.group(0)),
                    "an exact date beside an age",
                )
    for match in _GIVEN.finditer(text):
        if match.group(1) not in GIVEN_NAMES or _NAMED_SCHEME.match(text[match.end(1) :]):
            continue
        surname = match.group(2)
        end = match.end(2) if surname and surname not in GIVEN_NAMES else match.end(1)
        add("name", match.start(), end, "a person's name")
    return sorted(found, key=lambda f: f.start)
