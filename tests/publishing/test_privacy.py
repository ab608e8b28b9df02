"""The privacy check against identifying and harmless strings, and the bundled documents."""

from __future__ import annotations

import hashlib
import json
import statistics
import subprocess
import sys
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.publishing.privacy import PrivacyFinding, find_identifying, nhs_number_is_valid
from tests.conftest import REPO

IDENTIFYING = [
    "The child's NHS number is 943 476 5919.",
    "NHS no. 4010232137 was on the referral.",
    "The family lived at 14 Acacia Avenue before the move.",
    "Mum moved to Flat 3, 27 Station Road in March.",
    "Their postcode is SO15 2JY.",
    "The house in LS6 1AB was visited twice.",
    "Call the family on 07700 900123 if needed.",
    "The school rang 0113 496 0000 about attendance.",
    "Dad's number, +44 7700 900456, was on file.",
    "Email jane.doe@example.com with the minutes.",
    "Contact the mother at kerry_smith84@mail.co.uk.",
    "DOB: 12/03/2016.",
    "Child A (date of birth 4 July 2015) was seen at home.",
    "He was born on 3rd May 2019.",
    "The boy, aged 6, was born on 14/02/2018.",
    "A 3-year-old girl (born 2020-06-01) attended nursery.",
    "Mrs Patel attended the core group.",
    "Mr Jones did not attend the conference.",
    "Ms O'Brien said the children were safe.",
    "Dr Okafor completed the medical.",
    "Jane Smith, the mother, declined the referral.",
    "Oliver told his teacher about the arguments at home.",
    "Sophie and her brother were seen alone.",
    "Kyle Thompson is the stepfather.",
    "The social worker spoke with Emily about the plan.",
    "Miss Harrington from the school raised the concern.",
    "Our records show Liam was missing from home twice.",
    "The address is 221B Baker Street.",
    "The baby, 4 months old, was born on 10 January 2024.",
    "Grandmother Margaret cares for the children at weekends.",
]

HARMLESS = [
    "Child A was made subject to a Child Protection Plan in 2010.",
    "The audit considered four cases involving children who had repeat plans.",
    "In 6 of 8 families disguised compliance was not identified.",
    "Claire's Law should also be considered.",
    "The decision must be agreed by the Head of Service.",
    "Southampton Children's Services analysed 16 families (38 children).",
    "A subsequent conference is held within three months.",
    # An acronym of the field that is also a given name somewhere ("Sudi").
    "Two SUDI cases were reviewed; SUDI and safer sleep messages went to every GP.",
    "From March 2016 to January 2017, 25 children became subject to a second plan.",
    "The national average stood at 14.9 per cent in 2013.",
    "Contact the NYSCP Learning and Improvement Subgroup for the action plan.",
    "Refer to the Hampton Trust for perpetrator work.",
    "The Systemic Practice Model was introduced between 28/04/2022 and 21/11/2022.",
    "There were 90 audit requests and 77 were returned.",
    "The children were aged between 0 and 13 years.",
    "Eight children in the sample were under five years old.",
    "Sibling 1 and Sibling 2 were placed with their grandmother.",
    "The Independent Reviewing Officer chaired the meeting.",
    "Catch 22 provided return home interviews.",
    "Working Together to Safeguard Children (2023) sets out the duties.",
    "The core group met every six weeks on Tuesdays.",
    "Call 0800 1111 to reach Childline.",
    "See section 47 of the Children Act 1989.",
    "The briefing was published in June 2018.",
    "Practitioners should use the HEAT tool to assess home conditions.",
    "The Family Safeguarding Model was launched with Hertfordshire.",
    "The 12-month review found sustained change in 5 families.",
    "Mother of Child B attended with an advocate.",
    "A 14 year-old young man, the middle of three brothers, was seen at school.",
    "Reference 2023/45 of the audit programme was closed.",
    "The Police Protection Order lasted 72 hours.",
]

# Our own sets (tests/data/privacy/), written as audit write-ups leak or legitimately say things.
# Each is split in two by a fixed hash of the string, decided before the check was tuned: the
# tuning half was used while writing the check, the held-out half only to measure it.
DATA = REPO / "tests" / "data" / "privacy"


def _rows(name: str) -> list[dict[str, str]]:
    lines = (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _held_out(text: str) -> bool:
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 1


def _half(name: str, held_out: bool) -> list[dict[str, str]]:
    return [row for row in _rows(name) if _held_out(row["text"]) == held_out]


def test_nhs_check_digit() -> None:
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("1111111111")
    assert not nhs_number_is_valid("943476591")


@pytest.mark.parametrize("text", IDENTIFYING)
def test_identifying_strings_are_found(text: str) -> None:
    assert find_identifying(text), text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_strings_pass(text: str) -> None:
    assert find_identifying(text) == [], [str(f) for f in find_identifying(text)]


def test_figures_on_our_sets() -> None:
    """Caught and flagged on each half; `pytest tests/test_privacy.py -s -k figures` prints them."""
    figures = {}
    for held_out in (False, True):
        identifying = _half("identifying", held_out)
        harmless = _half("harmless", held_out)
        caught = sum(bool(find_identifying(row["text"])) for row in identifying)
        flagged = sum(bool(find_identifying(row["text"])) for row in harmless)
        figures[held_out] = (caught / len(identifying), flagged / len(harmless))
        print(
            f"\n{'held-out' if held_out else 'tuning'}: identifying caught {caught}/"
            f"{len(identifying)} ({caught / len(identifying):.1%}), harmless flagged "
            f"{flagged}/{len(harmless)} ({flagged / len(harmless):.1%})"
        )
    assert len(_rows("identifying")) >= 80 and len(_rows("harmless")) >= 80
    # What it achieves on both halves; the issue asks for >= 95% caught and <= 5% flagged on sets
    # it has not seen, which ours, written by the same hands that tuned the check, only hint at.
    assert figures[False] == (1.0, 0.0)
    assert figures[True] == (1.0, 0.0)


def test_every_kind_of_identifying_string_is_in_our_set() -> None:
    kinds = {row["kind"] for row in _rows("identifying")}
    assert kinds >= {
        "surname", "initials", "given", "nickname", "relative", "house", "street", "postcode",
        "dob", "date-age", "ni", "ref", "nhs", "phone", "email", "title", "case", "evasion",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "kind", "flagged"),
    [
        ("A\u200baliyah told her teacher.", "name", "A\u200baliyah"),
        ("The health visitor saw Ol\u2060iver at home.", "name", "Ol\u2060iver"),
        ("M\u0430ry and her brother were seen alone.", "name", "M\u0430ry"),  # Cyrillic а
        ("\u039fliver was seen at school.", "name", "\u039fliver"),  # Greek capital omicron
        ("OLIVER was seen by the school nurse.", "name", "OLIVER"),
        ("the social worker saw zainab alone.", "name", "zainab"),
        ("mrs jones said she had not been invited.", "name", "mrs jones"),
        ("The NHS number given was 943.476.5919.", "NHS number", "943.476.5919"),
        ("NHS number 943\u200b476\u200b5919 was on the letter.", "NHS number", None),
        ("Mum (Kezza) told the health visitor.", "name", "Kezza"),
        ("Child A was often left with his nan Brenda.", "name", "Brenda"),
        ("Concerns about the Smith family were raised.", "surname", "Smith family"),
        ("J.S. (aged 4) was hungry most mornings.", "initials", "J.S."),
        ("The family lived at Rose Cottage.", "house name", "Rose Cottage"),
        ("The family moved to Elm Road in Crewe.", "street and town", "Elm Road in Crewe"),
        ("Child A was born on the third of May 2019.", "date of birth", None),
        ("Mum's NI number, QQ 12 34 56 C, was on a letter.", "NI number", "QQ 12 34 56 C"),
        ("Crime ref 12/34567/22 relates to the assault.", "reference", "12/34567/22"),
    ],
)
def test_evasions_and_kinds(text: str, kind: str, flagged: str | None) -> None:
    findings = find_identifying(text)
    assert [f.kind for f in findings] == [kind], [str(f) for f in findings]
    finding = findings[0]
    assert text[finding.start : finding.end] == finding.text
    if flagged is not None:
        assert finding.text == flagged


def test_messages_say_what_was_found() -> None:
    messages = {f.message for row in _rows("identifying") for f in find_identifying(row["text"])}
    assert {
        "a person's name", "a family's surname", "a nickname", "a relative's name",
        "a person's initials", "a house name", "a street and town", "a date of birth",
        "a National Insurance number", "a police or case reference", "an NHS number",
        "a phone number", "a personal email address",
    } <= messages  # fmt: skip
    finding = find_identifying("Mrs Patel attended.")[0]
    assert str(finding) == "a person's name: “Mrs Patel”"


def test_offsets_are_into_the_text_as_written() -> None:
    for row in _rows("identifying") + _rows("harmless"):
        text = row["text"]
        for finding in find_identifying(text):
            assert text[finding.start : finding.end] == finding.text, (text, finding)


def test_public_record_and_the_field_s_vocabulary_pass() -> None:
    glossary = yaml.safe_load((REPO / "knowledge" / "glossary.yaml").read_text(encoding="utf-8"))
    words = [word for group in glossary["everyday"] for word in group]
    for entry in glossary["terms"]:
        words += [entry["term"], entry.get("definition", "")]
        for key in ("abbr", "synonyms", "related"):
            words += entry.get(key) or []
    flagged = {f.text for word in words for f in find_identifying(word)}
    assert flagged == set()


def test_bundled_documents_flag_only_real_peoples_names() -> None:
    flagged = {
        finding.text
        for path in sorted((REPO / "knowledge").glob("*.md"))
        for finding in find_identifying(path.read_text(encoding="utf-8"))
    }
    # The 2014 audit names its author; nothing else in the five documents identifies anyone.
    assert flagged == {"Valerie Charles"}


def test_a_briefing_is_checked_quickly() -> None:
    text = (REPO / "knowledge" / "001_c211cc33da591ec3.md").read_text(encoding="utf-8")
    briefing = " ".join(text.replace("'", "’").split()[:1000])  # a thousand words, curly quotes
    find_identifying(briefing)  # the lists load once, on first use
    wall, cpu = [], []
    for _ in range(5):
        started, used = time.perf_counter(), time.process_time()
        find_identifying(briefing)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    print(
        f"\n1,000 words checked in {min(cpu) * 1000:.1f} ms of processor time "
        f"({statistics.median(wall) * 1000:.1f} ms on the clock)"
    )
    # Processor time, so that a busy machine does not fail the test.
    assert min(cpu) < 0.05


def test_nothing_loads_until_the_first_check() -> None:
    probe = (
        "import sys, assistant.publishing.privacy as p; "
        "print(p._vocabulary.cache_info().currsize, 'phonenumbers' in sys.modules, "
        "'confusable_homoglyphs' in sys.modules)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert run.stdout.split() == ["0", "False", "False"]


@settings(max_examples=200, deadline=None, database=None)
@given(st.text())
def test_any_text_gives_findings_in_order_at_their_offsets(text: str) -> None:
    findings = find_identifying(text)
    assert findings == sorted(findings, key=lambda f: f.start)
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start
    for finding in findings:
        assert isinstance(finding, PrivacyFinding)
        assert text[finding.start : finding.end] == finding.text and finding.text


_INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"])


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.sampled_from([row["text"] for row in _half("identifying", held_out=False)]),
    st.integers(min_value=0),
    _INVISIBLE,
)
def test_an_invisible_character_does_not_hide_anything(
    text: str, where: int, invisible: str
) -> None:
    at = where % (len(text) + 1)
    assert find_identifying(text[:at] + invisible + text[at:])
