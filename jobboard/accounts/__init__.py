"""Accounts: the people who sign in and the organisations they belong to.

Owns user accounts (`users`: sign-in, password changes, single-use e-mail tokens,
invitations), the password policy and hashing (`passwords`), server-side sessions
(`sessions`), the programme office's second factor (`second_factor`), cluster organisations
and their colleagues (`organisations`), and their forms (`forms`).

Imports the shared ground only, never `postings`, `office` or `search`;
`tests/test_layout.py` checks this.
"""
