"""Every use of Whoosh's private internals, each with why we need it: writing, analysis, postings and reading."""

# The version every item in this package was read against; Whoosh is pinned to it in pyproject.toml.
CHECKED_AGAINST = "2.7.4"
