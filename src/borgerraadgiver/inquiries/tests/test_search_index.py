"""The free-text search stays right when accounts and names change, on either database."""

from __future__ import annotations

import pytest
from django.db import connection

from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.inquiries.search_index import (
    INDEXES,
    fts_match_expression,
    sqlite_search_index_ensure,
)
from borgerraadgiver.inquiries.selectors import InquiryFilters, inquiry_search
from borgerraadgiver.inquiries.services import person_update

from ._builders import person, register


def found(office, q: str) -> list[str]:
    return sorted(i.reference for i in inquiry_search(office, InquiryFilters(q=q)))


def test_an_edited_account_is_found_by_its_new_words_only(office):
    inquiry = register(office, account="Klage over hjemmeplejen.")
    Inquiry.objects.filter(pk=inquiry.pk).update(account="Spørgsmål om boligstøtte.")
    assert found(office, "boligstøtte") == [inquiry.reference]
    assert found(office, "hjemmeplejen") == []


def test_a_renamed_person_is_found_by_the_new_name_only(office):
    someone = person(office, "Karen Hansen")
    inquiry = register(office, person=someone)
    person_update(person=someone, name="Karen Østergaard")
    assert found(office, "østergaard") == [inquiry.reference]
    assert found(office, "hansen") == []


def test_a_deleted_inquiry_leaves_nothing_behind_in_the_search(office):
    kept = register(office, account="bolig")
    gone = register(office, account="bolig")
    gone.points.all().delete()
    gone.delete()
    assert found(office, "bolig") == [kept.reference]


def test_a_word_finds_longer_words_it_begins_and_ignores_case(office):
    inquiry = register(office, account="Borgeren SVAREDE forvaltningen.")
    assert found(office, "svar") == [inquiry.reference]


def test_search_syntax_in_the_text_is_searched_for_not_obeyed(office):
    inquiry = register(office, account='Hun skrev "NOT" og AND i brevet.')
    # Neither a syntax error nor a server error: the words are words.
    assert found(office, 'NOT AND "') == [inquiry.reference]
    assert found(office, "account:bolig") == []


def test_the_match_expression_quotes_every_word():
    assert fts_match_expression(['sva"r', "AND"]) == '"sva""r"* "AND"*'


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_a_table_rebuilt_by_a_migration_gets_its_index_back(office):
    inquiry = register(office, account="boligstøtte")
    with connection.cursor() as cursor:
        # What Django's table rebuild does to the triggers: drops them with the table.
        for fts in INDEXES:
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER {fts}_{suffix}")
    missed = register(office, account="boligstøtte igen")
    assert found(office, "boligstøtte") == [inquiry.reference]
    assert sorted(sqlite_search_index_ensure(connection)) == sorted(INDEXES)
    assert found(office, "boligstøtte") == sorted([inquiry.reference, missed.reference])
    assert sqlite_search_index_ensure(connection) == []


def test_the_tsquery_holds_only_words_each_a_prefix():
    from borgerraadgiver.inquiries.selectors import prefix_tsquery

    assert prefix_tsquery(["svar", "Bolig-Madsen", "&|!", "<->"]) == ("svar:* & Bolig:* & Madsen:*")
    assert prefix_tsquery(["!!"]) == ""


def test_a_requester_is_found_by_name_and_both_names_count_as_one_text(office):
    mother = person(office, "Karen Holm")
    daughter = person(office, "Mette Jensen")
    inquiry = register(office, person=mother, requester=daughter, account="Hjemmehjælp")
    register(office, person=person(office, "Ole Jensen"))
    assert found(office, "mette") == [inquiry.reference]
    assert found(office, "karen jensen hjemmehjælp") == [inquiry.reference]
    assert inquiry.search_names == "Karen Holm Mette Jensen"
