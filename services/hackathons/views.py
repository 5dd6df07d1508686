"""What clients see of hackathons, challenges and teams (README "API"). Participant ids never
leave the service: a team shows its size and its members' display names (to members only)."""

from __future__ import annotations

from typing import Any

from services.hackathons.domain import Doc, is_submitted, iso

View = dict[str, Any]


def hackathon_view(h: Doc) -> View:
    """A hackathon as everyone sees it (its jurors for staff: `with_jurors`)."""
    fields = ("title", "target_groups", "description", "place", "phase", "rubric")
    audience = h.get("audience")
    return {
        "id": h["_id"],
        **{k: h[k] for k in fields},
        "max_team_size": h["max_team_size"],
        "submission_deadline": iso(h["submission_deadline"]),
        "audience": {"join_code": audience["join_code"], "status": audience_status(audience)}
        if audience
        else None,
        "created_at": iso(h["created_at"]),
        "updated_at": iso(h["updated_at"]),
    }


def audience_status(audience: Doc) -> str:
    """Whether the audience vote still takes votes ("open") or was closed at the reveal."""
    return "closed" if audience.get("result") else "open"


def staff_hackathon_view(h: Doc) -> View:
    """A hackathon as staff see it: with its jurors and the audience vote's ids."""
    audience = h.get("audience")
    extra = {k: audience[k] for k in ("session_id", "poll_id", "join_code")} if audience else None
    if extra:
        extra["status"] = audience_status(audience)
    return {**hackathon_view(h), "jurors": list(h["jurors"]), "audience": extra}


def challenge_view(c: Doc) -> View:
    """A challenge with its optional open data set."""
    fields = ("hackathon_id", "title", "description", "dataset_url")
    return {"id": c["_id"], **{k: c[k] for k in fields}}


def project_view(team: Doc) -> View | None:
    """A team's project page, or None before it wrote one."""
    project = team.get("project")
    if not project:
        return None
    return {**project, "updated_at": iso(project.get("updated_at"))}


def team_view(team: Doc) -> View:
    """A team as everyone sees it."""
    return {
        "id": team["_id"],
        "hackathon_id": team["hackathon_id"],
        "challenge_id": team["challenge_id"],
        "name": team["name"],
        # Devices that joined (what max_team_size limits); the names are what the team typed.
        "size": len(team["members"]),
        "submitted": is_submitted(team),
        "project": project_view(team),
        "created_at": iso(team["created_at"]),
    }


def screen_team_view(team: Doc) -> View:
    """A team as the lab's screen shows it: no project text beyond the title."""
    view = team_view(team)
    project = view["project"]
    view["project"] = {"title": project["title"]} if project else None
    return view


def member_view(team: Doc, invite_url: str) -> View:
    """A team as its members see it: with the invite code, its link and the display names."""
    return {
        **team_view(team),
        "member": True,
        "members": list(team["names"]),
        "invite_code": team["invite_code"],
        "invite_url": invite_url,
    }
