"""Exhibitions, exhibits, kiosks and comment moderation on the in-memory fakes (no servers)."""

from __future__ import annotations

import pytest

from services.exhibitions import domain
from services.exhibitions.commands import (
    AddExhibit,
    ChangeExhibitionStatus,
    CreateExhibition,
    ModerateComment,
    RegisterKiosk,
    RevokeKiosks,
)
from services.exhibitions.domain import Status
from services.exhibitions.handlers_comments import moderate_comment
from services.exhibitions.handlers_exhibitions import (
    add_exhibit,
    change_exhibition_status,
    create_exhibition,
)
from services.exhibitions.handlers_kiosks import register_kiosk, revoke_kiosks
from services.exhibitions.views import exhibit_view
from shared.errors import DomainError
from tests.unit.exhibitions_helpers import FIELD, World


@pytest.fixture
def world() -> World:
    return World()


async def test_a_new_exhibition_is_a_draft_and_opens_and_closes(world):
    exhibition = await create_exhibition(world.service, CreateExhibition("Expo", "Zwölf Räume"))
    assert exhibition["status"] == "draft" and exhibition["description"] == "Zwölf Räume"
    assert world.changed == [exhibition["_id"]]
    opened = await change_exhibition_status(
        world.service, ChangeExhibitionStatus(exhibition["_id"], Status.OPEN)
    )
    assert opened["status"] == "open" and opened["updated_at"] >= exhibition["updated_at"]
    again = await change_exhibition_status(
        world.service, ChangeExhibitionStatus(exhibition["_id"], Status.OPEN)
    )
    assert again["status"] == "open"
    await change_exhibition_status(
        world.service, ChangeExhibitionStatus(exhibition["_id"], Status.CLOSED)
    )
    assert world.types() == ["exhibition.created", "exhibition.opened", "exhibition.closed"]
    [created] = world.uow.events_of_type("exhibition.created")
    assert created.source == "/oecherlab/exhibitions" and created.subject == exhibition["_id"]
    assert created.data["exhibition"]["title"] == "Expo"
    assert world.uow.published[0][0] == "exhibitions.events"
    assert world.uow.published[0][1] == exhibition["_id"]


async def test_a_draft_cannot_close_and_unknown_exhibitions_are_not_found(world):
    draft = await world.exhibition(Status.DRAFT)
    with pytest.raises(DomainError) as err:
        await change_exhibition_status(
            world.service, ChangeExhibitionStatus(draft["_id"], Status.CLOSED)
        )
    assert err.value.code == "invalid-transition"
    with pytest.raises(DomainError) as err:
        await change_exhibition_status(world.service, ChangeExhibitionStatus("nope", Status.OPEN))
    assert err.value.code == "not-found"
    assert world.types() == ["exhibition.created"]


async def test_a_concurrent_status_change_is_a_conflict(world, monkeypatch):
    exhibition = await world.exhibition(Status.DRAFT)

    async def someone_was_quicker(*_args, **_kwargs):
        return None

    monkeypatch.setattr(world.stores.exhibitions, "set_status", someone_was_quicker)
    with pytest.raises(DomainError) as err:
        await change_exhibition_status(
            world.service, ChangeExhibitionStatus(exhibition["_id"], Status.OPEN)
        )
    assert err.value.code == "conflict"


async def test_an_exhibit_gets_a_code_and_the_url_of_its_qr_code(world):
    exhibition = await world.exhibition()
    exhibit = await add_exhibit(
        world.service, AddExhibit(exhibition["_id"], "Mobilstation", FIELD, "Am Bahnhof")
    )
    assert len(exhibit["code"]) == 6 and exhibit["exhibition_id"] == exhibition["_id"]
    view = exhibit_view(exhibit, "https://lab.example")
    assert view["url"] == f"https://lab.example/exhibit/{exhibit['code']}"
    assert await world.service.exhibit_by_code(exhibit["code"].lower()) == exhibit
    [event] = world.uow.events_of_type("exhibit.created")
    assert event.data["exhibit"]["code"] == exhibit["code"] and event.subject == exhibit["_id"]


async def test_a_taken_code_is_drawn_again(world, monkeypatch):
    first = await world.exhibit()
    codes = iter([first["code"], first["code"], "NEW234"])
    monkeypatch.setattr(domain, "new_code", lambda: next(codes))
    second = await add_exhibit(world.service, AddExhibit(first["exhibition_id"], "Zwei", FIELD, ""))
    assert second["code"] == "NEW234"
    assert len(world.uow.events_of_type("exhibit.created")) == 2
    monkeypatch.setattr(domain, "new_code", lambda: first["code"])
    with pytest.raises(RuntimeError):
        await add_exhibit(world.service, AddExhibit(first["exhibition_id"], "Drei", FIELD, ""))


async def test_an_exhibit_needs_a_known_exhibition_and_field(world):
    with pytest.raises(DomainError) as err:
        await add_exhibit(world.service, AddExhibit("nope", "X", FIELD, ""))
    assert err.value.code == "not-found"
    exhibition = await world.exhibition()
    with pytest.raises(DomainError) as err:
        await add_exhibit(world.service, AddExhibit(exhibition["_id"], "X", "Raumfahrt", ""))
    assert err.value.code == "unknown-field"
    assert world.stores.exhibits.docs == {}
    with pytest.raises(DomainError):
        await world.service.exhibit_by_code("ZZZZZZ")


async def test_kiosks_are_registered_per_exhibit_and_revoked_together(world):
    exhibit = await world.exhibit()
    kiosks = [await register_kiosk(world.service, RegisterKiosk(exhibit["_id"])) for _ in range(2)]
    assert all(k["exhibit_id"] == exhibit["_id"] and k["revoked_at"] is None for k in kiosks)
    assert len({k["_id"] for k in kiosks}) == 2
    other = await world.exhibit()
    kept = await register_kiosk(world.service, RegisterKiosk(other["_id"]))
    assert await revoke_kiosks(world.service, RevokeKiosks(exhibit["_id"])) == 2
    assert await revoke_kiosks(world.service, RevokeKiosks(exhibit["_id"])) == 0
    [event] = world.uow.events_of_type("kiosk.revoked")
    assert event.data == {
        "exhibition_id": exhibit["exhibition_id"],
        "exhibit_id": exhibit["_id"],
        "revoked": 2,
    }
    assert (await world.stores.kiosks.get(kept["_id"]))["revoked_at"] is None
    with pytest.raises(DomainError) as err:
        await register_kiosk(world.service, RegisterKiosk("nope"))
    assert err.value.code == "not-found"


async def test_a_comment_is_moderated_once_and_changes_are_shown(world):
    exhibit = await world.exhibit()
    await world.rate(exhibit, 5, comment="Sehr anschaulich!")
    [comment] = world.stores.comments.docs.values()
    world.changed.clear()
    published = await moderate_comment(world.service, ModerateComment(comment["_id"], "published"))
    assert published["status"] == "published"
    assert world.changed == [exhibit["exhibition_id"]]
    same = await moderate_comment(world.service, ModerateComment(comment["_id"], "published"))
    assert same["status"] == "published"
    [event] = world.uow.events_of_type("comment.moderated")
    assert event.data["comment"]["status"] == "published" and "by" not in event.data["comment"]
    await moderate_comment(world.service, ModerateComment(comment["_id"], "rejected"))
    assert (await world.stores.comments.get(comment["_id"]))["status"] == "rejected"
    with pytest.raises(DomainError) as err:
        await moderate_comment(world.service, ModerateComment("nope", "published"))
    assert err.value.code == "not-found"


async def test_a_moderation_someone_else_did_first_is_a_conflict(world, monkeypatch):
    exhibit = await world.exhibit()
    await world.rate(exhibit, 5, comment="Gut")
    [comment] = world.stores.comments.docs.values()

    async def too_late(*_args, **_kwargs):
        return False

    monkeypatch.setattr(world.stores.comments, "set_status", too_late)
    with pytest.raises(DomainError) as err:
        await moderate_comment(world.service, ModerateComment(comment["_id"], "rejected"))
    assert err.value.code == "conflict"
    assert world.uow.events_of_type("comment.moderated") == []
