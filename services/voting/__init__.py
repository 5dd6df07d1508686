"""Live workshop voting: sessions with a join code, polls of six types, exact live tallies."""
