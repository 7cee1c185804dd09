"""The views, one blueprint per audience: `public` and `search` (job seekers), `auth`
(signing in), `manage` and `organisation` (cluster managers), `moderate`, `admin` and
`statistics` (programme office), `links` (one-click links from e-mails).

Views are thin: they check access, read through named queries, change through named
workflow functions, commit once and answer. They may import every part of the board.
"""
