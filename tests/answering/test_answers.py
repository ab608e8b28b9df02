"""Answers from the bundled corpus: quoted, cited, dated, and declined when not covered."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.facade import Assistant
from assistant.search.index import Filters


def quotes_are_verbatim(answer_json: dict) -> bool:  # type: ignore[type-arg]
    """Every quoted sentence appears word for word in the passage it cites."""
    texts = {c["n"]: " ".join(c["text"].split()) for c in answer_json["citations"]}
    for quote, number in re.findall(r"“(.+?)” \[(\d+)\]", answer_json["answer"]):
        if " ".join(quote.split()) not in texts[int(number)]:
            return False
    return True


def test_who_question_is_answered_from_the_procedure(bundled: Assistant) -> None:
    answer = bundled.ask("Who has to agree a 3rd CP plan?")
    data = answer.as_json()
    assert not data["declined"] and data["confidence"] > 0.5
    assert "Head of Service" in answer.lead[0].text
    first = data["citations"][0]
    assert first["kind"] == "procedure"
    assert first["section"] == "Third Child Protection Plan"
    assert first["anchor"] == "third-child-protection-plan"
    assert first["path"].endswith("003_18bfe3a9f94b0d35.md")
    assert quotes_are_verbatim(data)
    assert set(first) >= {
        "n",
        "doc_id",
        "title",
        "kind",
        "organisation",
        "published",
        "section",
        "path",
        "anchor",
        "text",
        "score",
    }


def test_every_quote_is_verbatim_and_cited(bundled: Assistant) -> None:
    for question in [
        "national average repeat CPP rate 2013",
        "what worked well in the North Yorkshire audit around neglect?",
        "soton GP input at ICPC",
        "how long should change last before we de-plan?",
    ]:
        data = bundled.ask(question).as_json()
        assert not data["declined"], question
        assert quotes_are_verbatim(data), question


def test_figures_come_with_their_numbers(bundled: Assistant) -> None:
    answer = bundled.ask(
        "how many audit requests were sent out in cheshire east and how many came back?"
    )
    assert "90 audit requests" in answer.body_markdown()
    assert "77" in answer.body_markdown()


def test_typos_and_informal_words(bundled: Assistant) -> None:
    answer = bundled.ask("who has to aggree a third child protection plan, what shoud happen")
    assert "Head of Service" in answer.body_markdown()
    assert "Read “aggree” as “agree”, “shoud” as “should”." in answer.body_markdown()


def test_questions_the_corpus_does_not_cover_are_declined(bundled: Assistant) -> None:
    answer = bundled.ask("What are the legal thresholds for a child protection plan in Wales?")
    assert answer.declined and not answer.lead
    assert "does not cover" in answer.markdown()
    assert 1 <= len(answer.citations) <= 3  # the closest passages, for the reader to judge
    assert all(not c.quoted for c in answer.citations)


def test_what_does_x_mean_uses_the_glossary(bundled: Assistant) -> None:
    answer = bundled.ask("what does PLO mean")
    assert [d.term for d in answer.definitions] == ["Public Law Outline"]
    assert "court" in answer.definitions[0].text.lower()
    body = answer.body_markdown()
    assert body.index("In the assistant's glossary") < body.index("In the knowledge base")
    # The glossary is our own wording: shown as the assistant's, never cited as a source.
    assert all(c.hit.kind != "glossary" for c in answer.citations)
    assert any("Public Law Outline" in q.text for q in answer.lead + answer.points)


def test_old_sources_are_flagged_and_dates_shown(bundled: Assistant) -> None:
    answer = bundled.ask("national average repeat CPP rate 2013")
    cheshire = [c for c in answer.citations if c.hit.published == "2014-02"]
    assert cheshire and cheshire[0].stale
    assert "older than 5 years" in answer.sources_markdown()
    assert "February 2014" in answer.sources_markdown()


def test_the_age_that_counts_as_old_comes_from_the_settings(bundled: Assistant) -> None:
    settings = replace(bundled.settings, stale_after_years=1)
    strict = Assistant(settings)
    answer = strict.ask("repeat plan rates in Southampton 2024")
    southampton = [c for c in answer.citations if c.hit.published == "2024"]
    assert southampton and southampton[0].stale
    assert "older than 1 year" in answer.sources_markdown()
    assert "five" not in answer.sources_markdown()


def test_filters_limit_sources(bundled: Assistant) -> None:
    answer = bundled.ask("disguised compliance", Filters(kind="procedure"))
    assert answer.citations and all(c.hit.kind == "procedure" for c in answer.citations)
    inline = bundled.ask("disguised compliance kind:audit since:2020")
    assert all(c.hit.kind == "audit" and c.hit.published >= "2020" for c in inline.citations)
    assert "Searched only: kind audit, published since 2020." in inline.markdown()


def test_which_documents_questions_cite_each_document(bundled: Assistant) -> None:
    answer = bundled.ask("Which of the documents mention disguised compliance?")
    documents = {c.hit.doc_id for c in answer.citations}
    assert {"003_18bfe3a9f94b0d35", "004_07fc8f3d9b6a05e0", "001_c211cc33da591ec3"} <= documents


def test_follow_up_questions_are_read_with_the_one_before(bundled: Assistant) -> None:
    first = bundled.ask("who needs to record the rationale for a second CP plan?")
    assert "Service Manager" in first.body_markdown()
    follow = bundled.ask("and for a third plan?", previous=first.asked)
    assert "Head of Service" in follow.body_markdown()
    assert "Read with the question before" in follow.body_markdown()
    # A question that stands on its own is not merged with the one before.
    fresh = bundled.ask("what does ROTH stand for?", previous=first.asked)
    assert "Risk Outside the Home" in fresh.body_markdown()
    assert "question before" not in fresh.body_markdown()
