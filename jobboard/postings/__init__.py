"""Postings: vacancies and training offers from draft to expiry.

Owns the posting forms and their field rules (`forms`), the read side (`queries`, with the
one visibility rule), the only code that changes a posting's status (`workflow`), edits of
published postings (`revisions`), expiry and reminders (`lifecycle`), JSON Lines import and
export (`importexport`), and what postings look like to machines (`feeds`,
`structured_data`).

Imports the shared ground only (models, taxonomy, extensions, mail, templating, …), never
`accounts`, `office` or `search`; `tests/test_layout.py` checks this.
"""
