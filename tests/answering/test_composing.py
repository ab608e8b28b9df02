"""Composing: what leads an answer, and the question types only some sentences answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.answering._ranking import counts, type_bonus
from assistant.answering.answers import Answer
from assistant.answering.asking import answer_question
from assistant.corpus.words import analyse
from assistant.facade import Assistant
from tests.conftest import with_pages

# A page of questions and answers in the shape a partnership's web page has, written for these
# tests: the questions are lines of the text, not headings.
FOSTERING = """---
title: Private fostering for parents and carers
kind: guidance
organisation: Townshire Safeguarding Children Partnership
published: 2025-02
---

# Private fostering for parents and carers

## Common questions

What is private fostering?

Private fostering is when a child under the age of 16 (under 18 if disabled) is looked after
for 28 days or more by an adult who is not a close relative, by private arrangement.

Who has to tell the council about the arrangement?

- the child's parent
- the private foster carer
- anyone else involved in arranging it

Where can I get advice?

Townshire Children's Services give advice to families on weekdays.

## Visits

A fostering officer from Townshire visits the private foster carer and the child at home to
see how the arrangement is going. Everything the child says is written down. In the first
year the officer makes 6 visits.
"""


@pytest.fixture(scope="module")
def fostering(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    assistant = with_pages(tmp_path_factory.mktemp("fostering"), {"fostering.md": FOSTERING})
    yield assistant
    assistant.close()


def lead_text(answer: Answer) -> str:
    return " ".join(quote.text for quote in answer.lead)


def test_a_question_line_is_answered_by_the_lines_after_it(fostering: Assistant) -> None:
    answer = fostering.ask("who must tell the council about a private fostering arrangement?")
    assert not answer.declined
    body = answer.body_markdown()
    assert "the private foster carer" in body and "the child's parent" in body
    # The question line itself never leads alone.
    assert lead_text(answer).strip() != "Who has to tell the council about the arrangement?"


def test_an_age_question_is_answered_by_a_sentence_with_an_age(fostering: Assistant) -> None:
    answer = fostering.ask("what age does private fostering apply to?")
    assert not answer.declined
    assert "under the age of 16" in lead_text(answer)
    assert answer.asked is not None and answer.asked.qtype == "age"


def test_a_nation_no_document_names_declines(fostering: Assistant) -> None:
    # The law differs between the nations: a page that does not name Wales does not answer.
    answer = fostering.ask("who has to tell the council about private fostering in Wales?")
    assert answer.declined and answer.declined_by
    assert not fostering.ask("who has to tell the council about private fostering?").declined


def test_a_decline_says_which_rule_declined(fostering: Assistant) -> None:
    answer = fostering.ask("how many children were privately fostered in Townshire in 2023?")
    assert answer.declined and answer.declined_by


def test_a_supporting_point_is_never_a_bare_introduction_to_a_list(bundled: Assistant) -> None:
    for question in (
        "What did audits find about disguised compliance?",
        "what did the audits find about repeat plans?",
        "what should happen at a strategy discussion?",
    ):
        answer = bundled.ask(question)
        bare = [p.text for p in answer.points if p.text.rstrip().endswith((":", ":-"))]
        assert not bare, (question, bare)


def test_a_count_leads_when_the_sentence_fullest_of_the_words_has_none(
    fostering: Assistant,
) -> None:
    # The sentence with most of the question's words gives no number; the one giving it leads
    # rather than the answer being declined.
    answer = fostering.ask("how many visits does a fostering officer make to a foster carer?")
    assert not answer.declined
    assert "makes 6 visits" in lead_text(answer)


# A page on dogs in the home, written for these tests: the point of its fullest sentence on a
# question is in the sentence after it, which goes on from it ("While this…").
DOGS = """---
title: Dogs in the family home
kind: guidance
organisation: Townshire Safeguarding Children Partnership
published: 2025-03
---

# Dogs in the family home

## Young children and dogs

Dogs and young children can become close companions. Toddlers often show a pet dog affection by
kissing and hugging it around the face. While this may look harmless, it can frighten an animal
into biting without warning. Parents should supervise every time a young child is near a dog.
"""


@pytest.fixture(scope="module")
def dogs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    assistant = with_pages(tmp_path_factory.mktemp("dogs"), {"dogs.md": DOGS})
    yield assistant
    assistant.close()


def test_the_sentence_going_on_from_the_lead_is_kept_with_it(dogs: Assistant) -> None:
    # "While this may look harmless, …" has few of the question's words but is its point.
    answer = dogs.ask("toddler keeps kissing the family dog - is that a worry?")
    assert not answer.declined
    assert "kissing and hugging" in lead_text(answer)
    assert "biting without warning" in lead_text(answer)


# Two pages written for these tests: the fullest sentence on the question comes from a page
# without the term it names; one nearly as strong, from the page on that term, answers it.
HOMES = """---
title: Keeping families together
kind: guidance
organisation: Townshire Safeguarding Children Partnership
published: 2025-01
---

# Keeping families together

## Our commitment

Our first commitment is to keep the child safe at home with the wider family wherever we can.
Support is offered early so that problems do not grow.
"""
RECORDS = """---
title: Case records practice guidance
kind: guidance
organisation: Townshire Safeguarding Children Partnership
published: 2025-01
---

# Case records practice guidance

## Why a chronology matters

A chronology lists the key events in a child's life in date order.
It helps show who in the wider family may be protective of the child.
Managers read it before every review.
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    assistant = with_pages(
        tmp_path_factory.mktemp("records"), {"homes.md": HOMES, "records.md": RECORDS}
    )
    yield assistant
    assistant.close()


def test_a_nearly_as_strong_sentence_that_answers_leads_instead_of_a_decline(
    records: Assistant,
) -> None:
    answer = records.ask(
        "can the chronology help show who in the wider family could keep the child safe"
    )
    assert not answer.declined, answer.declined_by
    assert "who in the wider family may be protective" in lead_text(answer)


# A page written for these tests: every sentence has the words asked about, so they tie, and
# the one that says what the cards are for comes last.
CARDS = """---
title: Townshire practice cards
kind: guidance
organisation: Townshire Safeguarding Children Partnership
published: 2025-04
---

# Townshire practice cards

## Practice cards

Townshire publishes practice cards for every practitioner in the area.
Each practice card covers one area of practice in plain words.
The practice cards follow a simple layout of seven short parts.
Practice cards are short enough to read in a break between visits.
Practice cards are checked by the partnership every spring.
Practice cards can be used in supervision and in team meetings.
"""


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    assistant = with_pages(tmp_path_factory.mktemp("cards"), {"cards.md": CARDS})
    yield assistant
    assistant.close()


def test_the_only_strong_passage_gives_as_many_points_as_a_lead_passage_may(
    cards: Assistant,
) -> None:
    answer = cards.ask("what can the townshire practice cards be used for")
    assert not answer.declined
    assert len(answer.points) == 4
    assert any("used in supervision" in point.text for point in answer.points)


# A chapter of a children's homes manual, written for these tests: an amendment note, a duty
# under a numbered section of an Act, and numbered steps as the importer writes a copy from a
# web page ("- 2\\. It is…").
HOMES = """---
title: Children missing from Wexcombe children's homes
kind: procedure
published: 2024-03
---

# Children missing from Wexcombe children's homes

## Scope of this chapter

This chapter sets out how staff in Wexcombe children's homes respond when a child is missing
from the home. It is read with the Wexcombe missing children protocol.

## Amendment

In March 2024, minor amendments were made to the definitions in this chapter.

## Duties

The home acts under section 14 of the Children Act 2004 whenever a child is missing from it.
Staff judge the care a child had at home with the Graded Care Profile.

## What staff must do

- 1\\. Tell the police as soon as a child is found to be missing from the home.
- 2\\. It is your responsibility as a member of staff to tell the registered manager on the
  same day, and to write down:
  - 1\\. Where the child was last seen.
  - 2\\. What the child was wearing.
"""


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    assistant = with_pages(tmp_path_factory.mktemp("homes"), {"homes.md": HOMES})
    yield assistant
    assistant.close()


def test_when_something_was_done_is_answered_by_a_dated_sentence(homes: Assistant) -> None:
    # A name typed in lower case with a possessive is still the name; "definitions" is what
    # is asked about here, not a question about what a word means.
    answer = homes.ask("when were the definitions in wexcombe's children's homes chapter amended")
    assert not answer.declined
    assert "In March 2024" in lead_text(answer)
    assert answer.asked is not None and answer.asked.qtype == "date"


def test_a_list_number_is_quoted_with_its_item(homes: Assistant) -> None:
    answer = homes.ask("as a member of staff whose responsibility is it to tell the manager")
    assert not answer.declined
    quoted = [quote.text for quote in answer.lead + answer.points]
    assert any(text.startswith("2. It is your responsibility") for text in quoted), quoted
    assert all(any(ch.isalpha() for ch in text) for text in quoted), quoted


def test_a_section_number_is_no_count(homes: Assistant) -> None:
    # "section 14 of the Children Act" does not say how many children there are.
    answer = homes.ask("how many children go missing from wexcombe children's homes")
    assert answer.declined


@pytest.mark.parametrize(
    ("text", "thing", "counted"),
    [
        ("In 2023 there were 14 children missing from the homes.", "children", True),
        ("38% of first-time fathers felt left out.", "fathers", True),
        ("The home acts under section 14 of the Children Act 2004.", "children", False),
        ("2. What is county lines offending?", "county lines", False),
        ("In 2019 children went missing more often.", "children", False),
    ],
)
def test_only_a_number_of_the_thing_asked_about_is_a_count(
    text: str, thing: str, counted: bool
) -> None:
    assert counts([analyse(thing)], text) is counted


def test_a_telephone_or_section_number_is_no_figure() -> None:
    assert type_bonus("number", "38% of fathers felt left out.") > 0
    assert type_bonus("number", "If you are worried, call the Contact Centre on 01744 676767") == 0
    assert type_bonus("number", "It carries out the Section 11 and Section 175 audits.") == 0
    assert type_bonus("number", "Twelve families were seen in 2019.") > 0


def test_a_verb_the_documents_capitalise_in_a_name_is_no_name(homes: Assistant) -> None:
    # "graded" is in "the Graded Care Profile"; typed in lower case it names nothing, and one
    # name ("wexcombe") is not a question across documents.
    answer = homes.ask("what percentage of wexcombe homes were graded good last year")
    assert answer.asked is not None
    names = [c.surface for c in answer.asked.concepts if c.proper]
    assert names == ["wexcombe"] and not answer.asked.across_documents


# An imported web page keeps its site's name under the title, as text.
AUDITS = """---
title: Quality Assurance
kind: audit
organisation: Eastshire Safeguarding Children Partnership
---

# Quality Assurance

Eastshire Safeguarding Children Partnership

The Eastshire partnership decides each year which multi-agency audits to run. Audit priorities
are chosen from issues affecting the local area and from what earlier audits found.
"""


def test_the_publishers_name_is_no_supporting_point(tmp_path: Path) -> None:
    assistant = with_pages(tmp_path, {"audits.md": AUDITS})
    try:
        answer = assistant.ask("how does the eastshire partnership decide what to audit")
        assert not answer.declined
        quoted = [quote.text for quote in answer.lead + answer.points]
        assert "Eastshire Safeguarding Children Partnership" not in quoted, quoted
    finally:
        assistant.close()


# Pages written for these tests: the sentence fullest of the question's everyday words ("more
# likely") is from a page that never names the term asked about; the one that answers is a
# little weaker.
LIKELY = """---
title: Northshire harmful behaviour guide
kind: guidance
organisation: Northshire Safeguarding Children Partnership
published: 2025-02
---

# Harmful behaviour

Research shows that children who have been abused are more likely to harm other children
later.
"""
EDUCATED = """---
title: Northshire children missing education
kind: procedure
organisation: Northshire Safeguarding Children Partnership
published: 2025-02
---

# Elective home education

Nothing shows that home-educated pupils face a greater risk of abuse than others of their age
at school.
"""


def test_a_sentence_with_the_term_asked_about_leads_over_a_stronger_one_without(
    tmp_path: Path,
) -> None:
    assistant = with_pages(tmp_path, {"likely.md": LIKELY, "educated.md": EDUCATED})
    try:
        answer = assistant.ask("are home schooled kids more likely to be abused")
        assert not answer.declined, answer.declined_by
        assert "home-educated pupils" in lead_text(answer)
    finally:
        assistant.close()


# A page written for this test: the sentence after the one naming the review says what it is,
# but only as "This process…".
REVIEWS = """---
title: Westshire board update
kind: guidance
organisation: Westshire Safeguarding Board
published: 2025-06
---

# Spring update

Westshire has held joint safeguarding reviews since the spring of 2025. This process puts
the work for children and for adults under one roof. Reports are published on the board's
pages.
"""


def test_the_sentence_after_the_lead_that_speaks_of_it_is_kept_with_it(tmp_path: Path) -> None:
    assistant = with_pages(tmp_path, {"reviews.md": REVIEWS})
    try:
        answer = assistant.ask("what is a joint safeguarding review")
        assert not answer.declined, answer.declined_by
        assert "under one roof" in lead_text(answer)
    finally:
        assistant.close()


# Pages written for this test: Northshire says when its hub takes referrals; Southshire's only
# page is about something else.
HUB = """---
title: Northshire referral hub
kind: guidance
organisation: Northshire Safeguarding Children Partnership
published: 2025-03
---

# Referral hub

The Northshire referral hub takes referrals about young people up to the age of 18.
"""
PARKS = """---
title: Southshire parks
kind: guidance
organisation: Southshire Council
published: 2025-03
---

# Parks

Southshire opens its parks from dawn until dusk.
"""


def test_a_question_on_two_places_is_answered_for_the_one_there_saying_so(
    tmp_path: Path,
) -> None:
    assistant = with_pages(tmp_path, {"hub.md": HUB, "parks.md": PARKS})
    try:
        answer = assistant.ask(
            "until what age does the referral hub take referrals in northshire and southshire"
        )
        assert not answer.declined, answer.declined_by
        assert "up to the age of 18" in lead_text(answer)
        assert "No passage quoted names “southshire”." in answer.body_markdown()
        alone = assistant.ask("until what age does the referral hub take referrals in southshire")
        assert alone.declined
    finally:
        assistant.close()


# A page written for this test, saying one thing twice, as copied web pages often do.
TWICE = """---
title: Eastshire briefings
kind: briefing
organisation: Eastshire Safeguarding Children Partnership
published: 2025-05
---

# Short briefings

Short briefings take 7 minutes to read in a team meeting. Each briefing covers one review.

Short briefings take 7 minutes to read in a team meeting.
"""


def test_a_sentence_a_page_repeats_is_quoted_once(tmp_path: Path) -> None:
    assistant = with_pages(tmp_path, {"twice.md": TWICE})
    try:
        answer = assistant.ask("how long do the eastshire short briefings take to read")
        quoted = [quote.text for quote in answer.lead + answer.points]
        assert quoted.count("Short briefings take 7 minutes to read in a team meeting.") == 1
    finally:
        assistant.close()


# A page written for this test that never names its place: only its file name does.
UNNAMED = """---
title: Private fostering
kind: procedure
published: 2025-01
---

# Private fostering

A private foster carer must tell the council six weeks before a child comes to stay. Write to
fostering@westmoor.gov.uk with any questions.
"""
ELSEWHERE = """---
title: Private fostering leaflet
kind: guidance
organisation: Southshire Council
published: 2025-01
---

# Private fostering

Southshire asks private foster carers to tell the council as soon as they can.
"""


def test_a_place_only_the_file_name_gives_locates_the_page(tmp_path: Path) -> None:
    assistant = with_pages(
        tmp_path, {"12_westmoor_private_fostering.md": UNNAMED, "leaflet.md": ELSEWHERE}
    )
    try:
        answer = assistant.ask("when must a private foster carer tell the council in westmoor")
        assert not answer.declined, answer.declined_by
        assert "six weeks before" in lead_text(answer)
        question = answer.asked
        assert question is not None
        names = {c.surface for c in question.concepts if c.proper}
        assert names == {"westmoor"}, names
        # Typed with its possessive, the name still finds the file.
        owned = assistant.read("when must a private foster carer tell westmoor's council")
        _answer, ranked = answer_question(assistant.index, owned)
        name = next(n for n, c in enumerate(owned.concepts) if c.surface.startswith("westmoor"))
        found = [p.context.scores[name] for p in ranked if "westmoor" in p.hit.path]
        assert found and min(found) == 1.0, found
    finally:
        assistant.close()


# A page written for this test: the sentence giving examples says less of the question's words
# than the one before it.
FORMS = """---
title: Northshire harm outside the home
kind: guidance
organisation: Northshire Safeguarding Children Partnership
published: 2025-07
---

# Harm outside the home

Northshire practitioners respond to harm outside the home in every setting a child uses, and
Northshire agencies share what they know about harm outside the home each month. Each agency
names a lead for this work.

Forms of it include county lines, online grooming and serious youth violence.
"""


def test_a_question_asking_for_examples_leads_with_a_sentence_giving_some(
    tmp_path: Path,
) -> None:
    assistant = with_pages(tmp_path, {"forms.md": FORMS})
    try:
        answer = assistant.ask("examples of harm outside the home in northshire")
        assert not answer.declined, answer.declined_by
        assert "county lines" in lead_text(answer)
    finally:
        assistant.close()


# A page written for this test: every sentence names the plan but the one saying what it is,
# which follows the first.
PLAN = """---
title: Northshire forms
kind: guidance
organisation: Northshire Safeguarding Children Partnership
published: 2025-08
---

# Forms

Practitioners must use the Northshire safety plan with every family they support. This is a
short tool for agreeing who keeps a child safe and when. The Northshire safety plan form is on
the partnership's website. The Northshire safety plan replaced the old checklist this year.
"""


def test_a_sentence_going_on_from_the_lead_comes_before_another_as_strong(
    tmp_path: Path,
) -> None:
    assistant = with_pages(tmp_path, {"plan.md": PLAN})
    try:
        answer = assistant.ask("what is the northshire safety plan")
        assert not answer.declined, answer.declined_by
        assert "This is a short tool" in lead_text(answer)
    finally:
        assistant.close()


# A page written for this test: the timescale is in the sentence after the one about the form,
# and another page has a timescale for something else.
FORM = """---
title: Westmoor allegations
kind: procedure
organisation: Westmoor Council
published: 2025-09
---

# Allegations

When the officer agrees the concern meets the threshold, the written referral form must be
completed with everything the officer needs. This must happen within 24 hours.
"""
OTHER = """---
title: Eastmoor allegations
kind: procedure
organisation: Eastmoor Council
published: 2025-09
---

# Allegations

The Eastmoor referral form is completed online within one working day.
"""


def test_a_sentence_whose_next_gives_what_is_asked_leads_with_it(tmp_path: Path) -> None:
    assistant = with_pages(tmp_path, {"form.md": FORM, "other.md": OTHER})
    try:
        answer = assistant.ask("how quickly does the written referral form have to be completed")
        assert not answer.declined, answer.declined_by
        assert "within 24 hours" in lead_text(answer)
    finally:
        assistant.close()


# A page written for this test: a definition introduced with a colon, given as a paragraph.
DEFINED = """---
title: Northshire guide
kind: guidance
organisation: Northshire Safeguarding Children Partnership
published: 2025-10
---

# Guidance

The national guidance defines youth exploitation as:

A person or a group uses a difference in power to push, trick or pressure a young person under
18 into doing something for that person's gain, whether or not the young person seems to agree,
and whether it happens in person or through a phone or a computer, at any time of the day or
night, in any place.
"""


def test_a_lead_introducing_a_paragraph_is_quoted_with_its_first_sentence(
    tmp_path: Path,
) -> None:
    assistant = with_pages(tmp_path, {"defined.md": DEFINED})
    try:
        answer = assistant.ask("national definition of youth exploitation")
        assert not answer.declined, answer.declined_by
        assert "uses a difference in power" in lead_text(answer)
    finally:
        assistant.close()


# A page written for this test that writes its year span as most documents do.
SPAN = """---
title: Westmoor case audit
kind: audit
organisation: Westmoor Safeguarding Children Partnership
published: 2017-06
---

# Case audit 2016/17

The 2016/17 audit found that most practitioners asked families for consent before referring.
"""


def test_a_year_span_typed_finds_the_span_as_documents_write_it(tmp_path: Path) -> None:
    assistant = with_pages(tmp_path, {"span.md": SPAN})
    try:
        answer = assistant.ask("what did the westmoor 2016/17 case audit find about consent")
        assert not answer.declined, answer.declined_by
        assert "asked families for consent" in lead_text(answer)
    finally:
        assistant.close()


# Pages written for this test: the clinic's page gives no number; an audit counts children
# its team saw, and mentions the term the question turns on only elsewhere.
CLINIC = """---
title: Northshire clinic
kind: guidance
organisation: Northshire Council
published: 2025-01
---

# Clinic

The FGM clinic sees girls who are referred by schools and by health visitors.
"""
COUNTED = """---
title: Eastshire audit
kind: audit
organisation: Eastshire Safeguarding Children Partnership
published: 2025-01
---

# Findings

The clinic team saw 34 children in the year of the audit.

# Training

Staff in the team also took part in training on FGM during the year.
"""


def test_a_figure_leads_only_from_a_sentence_on_the_term_asked_about(tmp_path: Path) -> None:
    assistant = with_pages(tmp_path, {"clinic.md": CLINIC, "counted.md": COUNTED})
    try:
        answer = assistant.ask("what is the maximum number of children the FGM clinic can see")
        assert answer.declined, lead_text(answer)
        assert "what is asked for" in answer.declined_by
    finally:
        assistant.close()
