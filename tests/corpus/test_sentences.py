"""Splitting text into sentences."""

from __future__ import annotations

from assistant.corpus.sentences import split_sentences


def test_a_list_items_number_stays_with_its_item() -> None:
    # A copied web page's numbered items ("2. It is your responsibility…"): the number is no
    # sentence of its own, to be quoted alone.
    assert split_sentences("1. The LADO oversees it. 2. It is your duty to tell the LADO.") == [
        "1. The LADO oversees it.",
        "2. It is your duty to tell the LADO.",
    ]
    assert split_sentences("1.1. Scope of it. 1.2. The aims.") == [
        "1.1. Scope of it.",
        "1.2. The aims.",
    ]
    assert split_sentences("See section 2. It applies to all.") == [
        "See section 2.",
        "It applies to all.",
    ]


def test_a_number_or_address_on_the_line_below_its_introduction_joins_it() -> None:
    text = (
        "The duty team must be contacted at:\n\n0300 123 4567\n\n"
        "Write to:\nduty.team@example.gov.uk\n\nThe plan covers:\nSafety\nHealth"
    )
    assert split_sentences(text) == [
        "The duty team must be contacted at: 0300 123 4567",
        "Write to: duty.team@example.gov.uk",
        "The plan covers:",
        "Safety",
        "Health",
    ]
