"""Settings, declared once and fed to both the Flask config and the click options."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One setting: its config name, default, help text and environment variable."""

    name: str
    default: object
    help: str
    env: str

    def value(self):
        """Return the setting's value: the environment variable if set, else the default."""
        raw = os.environ.get(self.env)
        if raw is None or raw == "":
            return self.default
        return type(self.default)(raw) if not isinstance(self.default, Path) else Path(raw)

    @property
    def flag(self) -> str:
        return "--" + self.name.lower().replace("_", "-")


SETTINGS = {
    s.name: s
    for s in (
        Setting("INDEX_DIR", ROOT / "index", "Folder of the on-disk index.", "SEARCH_INDEX_DIR"),
        # The PostgreSQL engine (docs/deployment.md): set, it replaces the index folder for every command.
        Setting("DATABASE_URL", "", "PostgreSQL database holding the index (postgresql://user@host/db); empty: the "
                "Whoosh folder INDEX_DIR. Reindex writes here; the web server reads here unless DATABASE_READ_URL "
                "is set.", "SEARCH_DATABASE_URL"),
        Setting("DATABASE_READ_URL", "", "A streaming replica of DATABASE_URL that searches read from (writes "
                "always go to DATABASE_URL).", "SEARCH_DATABASE_READ_URL"),
        Setting("SEEDS_DIR", ROOT / "seeds", "Corpus indexed when reindex is given no path.", "SEARCH_SEEDS_DIR"),
        Setting("PAGE_SIZE", 10, "Results per page.", "SEARCH_PAGE_SIZE"),
        Setting("MAX_QUERY_LENGTH", 500, "Longest query accepted, in characters.", "SEARCH_MAX_QUERY_LENGTH"),
        Setting("BASE_URL", "", "Public address of the server (https://quotes.example.org), used in every absolute "
                "link: permalinks, citations, feeds. Empty: the address each request came in on.", "SEARCH_BASE_URL"),
        Setting("PROXIES", 0, "Reverse proxies in front of the server whose X-Forwarded-For, -Proto, -Host, -Port "
                "and -Prefix headers are trusted for that address (0: none; never more than there are).",
                "SEARCH_PROXIES"),
        # What one request may cost (docs/reliability.md, "Bounded requests").
        Setting("TIME_BUDGET", 0.5, "Seconds a search may spend finding and counting matches; past it the answer "
                "is marked partial.", "SEARCH_TIME_BUDGET"),
        Setting("MAX_EXPANSIONS", 50, "Words a prefix, wildcard or fuzzy word expands to (the most frequent).",
                "SEARCH_MAX_EXPANSIONS"),
        Setting("MAX_CLAUSES", 200, "Words a query may hold, counting those its wildcards expand to.",
                "SEARCH_MAX_CLAUSES"),
        Setting("MAX_RESULT_WINDOW", 1000, "Deepest result a page may reach (page × page size).",
                "SEARCH_MAX_RESULT_WINDOW"),
        Setting("LONG_WORKERS", 1, "Processes beside the server that answer requests known to be long (wildcards, "
                "most of the index, deep pages, big listings), so that ordinary searches keep a core; 0: the "
                "server's own process answers them.", "SEARCH_LONG_WORKERS"),
        Setting("LISTING_PAGE_SIZE", 50, "Quotes per page of a speaker, paragraphs per page of a document.",
                "SEARCH_LISTING_PAGE_SIZE"),
        # What the server accepts and how it spends its threads (docs/operations.md, "Serving").
        Setting("MAX_URL_LENGTH", 16384, "Longest request URL accepted, in characters (longer: 414).",
                "SEARCH_MAX_URL_LENGTH"),
        Setting("MAX_CONTENT_LENGTH", 65536, "Largest request body accepted, in bytes (larger: 413).",
                "SEARCH_MAX_CONTENT_LENGTH"),
        Setting("THREADS", 16, "Threads answering requests.", "SEARCH_THREADS"),
        Setting("CONNECTION_LIMIT", 200, "Open connections the server accepts at once.", "SEARCH_CONNECTION_LIMIT"),
        Setting("CHANNEL_TIMEOUT", 30, "Seconds an idle or stalled connection is kept open.", "SEARCH_CHANNEL_TIMEOUT"),
        # What reading one input file may cost (docs/reliability.md, "Bounded readers").
        Setting("READ_SECONDS", 60.0, "Seconds a PDF or web archive may be read without giving a document; past "
                "it the file is reported and skipped.", "SEARCH_READ_SECONDS"),
        Setting("READ_MEMORY_MB", 384, "Megabytes a PDF or web archive may take to read, beyond the indexer's own; "
                "past it the file is reported and skipped.", "SEARCH_READ_MEMORY_MB"),
    )
}


def defaults() -> dict:
    """Return every setting's current value, keyed by config name."""
    return {name: setting.value() for name, setting in SETTINGS.items()}


def option(name: str):
    """Return a click option for a setting, defaulting to its environment variable or default."""
    setting = SETTINGS[name]
    kind = click.Path(path_type=Path) if isinstance(setting.default, Path) else type(setting.default)
    return click.option(setting.flag, name.lower(), type=kind, default=setting.value, show_default=str(setting.default),
                        help=f"{setting.help} [env: {setting.env}]")
