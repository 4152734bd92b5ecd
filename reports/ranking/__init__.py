"""The year-end ranking's public notice (公示): ``notice`` writes out scoring's results, ``views`` serves them."""
