"""The programme office: moderation, reports, administration and figures.

Owns the decisions on postings with their mails and the conversation (`moderation`),
visitors' reports (`reports`), what administrators change about organisations, people and
reason codes (`administration`), the figures for the ministry (`statistics`), and their
forms (`forms`).

Imports the shared ground, `postings` (every decision is a named change of
`postings.workflow`) and `accounts`; never `search`. `tests/test_layout.py` checks this.
"""
