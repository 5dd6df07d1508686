"""Tally arithmetic: contributions per type, Borda, version-keyed deltas, recounts."""

import random

from services.voting.counting import VoteChange, borda, contribution, delta, fold, recount
from services.voting.views import results


def test_contributions_of_every_poll_type():
    assert contribution("single", "o2") == {"c:o2": 1}
    assert contribution("multiple", ["o1", "o3"]) == {"c:o1": 1, "c:o3": 1}
    assert contribution("scale", 4) == {"v:4": 1, "sum": 4}
    assert contribution("wordcloud", "bäume") == {"w:bäume": 1}
    assert contribution("points", {"o1": 7, "o2": 3}) == {
        "c:o1": 1,
        "p:o1": 7,
        "c:o2": 1,
        "p:o2": 3,
    }
    assert contribution("ranking", ["o3", "o1", "o2"]) == {
        "p:o3": 2,
        "p:o1": 1,
        "p:o2": 0,
        "c:o3": 1,
    }
    assert contribution("single", None) == {}


def test_borda_gives_n_minus_1_down_to_0():
    assert borda(["b", "c", "a", "d"]) == {"b": 3, "c": 2, "a": 1, "d": 0}


def test_a_delta_is_new_minus_old_without_zeros():
    assert delta({"c:o1": 1}, {"c:o2": 1}) == {"c:o1": -1, "c:o2": 1}
    assert delta({"c:o1": 1}, {"c:o1": 1}) == {}
    assert delta({}, {"v:3": 1, "sum": 3}) == {"v:3": 1, "sum": 3}


def change(eid, vote, version, kind, choice, tally="p:0"):
    return VoteChange(eid, vote, tally, version, contribution(kind, choice))


def apply_all(changes, applied=None):
    applied = {} if applied is None else applied
    counts, voters = {}, 0
    for d in fold(applied, changes).values():
        for k, v in d.counts.items():
            counts[k] = counts.get(k, 0) + v
        voters += d.voters
    return {k: v for k, v in counts.items() if v}, voters


def test_a_changed_vote_moves_its_count():
    counts, voters = apply_all(
        [change("e1", "v1", 1, "single", "o1"), change("e2", "v1", 2, "single", "o2")]
    )
    assert (counts, voters) == ({"c:o2": 1}, 1)


def test_deltas_applied_twice_change_nothing():
    applied = {}
    changes = [
        change("e1", "v1", 1, "single", "o1"),
        change("e2", "v2", 1, "single", "o1"),
        change("e3", "v1", 2, "single", "o2"),
    ]
    first = apply_all(changes, applied)
    assert first == ({"c:o1": 1, "c:o2": 1}, 2)
    assert apply_all(changes, applied) == ({}, 0)  # the replay adds nothing
    assert apply_all([changes[0]], applied) == ({}, 0)  # nor does an old version arriving late


def test_order_of_arrival_does_not_matter():
    rng = random.Random(7)
    kinds = {
        "single": lambda: rng.choice(["o1", "o2", "o3"]),
        "scale": lambda: rng.randint(1, 5),
        "points": lambda: {"o1": rng.randint(0, 5), "o2": rng.randint(1, 5)},
        "ranking": lambda: rng.sample(["o1", "o2", "o3"], 3),
        "multiple": lambda: sorted(rng.sample(["o1", "o2", "o3"], rng.randint(1, 3))),
        "wordcloud": lambda: rng.choice(["bäume", "radweg", "öpnv"]),
    }
    for kind, draw in kinds.items():
        latest = {}
        changes = []
        for i in range(300):
            vote = f"v{rng.randint(0, 40)}"
            version = latest.get(vote, (0, None))[0] + 1
            choice = draw()
            latest[vote] = (version, choice)
            changes.append(change(f"e{i}", vote, version, kind, choice))
        shuffled = changes + rng.sample(changes, 100)  # duplicates too
        rng.shuffle(shuffled)
        expected = recount(kind, [c for _, c in latest.values()])
        assert apply_all(shuffled) == expected, kind


def test_recount_of_every_type():
    assert recount("single", ["o1", "o1", "o2"]) == ({"c:o1": 2, "c:o2": 1}, 3)
    assert recount("scale", [1, 5, 5]) == ({"v:1": 1, "v:5": 2, "sum": 11}, 3)
    counts, voters = recount(
        "ranking", [["o1", "o2", "o3"], ["o2", "o1", "o3"], ["o1", "o3", "o2"]]
    )
    assert voters == 3 and counts["p:o1"] == 5 and counts["p:o2"] == 3 and counts["p:o3"] == 1
    assert counts["c:o1"] == 2 and counts["c:o2"] == 1


def _poll(kind, options=(), **settings):
    return {
        "_id": "p1",
        "session_id": "s1",
        "question": "?",
        "type": kind,
        "options": [{"id": f"o{i + 1}", "label": label} for i, label in enumerate(options)],
        "settings": {"results": "hidden", **settings},
        "status": "open",
        "revealed": False,
        "round": 0,
        "closes_at": None,
        "approved_words": ["bäume"],
    }


def test_results_hide_counts_until_visible_but_show_voters():
    p = _poll("single", ["Ja", "Nein"])
    tally = {"counts": {"c:o1": 3, "c:o2": 1}, "voters": 4}
    public = results(p, tally, None, moderator=False)
    assert public["voters"] == 4 and "count" not in public["options"][0]
    full = results(p, tally, None, moderator=True)
    assert [o["count"] for o in full["options"]] == [3, 1]
    p["revealed"] = True
    assert results(p, tally, None, moderator=False)["options"][0]["count"] == 3


def test_results_of_scale_ranking_points_and_words():
    tally = {"counts": {"v:1": 1, "v:5": 2, "sum": 11}, "voters": 3}
    r = results(
        _poll("scale", min=1, max=5, min_label="", max_label=""), tally, None, moderator=True
    )
    assert r["mean"] == 3.67 and r["distribution"]["5"] == 2 and len(r["options"]) == 5
    tally = {"counts": {"p:o1": 5, "p:o2": 3, "p:o3": 1, "c:o1": 2, "c:o2": 1}, "voters": 3}
    r = results(_poll("ranking", ["A", "B", "C"]), tally, None, moderator=True)
    assert r["ranking"] == ["o1", "o2", "o3"] and r["options"][0]["borda"] == 5
    tally = {"counts": {"c:o1": 2, "p:o1": 9}, "voters": 2}
    r = results(_poll("points", ["A", "B"], budget=5), tally, None, moderator=True)
    assert r["options"][0] == {"id": "o1", "label": "A", "count": 2, "points": 9}
    tally = {"counts": {"w:bäume": 3, "w:blöd": 5}, "voters": 8}
    p = _poll("wordcloud")
    r = results(p, tally, None, moderator=True)
    assert r["words"][0] == {"word": "blöd", "count": 5, "approved": False} and r["pending"] == 1
    p["revealed"] = True
    assert results(p, tally, None, moderator=False)["words"] == [{"word": "bäume", "count": 3}]
