"""German stemming: what a citizen types finds what another citizen wrote."""

from services.ideas.search import query_terms, terms_of


def test_plural_and_umlaut_forms_meet_at_one_stem():
    assert set(query_terms("Baum")) <= set(terms_of("Mehr Bäume für den Templergraben"))
    assert set(query_terms("Radwege")) == set(query_terms("Radweg"))
    assert set(query_terms("Fahrräder")) == set(query_terms("fahrrad"))


def test_sharp_s_and_case_do_not_matter():
    assert terms_of("STRASSENBAHN") == terms_of("Straßenbahn")


def test_stop_words_and_punctuation_are_ignored():
    assert terms_of("und die der, für!") == []
    assert terms_of("Solar-Anlagen auf dem Dach") == sorted(set(terms_of("Solar Anlagen Dach")))
