"""Declining and leading: the answer holds what was asked, or the assistant says it cannot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.answering._fusion import fuse
from assistant.answering._ranking import rank_passages
from assistant.facade import Assistant
from assistant.search.model import Hit
from tests.conftest import with_pages

# Two small documents written for these tests, in the shape real pages have.
BRUISING = """---
title: Bruising in babies who cannot crawl
kind: guidance
organisation: Townshire Safeguarding Children Partnership
published: 2024-05
---

# Bruising in babies who cannot crawl

## Introduction

Bruising is the commonest sign of physical abuse in young children. Bruising in a baby who
cannot yet crawl is very unusual. It is seen in fewer than 2% of such babies.

## Referrals

Practitioners must refer any bruise on a baby who cannot crawl to children's social care on the
same day. Call the Townshire front door on 01234 567 890 for advice before you refer.
"""

ALLEGATIONS = """---
title: Concerns about people who work with children
kind: procedure
---

# Concerns about people who work with children

## Making a referral

Every allegation about someone who works with children in Dunmere must go to the Designated
Officer within one working day. The Designated Officer decides with the employer what happens
next, and keeps a record of every referral.
"""

TOOLKIT = """---
title: The neglect toolkit
kind: guidance
---

# The neglect toolkit

The neglect toolkit helps practitioners look at a family's home conditions together. They fill
it in with the family and share it with the core group so that everyone sees the same picture.
"""


@pytest.fixture(scope="module")
def townshire(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    assistant = with_pages(
        tmp_path_factory.mktemp("townshire"),
        {"bruising.md": BRUISING, "allegations.md": ALLEGATIONS, "toolkit.md": TOOLKIT},
    )
    yield assistant
    assistant.close()


def test_a_rate_question_leads_with_the_figure(townshire: Assistant) -> None:
    answer = townshire.ask("how rare is bruising in babies who are not mobile?")
    assert not answer.declined
    lead = " ".join(quote.text for quote in answer.lead)
    assert "very unusual" in lead and "fewer than 2%" in lead


def test_a_telephone_number_is_given_or_declined(townshire: Assistant) -> None:
    phone = townshire.ask("what is the phone number for the townshire front door?")
    assert not phone.declined and "01234 567 890" in phone.body_markdown()
    email = townshire.ask("what is the email address for the townshire front door?")
    assert email.declined and "(contact)" in email.missing


def test_a_time_question_needs_a_time(townshire: Assistant) -> None:
    assert not townshire.ask("how soon must a bruise on a baby be referred?").declined
    toolkit = townshire.ask("how long does the neglect toolkit take to fill in?")
    assert toolkit.declined and "(time)" in toolkit.missing
    assert not townshire.ask("who fills in the neglect toolkit?").declined


def test_a_stated_figure_must_be_in_the_answer(townshire: Assistant) -> None:
    answer = townshire.ask("does a bruise on a baby have to be referred within 5 working days?")
    assert answer.declined and "5 working days" in answer.missing


def test_a_count_must_count_the_thing_asked_about(townshire: Assistant) -> None:
    # "2%" is a figure, but not a number of referrals.
    answer = townshire.ask("how many referrals did townshire get last year?")
    assert answer.declined


def test_a_name_in_lower_case_is_still_a_name(townshire: Assistant) -> None:
    assert not townshire.ask("who do allegations about staff go to in dunmere?").declined
    assert townshire.ask("how rare is bruising in dunmere babies?").declined


def test_a_glossary_term_no_document_mentions_is_declined(bundled: Assistant) -> None:
    answer = bundled.ask("How does a mum apply for a disclosure under Claire's Law?")
    assert answer.declined and "Claire's Law" in answer.missing


def test_everyday_wording_is_answered(bundled: Assistant) -> None:
    answer = bundled.ask(
        "loads of different workers turning up at the house – does it put parents off?"
    )
    assert not answer.declined
    assert "willingness or capacity of parents to engage" in answer.body_markdown()


def test_every_meaning_the_glossary_knows_the_usual_one_first(bundled: Assistant) -> None:
    answer = bundled.ask("what does CPC mean")
    assert [d.term for d in answer.definitions] == [
        "Child Protection Conference",
        "Child Protection Co-ordinator",
    ]
    assert "not a published source" in answer.body_markdown()


def _hit(pid: str, doc: str, organisation: str, text: str, score: float) -> Hit:
    return Hit(pid, doc, doc, "audit", organisation, "", "Findings", "", "", text, score, 0)


def test_passages_outside_a_named_document_count_for_less(bundled: Assistant) -> None:
    # The last candidate names Southampton; the one before does not and must not be read as
    # if it did (each passage is judged by its own words).
    question = bundled.read("what did the Southampton audit find about chronologies")
    hits = [
        _hit("a", "elsewhere", "Elsewhere Council", "The audit found chronologies late.", 2.0),
        _hit("b", "soton", "Southampton", "Chronologies were found incomplete.", 1.9),
    ]
    ranked = rank_passages(question, hits)
    assert ranked[0].hit.pid == "b"


def test_fusion_keeps_what_only_the_plain_query_found() -> None:
    weighted = [_hit("a", "d", "", "x", 4.0), _hit("b", "d", "", "y", 2.0)]
    plain = [_hit("c", "e", "", "z", 9.0), _hit("a", "d", "", "x", 3.0)]
    fused = fuse(weighted, plain)
    assert [hit.pid for hit in fused] == ["a", "b", "c"]
    assert [hit.score for hit in fused] == [1.0, 0.5, 1.0]
