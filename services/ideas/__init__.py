"""Citizens' ideas for the city: submission, pre-moderation, status and answers, supports."""
