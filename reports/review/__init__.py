"""The quarterly review pack (季点评): ``pack`` gathers and lays out the quarter, ``views`` serves it."""
