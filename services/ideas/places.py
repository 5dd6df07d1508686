"""Where an idea is, as the public sees it."""

from __future__ import annotations

# 3 decimals: about 110 m north-south and 70 m east-west in Aachen, a street corner, not a house.
PUBLIC_LOCATION_DECIMALS = 3


def rounded_location(location: dict[str, float] | None) -> dict[str, float] | None:
    """A location as the public sees it: rounded to about 100 m, so no front door is pointed at."""
    if not location:
        return None
    return {k: round(location[k], PUBLIC_LOCATION_DECIMALS) for k in ("lat", "lon")}
