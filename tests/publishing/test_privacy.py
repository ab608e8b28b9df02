"""The privacy check against identifying and harmless strings, and the bundled documents."""

from __future__ import annotations

import pytest

from assistant.publishing.privacy import find_identifying, nhs_number_is_valid
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


def test_nhs_check_digit() -> None:
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("1111111111")


@pytest.mark.parametrize("text", IDENTIFYING)
def test_identifying_strings_are_found(text: str) -> None:
    assert find_identifying(text), text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_strings_pass(text: str) -> None:
    assert find_identifying(text) == [], [str(f) for f in find_identifying(text)]


def test_bundled_documents_flag_only_real_peoples_names() -> None:
    flagged = {
        finding.text
        for path in sorted((REPO / "knowledge").glob("*.md"))
        for finding in find_identifying(path.read_text(encoding="utf-8"))
    }
    # The 2014 audit names its author; nothing else in the five documents identifies anyone.
    assert flagged == {"Valerie Charles"}
