"""The in-memory read model answers lists like the database would."""

from datetime import UTC, datetime, timedelta

from services.ideas import domain
from services.ideas.readmodel import IdeaReadModel, ListQuery

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def make(i: int, field: str = "A", status: str = "published", supports: int = 0, title="Idee"):
    idea = domain.new_idea(
        title=f"{title} {i}",
        body="",
        field=field,
        location=None,
        author=f"p:{i}",
        now=T0 + timedelta(minutes=i),
    )
    idea.update(
        status=status, supports=supports, published_at=None if status == "submitted" else T0
    )
    return idea


def test_newest_first_and_paging():
    model = IdeaReadModel()
    model.load(make(i) for i in range(25))
    page1, total = model.query(ListQuery(page_size=10))
    page3, _ = model.query(ListQuery(page=3, page_size=10))
    assert total == 25
    assert [i["title"] for i in page1[:2]] == ["Idee 24", "Idee 23"]
    assert len(page3) == 5 and page3[-1]["title"] == "Idee 0"


def test_top_sorts_by_supports_then_newest():
    model = IdeaReadModel()
    model.load([make(1, supports=5), make(2, supports=9), make(3, supports=5)])
    items, _ = model.query(ListQuery(sort="top"))
    assert [i["title"] for i in items] == ["Idee 2", "Idee 3", "Idee 1"]


def test_unpublished_ideas_stay_out_of_public_lists_but_filters_find_them_for_staff():
    model = IdeaReadModel()
    model.load([make(1), make(2, status="submitted"), make(3, field="B")])
    _, public_total = model.query(ListQuery())
    staff, staff_total = model.query(
        ListQuery(public_only=False, statuses=frozenset({"submitted"}))
    )
    by_field, _ = model.query(ListQuery(field="B"))
    assert public_total == 2 and staff_total == 1 and staff[0]["title"] == "Idee 2"
    assert [i["title"] for i in by_field] == ["Idee 3"]


def test_an_older_version_never_overwrites_a_newer_one_and_search_follows_changes():
    model = IdeaReadModel()
    v1 = make(1, title="Baum")
    v2 = {**v1, "version": 2, "title": "Brunnen", "terms": ["brunn"]}
    assert model.apply(v2)
    assert not model.apply(v1)
    assert model.query(ListQuery(terms=("baum",)))[1] == 0
    assert model.query(ListQuery(terms=("brunn",)))[1] == 1


def test_cached_lists_are_invalidated_by_a_change():
    model = IdeaReadModel()
    model.load([make(1, supports=1), make(2, supports=2)])
    assert model.query(ListQuery(sort="top"))[0][0]["title"] == "Idee 2"
    first = model.get(make(1)["_id"]) or next(
        i for i in model.ideas.values() if i["title"] == "Idee 1"
    )
    model.apply({**first, "supports": 10, "version": first["version"] + 1})
    assert model.query(ListQuery(sort="top"))[0][0]["title"] == "Idee 1"


def test_a_new_support_keeps_lists_by_date_current_and_reorders_top():
    model = IdeaReadModel()
    model.load([make(1, supports=1), make(2, supports=2)])
    newest, _ = model.query(ListQuery(sort="new"))
    first = next(i for i in model.ideas.values() if i["title"] == "Idee 1")
    model.apply({**first, "supports": 7, "version": first["version"] + 1})
    by_date, _ = model.query(ListQuery(sort="new"))
    top, _ = model.query(ListQuery(sort="top"))
    assert [i["title"] for i in by_date] == [i["title"] for i in newest] == ["Idee 2", "Idee 1"]
    assert by_date[1]["supports"] == 7  # the count is fresh although the order was cached
    assert top[0]["title"] == "Idee 1"
    # A status change can change membership: every cached list is rebuilt.
    model.apply(
        {
            **model.ideas[first["_id"]],
            "status": "submitted",
            "published_at": None,
            "version": first["version"] + 2,
        }
    )
    assert [i["title"] for i in model.query(ListQuery(sort="new"))[0]] == ["Idee 2"]


def test_a_tombstone_removes_the_idea_for_good_whatever_comes_after():
    model = IdeaReadModel()
    idea, other = make(1, title="Baum"), make(2)
    model.load([idea, other])
    assert model.query(ListQuery(sort="top"))[1] == 2  # a cached list the tombstone must clear
    tombstone = {"_id": idea["_id"], "status": "withdrawn", "withdrawn_at": T0, "version": 2}
    assert model.apply(tombstone)
    assert model.get(idea["_id"]) is None and len(model) == 1
    assert [i["_id"] for i in model.query(ListQuery(sort="top"))[0]] == [other["_id"]]
    assert model.query(ListQuery(terms=("baum",)))[1] == 0
    # Neither an older event nor one that claims a newer version brings it back.
    for late in (idea, {**idea, "version": 9}, tombstone):
        assert not model.apply(late)
    assert model.get(idea["_id"]) is None
    # Events replayed in any order: the tombstone first, the submission after.
    replayed = IdeaReadModel()
    replayed.load([tombstone, idea])
    assert len(replayed) == 0 and replayed.withdrawn == {idea["_id"]}
