"""The fields of action (FIELDS_OF_ACTION) that ideas and exhibits belong to."""

from __future__ import annotations

from shared.errors import DomainError


def check_field(field: str, fields_of_action: list[str]) -> None:
    """Refuse a field of action that is not configured (rule code unknown-field)."""
    if field not in fields_of_action:
        raise DomainError(
            f"Unknown field of action {field!r}; choose one of: {', '.join(fields_of_action)}.",
            "Bitte eines der angebotenen Handlungsfelder wählen.",
            "unknown-field",
            errors=[{"field": "field", "message": "unknown field of action"}],
            fields_of_action=fields_of_action,
        )
