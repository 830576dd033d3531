"""The one title list (core.names) and what a mention's name is without it."""

import pytest

from quotedesk.core.names import ABBREVIATED_TITLES, TITLE_WORDS, TITLES, clean_name, name_tokens, same_name


@pytest.mark.parametrize("mention, name", [
    ("Sens. Jeff Merkley", "Jeff Merkley"),          # a plural title, written with a stop
    ("Maj. Dana Holt", "Dana Holt"),
    ("Supt. Ruth Amsel", "Ruth Amsel"),
    ("Rabbi Jacob Levin", "Jacob Levin"),
    ("Belarusian President Alexander Lukashenko", "Alexander Lukashenko"),
])
def test_a_mention_loses_the_titles_before_the_name(mention, name):
    assert clean_name(mention) == name


def test_every_title_written_with_a_stop_is_a_title_of_names_too():
    # The tokenizer keeps "Capt." whole and the sentence goes on after it; the
    # name after it ("Capt. Christian Pardo") must not keep it either.
    assert ABBREVIATED_TITLES <= TITLES <= TITLE_WORDS
    assert name_tokens("Capt. Christian Pardo") == ["christian", "pardo"]


def test_a_title_that_is_a_name_too_stays_a_token_of_the_name():
    # "The Louisville Cardinal" (a newspaper) is not "University of Louisville".
    assert name_tokens("The Louisville Cardinal") == ["louisville", "cardinal"]
    assert not same_name("The Louisville Cardinal", "University of Louisville")
    assert name_tokens("Julie Bishop") == ["julie", "bishop"]


@pytest.mark.parametrize("written, canonical", [
    ("China’s Foreign Ministry", "Chinese Foreign Ministry"),
    ("Iran's government", "Iranian government"),
    ("North Korea's state media", "North Korean state media"),
    ("China's Xi Jinping", "China's Xi Jinping"),        # a person, not a body
    ("Japan's prime minister", "Japan's prime minister"),
    ("Trump's campaign", "Trump's campaign"),           # not a country
])
def test_a_countrys_body_is_named_by_the_countrys_adjective(written, canonical):
    from quotedesk.core.names import as_demonym

    assert as_demonym(written) == canonical
