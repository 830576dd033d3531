"""Speaker entities shared across articles and outlets."""

import pytest

from quotedesk.core.names import name_tokens
from quotedesk.core.speakers import get_or_create, name_of


def test_transliterations_and_initials_join_one_speaker(db):
    a = get_or_create(db, "Alexander Lukashenko", "person")
    b = get_or_create(db, "Aleksandr G. Lukashenko", "person")
    c = get_or_create(db, "Lukashenko", "person")
    assert a == b == c
    assert name_of(db, a) == "Alexander Lukashenko"
    aliases = {r[0] for r in db.execute("SELECT alias FROM aliases WHERE speaker_id = ?", [a])}
    assert {"Aleksandr G. Lukashenko", "Lukashenko"} <= aliases


def test_a_surname_first_seen_alone_takes_the_fuller_name_later(db):
    a = get_or_create(db, "Blinken", "person")
    b = get_or_create(db, "Antony Blinken", "person")
    assert a == b
    assert name_of(db, a) == "Antony Blinken"


def test_two_people_sharing_a_surname_stay_apart(db):
    bill = get_or_create(db, "Bill Clinton", "person")
    hillary = get_or_create(db, "Hillary Clinton", "person")
    assert bill != hillary
    # A bare surname fits both, so it is not guessed into either.
    lone = get_or_create(db, "Clinton", "person")
    assert lone not in (bill, hillary)



def test_the_taggers_person_or_organisation_label_does_not_split_a_speaker(db):
    as_person = get_or_create(db, "Xi Jinping", "person")
    as_org = get_or_create(db, "Xi Jinping", "org")
    assert as_person == as_org


def test_spellings_of_one_person_never_snowball_into_new_speakers(db):
    first = db["speakers"].insert({"name": "Xi Jinping", "kind": "person"}).last_pk
    second = db["speakers"].insert({"name": "Xi", "kind": "person"}).last_pk
    db.execute("INSERT INTO aliases(speaker_id, alias) VALUES (?, 'Xi Jinping'), (?, 'Xi')", [first, second])
    assert get_or_create(db, "President Xi Jinping", "person") == first
    assert get_or_create(db, "Xi", "person") in (first, second)
    assert db.execute("SELECT count(*) FROM speakers").fetchone()[0] == 2


@pytest.mark.parametrize("first, second", [
    ("United States", "US"), ("U.S.", "United States"), ("the United Nations", "UN"), ("AP", "Associated Press"),
])
def test_an_organisation_spelled_out_and_abbreviated_is_one_speaker(db, first, second):
    a = get_or_create(db, first, "org")
    assert get_or_create(db, second, "org") == a
    # The spelled-out form becomes the name a reviewer sees.
    assert name_of(db, a) == max(first, second, key=lambda n: len(name_tokens(n)))
    assert db.execute("SELECT COUNT(*) FROM speakers").fetchone()[0] == 1


def test_us_and_u_s_and_united_states_are_one_speaker_in_any_order(db):
    ids = {get_or_create(db, n, "org") for n in ("US", "U.S.", "United States")}
    assert len(ids) == 1


def test_initials_never_join_a_person_or_an_unrelated_name(db):
    smith = get_or_create(db, "John Smith", "person")
    assert get_or_create(db, "JS", "org") != smith
    typed = get_or_create(db, "Joe Biden", None)  # a reviewer's typed name has no kind
    assert get_or_create(db, "JB", None) != typed
    un = get_or_create(db, "United Nations", "org")
    assert get_or_create(db, "UK", "org") != un
    # Spelled out once already, a speaker keeps other names with its initials out.
    ap = get_or_create(db, "Associated Press", "org")
    assert get_or_create(db, "AP", "org") == ap
    assert get_or_create(db, "Apple Pay", "org") != ap
