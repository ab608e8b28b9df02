"""Reading questions: spelling, the thesaurus, follow-ups and filters."""

from __future__ import annotations

import pytest

from assistant.answering._spelling import edit_limit
from assistant.answering.asking import read
from assistant.answering.question import (
    UnknownKind,
    check_filters,
    near_miss_readings,
    question_type,
)
from assistant.cli import main
from assistant.facade import Assistant
from assistant.search.model import Filters


def test_edit_limits_grow_with_the_word() -> None:
    assert [edit_limit(w) for w in ("hw", "wat", "shoud", "optimisim", "independantly")] == [
        0,
        1,
        1,
        1,
        2,
    ]


@pytest.mark.parametrize(
    ("typed", "read_as", "expected"),
    [
        ("wat is disguised compliance", "“wat” as “what”", "disguised compliance"),
        ("what is disgused compliance", "“disgused” as “disguised”", "disguised compliance"),
        ("rule of optimisim", "“optimisim” as “optimism”", "rule of optimism"),
    ],
)
def test_misspellings_are_read_and_said(
    bundled: Assistant, typed: str, read_as: str, expected: str
) -> None:
    answer = bundled.ask(typed)
    assert not answer.declined
    assert f"Read {read_as}." in answer.body_markdown()
    assert expected in answer.body_markdown().lower()


def test_a_slip_into_a_real_word_is_tried_as_the_glossary_phrase(bundled: Assistant) -> None:
    assert near_miss_readings("who signs of a 3rd cp plan", bundled.glossary) == [
        ("who signs off a 3rd cp plan", {"signs of": "signs off"})
    ]
    answer = bundled.ask("who signs of a 3rd cp plan")
    assert "Head of Service" in answer.lead[0].text
    assert "Read “signs of” as “signs off”." in answer.body_markdown()


def test_the_words_as_typed_win_when_they_answer(bundled: Assistant) -> None:
    answer = bundled.ask("signs of neglect in the home")
    assert "signs off" not in answer.body_markdown()


def test_english_words_the_documents_do_not_use_are_not_corrected(bundled: Assistant) -> None:
    question = bundled.read("what is the carer supposed to do if the son is ill")
    assert question.spelling == {}


def test_thesaurus_brings_the_documents_wording(bundled: Assistant) -> None:
    def alternatives(text: str) -> set[str]:
        return {
            " ".join(stems)
            for concept in bundled.read(text).concepts
            for stems in concept.alternatives
        }

    assert "male carer" in alternatives("mum's boyfriend shouts at the kids")
    assert "miss home" in alternatives("she went missing again")
    assert "look after child" in alternatives("children in care")
    assert "strategi discuss" in alternatives("when is the strategy meeting held")
    assert "school health" in alternatives("the school nurse says")


def test_one_concept_questions_are_not_merged_with_the_one_before(bundled: Assistant) -> None:
    first = bundled.ask("supervision kind:audit since:2020")
    again = bundled.ask("neglect", previous=first.asked)
    assert again.asked is not None and not again.asked.filters
    assert "question before" not in again.body_markdown()


def test_a_follow_up_says_which_filters_it_keeps(bundled: Assistant) -> None:
    first = bundled.ask("who records the rationale for a second CP plan kind:procedure")
    follow = bundled.ask("and for a third plan?", previous=first.asked)
    assert follow.asked is not None and follow.asked.filters.kind == "procedure"
    assert "Searched only (as the question before): kind procedure." in follow.body_markdown()


def test_an_unknown_kind_is_an_error_naming_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownKind, match="procedure, audit, briefing"):
        check_filters(Filters(kind="policy"))
    assert check_filters(Filters(kind="Audit")).kind == "Audit"
    assert main(["ask", "who signs off a third plan", "--kind", "policy"]) == 1
    assert "“policy” is not a kind of document" in capsys.readouterr().err


def test_since_keeps_undated_documents_and_says_so(bundled: Assistant) -> None:
    answer = bundled.ask("who has to agree a 3rd CP plan since:2020")
    assert "Head of Service" in answer.lead[0].text  # the procedure has no date
    assert "documents without a date are kept, shown as undated" in answer.body_markdown()
    assert all(c.hit.published[:4] >= "2020" or not c.hit.published for c in answer.citations)


def test_a_possessive_is_read_as_its_word(bundled: Assistant) -> None:
    # "kid's" is the thesaurus's "kid", as typed: not "kid" followed by a stray "s".
    question = bundled.read("what happens when a kid's plan ends?")
    typed = [c.alternatives[0] for c in question.concepts if c.surface == "kid's"]
    assert typed == [["kid"]]


def test_an_abbreviation_that_is_a_common_word_counts_only_in_capitals(bundled: Assistant) -> None:
    # "send" the verb is not SEND (special educational needs and disabilities).
    def meanings(text: str) -> list[str]:
        return [alt for _s, _e, c in bundled.glossary.concepts(text) for alt in c.alternatives]

    assert "disabled child" not in meanings("can I send the referral form by email?")
    assert "disabled child" not in meanings("kids sending each other pictures")
    assert "disabled child" in meanings("support for a child with SEND")


@pytest.mark.parametrize(
    ("text", "qtype"),
    [
        ("who signs off a third plan?", "who"),
        ("do you know who signs off a third plan?", "who"),
        ("for a repeat plan, who has to agree?", "who"),
        ("should we treat him as an offender or as someone who needs protecting?", "general"),
        ("what happens to a child who is missing from school?", "general"),
    ],
)
def test_who_asks_for_a_person_only_when_it_is_the_question(text: str, qtype: str) -> None:
    assert question_type(text) == qtype


@pytest.mark.parametrize(
    ("text", "qtype"),
    [
        ("which councils have a policy on dogs at home visits?", "documents"),
        ("which areas audited neglect?", "documents"),
        ("what do the private fostering procedures say about notifying the council?", "documents"),
        ("what did both reviews find about fathers?", "documents"),
        ("what does the private fostering procedure say about notifying the council?", "general"),
        ("should we follow the procedures for a referral?", "general"),
    ],
)
def test_a_question_on_several_documents_is_read_as_one(text: str, qtype: str) -> None:
    # Several publishers ("which councils…") or several documents ("what do the … protocols
    # say") are answered document by document.
    assert question_type(text) == qtype


def test_a_common_word_typed_with_a_capital_is_no_name(bundled: Assistant) -> None:
    # "Schools", "Fathers", "East" are emphasis or a title's capitals; "Sussex" is a name.
    def names(text: str) -> list[str]:
        question = read(bundled.index, bundled.glossary, text)
        return [concept.surface for concept in question.concepts if concept.proper]

    assert names("What should Schools do about Fathers who disengage?") == []
    assert names("what did the audit in East Sussex find?") == ["Sussex"]
    for typed in (
        "What should Schools do about disguised compliance?",
        "What Did The Southampton Paper Say About Fathers?",
    ):
        assert bundled.ask(typed).body_markdown() == bundled.ask(typed.lower()).body_markdown()


def test_a_greeting_and_thanks_are_not_what_a_question_is_about(bundled: Assistant) -> None:
    typed = "Hi - quick one, could you tell me who has to agree a third plan? Many thanks"
    question = read(bundled.index, bundled.glossary, typed)
    assert {"many", "one", "thanks"}.isdisjoint(c.surface.lower() for c in question.concepts)
    plain = "could you tell me who has to agree a third plan?"
    assert bundled.ask(typed).body_markdown() == bundled.ask(plain).body_markdown()
    # "how many" is still a count when nothing thanks anyone.
    assert read(bundled.index, bundled.glossary, "how many thanks were sent?").qtype == "number"


def test_who_is_asking_and_what_for_are_not_what_is_asked(bundled: Assistant) -> None:
    def surfaces(text: str) -> set[str]:
        question = read(bundled.index, bundled.glossary, text)
        return {concept.surface.lower() for concept in question.concepts}

    framed = "I'm a health visitor. Who has to agree a third plan? Need it for a team meeting."
    assert {"health visitor", "team", "meeting"}.isdisjoint(surfaces(framed))
    plain = "Who has to agree a third plan?"
    assert bundled.ask(framed).body_markdown() == bundled.ask(plain).body_markdown()
    assert "social worker" not in surfaces("As a new social worker, what is disguised compliance?")
    # What they are unsure about, or worried by, is the question.
    assert "thresholds" in surfaces("I am a little unsure about thresholds - what are they?")
    assert "hit" in surfaces("I'm worried a child in my class is being hit. What should I do?")


def test_a_request_to_be_told_is_not_what_is_asked(bundled: Assistant) -> None:
    plain = bundled.ask("who has to agree a third plan?").body_markdown()
    for typed in (
        "Can you explain who has to agree a third plan?",
        "Briefly, who has to agree a third plan?",
    ):
        assert bundled.ask(typed).body_markdown() == plain
    question = read(bundled.index, bundled.glossary, "how do I explain the plan to the family?")
    assert "explain" in {concept.surface.lower() for concept in question.concepts}


def test_a_hedge_before_a_question_is_not_what_is_asked(bundled: Assistant) -> None:
    def surfaces(text: str) -> set[str]:
        question = read(bundled.index, bundled.glossary, text)
        return {concept.surface.lower() for concept in question.concepts}

    for typed in (
        "Sorry if this is a silly question but who has to agree a third plan?",
        "I was wondering who has to agree a third plan?",
        "Hi, sorry, can I just check who has to agree a third plan?",
    ):
        assert surfaces(typed) == surfaces("who has to agree a third plan?"), typed


@pytest.mark.parametrize(
    ("text", "qtype"),
    [
        ("how old is the child?", "age"),
        ("how old must a child be to be left alone?", "age"),
        ("can you tell how old a bruise is just by looking at it", "general"),
        ("when was the engaging fathers chapter last updated", "date"),
        ("when did XL bullies become illegal to sell", "date"),
        ("what year was the audit done", "date"),
        ("when is the conference held", "time"),
        ("when should PLO be considered", "general"),
        ("examples of extra-familial harm", "examples"),
        ("what kinds of exploitation count as modern slavery", "examples"),
        ("what form do agencies fill in for a rapid review", "general"),
        ("in the example of a family who moved, where did they meet", "general"),
    ],
)
def test_an_age_or_a_date_is_asked_for_only_when_the_question_wants_one(
    text: str, qtype: str
) -> None:
    assert question_type(text) == qtype


@pytest.mark.parametrize(
    ("text", "thing", "framing"),
    [
        ("whats the purpose of a strategy discussion", "strategy discussion", "purpose"),
        ("What is the aim of the core group?", "core group", "aim"),
        ("what's the point of a chronology", "chronology", "point"),
    ],
)
def test_what_something_is_for_is_asked_of_the_thing(
    bundled: Assistant, text: str, thing: str, framing: str
) -> None:
    question = read(bundled.index, bundled.glossary, text)
    assert question.defines.lower() == thing
    weights = {c.surface.lower(): c.weight for c in question.concepts}
    assert weights[framing] < weights[thing]


@pytest.mark.parametrize(
    ("text", "two"),
    [
        ("who can refer a child to the hub and do they need the parents' consent", True),
        ("what does the chair decide, and which group then takes the plan forward?", True),
        ("Do I need consent before I refer? What do the procedures say about it?", True),
        ("who has to agree a third plan?", False),
        ("what do parents and carers need to know about the plan", False),
    ],
)
def test_two_questions_in_one_draw_on_what_each_finds(
    bundled: Assistant, text: str, two: bool
) -> None:
    assert read(bundled.index, bundled.glossary, text).across_documents is two
