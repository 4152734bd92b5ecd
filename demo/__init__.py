"""The demo (``manage.py load_demo``, run by ``make run``): the shipped 2023 plan, one account per role and a
plausible 2023 of filings made through the real services. Nothing here runs in production; no app imports it."""
