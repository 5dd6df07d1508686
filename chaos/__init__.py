"""make chaos: random SIGKILLs while phones vote; the tallies must stay exact."""
